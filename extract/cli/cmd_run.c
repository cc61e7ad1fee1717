/* cmd_run: the `zhibiao run` command — the nightly job of a config file
 * (run.h): options, messages, the summary line and the exit status. */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "nightly/log.h"
#include "nightly/run.h"

#ifndef ZHIBIAO_VERSION
#define ZHIBIAO_VERSION "0.1.0"
#endif

/* main.c's exit statuses */
enum { RUN_OK = 0, RUN_DOCS_FAILED = 1, RUN_USAGE = 2 };

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
	"                   rules = PATH        (default: the default rules)\n"
	"                   charts = all        all, none or indicator ids\n"
	"                   plots = FOLDER      gnuplot scripts (default: the\n"
	"                                       checkout's plots/)\n"
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
	"\n"
	"crontab (the summary to a log; errors mailed by cron):\n"
	"  30 2 * * * /opt/zhibiao/bin/zhibiao run --config /srv/news/report.conf >> /srv/news/run.log\n";

static void print_config_error(void *ctx, const char *file,
			       const struct diag *d)
{
	diag_print(ctx, file, d, "error");
}

int cmd_run(int argc, char **argv)
{
	struct run_opts o = {.wait = 1, .version = "zhibiao " ZHIBIAO_VERSION};
	struct run_config c;
	struct run_summary sum;
	const char *config = NULL;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			fputs(run_help, stdout);
			return RUN_OK;
		} else if (strcmp(a, "--config") == 0 && i + 1 < argc) {
			config = argv[++i];
		} else if (strncmp(a, "--config=", 9) == 0) {
			config = a + 9;
		} else if (strcmp(a, "--full") == 0) {
			o.full = 1;
		} else if (strcmp(a, "--wait") == 0) {
			o.wait = 1;
		} else if (strcmp(a, "--no-wait") == 0) {
			o.wait = 0;
		} else {
			fprintf(stderr, "zhibiao: run: %s '%s'; see zhibiao run --help\n",
				a[0] == '-' ? "unknown option (or missing value)" :
				"unexpected argument", a);
			return RUN_USAGE;
		}
	}
	if (!config || !*config) {
		fprintf(stderr, "zhibiao: run: no config file (--config FILE); see zhibiao run --help\n");
		return RUN_USAGE;
	}
	/* the nightly log: every line starts with its time */
	FILE *log = run_log_open(stderr);
	int bad = run_config_load(config, &c, print_config_error,
				  log ? log : stderr) < 0;
	if (log)
		fclose(log);
	if (bad) {
		run_config_free(&c);
		return RUN_USAGE;
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
			return RUN_USAGE;
	}
	return rc < 0 || sum.charts_failed ? RUN_USAGE :
	       rc > 0 ? RUN_DOCS_FAILED : RUN_OK;
}
