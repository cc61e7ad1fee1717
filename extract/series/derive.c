/* derive: the rate of a year earlier from a change in points and the
 * current rate (4.6% up 1.4 pp -> 3.2%); see series.h. */
#include "series/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/schema.h"
#include "base/xalloc.h"

static int decimals_of(const char *v)
{
	const char *dot = strchr(v, '.');

	return dot ? (int)strlen(dot + 1) : 0;
}

/* x with at most dec decimals, trailing zeros dropped, no "-0". */
static void format_decimal(double x, int dec, char *buf, size_t n)
{
	snprintf(buf, n, "%.*f", dec > 15 ? 15 : dec, x);
	if (strchr(buf, '.')) {
		size_t l = strlen(buf);
		while (l > 0 && buf[l - 1] == '0')
			buf[--l] = '\0';
		if (l > 0 && buf[l - 1] == '.')
			buf[--l] = '\0';
	}
	if (strcmp(buf, "-0") == 0)
		strcpy(buf, "0");
}

/* The last occurrence in e[0..end) of any word of set; sets *which. */
static const char *last_of(const char *e, size_t end,
			   const char *const *set, int *which)
{
	const char *best = NULL;

	for (size_t i = 0; i < end; i++)
		for (int w = 0; set[w]; w++) {
			size_t l = strlen(set[w]);
			if (i + l <= end && memcmp(e + i, set[w], l) == 0) {
				best = e + i;
				*which = w;
			}
		}
	return best;
}

/* Does the change whose evidence is e compare with the same period of the
 * year before?  较上年同期提高1.4个百分点, 比去年提高, 同比提高: yes;
 * 较一季度提高, 比上半年回落, 高于全市平均: no.  With no evidence the
 * schema's meaning (a change against the year before) is taken. */
static int year_ago_base(const char *e)
{
	static const char *const marks[] = { "较", "比", NULL };
	static const char *const bases[] = {
		"上年", "去年", "同期", "前一年", NULL,
	};
	const char *pp = strstr(e, "百分点");
	size_t end = pp ? (size_t)(pp - e) : strlen(e);
	int w;

	if (!*e)
		return 1;
	while (end > 0) {
		const char *m = last_of(e, end, marks, &w);
		if (!m)
			break;
		/* 同比 is itself the base; 环比 is not; 占比 and 比重 are not
		 * comparisons at all: look further back */
		if (w == 1 && m >= e + 3 && memcmp(m - 3, "同", 3) == 0)
			return 1;
		if (w == 1 && m >= e + 3 && memcmp(m - 3, "环", 3) == 0)
			return 0;
		if (w == 1 && ((m >= e + 3 && memcmp(m - 3, "占", 3) == 0) ||
			       strncmp(m + 3, "重", 3) == 0)) {
			end = (size_t)(m - e);
			continue;
		}
		for (int b = 0; bases[b]; b++)
			if (strncmp(m + 3, bases[b], strlen(bases[b])) == 0)
				return 1;
		return 0;
	}
	return 0;
}

/* The rate a change is about, when the evidence says it (增速 → growth,
 * 比重 → share), else NULL. */
static const char *rate_hint(const char *e)
{
	static const char *const words[] = {
		"增速", "增幅", "增长", "比重", "占比", "占", NULL,
	};
	const char *pp = strstr(e, "百分点");
	int w = -1;

	if (!last_of(e, pp ? (size_t)(pp - e) : strlen(e), words, &w))
		return NULL;
	return w < 3 ? "growth" : "share";
}

struct cand {
	size_t series;
	struct period p;
	char value[64];
	const char *qual;
	size_t rank, seq;
	long line;
	size_t *docs, ndocs;
	const struct sobs *change;
};

static int doc_ind_cmp(const void *a, const void *b)
{
	const struct sobs *x = *(const struct sobs *const *)a;
	const struct sobs *y = *(const struct sobs *const *)b;

	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return strcmp(x->o.indicator, y->o.indicator);
}

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	return period_cmp(&x->p, &y->p);
}

static int is_rate_measure(const char *m, const char *hint)
{
	if (hint)
		return strcmp(m, hint) == 0;
	return measure_is_rate(m);
}

/* Same indicator, status, region and scope; a percent rate; same period. */
static int rate_of(const struct sobs *c, const struct sobs *r,
		   const char *hint)
{
	return r->p.kind != PERIOD_NONE && strcmp(r->o.unit, "percent") == 0 &&
	       is_rate_measure(r->o.measure, hint) &&
	       strcmp(r->o.indicator, c->o.indicator) == 0 &&
	       strcmp(r->o.status, c->o.status) == 0 &&
	       strcmp(r->o.region, c->o.region) == 0 &&
	       strcmp(r->o.scope, c->o.scope) == 0 &&
	       period_cmp(&r->p, &c->p) == 0;
}

/* The rate of the same indicator, status, region, scope and period that
 * the document of change c states nearest before c (or, when none is
 * before it, nearest after); NULL when none, or when two of different
 * measures are equally near (*ambiguous set). */
static const struct sobs *rate_in_doc(const struct series_set *s,
				      const struct sobs *c, const char *hint,
				      int *ambiguous)
{
	const struct sobs *best = NULL;
	size_t lo = 0, hi = s->nobs;

	*ambiguous = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (doc_ind_cmp(&s->byd[mid], &c) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < s->nobs && doc_ind_cmp(&s->byd[i], &c) == 0; i++) {
		const struct sobs *r = s->byd[i];
		if (!rate_of(c, r, hint))
			continue;
		int r_before = r->o.line <= c->o.line;
		if (!best) {
			best = r;
			*ambiguous = 0;
			continue;
		}
		int b_before = best->o.line <= c->o.line;
		long dr = labs(r->o.line - c->o.line), db = labs(best->o.line - c->o.line);
		if (r_before != b_before ? r_before : dr < db) {
			best = r;
			*ambiguous = 0;
		} else if (r_before == b_before && dr == db &&
			   strcmp(r->o.measure, best->o.measure) != 0) {
			*ambiguous = 1;
		} else if (r_before == b_before && dr == db && r->seq > best->seq) {
			best = r;
		}
	}
	return best;
}

/* With no rate in the change's document: the one merged point of a rate
 * (growth, share or rate, as hinted) at the change's period, or NONE when
 * there is none or more than one. */
static size_t rate_merged(const struct series_set *s, size_t nrep,
			  const struct sobs *c, const char *hint)
{
	static const char *const rates[] = { "growth", "share", "rate" };
	size_t found = NONE, nfound = 0;

	for (size_t m = 0; m < 3; m++) {
		struct sobs probe = *c;
		if (hint && strcmp(hint, rates[m]) != 0)
			continue;
		probe.o.measure = rates[m];
		probe.o.unit = "percent";
		size_t ser = set_series_of(s, &probe);
		size_t at = ser == NONE ? NONE : point_find(s, nrep, ser, c->p);
		if (at != NONE) {
			found = at;
			nfound++;
		}
	}
	return nfound == 1 ? found : NONE;
}

/* The candidate derived point of a change observation c, or 0 when it has
 * none (not against the year before, no rate, or it is ambiguous). */
static int derive_one(const struct series_set *s, size_t nrep,
		      const struct sobs *c, struct cand *out)
{
	const char *hint, *rate_str, *rate_qual;
	int ambiguous;
	double rate;

	if (strcmp(c->o.unit, "pp") != 0 || strcmp(c->o.status, "actual") != 0 ||
	    c->p.kind == PERIOD_NONE || !year_ago_base(c->o.evidence))
		return 0;
	hint = rate_hint(c->o.evidence);
	const struct sobs *best = rate_in_doc(s, c, hint, &ambiguous);
	memset(out, 0, sizeof *out);
	if (best && ambiguous)
		return 0;
	if (best) {
		rate = best->v;
		rate_str = best->o.value;
		rate_qual = best->o.qualifier;
		out->series = best->series;
		docs_add(s, &out->docs, &out->ndocs, c->doc);
		docs_add(s, &out->docs, &out->ndocs, best->doc);
	} else {
		size_t found = rate_merged(s, nrep, c, hint);
		if (found == NONE)
			return 0;
		const struct spoint *pt = &s->pts[found];
		rate = strtod(pt->pub.value, NULL);
		rate_str = pt->pub.value;
		rate_qual = pt->pub.qualifier;
		out->series = pt->pub.series_index;
		docs_add(s, &out->docs, &out->ndocs, c->doc);
		for (size_t i = 0; i < pt->ndocs; i++)
			docs_add(s, &out->docs, &out->ndocs, pt->docs[i]);
	}
	/* 4.6 - 1.4 = 3.2, to as many decimals as the inputs have */
	int dec = decimals_of(rate_str) > decimals_of(c->o.value) ?
		  decimals_of(rate_str) : decimals_of(c->o.value);
	format_decimal(rate - c->v, dec, out->value, sizeof out->value);
	out->p = period_year_before(c->p);
	out->qual = *c->o.qualifier ? qualifier_static("~") : rate_qual;
	out->rank = c->rank;
	out->line = c->o.line;
	out->seq = c->seq;
	out->change = c;
	return 1;
}

/* Derived points for the reported points s->pts[0..nrep). */
void derive_points(struct series_set *s, size_t nrep)
{
	struct cand *cv = NULL;
	size_t nc = 0, capc = 0;

	s->byd = xcalloc(s->nobs + 1, sizeof *s->byd);
	for (size_t i = 0; i < s->nobs; i++)
		s->byd[i] = &s->obs[i];
	if (s->nobs > 1)
		qsort(s->byd, s->nobs, sizeof *s->byd, doc_ind_cmp);
	for (size_t i = 0; i < s->nobs; i++) {
		const struct sobs *c = &s->obs[i];
		struct cand cd;
		if (strcmp(c->o.measure, "change") != 0)
			continue;
		if (!derive_one(s, nrep, c, &cd))
			continue;
		VEC_GROW(cv, nc + 1, capc);
		cv[nc++] = cd;
	}
	if (nc > 1)
		qsort(cv, nc, sizeof *cv, cand_cmp);
	for (size_t i = 0, j; i < nc; i = j) {
		for (j = i + 1; j < nc && cand_cmp(&cv[i], &cv[j]) == 0; j++)
			;
		size_t rep = point_find(s, nrep, cv[i].series, cv[i].p);
		if (rep != NONE) {
			/* a reported value wins; one that disagrees is noted */
			for (size_t k = i; k < j; k++)
				if (!value_same(strtod(cv[k].value, NULL),
						strtod(s->pts[rep].pub.value, NULL)))
					conflict_add(s, &s->pts[rep], cv[k].value,
						     cv[k].qual, 1, cv[k].docs,
						     cv[k].ndocs, cv[k].change->o.file,
						     cv[k].change->o.file_line);
			continue;
		}
		size_t kk = i;
		for (size_t k = i + 1; k < j; k++)
			if (is_later(cv[k].rank, cv[k].line, cv[k].seq, cv[kk].rank,
				  cv[kk].line, cv[kk].seq))
				kk = k;
		struct spoint *pt = point_new(s, cv[kk].series, cv[kk].p,
					      cv[kk].value, cv[kk].qual, 1);
		size_t id = pt->id;
		double kv = strtod(cv[kk].value, NULL);
		for (size_t k = i; k < j; k++)
			if (value_same(strtod(cv[k].value, NULL), kv))
				for (size_t d = 0; d < cv[k].ndocs; d++)
					docs_add(s, &s->pts[id].docs, &s->pts[id].ndocs,
						cv[k].docs[d]);
		for (size_t k = i; k < j; k++)
			if (!value_same(strtod(cv[k].value, NULL), kv))
				conflict_add(s, &s->pts[id], cv[k].value, cv[k].qual,
					     1, cv[k].docs, cv[k].ndocs,
					     cv[k].change->o.file,
					     cv[k].change->o.file_line);
		s->nderived++;
	}
	for (size_t i = 0; i < nc; i++)
		free(cv[i].docs);
	free(cv);
}
