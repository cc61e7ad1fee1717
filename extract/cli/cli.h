/* cli: the zhibiao command line.  main.c holds the command table; each
 * command is a cmd_NAME function in cli/cmd_NAME.c that takes the
 * command's own argc/argv (argv[0] is the command name) and returns one of
 * the exit statuses below.  This header also holds what every command
 * shares: option parsing (getopt_long, one table per command), checked
 * option values and the default rules and plots folders. */
#ifndef EXTRACT_CLI_H
#define EXTRACT_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "base/diag.h"
#include "pipeline/inputs.h"

#ifndef ZHIBIAO_VERSION
#define ZHIBIAO_VERSION "0.1.0"
#endif

/* The exit statuses of every command. */
enum exit_status {
	EXIT_OK = 0,
	EXIT_DOCS_FAILED = 1,     /* some inputs failed; the others are done */
	EXIT_USAGE = 2,           /* usage, configuration, rule or system error */
};

/* ---- commands (cli/cmd_NAME.c) ---- */

int cmd_extract(int argc, char **argv);
int cmd_records(int argc, char **argv);
int cmd_check_rules(int argc, char **argv);
int cmd_parse_number(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_series(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);

/* ---- options ---- */

/* One command's option parsing: its getopt_long table (which holds
 * {"help", no_argument, NULL, 'h'}), the short options ("ho:j:"), and its
 * --help text. */
struct cli_getopt {
	int argc;
	char **argv;              /* argv[0]: the command name */
	const char *shorts;
	const struct option *longs;
	const char *help;
	int optind;               /* after the end: the first operand */
	int status;               /* after the end: EXIT_OK (help printed),
				   * or EXIT_USAGE (an error printed) */
};

/* The next option: returns its val and sets *value (NULL for a flag), or
 * 0 at the end of the options (the operands, permuted to the end, start
 * at g->optind), or -1 when --help was printed (g->status EXIT_OK) or a
 * bad option reported as "zhibiao: CMD: unknown option '--x'; see zhibiao
 * CMD --help" (g->status EXIT_USAGE).  Both --opt value and --opt=value
 * are taken. */
int cli_next(struct cli_getopt *g, const char **value);

/* Reports a usage error of command cmd: "zhibiao: CMD: MESSAGE; see zhibiao
 * CMD --help".  Returns EXIT_USAGE. */
int cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An integer option value v of option opt in [lo, hi]: 1 with *out set,
 * or 0 after reporting "zhibiao: CMD: OPT takes WHAT (not 'V')". */
int cli_int(const char *cmd, const char *opt, const char *v, long lo, long hi,
	    const char *what, int *out);

/* A finite decimal option value: 1 with *out set, or 0 reported as for
 * cli_int. */
int cli_double(const char *cmd, const char *opt, const char *v,
	       const char *what, double *out);

/* ---- the inputs of extract and records ---- */

/* Long options without a short form take vals from CLI_LONG up. */
#define CLI_LONG 256

/* The options naming inputs, shared by extract and records. */
#define CLI_INPUT_OPTIONS                                              \
	{"manifest", required_argument, NULL, CLI_LONG + 0},           \
	{"date", required_argument, NULL, CLI_LONG + 1},               \
	{"region", required_argument, NULL, CLI_LONG + 2}

struct cli_inputs {
	const char *manifest, *region;
	struct date date;
};

/* Takes option c (value v) when it is one of CLI_INPUT_OPTIONS: returns 1,
 * or -1 after reporting a bad value; 0 when c is another option. */
int cli_input_option(const char *cmd, int c, const char *v,
		     struct cli_inputs *o);

/* Gathers the manifest of o (opened to be read as the documents go:
 * inputs_stream_manifest), then the arguments args[0..n), into in
 * (inputs.h, read with inputs_next; --region and --date apply to the
 * arguments).  Returns
 * EXIT_OK, EXIT_DOCS_FAILED when problems were reported, or EXIT_USAGE
 * when the manifest cannot be used. */
int cli_gather(const struct cli_inputs *o, char **args, int n,
	       struct inputs *in);

/* Reports "no input (files, directories, '-' or --manifest)" unless o has
 * a manifest or n > 0; returns EXIT_USAGE then, else EXIT_OK. */
int cli_need_input(const char *cmd, const struct cli_inputs *o, int n);

/* ---- output ---- */

struct atomic_file;

/* Opens the output file path (NULL or "-": standard output) through
 * base/atomic.h, its temporary removed should a signal end the program;
 * errors are printed.  Returns the stream, or NULL. */
FILE *cli_open_output(struct atomic_file *a, const char *path);

/* The sink printing diagnostics on stderr. */
extern const struct diag_sink cli_err_sink;

/* ---- messages ---- */

/* Prints a rule error on stderr (rules_error_fn). */
void cli_rule_error(void *ctx, const char *file, const struct diag *d);

/* ---- rules ---- */

/* The rules a command uses: each --rules PATH a layer over the ones
 * before (rules_load_layers); none given: the default rules. */
struct cli_rules {
	const char **paths;
	size_t n, cap;
	char *names;              /* "A, B", for messages */
};

void cli_rules_add(struct cli_rules *r, const char *path);

/* Loads the layers (errors printed on stderr, then, when nothing is not
 * NULL, "zhibiao: [CMD: ]rules in A, B have errors; NOTHING").  Returns
 * the set, or NULL. */
struct rule_set *cli_rules_load(struct cli_rules *r, const char *cmd,
				const char *nothing);

/* The paths loaded, joined by ", ", for messages (owned by r). */
const char *cli_rules_names(struct cli_rules *r);

void cli_rules_free(struct cli_rules *r);

/* ---- default paths ---- */

/* The rules used when no --rules is given, and the gnuplot scripts when no
 * --scripts is given: $ZHIBIAO_RULES / $ZHIBIAO_PLOTS when set, else the
 * folders installed with the binary (cli.c says where it looks).  NULL,
 * after printing where it looked, when there is none.  Computed once; the
 * strings live to the exit. */
const char *cli_default_rules(void);
const char *cli_default_plots(void);

#endif
