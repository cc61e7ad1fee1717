/* pivot: periods down, one column per series (and one for its derived
 * points); see series.h. */
#include "series/model.h"

#include <stdlib.h>
#include <string.h>

#include "base/schema.h"
#include "base/xalloc.h"

/* A pivot column while the columns are sorted. */
struct colsort {
	struct series_column c;
	const struct sseries *r;
};

/* Columns: region, then indicator in rule order, measure, unit, status,
 * scope; the derived column right after its series. */
static int col_cmp(const void *a, const void *b)
{
	const struct colsort *x = a, *y = b;
	const struct sseries *p = x->r, *q = y->r;
	const struct series_obs *k = &p->key->o, *l = &q->key->o;
	int c;

	if ((c = strcmp(k->region, l->region)))
		return c;
	if (p->ind_order != q->ind_order)
		return p->ind_order < q->ind_order ? -1 : 1;
	if ((c = strcmp(k->indicator, l->indicator)))
		return c;
	if ((c = measure_order(k->measure) - measure_order(l->measure)))
		return c;
	if ((c = strcmp(k->unit, l->unit)))
		return c;
	if ((c = strcmp(k->status, l->status)))
		return c;
	if ((c = strcmp(k->scope, l->scope)))
		return c;
	return x->c.derived - y->c.derived;
}

void pivot_make(struct series_set *s)
{
	/* rows: the distinct periods, in time order (points of series 0 at
	 * every period, sorted like points) */
	struct spoint *tmp = xcalloc(s->npts + 1, sizeof *tmp);
	for (size_t i = 0; i < s->npts; i++) {
		tmp[i].pub.p = s->pts[i].pub.p;
		tmp[i].id = i;
	}
	if (s->npts > 1)
		qsort(tmp, s->npts, sizeof *tmp, point_at_cmp);
	s->rows = xcalloc(s->npts + 1, sizeof *s->rows);
	for (size_t i = 0; i < s->npts; i++) {
		if (!s->nrows ||
		    period_cmp(&tmp[i].pub.p,
				      &s->pts[s->rows[s->nrows - 1]].pub.p) != 0)
			s->rows[s->nrows++] = tmp[i].id;
		s->pts[tmp[i].id].pub.row = s->nrows - 1;
	}
	free(tmp);
	struct colsort *cs = xcalloc(2 * s->nser + 1, sizeof *cs);
	for (size_t i = 0; i < s->nser; i++) {
		const struct series_obs *k = &s->ser[i].key->o;
		const char *ul = series_display(s, k->indicator, k->unit).label;
		if (s->ser[i].has_reported)
			cs[s->ncols++] = (struct colsort){
				{ i, 0, s->ser[i].label, ul }, &s->ser[i] };
		if (s->ser[i].has_derived)
			cs[s->ncols++] = (struct colsort){
				{ i, 1, s->ser[i].dlabel, ul }, &s->ser[i] };
	}
	if (s->ncols > 1)
		qsort(cs, s->ncols, sizeof *cs, col_cmp);
	s->cols = xcalloc(s->ncols + 1, sizeof *s->cols);
	for (size_t i = 0; i < s->ncols; i++)
		s->cols[i] = cs[i].c;
	free(cs);
}
