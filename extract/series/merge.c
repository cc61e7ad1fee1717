/* merge: observations grouped into series and merged into points, the
 * documents ordered in time, conflicts recorded; series_finish runs the
 * whole of it (see series.h for the rules). */
#include "series/model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/schema.h"
#include "base/xalloc.h"
#include "pipeline/rules.h"

int value_same(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* ---- documents: their order in time ---- */

static int doc_id_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sdoc *)a)->id, ((const struct sdoc *)b)->id);
}

/* A document's place in time: its date when a manifest gave one, else the
 * end of the latest period it reports (targets too), then its id. */
static int doc_time_cmp(const void *a, const void *b)
{
	const struct sdoc *x = *(const struct sdoc *const *)a;
	const struct sdoc *y = *(const struct sdoc *const *)b;
	long kx = date_key(x->date.y ? x->date : x->est);
	long ky = date_key(y->date.y ? y->date : y->est);

	if (kx != ky)
		return kx < ky ? -1 : 1;
	return strcmp(x->id, y->id);
}

static size_t doc_find(const struct series_set *s, const char *id)
{
	struct sdoc key = { .id = id };
	const struct sdoc *d = bsearch(&key, s->docs, s->ndocs, sizeof *s->docs,
				       doc_id_cmp);

	return d ? (size_t)(d - s->docs) : NONE;
}

static void order_docs(struct series_set *s)
{
	struct sdoc *all = xcalloc(s->nobs + 1, sizeof *all);
	size_t n = 0;

	for (size_t i = 0; i < s->nobs; i++)
		all[n++].id = s->obs[i].o.doc;
	if (n > 1)
		qsort(all, n, sizeof *all, doc_id_cmp);
	s->ndocs = 0;
	for (size_t i = 0; i < n; i++)
		if (!s->ndocs || strcmp(all[s->ndocs - 1].id, all[i].id) != 0)
			all[s->ndocs++] = all[i];
	s->docs = all;
	for (size_t i = 0; i < s->nobs; i++) {
		struct sobs *o = &s->obs[i];
		struct sdoc *d = &s->docs[o->doc = doc_find(s, o->o.doc)];
		struct date st, en;
		if (o->p.kind == PERIOD_NONE)
			continue;
		period_bounds(&o->p, &st, &en);
		if (date_key(en) > date_key(d->est))
			d->est = en;
	}
	for (size_t i = 0; i < s->ndates; i++) {
		size_t k = doc_find(s, s->dates[i].doc);
		if (k != NONE)
			s->docs[k].date = s->dates[i].date;
	}
	struct sdoc **by_time = xcalloc(s->ndocs + 1, sizeof *by_time);
	for (size_t i = 0; i < s->ndocs; i++)
		by_time[i] = &s->docs[i];
	if (s->ndocs > 1)
		qsort(by_time, s->ndocs, sizeof *by_time, doc_time_cmp);
	for (size_t i = 0; i < s->ndocs; i++)
		by_time[i]->rank = i;
	free(by_time);
	for (size_t i = 0; i < s->nobs; i++)
		s->obs[i].rank = s->docs[s->obs[i].doc].rank;
}

/* ---- series ---- */

static int key_cmp(const struct sobs *a, const struct sobs *b)
{
	int c;

	if ((c = strcmp(a->o.indicator, b->o.indicator)) ||
	    (c = strcmp(a->o.measure, b->o.measure)) ||
	    (c = strcmp(a->o.unit, b->o.unit)) ||
	    (c = strcmp(a->o.status, b->o.status)) ||
	    (c = strcmp(a->o.region, b->o.region)))
		return c;
	return strcmp(a->o.scope, b->o.scope);
}

static int obs_key_cmp(const void *a, const void *b)
{
	return key_cmp(*(const struct sobs *const *)a,
		       *(const struct sobs *const *)b);
}

static uint32_t fnv1a(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

/* A stable ASCII id made of the key: indicator-measure, then the unit when
 * it is not the measure's usual one, -target, the scope, and the region as
 * r + 8 hex digits of its FNV-1a hash (or itself when plain ASCII):
 * gdp-growth-r1a2b3c4d, gdp-rank-city-r1a2b3c4d, gdp-growth-target-r... */
static char *make_slug(const struct sobs *k)
{
	struct buf b = {0};
	const char *reg = k->o.region;

	buf_printf(&b, "%s-%s", k->o.indicator, k->o.measure);
	if (strcmp(k->o.unit, unit_default(k->o.measure)) != 0)
		buf_printf(&b, "-%s", k->o.unit);
	if (strcmp(k->o.status, "target") == 0)
		buf_adds(&b, "-target");
	if (*k->o.scope)
		buf_printf(&b, "-%s", k->o.scope);
	if (*reg) {
		int ascii = 1;
		for (const char *p = reg; *p; p++)
			if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
			      *p == '_'))
				ascii = 0;
		if (ascii && strlen(reg) <= 32)
			buf_printf(&b, "-%s", reg);
		else
			buf_printf(&b, "-r%08x", (unsigned)fnv1a(reg));
	}
	return b.p;
}

const char *series_scope_label(const struct series_set *s, const char *scope)
{
	return rules_scope_label(s->o ? s->o->rules : NULL, scope);
}

const char *series_indicator_name(const struct series_set *s,
				  const char *indicator)
{
	const struct rule_set *rs = s->o ? s->o->rules : NULL;
	size_t n = rs ? rules_indicator_count(rs) : 0;

	for (size_t k = 0; k < n; k++) {
		const struct indicator *ind = rules_indicator(rs, k);
		if (strcmp(ind->id, indicator) == 0)
			return ind->name && *ind->name ? ind->name : indicator;
	}
	return indicator;
}

/* 固定资产投资 增速(%) 运河区; 地区生产总值 排名(全市) 东塘区;
 * 地区生产总值 增速(%) 运河区 目标. */
static char *make_label(const struct series_set *s, const struct sseries *r)
{
	const struct series_obs *k = &r->key->o;
	const char *m = measure_label(k->measure, k->unit);
	struct buf b = {0};

	buf_printf(&b, "%s %s", r->name, m);
	if (strcmp(k->measure, "rank") == 0) {
		if (*k->scope)
			buf_printf(&b, "(%s)", series_scope_label(s, k->scope));
	} else {
		buf_printf(&b, "(%s)", series_display(s, k->indicator, k->unit).label);
		if (*k->scope)
			buf_printf(&b, " %s", series_scope_label(s, k->scope));
	}
	if (*k->region)
		buf_printf(&b, " %s", k->region);
	if (strcmp(k->status, "target") == 0)
		buf_printf(&b, " %s", status_label(k->status));
	return b.p;
}

static int ser_key_cmp(const void *a, const void *b)
{
	return key_cmp((*(const struct sseries *const *)a)->key,
		       (*(const struct sseries *const *)b)->key);
}

static int slug_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sseries *)a)->slug,
		      ((const struct sseries *)b)->slug);
}

/* Groups the observations with a period into series, sorted by slug, and
 * sets each one's series index. */
static void make_series(struct series_set *s)
{
	struct sobs **v = xcalloc(s->nobs + 1, sizeof *v);
	size_t n = 0;

	for (size_t i = 0; i < s->nobs; i++)
		if (s->obs[i].p.kind != PERIOD_NONE)
			v[n++] = &s->obs[i];
	if (n > 1)
		qsort(v, n, sizeof *v, obs_key_cmp);
	s->ser = xcalloc(n + 1, sizeof *s->ser);
	for (size_t i = 0; i < n; i++) {
		if (i && key_cmp(v[i - 1], v[i]) == 0)
			continue;
		struct sseries *r = &s->ser[s->nser++];
		r->key = v[i];
		r->slug = make_slug(v[i]);
	}
	if (s->nser > 1)
		qsort(s->ser, s->nser, sizeof *s->ser, slug_cmp);
	/* two keys with one slug (a hash collision, or an ASCII region that
	 * looks like a hash): the later ones get the hash of the whole key */
	for (size_t i = 1; i < s->nser; i++) {
		if (strcmp(s->ser[i - 1].slug, s->ser[i].slug) != 0)
			continue;
		const struct series_obs *k = &s->ser[i].key->o;
		struct buf full = {0};
		buf_printf(&full, "%s|%s|%s|%s|%s|%s", k->indicator, k->measure,
			   k->unit, k->status, k->region, k->scope);
		char *old = s->ser[i].slug;
		struct buf b = {0};
		buf_printf(&b, "%s-k%08x", old, (unsigned)fnv1a(full.p));
		s->ser[i].slug = b.p;
		free(old);
		buf_free(&full);
	}
	if (s->nser > 1)
		qsort(s->ser, s->nser, sizeof *s->ser, slug_cmp);
	const struct rule_set *rs = s->o ? s->o->rules : NULL;
	size_t nind = rs ? rules_indicator_count(rs) : 0;
	for (size_t i = 0; i < s->nser; i++) {
		struct sseries *r = &s->ser[i];
		r->name = r->key->o.indicator;
		r->ind_order = (long)nind;
		for (size_t k = 0; k < nind; k++) {
			const struct indicator *ind = rules_indicator(rs, k);
			if (strcmp(ind->id, r->key->o.indicator) == 0) {
				if (ind->name && *ind->name)
					r->name = ind->name;
				r->ind_order = (long)k;
				break;
			}
		}
		r->label = make_label(s, r);
		struct buf b = {0};
		buf_printf(&b, "%s %s", r->label, origin_label(1));
		r->dlabel = b.p;
	}
	/* v and byk are sorted by the same key: the k-th distinct key of v is
	 * the k-th series of byk */
	const struct sseries **byk = xcalloc(s->nser + 1, sizeof *byk);
	for (size_t i = 0; i < s->nser; i++)
		byk[i] = &s->ser[i];
	if (s->nser > 1)
		qsort(byk, s->nser, sizeof *byk, ser_key_cmp);
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (i && key_cmp(v[i - 1], v[i]) != 0)
			k++;
		v[i]->series = (size_t)(byk[k] - s->ser);
	}
	s->byk = byk;
	free(v);
}

/* The series with the key of k (its period aside), or NONE. */
size_t set_series_of(const struct series_set *s, const struct sobs *k)
{
	size_t lo = 0, hi = s->nser;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = key_cmp(s->byk[mid]->key, k);
		if (c == 0)
			return (size_t)(s->byk[mid] - s->ser);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NONE;
}

/* ---- points ---- */

static int obs_point_cmp(const void *a, const void *b)
{
	const struct sobs *x = *(const struct sobs *const *)a;
	const struct sobs *y = *(const struct sobs *const *)b;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	return period_cmp(&x->p, &y->p);
}

/* Is x later than y: document, then line, then arrival. */
int is_later(size_t xr, long xl, size_t xs, size_t yr, long yl, size_t ys)
{
	if (xr != yr)
		return xr > yr;
	if (xl != yl)
		return xl > yl;
	return xs > ys;
}

struct spoint *point_new(struct series_set *s, size_t series,
				struct period p, const char *value,
				const char *qual, int derived)
{
	char code[32];

	VEC_GROW(s->pts, s->npts + 1, s->ptcap);
	struct spoint *pt = &s->pts[s->npts];
	memset(pt, 0, sizeof *pt);
	pt->id = s->npts++;
	pt->pub.series_index = series;
	pt->pub.p = p;
	pt->pub.period = xstrdup(period_format(&p, code, sizeof code));
	pt->pub.value = xstrdup(value);
	pt->pub.qualifier = qual;
	pt->pub.derived = derived;
	return pt;
}

/* Adds doc to the sorted-by-rank source list of pt, once. */
void docs_add(const struct series_set *s, size_t **docs, size_t *n,
		    size_t doc)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*docs)[i] == doc)
			return;
	*docs = xrealloc(*docs, (*n + 1) * sizeof **docs);
	for (i = *n; i > 0 && s->docs[(*docs)[i - 1]].rank > s->docs[doc].rank;
	     i--)
		(*docs)[i] = (*docs)[i - 1];
	(*docs)[i] = doc;
	(*n)++;
}

char *docs_join(const struct series_set *s, const size_t *docs,
		       size_t n)
{
	struct buf b = {0};

	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", s->docs[docs[i]].id);
	return b.p;
}

void conflict_add(struct series_set *s, const struct spoint *kept,
			 const char *value, const char *qual, int derived,
			 const size_t *docs, size_t ndocs, const char *file,
			 long line)
{
	VEC_GROW(s->conf, s->nconf + 1, s->confcap);
	struct sconf *c = &s->conf[s->nconf++];
	memset(c, 0, sizeof *c);
	c->kept_id = kept->id;
	c->pub.value = xstrdup(value);
	c->pub.qualifier = qual;
	c->pub.derived = derived;
	c->pub.sources = docs_join(s, docs, ndocs);
	c->pub.file = file;
	c->pub.file_line = line;
	c->rank = ndocs ? s->docs[docs[ndocs - 1]].rank : 0;

	const struct sseries *r = &s->ser[kept->pub.series_index];
	char *ksrc = docs_join(s, kept->docs, kept->ndocs);
	const char *reg = r->key->o.region;
	set_report(s, file, line, "warning",
	       "conflicting values for %s %s %s%s%s%s: %s%s %s in %s, %s%s %s in %s; keeping %s%s (%s)",
	       r->key->o.indicator, r->key->o.measure, kept->pub.period,
	       *reg ? " (" : "", reg, *reg ? ")" : "", qual, value,
	       derived ? "derived" : "reported", c->pub.sources,
	       kept->pub.qualifier, kept->pub.value,
	       kept->pub.derived ? "derived" : "reported", ksrc,
	       kept->pub.qualifier, kept->pub.value,
	       kept->pub.derived ? "later document" :
	       derived ? "a reported value wins over a derived one" :
			 "later document");
	free(ksrc);
}

/* One point from the observations v[0..n) of one series and period. */
static void merge_point(struct series_set *s, struct sobs **v, size_t n)
{
	size_t k = 0;

	for (size_t i = 1; i < n; i++)
		if (is_later(v[i]->rank, v[i]->o.line, v[i]->seq, v[k]->rank,
			  v[k]->o.line, v[k]->seq))
			k = i;
	struct spoint *pt = point_new(s, v[k]->series, v[k]->p, v[k]->o.value,
				      v[k]->o.qualifier, 0);
	pt->rank = v[k]->rank;
	pt->line = v[k]->o.line;
	pt->seq = v[k]->seq;
	char *done = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		if (value_same(v[i]->v, v[k]->v)) {
			docs_add(s, &pt->docs, &pt->ndocs, v[i]->doc);
			done[i] = 1;
		}
	size_t id = pt->id;
	/* each other value is one conflict, listing the documents that give
	 * it; the message points at the earliest of them */
	for (size_t i = 0; i < n; i++) {
		if (done[i])
			continue;
		size_t *docs = NULL, nd = 0, first = i;
		for (size_t j = i; j < n; j++)
			if (!done[j] && value_same(v[j]->v, v[i]->v)) {
				docs_add(s, &docs, &nd, v[j]->doc);
				done[j] = 1;
				if (v[j]->rank < v[first]->rank)
					first = j;
			}
		conflict_add(s, &s->pts[id], v[i]->o.value, v[i]->o.qualifier, 0,
			     docs, nd, v[first]->o.file, v[first]->o.file_line);
		free(docs);
	}
	free(done);
}

int point_at_cmp(const void *key, const void *elem)
{
	const struct spoint *x = key, *y = elem;

	if (x->pub.series_index != y->pub.series_index)
		return x->pub.series_index < y->pub.series_index ? -1 : 1;
	return period_cmp(&x->pub.p, &y->pub.p);
}

/* The reported point of series at period p, among the first n points
 * (sorted by series and period), or NONE. */
size_t point_find(const struct series_set *s, size_t n, size_t series,
			 struct period p)
{
	struct spoint key;

	key.pub.series_index = series;
	key.pub.p = p;
	const struct spoint *f = bsearch(&key, s->pts, n, sizeof *s->pts,
					 point_at_cmp);
	return f ? (size_t)(f - s->pts) : NONE;
}

static int pt_cmp(const void *a, const void *b)
{
	const struct spoint *x = a, *y = b;
	int c = point_at_cmp(x, y);

	if (c)
		return c;
	return x->pub.derived - y->pub.derived;
}

/* Conflicts by kept point, then the dropped value's document. */
static int conf_cmp(const void *a, const void *b)
{
	const struct sconf *x = a, *y = b;

	if (x->kept_id != y->kept_id)
		return x->kept_id < y->kept_id ? -1 : 1;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	return strcmp(x->pub.value, y->pub.value);
}

void series_finish(struct series_set *s)
{
	if (s->finished)
		return;
	s->finished = 1;
	display_make(s);
	order_docs(s);
	make_series(s);

	struct sobs **v = xcalloc(s->nobs + 1, sizeof *v);
	size_t n = 0;
	for (size_t i = 0; i < s->nobs; i++)
		if (s->obs[i].series != NONE)
			v[n++] = &s->obs[i];
	if (n > 1)
		qsort(v, n, sizeof *v, obs_point_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && obs_point_cmp(&v[i], &v[j]) == 0; j++)
			;
		merge_point(s, v + i, j - i);
	}
	free(v);
	derive_points(s, s->npts);

	/* final order: series (by slug), period; the conflicts follow their
	 * kept points, whose ids survive the sort */
	if (s->npts > 1)
		qsort(s->pts, s->npts, sizeof *s->pts, pt_cmp);
	size_t *pos = xcalloc(s->npts + 1, sizeof *pos);
	for (size_t i = 0; i < s->npts; i++) {
		struct spoint *pt = &s->pts[i];
		struct sseries *r = &s->ser[pt->pub.series_index];
		const struct series_obs *k = &r->key->o;
		struct date st, en;
		pos[pt->id] = i;
		if (!r->np++)
			r->p0 = i;
		if (pt->pub.derived)
			r->has_derived = 1;
		else
			r->has_reported = 1;
		pt->pub.series = r->slug;
		pt->pub.indicator = k->indicator;
		pt->pub.name = r->name;
		pt->pub.measure = k->measure;
		pt->pub.unit = k->unit;
		pt->pub.status = k->status;
		pt->pub.region = k->region;
		pt->pub.scope = k->scope;
		period_bounds(&pt->pub.p, &st, &en);
		date_format(st, pt->pub.start);
		date_format(en, pt->pub.end);
		pt->pub.sources = docs_join(s, pt->docs, pt->ndocs);
	}
	for (size_t i = 0; i < s->nconf; i++) {
		s->conf[i].kept_id = pos[s->conf[i].kept_id];
		s->conf[i].pub.kept = &s->pts[s->conf[i].kept_id].pub;
	}
	free(pos);
	if (s->nconf > 1)
		qsort(s->conf, s->nconf, sizeof *s->conf, conf_cmp);
	pivot_make(s);
}
