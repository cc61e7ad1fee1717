/* cmd_run: the `zhibiao run` command — the nightly job of a config file
 * (run.h): options, messages, the summary line and the exit status. */
#include "cli/cli.h"

#include <stdio.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/xalloc.h"
#include "nightly/log.h"
#include "nightly/run.h"

static const char run_help[] =
	"usage: zhibiao run --config FILE [--full] [--wait|--no-wait]\n"
	"\n"
	"The scheduled job: extracts the articles of a folder or manifest that\n"
	"are new or changed since the last run, then rebuilds the outputs:\n"
	"observations.csv, series/, indicators.xlsx and charts/.  Quiet on\n"
	"success but for one summary line on stdout (each line of the log, the\n"
	"summary and the messages, starts with its ISO-8601 time):\n"
	"  TIME zhibiao run: documents=N new=N changed=N removed=N failed=N skipped=N\n"
	"  extracted=N rows=N series=N conflicts=N charts=N elapsed=S\n"
	"\n"
	"  --config FILE  the job (key = value lines, '#' comments; relative\n"
	"                 paths are relative to the file's folder):\n"
	"                   input = FOLDER      articles, *.txt, recursively\n"
	"                   manifest = FILE     or a doc,path,date,region CSV\n"
	"                   output = FOLDER     where everything goes\n"
	"                   rules = PATH, ...   the rules, each a layer over the\n"
	"                                       ones before (default: the\n"
	"                                       default rules)\n"
	"                   charts = all        all, none or indicator ids\n"
	"                   plots = FOLDER      gnuplot scripts (default: the\n"
	"                                       installed ones)\n"
	"                   region = NAME       for documents without one\n"
	"                   date = DATE         for documents the manifest gives\n"
	"                                       none (as extract --date)\n"
	"                   jobs = N            worker threads, or auto\n"
	"  --full         ignore what was done before: extract every document\n"
	"                 (the outputs are the same as an incremental run's)\n"
	"  --wait         when another run holds FOLDER/.lock, wait (default)\n"
	"  --no-wait      ... or exit 2 at once\n"
	"\n"
	"Every output is written to a temporary file and renamed into place, so\n"
	"a run that is killed leaves the previous outputs whole.  A document\n"
	"that cannot be read is reported and tried again next run.\n"
	"\n"
	"exit status: 0 ok, 1 some documents failed (the others are done),\n"
	"2 configuration, rule, lock or system error (outputs left as they were)\n"
	"or charts that could not be drawn (the rest is written; they are drawn\n"
	"again next run).\n"
	"\n"
	"crontab (the summary to a log; errors mailed by cron):\n"
	"  30 2 * * * /usr/local/bin/zhibiao run --config /srv/news/report.conf >> /srv/news/run.log\n";

enum { OPT_CONFIG = CLI_LONG, OPT_FULL, OPT_WAIT, OPT_NO_WAIT };

static const struct option run_options[] = {
	{"config", required_argument, NULL, OPT_CONFIG},
	{"full", no_argument, NULL, OPT_FULL},
	{"wait", no_argument, NULL, OPT_WAIT},
	{"no-wait", no_argument, NULL, OPT_NO_WAIT},
	{"help", no_argument, NULL, 'h'},
	{0},
};

static void print_config_error(void *ctx, const char *file,
			       const struct diag *d)
{
	diag_print(ctx, file, d, "error");
}

/* The rules and (when charts are drawn) the gnuplot scripts the config
 * leaves unset: the command line's defaults.  Returns 0, or -1 when there
 * is none (reported). */
static int set_defaults(struct run_config *c)
{
	if (!c->nrules) {
		const char *rules = cli_default_rules();
		if (!rules)
			return -1;
		c->rules = xmalloc(sizeof *c->rules);
		c->rules[c->nrules++] = xstrdup(rules);
	}
	if (!c->plots && (c->charts_all || c->ncharts)) {
		const char *plots = cli_default_plots();
		if (!plots)
			return -1;
		c->plots = xstrdup(plots);
	}
	return 0;
}

/* Parses the options; returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct run_opts *o,
			 const char **config)
{
	struct cli_getopt g = {argc, argv, "h", run_options, run_help, 0, 0};
	const char *v;
	int c;

	while ((c = cli_next(&g, &v)) > 0) {
		switch (c) {
		case OPT_CONFIG: *config = v; break;
		case OPT_FULL: o->full = 1; break;
		case OPT_WAIT: o->wait = 1; break;
		case OPT_NO_WAIT: o->wait = 0; break;
		}
	}
	if (c < 0)
		return g.status;
	if (g.optind < argc)
		return cli_usage(argv[0], "unexpected argument '%s'", argv[g.optind]);
	if (!*config || !**config)
		return cli_usage(argv[0], "no config file (--config FILE)");
	return -1;
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {.wait = 1, .version = "zhibiao " ZHIBIAO_VERSION};
	struct run_config c;
	struct run_summary sum;
	const char *config = NULL;
	int status = parse_options(argc, argv, &o, &config);

	if (status >= 0)
		return status;
	/* the nightly log: every line starts with its time */
	FILE *log = run_log_open(stderr);
	int bad = run_config_load(config, &c, print_config_error,
				  log ? log : stderr) < 0;
	if (log)
		fclose(log);
	if (bad) {
		run_config_free(&c);
		return EXIT_USAGE;
	}
	/* the defaults are the command line's to choose */
	if (set_defaults(&c) < 0) {
		run_config_free(&c);
		return EXIT_USAGE;
	}
	o.err = stderr;
	o.stamp = 1;
	o.progress = isatty(STDERR_FILENO);
	int rc = run_job(&c, &o, &sum);
	run_config_free(&c);
	if (rc >= 0) {
		char line[512], t[40];
		run_summary_format(&sum, line, sizeof line);
		run_log_time(t, sizeof t);
		printf("%s zhibiao run: %s\n", t, line);
		if (fflush(stdout) != 0)
			return EXIT_USAGE;
	}
	return rc < 0 || sum.charts_failed ? EXIT_USAGE :
	       rc > 0 ? EXIT_DOCS_FAILED : EXIT_OK;
}
