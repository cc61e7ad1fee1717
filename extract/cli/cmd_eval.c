/* cmd_eval: the eval command — observations scored against a gold file,
 * as score.py does (eval.h). */
#include "cli/cli.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "eval/eval.h"
#include "pipeline/rules.h"

static const char eval_help[] =
	"usage: zhibiao eval [OPTIONS] GOLD.csv OBSERVATIONS.csv\n"
	"\n"
	"Scores observations against a labeled gold file exactly as score.py:\n"
	"lists missed rows and false positives, then\n"
	"tp=.. fp=.. fn=.. unscored=.. precision=.. recall=.. f1=.. qualifier=..\n"
	"\n"
	"  --indicators FILE   vocabulary CSV with an id column (default: the\n"
	"                      indicators of the rules)\n"
	"  --rules PATH        rules whose indicators are the default vocabulary\n"
	"                      (again: a layer over the ones before)\n"
	"  --show N            rows listed per section (default 50; negative:\n"
	"                      all but the last -N, as Python's rows[:N])\n"
	"  --only-gold-docs    ignore rows of documents the gold never names\n"
	"  --by indicator|measure\n"
	"                      also a table of tp, fp, fn, precision, recall and f1\n"
	"                      per indicator (or measure), counted exactly as the\n"
	"                      overall figures, most errors first, before the\n"
	"                      summary line\n"
	"  --min-precision P   exit 1 when precision is below P\n"
	"  --min-recall R      exit 1 when recall is below R\n";

enum {
	OPT_INDICATORS = CLI_LONG, OPT_RULES, OPT_SHOW, OPT_ONLY_GOLD,
	OPT_MIN_PRECISION, OPT_MIN_RECALL, OPT_BY,
};

static const struct option eval_options[] = {
	{"indicators", required_argument, NULL, OPT_INDICATORS},
	{"rules", required_argument, NULL, OPT_RULES},
	{"show", required_argument, NULL, OPT_SHOW},
	{"only-gold-docs", no_argument, NULL, OPT_ONLY_GOLD},
	{"min-precision", required_argument, NULL, OPT_MIN_PRECISION},
	{"min-recall", required_argument, NULL, OPT_MIN_RECALL},
	{"by", required_argument, NULL, OPT_BY},
	{"help", no_argument, NULL, 'h'},
	{0},
};

/* Parses the options into o; returns -1 to go on, else the exit status. */
static int parse_options(int argc, char **argv, struct eval_opts *o,
			 struct cli_rules *rules)
{
	struct cli_getopt g = {argc, argv, "h", eval_options, eval_help, 0, 0};
	const char *v, *cmd = argv[0];
	int c = 0, ok = 1;

	while (ok && (c = cli_next(&g, &v)) > 0) {
		switch (c) {
		case OPT_INDICATORS: o->indicators = v; break;
		case OPT_RULES: cli_rules_add(rules, v); break;
		case OPT_SHOW:
			ok = cli_int(cmd, "--show", v, -INT_MAX, INT_MAX,
				     "a number of rows", &o->show);
			break;
		case OPT_ONLY_GOLD: o->only_gold_docs = 1; break;
		case OPT_BY:
			ok = strcmp(v, "indicator") == 0 || strcmp(v, "measure") == 0;
			if (!ok)
				fprintf(stderr, "zhibiao: eval: --by takes 'indicator' or 'measure', not '%s'\n", v);
			o->by = v;
			break;
		case OPT_MIN_PRECISION:
			ok = cli_double(cmd, "--min-precision", v, "a number",
					&o->min_precision);
			break;
		case OPT_MIN_RECALL:
			ok = cli_double(cmd, "--min-recall", v, "a number",
					&o->min_recall);
			break;
		}
	}
	if (!ok)
		return EXIT_USAGE;
	if (c < 0)
		return g.status;
	if (argc - g.optind > 2) {
		fprintf(stderr, "zhibiao: eval: too many arguments\n");
		return EXIT_USAGE;
	}
	if (argc - g.optind != 2) {
		fputs(eval_help, stderr);
		return EXIT_USAGE;
	}
	o->gold = argv[g.optind];
	o->obs = argv[g.optind + 1];
	return -1;
}

int cmd_eval(int argc, char **argv)
{
	struct eval_opts o = {.show = 50};
	struct cli_rules rules = {0};
	int status = parse_options(argc, argv, &o, &rules);
	struct rule_set *rs = NULL;
	const char **vocab = NULL;

	if (status >= 0)
		goto out;
	if (!o.indicators) {
		rs = cli_rules_load(&rules, NULL, NULL);
		if (!rs) {
			status = EXIT_USAGE;
			goto out;
		}
		size_t n = rules_indicator_count(rs);
		vocab = xcalloc(n + 1, sizeof *vocab);
		for (size_t i = 0; i < n; i++)
			vocab[i] = rules_indicator(rs, i)->id;
		o.vocab = vocab;
	}
	struct eval_result res;
	struct diag d;
	const char *bad = NULL;
	status = EXIT_OK;
	diag_clear(&d);
	if (eval_run(&o, stdout, &res, &d, &bad) < 0) {
		diag_print(stderr, bad ? bad : o.gold, &d, "error");
		status = EXIT_USAGE;
	} else if (res.precision < o.min_precision || res.recall < o.min_recall) {
		status = EXIT_DOCS_FAILED;
	}
out:
	free(vocab);
	rules_free(rs);
	cli_rules_free(&rules);
	return status;
}
