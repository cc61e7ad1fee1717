/* config: the run config file, line by line through a table of keys. */
#include "nightly/config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/xalloc.h"

enum key_kind {
	KEY_PATH, KEY_PATHS, KEY_TEXT, KEY_CHARTS, KEY_JOBS, KEY_DATE, KEY_YES_NO,
};

/* A key: what its value is and where it goes in struct run_config. */
struct key {
	const char *name;
	enum key_kind kind;
	size_t value;             /* offset of the field of that name (a
				   * char * for paths and text, an int for
				   * yes/no) */
	size_t line;              /* offset of the line it was set on */
};

#define KEY(name, kind) \
	{#name, kind, offsetof(struct run_config, name), \
	 offsetof(struct run_config, name##_line)}

/* in the order the "unknown key" message lists them; the first three are
 * looked at again after the last line */
static const struct key keys[] = {
	KEY(input, KEY_PATH),
	KEY(manifest, KEY_PATH),
	KEY(output, KEY_PATH),
	KEY(rules, KEY_PATHS),
	KEY(charts, KEY_CHARTS),
	KEY(plots, KEY_PATH),
	KEY(region, KEY_TEXT),
	KEY(jobs, KEY_JOBS),
	KEY(date, KEY_DATE),
	KEY(excel, KEY_YES_NO),
	KEY(report, KEY_YES_NO),
};
#define NKEYS (sizeof keys / sizeof *keys)
enum { K_INPUT, K_MANIFEST, K_OUTPUT };

static void config_error(run_error_fn err, void *ctx, const char *file,
			 long line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void config_error(run_error_fn err, void *ctx, const char *file,
			 long line, const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	diag_clear(&d);
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	if (err)
		err(ctx, file, &d);
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Trims blanks at both ends of s in place; returns the new start. */
static char *trim(char *s)
{
	size_t l;

	while (is_blank(*s))
		s++;
	l = strlen(s);
	while (l && (is_blank(s[l - 1]) || s[l - 1] == '\r'))
		s[--l] = '\0';
	return s;
}

static int id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_';
}

/* charts = all | none | id id,id ...; returns 0 or -1 (reported). */
static int parse_charts(struct run_config *c, char *v, run_error_fn err,
			void *ctx, long line)
{
	if (strcmp(v, "all") == 0) {
		c->charts_all = 1;
		return 0;
	}
	c->charts_all = 0;
	if (strcmp(v, "none") == 0)
		return 0;
	for (char *p = v; *p;) {
		while (is_blank(*p) || *p == ',')
			p++;
		if (!*p)
			break;
		size_t l = strcspn(p, " \t,");
		char *id = xstrndup(p, l);
		p += l;
		size_t k = 0;
		while (id_char(id[k]))
			k++;
		if (id[k] || strcmp(id, "all") == 0 || strcmp(id, "none") == 0) {
			config_error(err, ctx, c->file, line,
				     "charts: '%s' is not an indicator id (charts = all, none, or ids such as gdp fixed_asset_investment)",
				     id);
			free(id);
			return -1;
		}
		VEC_GROW(c->charts, c->ncharts + 1, c->capcharts);
		c->charts[c->ncharts++] = id;
	}
	return 0;
}

static int parse_jobs(const char *v, int *jobs)
{
	char *end;
	long j;

	if (strcmp(v, "auto") == 0) {
		j = sysconf(_SC_NPROCESSORS_ONLN);
		*jobs = j < 1 ? 1 : j > 256 ? 256 : (int)j;
		return 0;
	}
	errno = 0;
	j = strtol(v, &end, 10);
	if (end == v || *end || errno || j < 1 || j > 256)
		return -1;
	*jobs = (int)j;
	return 0;
}

/* rules = PATH, PATH ...: the layers, each resolved against dir.  Returns
 * 0 or -1 (reported). */
static int parse_paths(struct run_config *c, char *v, const char *dir,
		       run_error_fn err, void *ctx, long line)
{
	for (char *p = v; *p;) {
		size_t l = strcspn(p, ",");
		char save = p[l];
		p[l] = '\0';
		char *one = trim(p);
		if (!*one) {
			config_error(err, ctx, c->file, line,
				     "rules: an empty path in the list (rules = PATH, PATH ...)");
			return -1;
		}
		VEC_GROW(c->rules, c->nrules + 1, c->caprules);
		c->rules[c->nrules++] = path_join(dir, one);
		p += l + (save != '\0');
	}
	return 0;
}

/* Sets key k to v (not empty) from line.  Returns 0 or -1 (reported). */
static int set_key(struct run_config *c, const struct key *k, char *v,
		   long line, const char *dir, run_error_fn err, void *ctx)
{
	char **field = (char **)((char *)c + k->value);

	*(long *)((char *)c + k->line) = line;
	switch (k->kind) {
	case KEY_PATH:
		*field = path_join(dir, v);
		return 0;
	case KEY_PATHS:
		return parse_paths(c, v, dir, err, ctx, line);
	case KEY_TEXT:
		*field = xstrdup(v);
		return 0;
	case KEY_CHARTS:
		return parse_charts(c, v, err, ctx, line);
	case KEY_JOBS:
		if (parse_jobs(v, &c->jobs) == 0)
			return 0;
		config_error(err, ctx, c->file, line,
			     "jobs must be a number from 1 to 256 or auto, not '%.100s'",
			     v);
		return -1;
	case KEY_DATE:
		if (date_parse_loose(v, &c->date))
			return 0;
		config_error(err, ctx, c->file, line,
			     "date must be a date such as 2025-05-09 (or 2025/5/9, 2025.5.9, 2025年5月9日), not '%.100s'",
			     v);
		return -1;
	case KEY_YES_NO:
		if (strcmp(v, "yes") == 0 || strcmp(v, "no") == 0) {
			*(int *)((char *)c + k->value) = strcmp(v, "yes") == 0;
			return 0;
		}
		config_error(err, ctx, c->file, line,
			     "%s must be yes or no, not '%.100s'", k->name, v);
		return -1;
	}
	return -1;
}

/* Handles "key = value" of one line; returns 0, -1 (reported) or -2 for a
 * line that is not "key = value" (reported). */
static int config_line(struct run_config *c, char *s, long line,
		       const char *dir, long seen[NKEYS], run_error_fn err,
		       void *ctx)
{
	/* '#' starts a comment at the start or after a blank */
	for (char *h = s; (h = strchr(h, '#')); h++)
		if (h == s || is_blank(h[-1])) {
			*h = '\0';
			break;
		}
	s = trim(s);
	if (!*s)
		return 0;
	char *eq = strchr(s, '=');
	if (!eq) {
		config_error(err, ctx, c->file, line,
			     "expected 'key = value', got '%.200s'", s);
		return -2;
	}
	*eq = '\0';
	char *key = trim(s), *v = trim(eq + 1);
	size_t k;
	for (k = 0; k < NKEYS; k++)
		if (strcmp(key, keys[k].name) == 0)
			break;
	if (k == NKEYS) {
		struct buf names = {0};
		for (size_t i = 0; i < NKEYS; i++)
			buf_printf(&names, "%s%s", i ? ", " : "", keys[i].name);
		config_error(err, ctx, c->file, line,
			     "unknown key '%.100s' (keys: %s)", key, names.p);
		buf_free(&names);
		return -1;
	}
	if (seen[k]) {
		config_error(err, ctx, c->file, line,
			     "'%s' is set twice (first on line %ld)", key, seen[k]);
		return -1;
	}
	seen[k] = line;
	if (!*v) {
		config_error(err, ctx, c->file, line, "'%s' needs a value", key);
		return -1;
	}
	return set_key(c, &keys[k], v, line, dir, err, ctx);
}

/* The keys that must be there, checked after the last line (last: its
 * number).  Returns 0 or -1 (reported). */
static int config_check(const struct run_config *c, const long seen[NKEYS],
			long last, int syntax, run_error_fn err, void *ctx)
{
	int bad = 0;

	/* a missing key is reported at the end, like "expected ... at end
	 * of input" */
	if (c->input && c->manifest) {
		config_error(err, ctx, c->file,
			     c->input_line > c->manifest_line ? c->input_line :
			     c->manifest_line,
			     "both 'input' (line %ld) and 'manifest' (line %ld) are set: give one",
			     c->input_line, c->manifest_line);
		bad = 1;
	} else if (!c->input && !c->manifest && !seen[K_INPUT] &&
		   !seen[K_MANIFEST] && !syntax) {
		config_error(err, ctx, c->file, last,
			     "no input: add 'input = FOLDER' (articles, *.txt) or 'manifest = FILE' (doc,path,date,region)");
		bad = 1;
	}
	if (!c->output && !seen[K_OUTPUT] && !syntax) {
		config_error(err, ctx, c->file, last,
			     "no output folder: add 'output = FOLDER'");
		bad = 1;
	}
	return bad ? -1 : 0;
}

int run_config_parse(const char *p, size_t n, const char *file,
		     const char *dir, struct run_config *c, run_error_fn err,
		     void *ctx)
{
	long seen[NKEYS] = {0}, line = 0;
	int bad = 0, syntax = 0, rc;
	size_t i = 0;

	memset(c, 0, sizeof *c);
	c->file = xstrdup(file ? file : "");
	c->jobs = 1;
	c->charts_all = 1;
	c->report = 1;
	if (n >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < n) {
		size_t e = i;
		while (e < n && p[e] != '\n')
			e++;
		line++;
		char *s = xstrndup(p + i, e - i);
		if (strlen(s) != e - i) {
			config_error(err, ctx, c->file, line, "NUL byte in the line");
			bad = 1;
		} else if ((rc = config_line(c, s, line, dir, seen, err, ctx)) < 0) {
			bad = 1;
			/* which key such a line meant is unknown: do not also
			 * say it is missing */
			syntax |= rc == -2;
		}
		free(s);
		i = e + 1;
	}
	if (config_check(c, seen, line ? line : 1, syntax, err, ctx) < 0)
		bad = 1;
	return bad ? -1 : 0;
}

int run_config_load(const char *path, struct run_config *c, run_error_fn err,
		    void *ctx)
{
	struct buf b = {0};
	char tmp[8192];
	size_t n;
	FILE *f = fopen(path, "r");

	memset(c, 0, sizeof *c);
	if (!f) {
		config_error(err, ctx, path, 0, "cannot read: %s", strerror(errno));
		return -1;
	}
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	if (ferror(f)) {
		config_error(err, ctx, path, 0, "cannot read: %s", strerror(errno));
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	char *dir = fs_dir_of(path);
	int rc = run_config_parse(b.p ? b.p : "", b.len, path, dir, c, err, ctx);
	free(dir);
	buf_free(&b);
	return rc;
}

void run_config_free(struct run_config *c)
{
	if (!c)
		return;
	free(c->file);
	free(c->input);
	free(c->manifest);
	for (size_t i = 0; i < c->nrules; i++)
		free(c->rules[i]);
	free(c->rules);
	free(c->output);
	free(c->region);
	free(c->plots);
	for (size_t i = 0; i < c->ncharts; i++)
		free(c->charts[i]);
	free(c->charts);
	memset(c, 0, sizeof *c);
}
