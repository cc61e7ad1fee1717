/* cmd_parse_number: the parse-number command — how a text is read as a
 * number (number.h). */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "pipeline/normalize.h"
#include "pipeline/number.h"

static const char number_help[] =
	"usage: zhibiao parse-number [--] TEXT...\n"
	"\n"
	"Prints VALUE UNIT for each argument in the schema's canonical units\n"
	"(150 pp, 32000 count, 10.5 percent, 1 rank, 108000000 CNY), with the\n"
	"qualifier as a third field when the number states one (十余万:\n"
	"100000 count >), or an error line for text that is not a number.\n"
	"Exit 1 if any was not.  A negative number (-5%) is a text, not an\n"
	"option; the texts from it on are all texts, as after '--'.\n";

static const struct option number_options[] = {
	{"help", no_argument, NULL, 'h'},
	{0},
};

/* "-5%", "-.5", "-３": a negative number, not an option. */
static int negative(const char *a)
{
	unsigned char c = (unsigned char)a[1];

	return a[0] == '-' && ((c >= '0' && c <= '9') || c == '.' || c >= 0x80);
}

int cmd_parse_number(int argc, char **argv)
{
	/* the options end where the first negative number is: a "--" there
	 * (unless one came before) */
	static char end_of_options[] = "--";
	char **args = xcalloc((size_t)argc + 2, sizeof *args);
	int n = 0, ended = 0;
	for (int i = 0; i < argc; i++) {
		if (i > 0 && !ended && negative(argv[i]))
			args[n++] = end_of_options;
		ended |= i > 0 && (strcmp(argv[i], "--") == 0 || negative(argv[i]));
		args[n++] = argv[i];
	}
	struct cli_getopt g = {n, args, "h", number_options, number_help, 0, 0};
	const char *v;
	int c, status = EXIT_OK;

	while ((c = cli_next(&g, &v)) > 0)
		;
	if (c < 0) {
		free(args);
		return g.status;
	}
	argc = n;
	argv = args;
	if (g.optind == argc) {
		fputs(number_help, stderr);
		free(args);
		return EXIT_USAGE;
	}
	for (int i = g.optind; i < argc; i++) {
		char *s = norm_string(argv[i]);
		struct quantity q;
		char num[64];
		if (number_parse_quantity(s, strlen(s), &q)) {
			printf("%s %s%s%s\n", decimal_format(q.value, num, sizeof num),
			       q.unit == UNIT_NONE ? "times" : unit_name(q.unit),
			       q.qual == QUAL_NONE ? "" : " ",
			       qualifier_code(q.qual));
		} else {
			printf("error: not a number: %s\n", argv[i]);
			status = EXIT_DOCS_FAILED;
		}
		free(s);
	}
	free(args);
	return status;
}
