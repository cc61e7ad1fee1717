/* cmd_check_rules: the check-rules command — load rule files, report their
 * errors, run their examples (examples.h). */
#include "cli/cli.h"

#include <stdio.h>

#include "pipeline/examples.h"
#include "pipeline/rules.h"

static const char check_help[] =
	"usage: zhibiao check-rules [--rules BASE]... [PATH]...\n"
	"\n"
	"Loads each rule directory or file (default: the default rules), reports\n"
	"every error as FILE:LINE:COL, then runs every 'example:' line and\n"
	"reports those whose rows differ from what they expect.\n"
	"\n"
	"  --rules BASE  check each PATH as a layer over BASE (again: more\n"
	"                layers), as extract --rules BASE --rules PATH loads it;\n"
	"                the examples of every layer run\n"
	"  --keywords    also list each pattern's prefilter keywords: a sentence\n"
	"                holding none of them is not matched against it\n";

enum { OPT_KEYWORDS = CLI_LONG, OPT_RULES };

static const struct option check_options[] = {
	{"keywords", no_argument, NULL, OPT_KEYWORDS},
	{"rules", required_argument, NULL, OPT_RULES},
	{"help", no_argument, NULL, 'h'},
	{0},
};

/* Checks path, as a layer over the layers of base (none: alone). */
static int check_one(struct cli_rules *base, const char *path, int keywords)
{
	struct examples_result res;

	cli_rules_add(base, path);
	struct rule_set *rs = rules_load_layers(base->paths, base->n,
						cli_rule_error, NULL);
	base->n--;

	if (!rs) {
		fprintf(stderr, "zhibiao: %s: rule errors\n", path);
		return EXIT_USAGE;
	}
	if (keywords)
		rules_print_keywords(rs, stdout);
	examples_run(rs, stderr, &res);
	printf("%s: %zu files, %zu indicators, %zu rules, %zu examples, %zu failed\n",
	       path, rules_file_count(rs), rules_indicator_count(rs), rules_count(rs),
	       res.examples, res.failed);
	rules_free(rs);
	return res.failed ? EXIT_USAGE : EXIT_OK;
}

int cmd_check_rules(int argc, char **argv)
{
	struct cli_getopt g = {argc, argv, "h", check_options, check_help, 0, 0};
	struct cli_rules base = {0};
	const char *v;
	int c, keywords = 0, status = EXIT_OK;

	while ((c = cli_next(&g, &v)) > 0) {
		if (c == OPT_KEYWORDS)
			keywords = 1;
		else if (c == OPT_RULES)
			cli_rules_add(&base, v);
	}
	if (c < 0) {
		cli_rules_free(&base);
		return g.status;
	}
	for (int i = g.optind; i < argc; i++)
		if (check_one(&base, argv[i], keywords) != EXIT_OK)
			status = EXIT_USAGE;
	if (g.optind == argc) {
		/* the base layers themselves, else the default rules */
		const char *top = base.n ? base.paths[--base.n] : cli_default_rules();
		status = top ? check_one(&base, top, keywords) : EXIT_USAGE;
	}
	cli_rules_free(&base);
	return status;
}
