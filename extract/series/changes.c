/* changes: new, revised, withdrawn and stale points since the last run;
 * see changes.h. */
#include "series/changes.h"

#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/xalloc.h"
#include "series/series.h"

static const char *const kind_names[CHANGE_KINDS] = {
	"new", "revised", "withdrawn", "stale",
};

static const char *const kind_labels[CHANGE_KINDS] = {
	"新增", "修订", "撤回", "未更新",
};

const char *change_kind_name(enum change_kind k)
{
	return k < CHANGE_KINDS ? kind_names[k] : "";
}

const char *change_kind_label(enum change_kind k)
{
	return k < CHANGE_KINDS ? kind_labels[k] : "";
}

/* The columns of series.csv read back, in this order. */
enum {
	O_SERIES, O_INDICATOR, O_NAME, O_MEASURE, O_UNIT, O_STATUS, O_REGION,
	O_SCOPE, O_PERIOD, O_START, O_END, O_VALUE, O_QUALIFIER, O_SOURCES,
	O_NCOLS
};

static const char *const old_names[O_NCOLS] = {
	"series", "indicator", "name", "measure", "unit", "status", "region",
	"scope", "period", "start", "end", "value", "qualifier", "sources",
};

struct old_view {
	const struct table *t;
	int col[O_NCOLS];
};

static const char *old_get(const struct old_view *o, size_t row, int c)
{
	return table_get(o->t, row, o->col[c]);
}

static const struct old_view *sort_view;   /* qsort has no context */

static int old_row_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(old_get(sort_view, x, O_SERIES),
		       old_get(sort_view, y, O_SERIES));

	return c ? c : strcmp(old_get(sort_view, x, O_PERIOD),
			      old_get(sort_view, y, O_PERIOD));
}

/* Index into idx[0..n) (sorted) of the old row of series at period. */
static size_t old_find(const struct old_view *o, const size_t *idx, size_t n,
		       const char *series, const char *period)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(old_get(o, idx[mid], O_SERIES), series);
		if (!c)
			c = strcmp(old_get(o, idx[mid], O_PERIOD), period);
		if (!c)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Is every document of sources (';'-separated) in sorted[0..n)? */
static int all_stale(const char *sources, const char **sorted, size_t n)
{
	if (!n || !*sources)
		return 0;
	for (const char *p = sources; *p;) {
		size_t l = strcspn(p, ";");
		char *doc = xstrndup(p, l);
		const char *key = doc;
		int found = bsearch(&key, sorted, n, sizeof *sorted, str_cmp) != NULL;
		free(doc);
		if (!found)
			return 0;
		p += l;
		if (*p)
			p++;
	}
	return 1;
}

static struct change *add(struct changes *c, enum change_kind k)
{
	VEC_GROW(c->v, c->n + 1, c->cap);
	struct change *ch = &c->v[c->n++];
	memset(ch, 0, sizeof *ch);
	ch->kind = k;
	c->count[k]++;
	return ch;
}

static void from_point(struct change *ch, const struct series_point *p)
{
	ch->series = p->series;
	ch->indicator = p->indicator;
	ch->name = p->name;
	ch->measure = p->measure;
	ch->unit = p->unit;
	ch->status = p->status;
	ch->region = p->region;
	ch->scope = p->scope;
	ch->period = p->period;
	ch->start = p->start;
	ch->end = p->end;
	ch->value = p->value;
	ch->qualifier = p->qualifier;
	ch->sources = p->sources;
	ch->old_value = ch->old_qualifier = ch->old_sources = "";
}

static void from_old(struct change *ch, const struct old_view *o, size_t r)
{
	ch->old_value = old_get(o, r, O_VALUE);
	ch->old_qualifier = old_get(o, r, O_QUALIFIER);
	ch->old_sources = old_get(o, r, O_SOURCES);
}

/* By series, then period in time (end, start, code), as series.csv. */
static int change_cmp(const void *a, const void *b)
{
	const struct change *x = a, *y = b;
	int c = strcmp(x->series, y->series);

	if (!c)
		c = strcmp(x->end, y->end);
	if (!c)
		c = strcmp(x->start, y->start);
	if (!c)
		c = strcmp(x->period, y->period);
	return c;
}

/* Reads old_path into c->old and maps its columns; 0 (a missing file is
 * an empty table) or -1 with d set. */
static int read_old(struct changes *c, const char *old_path,
		    struct old_view *o, struct diag *d)
{
	o->t = &c->old;
	if (!old_path || !fs_is_file(old_path))
		return 0;
	if (table_read(old_path, &c->old, d) < 0)
		return -1;
	for (int k = 0; k < O_NCOLS; k++) {
		o->col[k] = table_col(&c->old, old_names[k]);
		if (o->col[k] < 0) {
			diag_clear(d);
			d->line = 1;
			diag_set(d, "not a series.csv: no column '%s'", old_names[k]);
			table_free(&c->old);
			return -1;
		}
	}
	c->had_old = 1;
	return 0;
}

int changes_compute(struct changes *c, const char *old_path,
		    const struct series_set *s, const char *const *stale,
		    size_t nstale, struct diag *d)
{
	struct old_view o;
	int rc = 0;

	memset(c, 0, sizeof *c);
	memset(&o, 0, sizeof o);
	if (read_old(c, old_path, &o, d) < 0)
		rc = -1;
	size_t nold = c->old.nrows;
	size_t *idx = xcalloc(nold + 1, sizeof *idx);
	char *used = xcalloc(nold + 1, 1);
	const char **st = xcalloc(nstale + 1, sizeof *st);
	for (size_t i = 0; i < nold; i++)
		idx[i] = i;
	sort_view = &o;
	if (nold)
		qsort(idx, nold, sizeof *idx, old_row_cmp);
	for (size_t i = 0; i < nstale; i++)
		st[i] = stale[i];
	if (nstale)
		qsort(st, nstale, sizeof *st, str_cmp);

	for (size_t i = 0, n = series_point_count(s); i < n; i++) {
		const struct series_point *p = series_point_at(s, i);
		size_t k = old_find(&o, idx, nold, p->series, p->period);
		if (k == nold) {
			from_point(add(c, CHANGE_NEW), p);
			continue;
		}
		used[k] = 1;
		const char *was = old_get(&o, idx[k], O_VALUE);
		enum change_kind kind = strcmp(was, p->value) != 0 ? CHANGE_REVISED :
					all_stale(p->sources, st, nstale) ?
					CHANGE_STALE : CHANGE_KINDS;
		if (kind == CHANGE_KINDS)
			continue;
		struct change *ch = add(c, kind);
		from_point(ch, p);
		from_old(ch, &o, idx[k]);
	}
	for (size_t k = 0; k < nold; k++) {
		if (used[k])
			continue;
		size_t r = idx[k];
		struct change *ch = add(c, CHANGE_WITHDRAWN);
		ch->series = old_get(&o, r, O_SERIES);
		ch->indicator = old_get(&o, r, O_INDICATOR);
		ch->name = old_get(&o, r, O_NAME);
		ch->measure = old_get(&o, r, O_MEASURE);
		ch->unit = old_get(&o, r, O_UNIT);
		ch->status = old_get(&o, r, O_STATUS);
		ch->region = old_get(&o, r, O_REGION);
		ch->scope = old_get(&o, r, O_SCOPE);
		ch->period = old_get(&o, r, O_PERIOD);
		ch->start = old_get(&o, r, O_START);
		ch->end = old_get(&o, r, O_END);
		ch->value = ch->qualifier = ch->sources = "";
		from_old(ch, &o, r);
	}
	if (c->n)
		qsort(c->v, c->n, sizeof *c->v, change_cmp);
	free(st);
	free(used);
	free(idx);
	return rc;
}

int changes_write(const struct changes *c, FILE *f, int excel)
{
	static const char *const head[] = {
		"change", "series", "indicator", "name", "measure", "unit",
		"status", "region", "scope", "period", "value", "qualifier",
		"sources", "old_value", "old_qualifier", "old_sources",
	};
	/* 'n' marks the numeric columns: value, old_value */
	static const char numeric[] = "..........n..n..";
	enum { N = sizeof head / sizeof *head };

	if (excel && table_write_bom(f) < 0)
		return -1;
	if (table_write_row(f, head, N) < 0)
		return -1;
	for (size_t i = 0; i < c->n; i++) {
		const struct change *ch = &c->v[i];
		const char *row[N] = {
			change_kind_name(ch->kind), ch->series, ch->indicator,
			ch->name, ch->measure, ch->unit, ch->status, ch->region,
			ch->scope, ch->period, ch->value, ch->qualifier,
			ch->sources, ch->old_value, ch->old_qualifier,
			ch->old_sources,
		};
		int rc = excel ? table_write_row_excel(f, row, N, numeric) :
			 table_write_row(f, row, N);
		if (rc < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

void changes_free(struct changes *c)
{
	if (!c)
		return;
	free(c->v);
	table_free(&c->old);
	memset(c, 0, sizeof *c);
}
