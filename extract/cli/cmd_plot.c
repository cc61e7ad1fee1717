/* cmd_plot: the plot command — options, then plot_render. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "pipeline/rules.h"
#include "plot/plot.h"

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

#ifndef ZHIBIAO_PLOTS_DIR
#define ZHIBIAO_PLOTS_DIR "plots"
#endif

static const char plot_help[] =
	"usage: zhibiao plot SERIES_DIR -o CHART_DIR [OPTIONS]\n"
	"\n"
	"Draws charts for slides from SERIES_DIR/series.csv (zhibiao series):\n"
	"rates as lines with point labels, levels as bars in their display unit,\n"
	"ranks with 1 at the top, one chart per period kind (years, year to\n"
	"date, single quarters or months) on a time axis, each span over the\n"
	"years (历年一季度), and actual against target on the periods with both.\n"
	"Each chart is PNG 1920x1080, SVG and PDF (SLUG-KIND.png|svg|pdf) with a Chinese title,\n"
	"units on the axis and the sources in a footnote; index.csv lists them.\n"
	"Needs gnuplot (gnuplot-nox) and a CJK font (fonts-noto-cjk).\n"
	"\n"
	"  -o DIR            where the charts go (created when missing)\n"
	"  --only IND,...    only these indicators\n"
	"  --region NAME     only this region\n"
	"  --min-points N    no chart for a series with fewer points (default 2)\n"
	"  --manifest FILE   doc,path,date,region: footnotes name the sources\n"
	"                    by date and title (the first line of each)\n"
	"  --rules PATH      rules giving scope labels and display units\n"
	"                    (default: $ZHIBIAO_RULES, else the built-in rules)\n"
	"  --scripts DIR     the gnuplot scripts (default: $ZHIBIAO_PLOTS or\n"
	"                    " ZHIBIAO_PLOTS_DIR ")\n"
	"\n"
	"exit status: 0 ok, 1 some chart failed (the others are made), 2 usage\n"
	"or system error\n";

static void print_rule_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

static void report(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "zhibiao: %s: error: %s\n", file, msg);
}

int cmd_plot(int argc, char **argv)
{
	struct plot_opts o = {0};
	const char *in = NULL, *out = NULL, *env = getenv("ZHIBIAO_PLOTS");
	const char *rules_path = NULL;

	o.scripts = env && *env ? env : ZHIBIAO_PLOTS_DIR;
	o.min_points = 2;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
#define ARG(name) (strcmp(a, name) == 0 && i + 1 < argc ? argv[++i] : NULL)
		const char *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(plot_help, stdout);
			return 0;
		} else if ((v = ARG("-o")) || (v = ARG("--output"))) {
			out = v;
		} else if ((v = ARG("--only"))) {
			o.only = v;
		} else if ((v = ARG("--region"))) {
			o.region = v;
		} else if ((v = ARG("--manifest"))) {
			o.manifest = v;
		} else if ((v = ARG("--rules"))) {
			rules_path = v;
		} else if ((v = ARG("--scripts"))) {
			o.scripts = v;
		} else if ((v = ARG("--min-points"))) {
			char *end;
			long n = strtol(v, &end, 10);
			if (*end || n < 1 || n > 100000) {
				fprintf(stderr, "zhibiao: plot: --min-points takes a number of points\n");
				return 2;
			}
			o.min_points = (int)n;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "zhibiao: plot: unknown option '%s' (or missing value); see zhibiao plot --help\n", a);
			return 2;
		} else if (!in) {
			in = a;
		} else {
			fprintf(stderr, "zhibiao: plot: one series folder only\n");
			return 2;
		}
#undef ARG
	}
	if (!in || !out) {
		fputs(plot_help, stderr);
		return 2;
	}
	if (!rules_path) {
		const char *renv = getenv("ZHIBIAO_RULES");
		rules_path = renv && *renv ? renv : ZHIBIAO_RULES_DIR;
	}
	struct rule_set *rs = rules_load(rules_path, print_rule_error, NULL);
	if (!rs) {
		fprintf(stderr, "zhibiao: plot: rules in %s have errors; nothing drawn\n",
			rules_path);
		return 2;
	}
	o.rules = rs;
	struct plot_summary s;
	struct diag d;
	int rc = plot_render(in, out, &o, &s, report, NULL, &d);
	rules_free(rs);
	if (rc < 0) {
		diag_print(stderr, in, &d, "error");
		return 2;
	}
	return rc;
}
