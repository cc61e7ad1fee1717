/* main: the zhibiao command line — a table of commands, looked up once.
 * Each command's options, help and body live in cli/cmd_NAME.c. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;         /* one line for zhibiao --help */
};

static const struct command commands[] = {
	{"extract", cmd_extract, "read articles, write observations.csv"},
	{"check-rules", cmd_check_rules, "validate rule files and run their examples"},
	{"parse-number", cmd_parse_number, "show how numbers are read (150 pp, 108000000 CNY ...)"},
	{"explain", cmd_explain, "how the rules read an article: matches, rows, drops and why"},
	{"eval", cmd_eval, "precision/recall of observations against a gold file"},
	{"series", cmd_series, "merge observations into time series, pivot, xlsx"},
	{"records", cmd_records, "documents as one line each, for streaming engines"},
	{"plot", cmd_plot, "charts (PNG, SVG, PDF) from a series folder"},
	{"run", cmd_run, "the scheduled job: new articles in, every output rebuilt"},
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void usage(FILE *f)
{
	fputs("usage: zhibiao COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "Finds the economic figures Chinese articles report and writes them as\n"
	      "observation rows (CSV, see SCHEMA.md).\n"
	      "\n"
	      "commands:\n", f);
	for (size_t i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-13s %s\n", commands[i].name, commands[i].help);
	fputs("\n"
	      "  zhibiao COMMAND --help   options of a command\n"
	      "  zhibiao --version\n"
	      "\n"
	      "exit status: 0 ok, 1 some documents failed, 2 usage, system or rule error\n",
	      f);
}

/* zhibiao --version: the program and the folders it uses by default
 * (where it looked, on stderr, for one it cannot find). */
static int version(void)
{
	const char *rules = cli_default_rules(), *plots = cli_default_plots();

	printf("zhibiao %s\n", ZHIBIAO_VERSION);
	printf("rules: %s\n", rules ? rules : "(none found)");
	printf("plots: %s\n", plots ? plots : "(none found)");
	return EXIT_OK;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	const char *cmd = argv[1];
	if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 ||
	    strcmp(cmd, "help") == 0) {
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(cmd, "--version") == 0)
		return version();
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			return commands[i].fn(argc - 1, argv + 1);
	fprintf(stderr, "zhibiao: unknown command '%s'\n\n", cmd);
	usage(stderr);
	return EXIT_USAGE;
}
