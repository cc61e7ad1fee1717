/* run: the nightly job — config, state, incremental extraction and the
 * outputs rebuilt from the per-document store; see run.h. */
#define _GNU_SOURCE               /* flock, syncfs, renameat2 */
#include "nightly/run.h"

#include "pipeline/manifest.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "pipeline/emit.h"
#include "pipeline/ingest.h"
#include "pipeline/job.h"
#include "pipeline/manifest.h"
#include "pipeline/period.h"
#include "nightly/report.h"
#include "plot/plot.h"
#include "pipeline/rules.h"
#include "series/series.h"
#include "base/table.h"
#include "base/xalloc.h"

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

uint64_t run_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	/* hot: every byte of every document read */
	for (size_t i = 0; i < n; i++) {
		h ^= s[i];
		h *= UINT64_C(0x100000001b3);
	}
	return h;
}

static uint64_t hash_str(uint64_t h, const char *s)
{
	/* with its NUL, so "ab","c" and "a","bc" differ */
	return run_hash(h, s ? s : "", strlen(s ? s : "") + 1);
}

/* ---- the config file ---- */

static const char *const config_keys[] = {
	"input", "manifest", "output", "rules", "charts", "region", "jobs",
	"plots", "excel", "report",
};
#define NKEYS (sizeof config_keys / sizeof *config_keys)

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
		c->charts = xrealloc(c->charts, (c->ncharts + 1) * sizeof *c->charts);
		c->charts[c->ncharts++] = id;
	}
	return 0;
}

/* yes | no; returns 1, 0, or -1 for anything else. */
static int parse_yes_no(const char *v)
{
	return strcmp(v, "yes") == 0 ? 1 : strcmp(v, "no") == 0 ? 0 : -1;
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
		if (strcmp(key, config_keys[k]) == 0)
			break;
	if (k == NKEYS) {
		config_error(err, ctx, c->file, line,
			     "unknown key '%.100s' (keys: input, manifest, output, rules, charts, plots, region, jobs, excel, report)",
			     key);
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
	switch (k) {
	case 0:
		c->input = path_join(dir, v);
		c->input_line = line;
		break;
	case 1:
		c->manifest = path_join(dir, v);
		c->manifest_line = line;
		break;
	case 2:
		c->output = path_join(dir, v);
		c->output_line = line;
		break;
	case 3:
		c->rules = path_join(dir, v);
		c->rules_line = line;
		break;
	case 4:
		c->charts_line = line;
		return parse_charts(c, v, err, ctx, line);
	case 5:
		c->region = xstrdup(v);
		c->region_line = line;
		break;
	case 7:
		c->plots = path_join(dir, v);
		c->plots_line = line;
		break;
	case 8:
	case 9: {
		int yes = parse_yes_no(v);
		if (yes < 0) {
			config_error(err, ctx, c->file, line,
				     "%s must be yes or no, not '%.100s'", key, v);
			return -1;
		}
		*(k == 8 ? &c->excel : &c->report) = yes;
		break;
	}
	default:
		c->jobs_line = line;
		if (parse_jobs(v, &c->jobs) < 0) {
			config_error(err, ctx, c->file, line,
				     "jobs must be a number from 1 to 256 or auto, not '%.100s'",
				     v);
			return -1;
		}
	}
	return 0;
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
	/* a missing key is reported at the end, like "expected ... at end
	 * of input" */
	long last = line ? line : 1;
	if (c->input && c->manifest) {
		config_error(err, ctx, c->file,
			     c->input_line > c->manifest_line ? c->input_line :
			     c->manifest_line,
			     "both 'input' (line %ld) and 'manifest' (line %ld) are set: give one",
			     c->input_line, c->manifest_line);
		bad = 1;
	} else if (!c->input && !c->manifest && !seen[0] && !seen[1] && !syntax) {
		config_error(err, ctx, c->file, last,
			     "no input: add 'input = FOLDER' (articles, *.txt) or 'manifest = FILE' (doc,path,date,region)");
		bad = 1;
	}
	if (!c->output && !seen[2] && !syntax) {
		config_error(err, ctx, c->file, last,
			     "no output folder: add 'output = FOLDER'");
		bad = 1;
	}
	return bad ? -1 : 0;
}

static char *dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return xstrdup("");
	if (slash == path)
		return xstrdup("/");
	return xstrndup(path, (size_t)(slash - path));
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
	char *dir = dir_of(path);
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
	free(c->rules);
	free(c->output);
	free(c->region);
	free(c->plots);
	for (size_t i = 0; i < c->ncharts; i++)
		free(c->charts[i]);
	free(c->charts);
	memset(c, 0, sizeof *c);
}

/* ---- the state file ---- */

#define STATE_MAGIC "# zhibiao run state 1:"
static const char *const state_cols[] = {
	"path", "doc", "size", "mtime", "hash", "store", "rows",
};
#define NSTATE_COLS (sizeof state_cols / sizeof *state_cols)

static int parse_hex64(const char *s, uint64_t *v)
{
	uint64_t x = 0;
	int k;

	for (k = 0; s[k]; k++) {
		char ch = s[k];
		int d = ch >= '0' && ch <= '9' ? ch - '0' :
			ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
		if (d < 0 || k >= 16)
			return 0;
		x = x << 4 | (uint64_t)d;
	}
	if (k != 16)
		return 0;
	*v = x;
	return 1;
}

static int parse_count(const char *s, long long *v)
{
	char *end;

	if (!*s || *s == '-' || *s == '+')
		return 0;
	errno = 0;
	*v = strtoll(s, &end, 10);
	return !*end && !errno;
}

/* "SECONDS.NANOSECONDS" or "0" */
static int parse_mtime(const char *s, long long *sec, long *nsec)
{
	const char *dot = strchr(s, '.');
	long long ns = 0;

	if (!dot)
		return parse_count(s, sec) && (*nsec = 0, 1);
	char *w = xstrndup(s, (size_t)(dot - s));
	int ok = parse_count(w, sec) && strlen(dot + 1) == 9 &&
		 parse_count(dot + 1, &ns);
	free(w);
	*nsec = (long)ns;
	return ok;
}

void run_state_add(struct run_state *s, const struct run_entry *e)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = xrealloc(s->v, s->cap * sizeof *s->v);
	}
	struct run_entry *d = &s->v[s->n++];
	*d = *e;
	d->path = xstrdup(e->path);
	d->doc = xstrdup(e->doc);
}

int run_state_read_stream(FILE *f, struct run_state *s, struct diag *d)
{
	char first[512];
	struct table t;
	unsigned long long settings;
	long rows, series, conflicts, charts;

	memset(s, 0, sizeof *s);
	diag_clear(d);
	if (!fgets(first, sizeof first, f)) {
		d->line = 1;
		diag_set(d, "empty state file");
		return -1;
	}
	if (strncmp(first, STATE_MAGIC, strlen(STATE_MAGIC)) != 0 ||
	    sscanf(first + strlen(STATE_MAGIC),
		   " settings=%16llx rows=%ld series=%ld conflicts=%ld charts=%ld",
		   &settings, &rows, &series, &conflicts, &charts) != 5) {
		d->line = 1;
		diag_set(d, "not a zhibiao run state file (first line)");
		return -1;
	}
	if (table_read_stream(f, &t, d) < 0) {
		if (d->line)
			d->line++;
		return -1;
	}
	int c[NSTATE_COLS];
	for (size_t i = 0; i < NSTATE_COLS; i++)
		if ((c[i] = table_col(&t, state_cols[i])) < 0) {
			d->line = 2;
			diag_set(d, "no column '%s'", state_cols[i]);
			table_free(&t);
			return -1;
		}
	s->settings = settings;
	s->rows = rows;
	s->series = series;
	s->conflicts = conflicts;
	s->charts = charts;
	for (size_t r = 0; r < t.nrows; r++) {
		struct run_entry e = {0};
		long long rows_ll = 0;
		e.path = (char *)table_get(&t, r, c[0]);
		e.doc = (char *)table_get(&t, r, c[1]);
		const char *bad = !*e.path ? "empty path" :
				  !*e.doc ? "empty doc" :
				  !parse_count(table_get(&t, r, c[2]), &e.size) ? "bad size" :
				  !parse_mtime(table_get(&t, r, c[3]), &e.mtime_sec,
					       &e.mtime_nsec) ? "bad mtime" :
				  !parse_hex64(table_get(&t, r, c[4]), &e.hash) ? "bad hash" :
				  !parse_hex64(table_get(&t, r, c[5]), &e.key) ? "bad store key" :
				  !parse_count(table_get(&t, r, c[6]), &rows_ll) ? "bad rows" :
				  NULL;
		if (bad) {
			d->line = t.line[r] + 1;
			diag_set(d, "%s", bad);
			table_free(&t);
			run_state_free(s);
			return -1;
		}
		e.rows = (long)rows_ll;
		run_state_add(s, &e);
	}
	table_free(&t);
	return 0;
}

int run_state_read(const char *path, struct run_state *s, struct diag *d)
{
	FILE *f = fopen(path, "r");

	memset(s, 0, sizeof *s);
	diag_clear(d);
	if (!f) {
		if (errno == ENOENT)
			return 0;
		diag_set(d, "%s", strerror(errno));
		return -1;
	}
	int rc = run_state_read_stream(f, s, d);
	fclose(f);
	return rc;
}

int run_state_write(const struct run_state *s, FILE *f)
{
	if (fprintf(f, STATE_MAGIC " settings=%016" PRIx64
		    " rows=%ld series=%ld conflicts=%ld charts=%ld\n",
		    s->settings, s->rows, s->series, s->conflicts, s->charts) < 0 ||
	    table_write_row(f, state_cols, NSTATE_COLS) < 0)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		const struct run_entry *e = &s->v[i];
		char size[24], mtime[48], hash[17], key[17], rows[24];
		snprintf(size, sizeof size, "%lld", e->size);
		if (e->mtime_sec || e->mtime_nsec)
			snprintf(mtime, sizeof mtime, "%lld.%09ld", e->mtime_sec,
				 e->mtime_nsec);
		else
			snprintf(mtime, sizeof mtime, "0");
		snprintf(hash, sizeof hash, "%016" PRIx64, e->hash);
		snprintf(key, sizeof key, "%016" PRIx64, e->key);
		snprintf(rows, sizeof rows, "%ld", e->rows);
		const char *fields[] = {e->path, e->doc, size, mtime, hash, key, rows};
		if (table_write_row(f, fields, NSTATE_COLS) < 0)
			return -1;
	}
	return 0;
}

static int entry_doc_cmp(const void *a, const void *b)
{
	const struct run_entry *x = *(struct run_entry *const *)a;
	const struct run_entry *y = *(struct run_entry *const *)b;

	return strcmp(x->doc, y->doc);
}

const struct run_entry *run_state_find(struct run_state *s, const char *doc)
{
	if (s->nindex != s->n || (s->n && !s->by_doc)) {
		free(s->by_doc);
		s->by_doc = xcalloc(s->n + 1, sizeof *s->by_doc);
		for (size_t i = 0; i < s->n; i++)
			s->by_doc[i] = &s->v[i];
		if (s->n > 1)
			qsort(s->by_doc, s->n, sizeof *s->by_doc, entry_doc_cmp);
		s->nindex = s->n;
	}
	size_t lo = 0, hi = s->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->by_doc[mid]->doc, doc);
		if (c == 0)
			return s->by_doc[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void run_state_free(struct run_state *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].path);
		free(s->v[i].doc);
	}
	free(s->v);
	free(s->by_doc);
	memset(s, 0, sizeof *s);
}

void run_summary_format(const struct run_summary *s, char *buf, size_t n)
{
	snprintf(buf, n,
		 "documents=%ld new=%ld changed=%ld removed=%ld failed=%ld extracted=%ld rows=%ld series=%ld conflicts=%ld points_new=%ld points_revised=%ld points_withdrawn=%ld charts=%ld elapsed=%.2fs",
		 s->seen, s->added, s->changed, s->removed, s->failed,
		 s->extracted, s->rows, s->series, s->conflicts,
		 s->points_new, s->points_revised, s->points_withdrawn,
		 s->charts, s->elapsed);
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- the documents of the input ---- */

enum item_status { ITEM_PENDING, ITEM_OK, ITEM_FAILED };

/* One document the input lists. */
struct item {
	char *path;               /* the file to read */
	char *rel;                /* as the input names it (state.csv path) */
	char *doc;
	char *region;             /* NULL: none */
	char date_s[11];          /* "" or YYYY-MM-DD */
	struct date date;
	int bad;                  /* already reported: failed */
	long line;                /* its manifest line, 0 for a folder */
	const struct run_entry *old;
	int todo;                 /* to be read */
	int extracted;
	enum item_status status;
	struct run_entry now;     /* when ITEM_OK; strings borrowed */
};

struct items {
	struct item *v;
	size_t n, cap;
	long problems;            /* folders that could not be walked */
};

static struct item *items_add(struct items *in, const char *path,
			      const char *rel, const char *doc,
			      const char *region)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 64;
		in->v = xrealloc(in->v, in->cap * sizeof *in->v);
	}
	struct item *it = &in->v[in->n++];
	memset(it, 0, sizeof *it);
	it->path = xstrdup(path);
	it->rel = xstrdup(rel);
	it->doc = xstrdup(doc);
	it->region = region && *region ? xstrdup(region) : NULL;
	return it;
}

static void items_free(struct items *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].path);
		free(in->v[i].rel);
		free(in->v[i].doc);
		free(in->v[i].region);
	}
	free(in->v);
	memset(in, 0, sizeof *in);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

struct walk_ctx {
	struct items *in;
	const char *region;
	FILE *err;
};

/* A file of the input folder: the *.txt are documents. */
static void walk_file(void *ctx, const char *path, const char *rel,
		      const char *name)
{
	struct walk_ctx *w = ctx;
	size_t l = strlen(name);

	if (l > 4 && strcmp(name + l - 4, ".txt") == 0)
		items_add(w->in, path, rel, rel, w->region);
}

static void walk_problem(void *ctx, const char *path, const char *rel,
			 const char *name, enum fs_problem what, int err)
{
	struct walk_ctx *w = ctx;
	size_t l = strlen(name);

	switch (what) {
	case FS_LOOP:
		fprintf(w->err, "zhibiao: %s: error: folder loop (symlink?); skipped\n", path);
		break;
	case FS_TOO_DEEP:
		fprintf(w->err, "zhibiao: %s: error: folders nested too deep; skipped\n", path);
		break;
	case FS_UNREADABLE:
		fprintf(w->err, "zhibiao: %s: error: %s\n", path, strerror(err));
		break;
	case FS_DANGLING:
		/* a dangling *.txt is a document that cannot be read */
		if (l > 4 && strcmp(name + l - 4, ".txt") == 0) {
			fprintf(w->err, "zhibiao: %s: error: %s (dangling symlink?); skipped\n",
				path, strerror(err));
			items_add(w->in, path, rel, rel, w->region)->bad = 1;
		}
		return;
	}
	w->in->problems++;
}

/* Adds the *.txt files under dir, sorted by name, recursively, as zhibiao
 * extract does for a folder. */
static void walk(struct items *in, const char *dir, const char *region,
		 FILE *err)
{
	struct walk_ctx w = {in, region, err};
	struct fs_walk_ops ops = {walk_file, walk_problem, &w};

	fs_walk(dir, &ops);
}

struct manifest_ctx {
	struct items *in;
	const struct run_config *c;
};

static void manifest_item(void *ctx, const struct manifest_row *r)
{
	struct manifest_ctx *m = ctx;
	struct item *it = items_add(m->in, r->path, r->rel, *r->doc ? r->doc : r->rel,
				    *r->region ? r->region : m->c->region);

	it->line = r->line;
	if (!r->why) {
		it->date = r->date;
		snprintf(it->date_s, sizeof it->date_s, "%s", r->date_s);
	} else {
		it->bad = 1;
	}
}

/* The rows of a manifest: bad rows are reported and added as failed.
 * Returns 0, or -1 when the manifest cannot be used at all (reported). */
static int read_manifest(struct items *in, const struct run_config *c,
			 FILE *err)
{
	struct manifest_ctx m = {in, c};

	return manifest_read(c->manifest, err, manifest_item, &m);
}

/* ---- fingerprints ---- */

/* The files of a folder whose names end in ext, in name order (for rules,
 * what rules_load reads), or one file: names and bytes. */
static uint64_t folder_fingerprint(const char *path, const char *ext)
{
	uint64_t h = hash_str(RUN_HASH_INIT, ext);
	size_t el = strlen(ext);
	struct stat st;
	char **names = NULL;
	size_t n = 0;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			size_t l = strlen(de->d_name);
			if (l > el && strcmp(de->d_name + l - el, ext) == 0) {
				names = xrealloc(names, (n + 1) * sizeof *names);
				names[n++] = xstrdup(de->d_name);
			}
		}
		if (d)
			closedir(d);
		if (n)
			qsort(names, n, sizeof *names, name_cmp);
	} else {
		names = xmalloc(sizeof *names);
		names[n++] = xstrdup("");
	}
	for (size_t i = 0; i < n; i++) {
		char *p = *names[i] ? path_join(path, names[i]) : xstrdup(path);
		FILE *f = fopen(p, "rb");
		char tmp[8192];
		size_t got;
		h = hash_str(h, names[i]);
		while (f && (got = fread(tmp, 1, sizeof tmp, f)) > 0)
			h = run_hash(h, tmp, got);
		if (f)
			fclose(f);
		free(p);
		free(names[i]);
	}
	free(names);
	return h;
}

/* The gnuplot scripts: the config's, else plots/ next to the built-in
 * rules/ (the checkout's), so the job does not depend on its folder. */
static char *plots_dir(const struct run_config *c)
{
	if (c->plots)
		return xstrdup(c->plots);
	char *up = dir_of(ZHIBIAO_RULES_DIR);
	char *p = path_join(up, "plots");
	free(up);
	return p;
}

/* What the derived outputs depend on beyond the rows. */
static uint64_t settings_fingerprint(const struct run_config *c,
				     uint64_t extraction)
{
	uint64_t h = run_hash(RUN_HASH_INIT, &extraction, sizeof extraction);

	h = hash_str(h, c->charts_all ? "all" : c->ncharts ? "ids" : "none");
	for (size_t i = 0; i < c->ncharts; i++)
		h = hash_str(h, c->charts[i]);
	h = hash_str(h, c->manifest ? c->manifest : "");
	h = hash_str(h, c->excel ? "excel" : "");
	h = hash_str(h, c->report ? "report" : "");
	/* the gnuplot scripts: an edited one draws the charts again */
	char *plots = plots_dir(c);
	h = run_hash(h, &(uint64_t){folder_fingerprint(plots, ".gp")},
		     sizeof(uint64_t));
	free(plots);
	return h;
}

/* The store key of a document: its bytes, its doc id, region and date,
 * and the extraction (rules, program). */
static uint64_t doc_key(uint64_t extraction, const struct item *it,
			uint64_t hash)
{
	uint64_t h = run_hash(RUN_HASH_INIT, &extraction, sizeof extraction);

	h = hash_str(h, it->doc);
	h = hash_str(h, it->region);
	h = hash_str(h, it->date_s);
	return run_hash(h, &hash, sizeof hash);
}

/* ---- the job ---- */

struct run_ctx {
	const struct run_config *c;
	const struct run_opts *o;
	FILE *err;
	struct diag_sink sink;    /* err as a sink for base/ */
	char *out, *store_dir;
	uint64_t extraction;
	struct run_state old;
	struct items in;
	struct run_summary *sum;
	/* the source of job_run: the items to read, a batch at a time */
	size_t *todo, ntodo, next;
	struct item **batch;
	size_t nbatch, batch_max;
	struct buf raw;
	long done;                /* items read (for the progress bar) */
	char when[32];            /* the run's start, local time */
	int progress_drawn;
};

static char *store_path(const struct run_ctx *x, uint64_t key)
{
	char name[32];

	snprintf(name, sizeof name, "%016" PRIx64 ".csv", key);
	return path_join(x->store_dir, name);
}

static int store_exists(const struct run_ctx *x, uint64_t key)
{
	char *p = store_path(x, key);
	int ok = fs_is_file(p);

	free(p);
	return ok;
}

static void progress(struct run_ctx *x)
{
	if (!x->o->progress || !x->ntodo)
		return;
	long total = (long)x->ntodo, done = x->done;
	int width = 30, fill = (int)(done * width / (total ? total : 1));
	fprintf(x->err, "\rzhibiao: run: [%.*s%*s] %ld/%ld documents", fill,
		"##############################", width - fill, "", done, total);
	fflush(x->err);
	x->progress_drawn = 1;
}

static void progress_clear(struct run_ctx *x)
{
	if (x->progress_drawn) {
		fputs("\r\033[K", x->err);
		fflush(x->err);
		x->progress_drawn = 0;
	}
}

/* Reads a whole regular file into b; sets *st from the open file.
 * Returns 0 or -1 with errno set. */
static int read_whole(const char *path, struct buf *b, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = -1;

	buf_clear(b);
	if (fd < 0)
		return -1;
	if (fstat(fd, st) != 0)
		goto out;
	if (S_ISDIR(st->st_mode)) {
		errno = EISDIR;
		goto out;
	}
	buf_reserve(b, (size_t)st->st_size + 1);
	for (;;) {
		char tmp[65536];
		ssize_t got = read(fd, tmp, sizeof tmp);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		if (!got)
			break;
		buf_add(b, tmp, (size_t)got);
	}
	rc = 0;
out:
	{
		int e = errno;
		close(fd);
		errno = e;
	}
	return rc;
}

static void set_now(struct item *it, const struct stat *st, uint64_t hash,
		    uint64_t key)
{
	struct timespec t;

	it->now.path = it->rel;
	it->now.doc = it->doc;
	it->now.size = (long long)st->st_size;
	it->now.mtime_sec = (long long)st->st_mtim.tv_sec;
	it->now.mtime_nsec = st->st_mtim.tv_nsec;
	/* changed within a moment of being read: a later change could keep
	 * the same mtime (coarse clocks), so do not trust it next time */
	clock_gettime(CLOCK_REALTIME, &t);
	if (it->now.mtime_sec >= (long long)t.tv_sec - 2)
		it->now.mtime_sec = it->now.mtime_nsec = 0;
	it->now.hash = hash;
	it->now.key = key;
}

/* job_source.next: the next item of the batch that must be extracted.
 * Items whose bytes turn out unchanged are done here; unreadable ones are
 * reported and marked failed. */
static int source_next(void *ctx, struct job_input *in, struct buf *store,
		       FILE *err_unused)
{
	struct run_ctx *x = ctx;

	(void)err_unused;
	while (x->next < x->ntodo && x->nbatch < x->batch_max) {
		struct item *it = &x->in.v[x->todo[x->next++]];
		struct stat st;
		struct diag d;
		x->done++;
		if (read_whole(it->path, &x->raw, &st) < 0) {
			fprintf(x->err, "%szhibiao: %s: error: %s; skipped\n",
				x->progress_drawn ? "\r\033[K" : "", it->path,
				strerror(errno));
			it->status = ITEM_FAILED;
			continue;
		}
		uint64_t hash = run_hash(RUN_HASH_INIT, x->raw.p ? x->raw.p : "",
					 x->raw.len);
		uint64_t key = doc_key(x->extraction, it, hash);
		const struct run_entry *old = it->old;
		if (!x->o->full && old && old->hash == hash && old->key == key &&
		    store_exists(x, key)) {
			/* touched, not changed */
			set_now(it, &st, hash, key);
			it->now.rows = old->rows;
			it->status = ITEM_OK;
			continue;
		}
		diag_clear(&d);
		buf_clear(store);
		if (ingest_bytes(x->raw.p ? x->raw.p : "", x->raw.len, store, NULL,
				 &d) < 0) {
			struct diag e = d;
			snprintf(e.msg, sizeof e.msg, "%.480s; skipped", d.msg);
			if (x->progress_drawn)
				fputs("\r\033[K", x->err);
			diag_print(x->err, it->path, &e, "error");
			it->status = ITEM_FAILED;
			continue;
		}
		set_now(it, &st, hash, key);
		it->extracted = 1;
		x->batch[x->nbatch++] = it;
		*in = (struct job_input){.path = it->path,
					 .text = store->p ? store->p : "",
					 .len = store->len, .doc = it->doc,
					 .region = it->region, .date = it->date};
		return 1;
	}
	return 0;
}

/* Splits the rows a batch produced (header first, documents in batch
 * order) into one store file per document.  Returns 0 or -1 (reported). */
static int store_batch(struct run_ctx *x, const char *rows, size_t len)
{
	struct table t;
	struct diag d;
	FILE *f = fmemopen((void *)rows, len, "r");
	int rc = 0;

	if (!f || table_read_stream(f, &t, &d) < 0) {
		fprintf(x->err, "zhibiao: internal error: the rows of a batch do not parse back: %s\n",
			f ? d.msg : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	size_t r = 0;
	for (size_t b = 0; b < x->nbatch; b++) {
		struct item *it = x->batch[b];
		struct atomic_file a;
		char *p = store_path(x, it->now.key);
		long n = 0;
		if (!atomic_open(&a, p, &x->sink)) {
			free(p);
			rc = -1;
			break;
		}
		int ok = table_write_row(a.f, (const char *const *)t.header,
					 t.ncols) == 0;
		while (ok && r < t.nrows && strcmp(table_get(&t, r, 0), it->doc) == 0) {
			ok = table_write_row(a.f, (const char *const *)&t.cells[r * t.ncols],
					     t.ncols) == 0;
			r++;
			n++;
		}
		if (atomic_close(&a, 1, 0, &x->sink) < 0 || !ok) {
			free(p);
			rc = -1;
			break;
		}
		free(p);
		it->now.rows = n;
		it->status = ITEM_OK;
	}
	if (!rc && r != t.nrows) {
		fprintf(x->err, "zhibiao: internal error: rows of document '%s' out of order\n",
			table_get(&t, r, 0));
		rc = -1;
	}
	table_free(&t);
	return rc;
}

/* Extracts the items to read, a batch at a time.  Returns 0 or -1. */
static int extract_todo(struct run_ctx *x, const struct rule_set *rs)
{
	struct job_source src = {source_next, x};
	struct job_opts jo = {x->c->jobs, 0, 0};

	x->batch_max = 32 * (size_t)(x->c->jobs > 0 ? x->c->jobs : 1);
	x->batch = xcalloc(x->batch_max, sizeof *x->batch);
	progress(x);
	while (x->next < x->ntodo) {
		char *rows = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&rows, &len);
		struct job_result res;
		if (!out)
			xalloc_die(0);
		x->nbatch = 0;
		int rc = emit_header(out);
		if (rc == 0)
			rc = job_run(rs, &src, &jo, out, x->err, &res);
		fclose(out);
		if (rc == 0 && res.failed) {
			/* cannot happen: source_next hands over checked UTF-8 */
			fprintf(x->err, "zhibiao: internal error: %ld documents failed after their check\n",
				res.failed);
			rc = -1;
		}
		if (rc == 0)
			rc = store_batch(x, rows, len);
		free(rows);
		if (rc != 0) {
			for (size_t b = 0; b < x->nbatch; b++)
				x->batch[b]->status = ITEM_FAILED;
			return -1;
		}
		progress(x);
	}
	progress_clear(x);
	return 0;
}

/* Which items must be read: not in the state, or another size or mtime,
 * or their store file is gone. */
static void plan(struct run_ctx *x)
{
	x->todo = xcalloc(x->in.n + 1, sizeof *x->todo);
	for (size_t i = 0; i < x->in.n; i++) {
		struct item *it = &x->in.v[i];
		struct stat st;
		it->old = run_state_find(&x->old, it->doc);
		if (it->bad) {
			it->status = ITEM_FAILED;
			continue;
		}
		const struct run_entry *e = it->old;
		if (!x->o->full && e && strcmp(e->path, it->rel) == 0 &&
		    (e->mtime_sec || e->mtime_nsec) && stat(it->path, &st) == 0 &&
		    (long long)st.st_size == e->size &&
		    (long long)st.st_mtim.tv_sec == e->mtime_sec &&
		    st.st_mtim.tv_nsec == e->mtime_nsec &&
		    doc_key(x->extraction, it, e->hash) == e->key &&
		    store_exists(x, e->key)) {
			it->now = *e;
			it->now.path = it->rel;
			it->now.doc = it->doc;
			it->status = ITEM_OK;
			continue;
		}
		x->todo[x->ntodo++] = i;
	}
}

/* The rows of store file path written for a spreadsheet (excel = yes).
 * Returns 0 or -1 (reported). */
static int copy_store_excel(struct run_ctx *x, const char *path, FILE *out)
{
	struct table t;
	struct diag d;

	diag_clear(&d);
	if (table_read(path, &t, &d) < 0 || t.ncols != EMIT_COLUMNS) {
		fprintf(x->err, "zhibiao: %s:%ld: error: %s (run with --full to rebuild the store)\n",
			path, d.line, t.ncols ? "not a store file of this version" : d.msg);
		table_free(&t);
		return -1;
	}
	for (size_t r = 0; r < t.nrows; r++)
		if (emit_fields(out, (const char *const *)t.cells + r * t.ncols, 1) < 0)
			break;      /* atomic_close reports it */
	table_free(&t);
	return 0;
}

/* Copies the body (after the header line) of store file path to out.
 * Returns 0 or -1 (reported). */
static int copy_store(struct run_ctx *x, const char *path, const char *header,
		      FILE *out)
{
	struct stat st;

	if (read_whole(path, &x->raw, &st) < 0) {
		fprintf(x->err, "zhibiao: %s: error: %s (run with --full to rebuild the store)\n",
			path, strerror(errno));
		return -1;
	}
	size_t hl = strlen(header);
	if (x->raw.len < hl || memcmp(x->raw.p, header, hl) != 0) {
		fprintf(x->err, "zhibiao: %s:1: error: not a store file of this version (run with --full to rebuild the store)\n",
			path);
		return -1;
	}
	size_t n = x->raw.len - hl;
	if (x->c->excel)
		return copy_store_excel(x, path, out);
	if (n && fwrite(x->raw.p + hl, 1, n, out) != n)
		return 0;           /* af_close reports it */
	return 0;
}

static void series_report(void *ctx, const char *file, const struct diag *d,
			  const char *severity)
{
	struct run_ctx *x = ctx;

	/* conflicts and rows without a period are counted, not shown: the
	 * run is quiet on success and conflicts.csv lists them */
	if (strcmp(severity, "error") == 0)
		diag_print(x->err, file, d, severity);
}

static void plot_report(void *ctx, const char *file, const char *msg)
{
	struct run_ctx *x = ctx;

	if (x->progress_drawn)
		fputs("\r\033[K", x->err);
	x->progress_drawn = 0;
	fprintf(x->err, "zhibiao: %s: %s\n", file, msg);
}

/* Draws the charts of series_dir into a new folder that then replaces
 * charts/ whole.  Charts that fail are reported and counted in
 * sum->charts_failed (1 when none could be drawn; charts/ is then left as
 * it was).  Returns 0, or -1 on a system error (reported). */
static int render_charts(struct run_ctx *x, const char *series_dir)
{
	const struct run_config *c = x->c;
	struct buf only = {0};
	struct plot_summary ps;
	struct diag d;
	int rc = 0;

	if (!c->charts_all && !c->ncharts)
		return 0;
	for (size_t i = 0; i < c->ncharts; i++)
		buf_printf(&only, "%s%s", i ? "," : "", c->charts[i]);
	char *dir = path_join(x->out, "charts");
	char *fresh = path_join(x->out, ".charts.tmpXXXXXX");
	char *plots = plots_dir(c);
	if (!mkdtemp(fresh)) {
		fprintf(x->err, "zhibiao: %s: error: cannot create: %s\n", fresh,
			strerror(errno));
		rc = -1;
		goto out;
	}
	chmod(fresh, 0755);
	struct plot_opts po = {.scripts = plots, .only = only.p};
	memset(&ps, 0, sizeof ps);
	int pr = plot_render(series_dir, fresh, &po, &ps, plot_report, x, &d);
	if (pr < 0) {
		if (x->progress_drawn)
			fputs("\r\033[K", x->err);
		x->progress_drawn = 0;
		fprintf(x->err, "zhibiao: %s: error: no chart drawn: %s\n", dir, d.msg);
		x->sum->charts_failed = ps.failed ? ps.failed : 1;
		fs_remove_tree(fresh);
		goto out;
	}
	x->sum->charts = ps.charts;
	x->sum->charts_failed = ps.failed;
	rc = fs_swap_dir(fresh, dir, &x->sink);
out:
	buf_free(&only);
	free(dir);
	free(fresh);
	free(plots);
	return rc;
}

/* observations.csv, the series, the workbook and the charts, from the
 * store.  Returns 0 or -1 (reported). */
static int rebuild(struct run_ctx *x, const struct run_state *now,
		   const struct rule_set *rs)
{
	char *obs = path_join(x->out, "observations.csv");
	char *sdir = path_join(x->out, "series");
	struct buf header = {0};
	struct atomic_file a;
	int rc = -1;

	if (x->o->progress) {
		fprintf(x->err, "\rzhibiao: run: writing observations.csv, the series and the charts\033[K");
		fflush(x->err);
		x->progress_drawn = 1;
	}
	FILE *hf = open_memstream(&header.p, &header.len);
	if (!hf || emit_header(hf) != 0)
		xalloc_die(0);
	fclose(hf);
	if (!atomic_open(&a, obs, &x->sink))
		goto out;
	int ok = (!x->c->excel || table_write_bom(a.f) == 0) &&
		 fputs(header.p, a.f) >= 0;
	for (size_t i = 0; ok && i < now->n; i++) {
		char *p = store_path(x, now->v[i].key);
		ok = copy_store(x, p, header.p, a.f) == 0;
		free(p);
	}
	if (atomic_close(&a, ok, 1, &x->sink) < 0)
		goto out;

	char *changes = path_join(x->out, "changes.csv");
	struct series_opts so = {.out_dir = sdir, .manifest = x->c->manifest,
				 .rules = rs, .excel = x->c->excel,
				 .changes = changes, .report = series_report,
				 .ctx = x};
	struct series_summary ss;
	const char *paths[1] = {obs};
	memset(&ss, 0, sizeof ss);
	int built = series_build(paths, 1, &so, &ss);
	free(changes);
	if (built < 0)
		goto out;
	x->sum->series = (long)ss.series;
	x->sum->conflicts = (long)ss.conflicts;
	x->sum->points_new = (long)ss.points_new;
	x->sum->points_revised = (long)ss.points_revised;
	x->sum->points_withdrawn = (long)ss.points_withdrawn;
	if (render_charts(x, sdir) < 0)
		goto out;
	if (x->c->report) {
		struct report_opts ro = {.when = x->when};
		if (report_build(x->out, &ro, &x->sink) < 0)
			goto out;
	}
	rc = 0;
out:
	free(header.p);
	free(obs);
	free(sdir);
	return rc;
}

/* Were the outputs built from exactly these documents, in this order? */
static int same_documents(const struct run_state *a, const struct run_state *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].key != b->v[i].key || strcmp(a->v[i].doc, b->v[i].doc) != 0)
			return 0;
	return 1;
}

static int outputs_present(const struct run_ctx *x)
{
	const char *files[6] = {"observations.csv", "series/series.csv",
				"indicators.xlsx", "changes.csv"};
	size_t n = 4;

	if (x->c->charts_all || x->c->ncharts)
		files[n++] = "charts/index.csv";
	if (x->c->report)
		files[n++] = "report/index.html";
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(x->out, files[i]);
		int ok = fs_is_file(p);
		free(p);
		if (!ok)
			return 0;
	}
	return 1;
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Removes store files no entry of s names. */
static void remove_orphans(struct run_ctx *x, const struct run_state *s)
{
	DIR *d = opendir(x->store_dir);
	struct dirent *de;
	uint64_t *keys = xcalloc(s->n + 1, sizeof *keys);

	for (size_t i = 0; i < s->n; i++)
		keys[i] = s->v[i].key;
	if (s->n)
		qsort(keys, s->n, sizeof *keys, key_cmp);
	while (d && (de = readdir(d))) {
		uint64_t k;
		char hex[17];
		if (strlen(de->d_name) != 20 || strcmp(de->d_name + 16, ".csv") != 0)
			continue;
		memcpy(hex, de->d_name, 16);
		hex[16] = '\0';
		if (!parse_hex64(hex, &k) ||
		    (s->n && bsearch(&k, keys, s->n, sizeof *keys, key_cmp)))
			continue;
		char *p = path_join(x->store_dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(keys);
}

static void print_rule_error(void *ctx, const char *file, const struct diag *d)
{
	diag_print(ctx, file, d, "error");
}

/* Takes output/.lock; returns its descriptor, or -1 (reported). */
static int take_lock(const struct run_ctx *x)
{
	char *p = path_join(x->out, ".lock");
	int fd = open(p, O_RDWR | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0) {
		fprintf(x->err, "zhibiao: %s: error: cannot open the lock: %s\n", p,
			strerror(errno));
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		goto out;
	if (errno != EWOULDBLOCK) {
		fprintf(x->err, "zhibiao: %s: error: cannot lock: %s\n", p,
			strerror(errno));
	} else if (!x->o->wait) {
		fprintf(x->err, "zhibiao: %s: error: another run is working on %s; not waiting (--no-wait)\n",
			p, x->out);
	} else {
		int r;
		if (x->o->progress)
			fprintf(x->err, "\rzhibiao: run: waiting for another run on %s to finish...",
				x->out);
		while ((r = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
			;
		if (x->o->progress)
			fputs("\r\033[K", x->err);
		if (r == 0)
			goto out;
		fprintf(x->err, "zhibiao: %s: error: cannot lock: %s\n", p,
			strerror(errno));
	}
	close(fd);
	fd = -1;
out:
	free(p);
	return fd;
}

static int item_doc_cmp(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	int c = strcmp(x->doc, y->doc);

	return c ? c : x < y ? -1 : x > y;
}

/* A doc id listed again (a manifest) is reported and its later rows
 * fail: each document has one store file and one place in the output. */
static void mark_duplicates(struct items *in, const char *manifest, FILE *err)
{
	struct item **v = xcalloc(in->n + 1, sizeof *v);

	for (size_t i = 0; i < in->n; i++)
		v[i] = &in->v[i];
	if (in->n)
		qsort(v, in->n, sizeof *v, item_doc_cmp);
	for (size_t i = 1; i < in->n; i++) {
		size_t first = i - 1;
		while (i < in->n && strcmp(v[i]->doc, v[first]->doc) == 0) {
			if (!v[i]->bad)
				fprintf(err, "zhibiao: %s:%ld: error: doc %s is listed twice (first on line %ld); skipped\n",
					manifest ? manifest : "", v[i]->line, v[i]->doc,
					v[first]->line);
			v[i]->bad = 1;
			i++;
		}
	}
	free(v);
}

/* Checks what the config names before anything is touched.  Returns 0 or
 * -1 (reported with the config's file and line). */
static int check_config(const struct run_config *c, FILE *err)
{
	struct stat st;
	const char *what = c->input ? "input folder" : "manifest";
	const char *p = c->input ? c->input : c->manifest;
	long line = c->input ? c->input_line : c->manifest_line;

	if (!p || !c->output) {
		fprintf(err, "zhibiao: %s: error: no %s\n", c->file,
			!p ? "input or manifest" : "output folder");
		return -1;
	}
	if (stat(p, &st) != 0) {
		fprintf(err, "zhibiao: %s:%ld: error: %s %s: %s\n", c->file, line,
			what, p, strerror(errno));
		return -1;
	}
	if (c->input && !S_ISDIR(st.st_mode)) {
		fprintf(err, "zhibiao: %s:%ld: error: input %s is not a folder (for a list of files use 'manifest =')\n",
			c->file, line, p);
		return -1;
	}
	if (c->manifest && S_ISDIR(st.st_mode)) {
		fprintf(err, "zhibiao: %s:%ld: error: manifest %s is a folder (for a folder of articles use 'input =')\n",
			c->file, line, p);
		return -1;
	}
	if (c->plots && stat(c->plots, &st) != 0) {
		fprintf(err, "zhibiao: %s:%ld: error: plots %s: %s\n", c->file,
			c->plots_line, c->plots, strerror(errno));
		return -1;
	}
	if (c->rules && stat(c->rules, &st) != 0) {
		fprintf(err, "zhibiao: %s:%ld: error: rules %s: %s\n", c->file,
			c->rules_line, c->rules, strerror(errno));
		return -1;
	}
	return 0;
}

static const char *default_rules(void)
{
	const char *env = getenv("ZHIBIAO_RULES");

	return env && *env ? env : ZHIBIAO_RULES_DIR;
}

/* Every chart id must be an indicator of the rules. */
static int check_charts(const struct run_config *c, const struct rule_set *rs,
			FILE *err)
{
	int rc = 0;

	for (size_t i = 0; i < c->ncharts; i++) {
		size_t k, n = rules_indicator_count(rs);
		for (k = 0; k < n; k++)
			if (strcmp(rules_indicator(rs, k)->id, c->charts[i]) == 0)
				break;
		if (k == n) {
			fprintf(err, "zhibiao: %s:%ld: error: charts: '%s' is not an indicator of the rules\n",
				c->file, c->charts_line, c->charts[i]);
			rc = -1;
		}
	}
	return rc;
}

/* Flushes the store to the disk before state.csv names it, so that a
 * crash of the machine cannot leave the state pointing at empty files. */
static void sync_store(const struct run_ctx *x)
{
	int fd = open(x->store_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
}

int run_job(const struct run_config *c, const struct run_opts *o,
	    struct run_summary *sum)
{
	struct run_ctx x;
	struct rule_set *rs = NULL;
	struct run_state now;
	struct diag d;
	struct atomic_file a;
	double t0 = now_mono();
	int lock = -1, rc = -1;
	const char *rules = c->rules ? c->rules : default_rules();

	memset(&x, 0, sizeof x);
	memset(&now, 0, sizeof now);
	memset(sum, 0, sizeof *sum);
	x.c = c;
	x.o = o;
	x.err = o->err ? o->err : stderr;
	x.sink = (struct diag_sink){diag_print_report, x.err};
	x.sum = sum;
	{
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(x.when, sizeof x.when, "%Y-%m-%d %H:%M", &tm);
	}
	if (check_config(c, x.err) < 0)
		goto out;
	x.out = xstrdup(c->output);
	x.store_dir = path_join(c->output, "store");
	rs = rules_load(rules, print_rule_error, x.err);
	if (!rs) {
		fprintf(x.err, "zhibiao: rules in %s have errors; nothing done\n", rules);
		goto out;
	}
	if (check_charts(c, rs, x.err) < 0)
		goto out;
	if (fs_make_dirs(x.out, &x.sink) < 0 || (lock = take_lock(&x)) < 0 ||
	    fs_make_dirs(x.store_dir, &x.sink) < 0)
		goto out;

	/* under the lock: what a killed run left, then the last state */
	static const char *const dirs[] = {"", "store", "series", "series/data"};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *p = path_join(x.out, dirs[i]);
		atomic_remove_stale(p);
		free(p);
	}
	char *state_file = path_join(x.out, "state.csv");
	if (run_state_read(state_file, &x.old, &d) < 0) {
		diag_print(x.err, state_file, &d, "warning");
		fprintf(x.err, "zhibiao: %s: warning: not usable; every document is extracted again\n",
			state_file);
	}

	/* the documents */
	if (c->input) {
		walk(&x.in, c->input, c->region, x.err);
	} else if (read_manifest(&x.in, c, x.err) < 0) {
		free(state_file);
		goto out;
	}
	mark_duplicates(&x.in, c->manifest, x.err);
	x.extraction = run_hash(hash_str(RUN_HASH_INIT, o->version),
				&(uint64_t){folder_fingerprint(rules, ".rules")},
				sizeof(uint64_t));
	uint64_t settings = settings_fingerprint(c, x.extraction);

	plan(&x);
	int ext = extract_todo(&x, rs);

	/* the new state: every document done, in input order */
	for (size_t i = 0; i < x.in.n; i++) {
		struct item *it = &x.in.v[i];
		if (it->status != ITEM_OK) {
			sum->failed++;
			continue;
		}
		run_state_add(&now, &it->now);
		sum->rows += it->now.rows;
		sum->extracted += it->extracted;
		if (!it->old)
			sum->added++;
		else if (it->old->key != it->now.key)
			sum->changed++;
	}
	sum->seen = (long)x.in.n;
	sum->failed += x.in.problems;
	struct run_state cur;
	memset(&cur, 0, sizeof cur);
	for (size_t i = 0; i < x.in.n; i++) {
		struct run_entry e = {.path = x.in.v[i].rel, .doc = x.in.v[i].doc};
		run_state_add(&cur, &e);
	}
	for (size_t i = 0; i < x.old.n; i++)
		sum->removed += !run_state_find(&cur, x.old.v[i].doc);
	run_state_free(&cur);
	if (ext < 0) {
		free(state_file);
		goto out;
	}

	/* the outputs, when anything they are made of changed */
	if (o->full || !same_documents(&x.old, &now) || x.old.settings != settings ||
	    !outputs_present(&x)) {
		if (rebuild(&x, &now, rs) < 0) {
			free(state_file);
			goto out;
		}
		sum->rebuilt = 1;
	} else {
		sum->series = x.old.series;
		sum->conflicts = x.old.conflicts;
		sum->charts = x.old.charts;
	}
	/* charts that failed are drawn again next run: the outputs are rebuilt
	 * when the settings differ */
	now.settings = sum->charts_failed ? ~settings : settings;
	now.rows = sum->rows;
	now.series = sum->series;
	now.conflicts = sum->conflicts;
	now.charts = sum->charts;
	if (sum->extracted)
		sync_store(&x);
	if (!atomic_open(&a, state_file, &x.sink)) {
		free(state_file);
		goto out;
	}
	int ok = run_state_write(&now, a.f) == 0;
	free(state_file);
	if (atomic_close(&a, ok, 1, &x.sink) < 0)
		goto out;
	remove_orphans(&x, &now);
	rc = sum->failed ? 1 : 0;
out:
	progress_clear(&x);
	if (lock >= 0)
		close(lock);
	sum->elapsed = now_mono() - t0;
	rules_free(rs);
	run_state_free(&now);
	run_state_free(&x.old);
	items_free(&x.in);
	buf_free(&x.raw);
	free(x.todo);
	free(x.batch);
	free(x.out);
	free(x.store_dir);
	return rc;
}
