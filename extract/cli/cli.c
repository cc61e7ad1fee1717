/* cli: what every command shares — option parsing over getopt_long,
 * checked option values, messages and the default paths (cli.h). */
#include "cli/cli.h"

#include "base/atomic.h"
#include "base/xalloc.h"
#include "pipeline/rules.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif
#ifndef ZHIBIAO_PLOTS_DIR
#define ZHIBIAO_PLOTS_DIR "plots"
#endif

int cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "zhibiao: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see zhibiao %s --help\n", cmd);
	return EXIT_USAGE;
}

/* The long option named by the argument a ("--name" or "--name=v"), or
 * NULL. */
static const struct option *long_named(const struct option *lo, const char *a)
{
	size_t n = strcspn(a + 2, "=");

	for (; lo->name; lo++)
		if (strlen(lo->name) == n && strncmp(lo->name, a + 2, n) == 0)
			return lo;
	return NULL;
}

/* The option an error is about, as written: a long one from argv, a short
 * one from optopt. */
static void bad_option(struct cli_getopt *g, int missing)
{
	const char *cmd = g->argv[0];
	const char *a = optind > 0 && optind <= g->argc ? g->argv[optind - 1] : "";
	char s[3] = {'-', (char)optopt, '\0'};
	int is_long = strncmp(a, "--", 2) == 0 && a[2];

	if (!is_long) {
		cli_usage(cmd, missing ? "option '%s' needs a value" :
			  "unknown option '%s'", s);
		return;
	}
	const struct option *o = long_named(g->longs, a);
	int len = (int)strcspn(a, "=");
	if (missing)
		cli_usage(cmd, "option '%.*s' needs a value", len, a);
	else if (o && o->has_arg == no_argument && a[len])
		cli_usage(cmd, "option '%.*s' takes no value", len, a);
	else
		cli_usage(cmd, "unknown option '%s'", a);
}

int cli_next(struct cli_getopt *g, const char **value)
{
	char shorts[64];

	/* ':' first: a missing value is told apart from an unknown option */
	snprintf(shorts, sizeof shorts, ":%s", g->shorts);
	if (g->optind == 0) {
		optind = 0;       /* GNU getopt: start again from scratch */
		opterr = 0;
	}
	int c = getopt_long(g->argc, g->argv, shorts, g->longs, NULL);
	g->optind = optind;
	*value = optarg;
	if (c == -1)
		return 0;
	if (c == 'h') {
		fputs(g->help, stdout);
		g->status = EXIT_OK;
		return -1;
	}
	if (c == '?' || c == ':') {
		bad_option(g, c == ':');
		g->status = EXIT_USAGE;
		return -1;
	}
	return c;
}

int cli_int(const char *cmd, const char *opt, const char *v, long lo, long hi,
	    const char *what, int *out)
{
	char *end;

	errno = 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || errno || n < lo || n > hi) {
		fprintf(stderr, "zhibiao: %s: %s takes %s (not '%s')\n", cmd, opt,
			what, v);
		return 0;
	}
	*out = (int)n;
	return 1;
}

int cli_double(const char *cmd, const char *opt, const char *v,
	       const char *what, double *out)
{
	char *end;

	errno = 0;
	double d = strtod(v, &end);
	if (!*v || *end || errno || !isfinite(d)) {
		fprintf(stderr, "zhibiao: %s: %s takes %s (not '%s')\n", cmd, opt,
			what, v);
		return 0;
	}
	*out = d;
	return 1;
}

int cli_input_option(const char *cmd, int c, const char *v,
		     struct cli_inputs *o)
{
	switch (c) {
	case CLI_LONG + 0:
		o->manifest = v;
		return 1;
	case CLI_LONG + 1:
		if (!date_parse(v, &o->date)) {
			fprintf(stderr, "zhibiao: %s: --date '%s' is not a valid YYYY-MM-DD\n",
				cmd, v);
			return -1;
		}
		return 1;
	case CLI_LONG + 2:
		o->region = v;
		return 1;
	}
	return 0;
}

int cli_gather(const struct cli_inputs *o, char **args, int n,
	       struct inputs *in)
{
	struct inputs_opts io = {.region = o->region, .date = o->date};
	/* a manifest's rows have their own date and region */
	struct inputs_opts mo = {0};
	long problems = 0;

	if (o->manifest && inputs_add_manifest(in, o->manifest, &mo) < 0)
		return EXIT_USAGE;
	for (int i = 0; i < n; i++)
		problems += inputs_add_arg(in, args[i], &io);
	return problems ? EXIT_DOCS_FAILED : EXIT_OK;
}

int cli_need_input(const char *cmd, const struct cli_inputs *o, int n)
{
	if (o->manifest || n)
		return EXIT_OK;
	return cli_usage(cmd, "no input (files, directories, '-' or --manifest)");
}

const struct diag_sink cli_err_sink = {diag_print_report, NULL};

FILE *cli_open_output(struct atomic_file *a, const char *path)
{
	FILE *f = atomic_open(a, path, &cli_err_sink);

	if (f)
		atomic_unlink_on_signals();
	return f;
}

void cli_rule_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

void cli_rules_add(struct cli_rules *r, const char *path)
{
	VEC_GROW(r->paths, r->n + 1, r->cap);
	r->paths[r->n++] = path;
}

struct rule_set *cli_rules_load(struct cli_rules *r)
{
	if (!r->n)
		cli_rules_add(r, cli_default_rules());
	return rules_load_layers(r->paths, r->n, cli_rule_error, NULL);
}

const char *cli_rules_names(struct cli_rules *r)
{
	struct buf b = {0};

	for (size_t i = 0; i < r->n; i++)
		buf_printf(&b, "%s%s", i ? ", " : "", r->paths[i]);
	free(r->names);
	r->names = b.p ? b.p : xstrdup("");
	return r->names;
}

void cli_rules_free(struct cli_rules *r)
{
	free(r->paths);
	free(r->names);
	memset(r, 0, sizeof *r);
}

/* $name when set and not empty, else fallback. */
static const char *env_or(const char *name, const char *fallback)
{
	const char *env = getenv(name);

	return env && *env ? env : fallback;
}

const char *cli_default_rules(void)
{
	static const char *path;

	if (!path)
		path = env_or("ZHIBIAO_RULES", ZHIBIAO_RULES_DIR);
	return path;
}

const char *cli_default_plots(void)
{
	static const char *path;

	if (!path)
		path = env_or("ZHIBIAO_PLOTS", ZHIBIAO_PLOTS_DIR);
	return path;
}
