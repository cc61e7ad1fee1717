/* cli: what every command shares — option parsing over getopt_long,
 * checked option values, messages and the default paths (cli.h). */
#include "cli/cli.h"

#include "base/atomic.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "pipeline/rules.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

	if (o->manifest && inputs_stream_manifest(in, o->manifest, &mo) < 0)
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

struct rule_set *cli_rules_load(struct cli_rules *r, const char *cmd,
				const char *nothing)
{
	if (!r->n) {
		const char *d = cli_default_rules();
		if (!d)
			return NULL;
		cli_rules_add(r, d);
	}
	struct rule_set *rs = rules_load_layers(r->paths, r->n, cli_rule_error,
						NULL);
	if (!rs && nothing)
		fprintf(stderr, "zhibiao: %s%srules in %s have errors; %s\n",
			cmd ? cmd : "", cmd ? ": " : "", cli_rules_names(r), nothing);
	return rs;
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

/* ---- the default folders ----
 *
 * Looked for, in order: $ZHIBIAO_RULES / $ZHIBIAO_PLOTS; next to the
 * binary as installed (BIN/../share/zhibiao/NAME, BIN the folder of
 * /proc/self/exe, so a moved installation still finds its own); the
 * checkout the binary was built in when it is still there (bin/zhibiao,
 * build/asan/zhibiao: a folder above holding NAME/ and extract/cli/main.c);
 * the share folder it was built for (ZHIBIAO_SHARE_DIR, $(PREFIX)/share/
 * zhibiao).  Never a checkout the binary was only copied from. */

#ifndef ZHIBIAO_SHARE_DIR
#define ZHIBIAO_SHARE_DIR "/usr/local/share/zhibiao"
#endif

/* The folder of the running binary (xmalloc'd), or NULL. */
static char *exe_dir(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);

	if (n <= 0 || (size_t)n >= sizeof buf - 1)
		return NULL;
	buf[n] = '\0';
	return fs_dir_of(buf);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The first candidate folder NAME (rules, plots) that exists goes to
 * *found (xmalloc'd); the others are listed in tried. */
static void candidates(const char *name, struct buf *tried, char **found)
{
	char *bin = exe_dir();
	char *v[4];
	size_t n = 0;

	if (bin) {
		char *prefix = fs_dir_of(bin);
		char *share = path_join(prefix, "share/zhibiao");
		v[n++] = path_join(share, name);
		free(share);
		free(prefix);
		/* a checkout: bin/zhibiao or build/asan/zhibiao */
		for (int up = 1; up <= 2; up++) {
			char *root = xstrdup(bin);
			for (int i = 0; i < up; i++) {
				char *d = fs_dir_of(root);
				free(root);
				root = d;
			}
			char *probe = path_join(root, "extract/cli/main.c");
			if (fs_is_file(probe))
				v[n++] = path_join(root, name);
			free(probe);
			free(root);
		}
		free(bin);
	}
	v[n++] = path_join(ZHIBIAO_SHARE_DIR, name);
	for (size_t i = 0; i < n; i++) {
		if (!*found && is_dir(v[i])) {
			*found = v[i];
			continue;
		}
		buf_printf(tried, "%s%s", tried->len ? ", " : "", v[i]);
		free(v[i]);
	}
}

/* The folder NAME (rules, plots) from $env or the candidates; NULL after
 * reporting where it looked. */
static const char *find_folder(const char *env, const char *name,
			       const char *option, char **cache, int *done)
{
	if (*done)
		return *cache;
	*done = 1;
	const char *e = getenv(env);
	if (e && *e)
		return *cache = xstrdup(e);
	struct buf tried = {0};
	candidates(name, &tried, cache);
	if (!*cache)
		fprintf(stderr, "zhibiao: error: no %s folder found (looked in %s); give %s or set %s\n",
			name, tried.p ? tried.p : "", option, env);
	buf_free(&tried);
	return *cache;
}

const char *cli_default_rules(void)
{
	static char *path;
	static int done;

	return find_folder("ZHIBIAO_RULES", "rules", "--rules PATH", &path, &done);
}

const char *cli_default_plots(void)
{
	static char *path;
	static int done;

	return find_folder("ZHIBIAO_PLOTS", "plots", "--scripts DIR", &path, &done);
}
