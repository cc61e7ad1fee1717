/* state: the run state file, read through the CSV table, and the FNV-1a
 * hash the job keys its store with. */
#include "nightly/state.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/table.h"
#include "base/xalloc.h"

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

uint64_t run_hash_str(uint64_t h, const char *s)
{
	return run_hash(h, s ? s : "", strlen(s ? s : "") + 1);
}

#define STATE_MAGIC "# zhibiao run state 1:"
static const char *const state_cols[] = {
	"path", "doc", "size", "mtime", "hash", "store", "rows", "stale",
};
#define NSTATE_COLS (sizeof state_cols / sizeof *state_cols)
enum { COL_STALE = 7 };

int run_parse_hex64(const char *s, uint64_t *v)
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

/* "0" or "1" */
static int parse_flag(const char *s, int *v)
{
	if ((s[0] != '0' && s[0] != '1') || s[1])
		return 0;
	*v = s[0] == '1';
	return 1;
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
	VEC_GROW(s->v, s->n + 1, s->cap);
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
		/* stale came later: a state without it has none */
		if ((c[i] = table_col(&t, state_cols[i])) < 0 && i != COL_STALE) {
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
				  !run_parse_hex64(table_get(&t, r, c[4]), &e.hash) ? "bad hash" :
				  !run_parse_hex64(table_get(&t, r, c[5]), &e.key) ? "bad store key" :
				  !parse_count(table_get(&t, r, c[6]), &rows_ll) ? "bad rows" :
				  c[7] >= 0 && !parse_flag(table_get(&t, r, c[7]), &e.stale) ?
				  "bad stale (0 or 1)" : NULL;
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
		const char *fields[] = {e->path, e->doc, size, mtime, hash, key, rows,
					e->stale ? "1" : "0"};
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

