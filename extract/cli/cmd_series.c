/* cmd_series: the `zhibiao series` command — options and help around
 * series_build (series.h). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "pipeline/rules.h"
#include "series/writers.h"
#include "base/xalloc.h"

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

/* main.c's exit statuses */
enum { SERIES_OK = 0, SERIES_BAD_INPUT = 1, SERIES_USAGE = 2 };

static const char series_help[] =
	"usage: zhibiao series OBS.csv... -o DIR [OPTIONS]\n"
	"\n"
	"Merges the observations of many articles (observations.csv files, '-'\n"
	"for standard input) into time series, one per indicator, measure,\n"
	"unit, status, region and scope, and writes into DIR:\n"
	"  series.csv     one point a row: series,indicator,name,measure,unit,\n"
	"                 status,region,scope,period,start,end,value,qualifier,\n"
	"                 origin,sources\n"
	"  pivot.csv      periods down, one column per series (yuan in 亿元)\n"
	"  conflicts.csv  points on which documents disagree: the value kept\n"
	"                 and the other one, with their sources\n"
	"  data/SLUG.dat  one file per series for gnuplot: index period end\n"
	"                 value origin\n"
	"and a workbook (pivot, observations with evidence, conflicts).\n"
	"\n"
	"  -o DIR           output directory (created when missing)\n"
	"  --xlsx FILE      the workbook (default: indicators.xlsx in DIR's parent)\n"
	"  --no-xlsx        no workbook\n"
	"  --excel          CSVs with a UTF-8 BOM; text cells starting with\n"
	"                   = + - @ get a leading ' (numbers stay numbers)\n"
	"  --manifest FILE  doc,date CSV: document dates decide which of two\n"
	"                   disagreeing documents is later (else the latest\n"
	"                   period a document reports, then its doc id)\n"
	"  --rules PATH     rules giving the indicators' Chinese names (default:\n"
	"                   $ZHIBIAO_RULES or " ZHIBIAO_RULES_DIR ")\n"
	"  --verbose        a summary line on stderr\n"
	"\n"
	"The same figure from several articles is one point listing them all;\n"
	"when articles disagree the later one is kept, the other value goes to\n"
	"conflicts.csv and a warning to stderr.  A change in percentage points\n"
	"against the year before gives the rate of a year earlier (origin\n"
	"derived); a reported value always wins over a derived one.\n"
	"\n"
	"exit status: 0 ok, 1 an input file or row was bad (reported with\n"
	"file:line; the rest merged), 2 usage, rule or write error.\n";

static void print_report(void *ctx, const char *file, const struct diag *d,
			 const char *severity)
{
	(void)ctx;
	diag_print(stderr, file, d, severity);
}

static void print_rule_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

int cmd_series(int argc, char **argv)
{
	struct series_opts o = {0};
	const char *rules_path = NULL;
	const char **paths = xcalloc((size_t)argc + 1, sizeof *paths);
	size_t n = 0;
	int verbose = 0, no_xlsx = 0, status = SERIES_OK;
	struct rule_set *rs = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
#define ARG(name) (strcmp(a, name) == 0 && i + 1 < argc ? argv[++i] : NULL)
		const char *v;
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(series_help, stdout);
			goto out;
		} else if ((v = ARG("-o")) || (v = ARG("--output"))) {
			o.out_dir = v;
		} else if ((v = ARG("--xlsx"))) {
			o.xlsx = v;
		} else if ((v = ARG("--manifest"))) {
			o.manifest = v;
		} else if ((v = ARG("--rules"))) {
			rules_path = v;
		} else if (strcmp(a, "--no-xlsx") == 0) {
			no_xlsx = 1;
		} else if (strcmp(a, "--excel") == 0) {
			o.excel = 1;
		} else if (strcmp(a, "--verbose") == 0 || strcmp(a, "-v") == 0) {
			verbose = 1;
		} else if (a[0] == '-' && a[1]) {
			fprintf(stderr, "zhibiao: series: unknown option '%s' (or missing value); see zhibiao series --help\n", a);
			status = SERIES_USAGE;
			goto out;
		} else {
			paths[n++] = a;
		}
#undef ARG
	}
	if (!n || !o.out_dir || !*o.out_dir) {
		fprintf(stderr, "zhibiao: series: %s; see zhibiao series --help\n",
			!n ? "no observations file" : "no output directory (-o DIR)");
		status = SERIES_USAGE;
		goto out;
	}
	if (no_xlsx)
		o.xlsx = "";
	else if (o.xlsx && !*o.xlsx) {
		fprintf(stderr, "zhibiao: series: --xlsx needs a file name (or --no-xlsx)\n");
		status = SERIES_USAGE;
		goto out;
	}
	if (!rules_path) {
		const char *env = getenv("ZHIBIAO_RULES");
		rules_path = env && *env ? env : ZHIBIAO_RULES_DIR;
	}
	rs = rules_load(rules_path, print_rule_error, NULL);
	if (!rs) {
		fprintf(stderr, "zhibiao: series: rules in %s have errors; nothing written\n",
			rules_path);
		status = SERIES_USAGE;
		goto out;
	}
	o.rules = rs;
	o.report = print_report;

	struct series_summary sum;
	int rc = series_build(paths, n, &o, &sum);
	status = rc < 0 ? SERIES_USAGE : rc > 0 ? SERIES_BAD_INPUT : SERIES_OK;
	if (verbose)
		fprintf(stderr, "zhibiao: series: %zu files (%zu unreadable), %zu observations (%zu bad rows), %zu documents, %zu series, %zu points (%zu derived), %zu periods, %zu conflicts\n",
			sum.files, sum.bad_files, sum.observations, sum.bad_rows,
			sum.docs, sum.series, sum.points, sum.derived, sum.periods,
			sum.conflicts);
out:
	rules_free(rs);
	free(paths);
	return status;
}
