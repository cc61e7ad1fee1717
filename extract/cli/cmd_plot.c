/* cmd_plot: the plot command — options, then plot_render. */
#include "cli/cli.h"

#include <stdio.h>

#include "pipeline/rules.h"
#include "plot/plot.h"

static const char plot_help[] =
	"usage: zhibiao plot SERIES_DIR -o CHART_DIR [OPTIONS]\n"
	"\n"
	"Draws charts for slides from SERIES_DIR/series.csv (zhibiao series):\n"
	"rates as lines with point labels, levels as bars in their display unit,\n"
	"ranks with 1 at the top, one chart per period kind (years, year to\n"
	"date, single quarters or months) on a time axis, each span over the\n"
	"years (历年一季度), and actual against target on the periods with both.\n"
	"Each chart is PNG 1920x1080, SVG and PDF (SLUG-KIND.png|svg|pdf) with a\n"
	"Chinese title, units on the axis and the sources in a footnote;\n"
	"index.csv lists them, and a later run into DIR removes what it lists.\n"
	"Needs gnuplot (gnuplot-nox) and a CJK font (fonts-noto-cjk).\n"
	"\n"
	"  -o DIR            where the charts go (created when missing)\n"
	"  --only IND,...    only these indicators\n"
	"  --region NAME     only this region\n"
	"  --min-points N    no chart for a series with fewer points (default 2)\n"
	"  --manifest FILE   doc,path,date,region: footnotes name the sources\n"
	"                    by date and title (the first line of each)\n"
	"  --rules PATH      rules giving scope labels and display units\n"
	"                    (default: $ZHIBIAO_RULES, else the installed\n"
	"                    rules); again: a layer over the ones before\n"
	"  --scripts DIR     the gnuplot scripts (default: $ZHIBIAO_PLOTS or\n"
	"                    the installed ones)\n"
	"\n"
	"exit status: 0 ok, 1 some chart failed (the others are made), 2 usage\n"
	"or system error\n";

enum { OPT_ONLY = CLI_LONG, OPT_REGION, OPT_MIN_POINTS, OPT_RULES, OPT_SCRIPTS,
       OPT_MANIFEST };

static const struct option plot_options[] = {
	{"output", required_argument, NULL, 'o'},
	{"only", required_argument, NULL, OPT_ONLY},
	{"region", required_argument, NULL, OPT_REGION},
	{"min-points", required_argument, NULL, OPT_MIN_POINTS},
	{"rules", required_argument, NULL, OPT_RULES},
	{"scripts", required_argument, NULL, OPT_SCRIPTS},
	{"manifest", required_argument, NULL, OPT_MANIFEST},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static void report(void *ctx, const char *file, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "zhibiao: %s: error: %s\n", file, msg);
}

int cmd_plot(int argc, char **argv)
{
	struct cli_getopt g = {argc, argv, "ho:", plot_options, plot_help, 0, 0};
	struct plot_opts o = {.min_points = 2};
	struct cli_rules rules = {0};
	const char *v, *out = NULL;
	int c, rc = EXIT_USAGE;

	while ((c = cli_next(&g, &v)) > 0) {
		switch (c) {
		case 'o': out = v; break;
		case OPT_ONLY: o.only = v; break;
		case OPT_REGION: o.region = v; break;
		case OPT_RULES: cli_rules_add(&rules, v); break;
		case OPT_SCRIPTS: o.scripts = v; break;
		case OPT_MANIFEST: o.manifest = v; break;
		case OPT_MIN_POINTS:
			if (!cli_int(argv[0], "--min-points", v, 1, 100000,
				     "a number of points", &o.min_points))
				goto out;
			break;
		}
	}
	if (c < 0) {
		rc = g.status;
		goto out;
	}
	if (argc - g.optind > 1) {
		fprintf(stderr, "zhibiao: plot: one series folder only\n");
		goto out;
	}
	if (g.optind == argc || !out) {
		fputs(plot_help, stderr);
		goto out;
	}
	if (!o.scripts && !(o.scripts = cli_default_plots()))
		goto out;
	const char *in = argv[g.optind];
	struct rule_set *rs = cli_rules_load(&rules, "plot", "nothing drawn");
	if (!rs)
		goto out;
	o.rules = rs;
	struct plot_summary s;
	struct diag d;
	rc = plot_render(in, out, &o, &s, report, NULL, &d);
	rules_free(rs);
	if (rc < 0) {
		diag_print(stderr, in, &d, "error");
		rc = EXIT_USAGE;
	}
out:
	cli_rules_free(&rules);
	return rc;
}
