/* cmd_series: the `zhibiao series` command — options and help around
 * series_build (series/writers.h). */
#include "cli/cli.h"

#include <stdio.h>

#include "base/diag.h"
#include "pipeline/rules.h"
#include "series/writers.h"

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
	"                   $ZHIBIAO_RULES or the installed rules); again: a\n"
	"                   layer over the ones before\n"
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

enum { OPT_XLSX = CLI_LONG, OPT_MANIFEST, OPT_RULES, OPT_NO_XLSX, OPT_EXCEL };

static const struct option series_options[] = {
	{"output", required_argument, NULL, 'o'},
	{"xlsx", required_argument, NULL, OPT_XLSX},
	{"manifest", required_argument, NULL, OPT_MANIFEST},
	{"rules", required_argument, NULL, OPT_RULES},
	{"no-xlsx", no_argument, NULL, OPT_NO_XLSX},
	{"excel", no_argument, NULL, OPT_EXCEL},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{0},
};

struct series_cli {
	struct series_opts o;
	struct cli_rules rules;
	const char **paths;
	size_t n;
	int verbose;
};

/* Parses the options; returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct series_cli *s)
{
	struct cli_getopt g = {argc, argv, "ho:v", series_options, series_help,
			       0, 0};
	const char *v;
	int c, no_xlsx = 0;

	while ((c = cli_next(&g, &v)) > 0) {
		switch (c) {
		case 'o': s->o.out_dir = v; break;
		case OPT_XLSX: s->o.xlsx = v; break;
		case OPT_MANIFEST: s->o.manifest = v; break;
		case OPT_RULES: cli_rules_add(&s->rules, v); break;
		case OPT_NO_XLSX: no_xlsx = 1; break;
		case OPT_EXCEL: s->o.excel = 1; break;
		case 'v': s->verbose = 1; break;
		}
	}
	if (c < 0)
		return g.status;
	s->paths = (const char **)argv + g.optind;
	s->n = (size_t)(argc - g.optind);
	if (!s->n)
		return cli_usage(argv[0], "no observations file");
	if (!s->o.out_dir || !*s->o.out_dir)
		return cli_usage(argv[0], "no output directory (-o DIR)");
	if (no_xlsx) {
		s->o.xlsx = "";
	} else if (s->o.xlsx && !*s->o.xlsx) {
		fprintf(stderr, "zhibiao: series: --xlsx needs a file name (or --no-xlsx)\n");
		return EXIT_USAGE;
	}
	return -1;
}

static void print_report(void *ctx, const char *file, const struct diag *d,
			 const char *severity)
{
	(void)ctx;
	diag_print(stderr, file, d, severity);
}

static void print_summary(const struct series_summary *sum)
{
	fprintf(stderr, "zhibiao: series: %zu files (%zu unreadable), %zu observations (%zu bad rows), %zu documents, %zu series, %zu points (%zu derived), %zu periods, %zu conflicts\n",
		sum->files, sum->bad_files, sum->observations, sum->bad_rows,
		sum->docs, sum->series, sum->points, sum->derived, sum->periods,
		sum->conflicts);
}

int cmd_series(int argc, char **argv)
{
	struct series_cli s = {0};
	struct series_summary sum;
	int status = parse_options(argc, argv, &s);

	if (status >= 0) {
		cli_rules_free(&s.rules);
		return status;
	}
	struct rule_set *rs = cli_rules_load(&s.rules, "series", "nothing written");
	if (!rs) {
		cli_rules_free(&s.rules);
		return EXIT_USAGE;
	}
	s.o.rules = rs;
	s.o.report = print_report;
	int rc = series_build(s.paths, s.n, &s.o, &sum);
	status = rc < 0 ? EXIT_USAGE : rc > 0 ? EXIT_DOCS_FAILED : EXIT_OK;
	if (s.verbose)
		print_summary(&sum);
	rules_free(rs);
	cli_rules_free(&s.rules);
	return status;
}
