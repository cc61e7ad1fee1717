/* set: a series set — new, free, reading observation files and
 * manifests, and the accessors; see series.h. */
#include "series/model.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "base/schema.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "pipeline/manifest.h"
#include "pipeline/rules.h"

void set_report(const struct series_set *s, const char *file, long line,
		   const char *severity, const char *fmt, ...)
{
	struct diag d;
	va_list ap;

	if (!s->o || !s->o->report)
		return;
	diag_clear(&d);
	d.line = line;
	va_start(ap, fmt);
	vsnprintf(d.msg, sizeof d.msg, fmt, ap);
	va_end(ap);
	s->o->report(s->o->ctx, file, &d, severity);
}

struct series_set *series_new(const struct series_opts *o)
{
	struct series_set *s = xcalloc(1, sizeof *s);

	s->o = o;
	return s;
}

static void obs_free(struct series_obs *o)
{
	free((char *)o->doc);
	free((char *)o->indicator);
	free((char *)o->value);
	free((char *)o->period);
	free((char *)o->scope);
	free((char *)o->region);
	free((char *)o->evidence);
	free((char *)o->rule);
	free((char *)o->base);
}

void series_free(struct series_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nobs; i++)
		obs_free(&s->obs[i].o);
	free(s->obs);
	for (size_t i = 0; i < s->nfiles; i++)
		free(s->files[i]);
	free(s->files);
	for (size_t i = 0; i < s->ndates; i++)
		free(s->dates[i].doc);
	free(s->dates);
	free(s->docs);
	free(s->disp);
	for (size_t i = 0; i < s->nser; i++) {
		free(s->ser[i].slug);
		free(s->ser[i].label);
		free(s->ser[i].dlabel);
	}
	free(s->ser);
	for (size_t i = 0; i < s->npts; i++) {
		free((char *)s->pts[i].pub.value);
		free((char *)s->pts[i].pub.period);
		free((char *)s->pts[i].pub.sources);
		free(s->pts[i].docs);
	}
	free(s->pts);
	for (size_t i = 0; i < s->nconf; i++) {
		free((char *)s->conf[i].pub.value);
		free((char *)s->conf[i].pub.sources);
	}
	free(s->conf);
	free(s->byk);
	free(s->byd);
	free(s->rows);
	free(s->cols);
	free(s);
}

static int disp_cmp(const void *a, const void *b)
{
	const struct sdisp *x = a, *y = b;
	int c = strcmp(x->indicator, y->indicator);

	return c ? c : strcmp(x->unit, y->unit);
}

void display_make(struct series_set *s)
{
	const struct rule_set *rs = s->o ? s->o->rules : NULL;
	double *max = xcalloc(s->nobs + 1, sizeof *max);

	s->disp = xcalloc(s->nobs + 1, sizeof *s->disp);
	for (size_t i = 0; i < s->nobs; i++)
		s->disp[i] = (struct sdisp){ s->obs[i].o.indicator,
					     s->obs[i].o.unit, { "", 0 } };
	if (s->nobs > 1)
		qsort(s->disp, s->nobs, sizeof *s->disp, disp_cmp);
	for (size_t i = 0; i < s->nobs; i++)
		if (!s->ndisp || disp_cmp(&s->disp[s->ndisp - 1], &s->disp[i]) != 0)
			s->disp[s->ndisp++] = s->disp[i];
	for (size_t i = 0; i < s->nobs; i++) {
		struct sdisp key = { s->obs[i].o.indicator, s->obs[i].o.unit, { "", 0 } };
		struct sdisp *d = bsearch(&key, s->disp, s->ndisp, sizeof *d, disp_cmp);
		size_t k = (size_t)(d - s->disp);
		if (fabs(s->obs[i].v) > max[k])
			max[k] = fabs(s->obs[i].v);
	}
	for (size_t k = 0; k < s->ndisp; k++) {
		const struct indicator *ind =
			rules_indicator_find(rs, s->disp[k].indicator, NULL);
		s->disp[k].du = display_unit_choose(ind ? ind->display : NULL,
						    s->disp[k].unit, max[k]);
	}
	free(max);
}

struct display_unit series_display(const struct series_set *s,
				   const char *indicator, const char *unit)
{
	struct sdisp key = { indicator, unit, { "", 0 } };
	const struct sdisp *d = s->ndisp ? bsearch(&key, s->disp, s->ndisp,
						   sizeof *d, disp_cmp) : NULL;

	return d ? d->du : display_unit_pick(unit, 0);
}

char *series_display_value(const struct series_set *s,
			   const struct series_point *p, const char *value,
			   char *buf, size_t n)
{
	return display_value(value, series_display(s, p->indicator, p->unit).shift,
			     buf, n);
}

static int is_code(const char *s, int empty_ok)
{
	if (!*s)
		return empty_ok;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '_'))
			return 0;
	return 1;
}

static const char *nz(const char *s)
{
	return s ? s : "";
}

int series_add(struct series_set *s, const struct series_obs *ob,
	       struct diag *d)
{
	int m = measure_from_name(nz(ob->measure)), u = unit_from_name(nz(ob->unit));
	const char *measure = m < 0 ? NULL : measure_name((enum measure)m);
	const char *unit = u < 0 ? NULL : unit_name((enum unit)u);
	const char *status = status_code(nz(ob->status));
	const char *qual = qualifier_static(nz(ob->qualifier));
	struct period p = { PERIOD_NONE, 0, 0, 0, 0 };

	diag_clear(d);
	d->line = ob->file_line;
	if (!*nz(ob->doc))
		diag_set(d, "empty doc");
	else if (!is_code(nz(ob->indicator), 0))
		diag_set(d, "indicator '%.100s' is not a lower_snake_case id",
			 nz(ob->indicator));
	else if (!measure)
		diag_set(d, "unknown measure '%.100s' (level, growth, share, rank, change, rate)",
			 nz(ob->measure));
	else if (!schema_is_decimal(nz(ob->value)))
		diag_set(d, "value '%.100s' is not a plain decimal number",
			 nz(ob->value));
	else if (!unit)
		diag_set(d, "unknown unit '%.100s' (CNY, percent, pp, rank, count)",
			 nz(ob->unit));
	else if (*nz(ob->period) && !period_parse(ob->period, &p))
		diag_set(d, "period '%.100s' is not a period code (2025, 2025-Q1, 2025-H1, 2025-01/2025-11, 2025-03, 2025-04-30)",
			 ob->period);
	else if (!status)
		diag_set(d, "unknown status '%.100s' (actual, target)",
			 nz(ob->status));
	else if (!qual)
		diag_set(d, "unknown qualifier '%.100s' (>=, >, ~, <=)",
			 nz(ob->qualifier));
	else if (!is_code(nz(ob->scope), 1))
		diag_set(d, "scope '%.100s' is not a code (city, province, nation, urban)",
			 nz(ob->scope));
	if (d->msg[0])
		return -1;
	VEC_GROW(s->obs, s->nobs + 1, s->cap);
	struct sobs *o = &s->obs[s->nobs];
	memset(o, 0, sizeof *o);
	o->o.doc = xstrdup(ob->doc);
	o->o.indicator = xstrdup(ob->indicator);
	o->o.measure = measure;
	o->o.value = xstrdup(ob->value);
	o->o.unit = unit;
	o->o.period = xstrdup(nz(ob->period));
	o->o.status = status;
	o->o.qualifier = qual;
	o->o.scope = xstrdup(nz(ob->scope));
	o->o.region = xstrdup(nz(ob->region));
	o->o.evidence = xstrdup(nz(ob->evidence));
	o->o.rule = xstrdup(nz(ob->rule));
	o->o.base = xstrdup(nz(ob->base));
	o->o.line = ob->line;
	o->o.file_line = ob->file_line;
	o->o.file = "";
	for (size_t i = 0; ob->file && i < s->nfiles; i++)
		if (strcmp(s->files[i], ob->file) == 0)
			o->o.file = s->files[i];
	if (ob->file && !*o->o.file) {
		VEC_GROW(s->files, s->nfiles + 1, s->capfiles);
		s->files[s->nfiles] = xstrdup(ob->file);
		o->o.file = s->files[s->nfiles++];
	}
	o->p = p;
	o->v = strtod(ob->value, NULL);
	o->seq = s->nobs;
	o->series = o->doc = NONE;
	s->nobs++;
	return 0;
}

int series_read(struct series_set *s, const char *path)
{
	static const char *const need[] = {
		"doc", "indicator", "measure", "value", "unit", "period", "status",
	};
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	struct table t;
	struct diag d;
	int c[7], bad = 0;

	diag_clear(&d);
	if ((strcmp(path, "-") == 0 ? table_read_stream(stdin, &t, &d) :
				      table_read(path, &t, &d)) < 0) {
		if (s->o && s->o->report)
			s->o->report(s->o->ctx, name, &d, "error");
		return -1;
	}
	for (int i = 0; i < 7; i++)
		if ((c[i] = table_col(&t, need[i])) < 0) {
			set_report(s, name, 1, "error",
			       "not an observations file: no column '%s' (see SCHEMA.md)",
			       need[i]);
			table_free(&t);
			return -1;
		}
	int cq = table_col(&t, "qualifier"), cs = table_col(&t, "scope");
	int cr = table_col(&t, "region"), cl = table_col(&t, "line");
	int ce = table_col(&t, "evidence"), cu = table_col(&t, "rule");
	int cb = table_col(&t, "base");
	for (size_t r = 0; r < t.nrows; r++) {
		const char *line = table_get(&t, r, cl);
		char *end;
		struct series_obs ob = {
			.doc = table_get(&t, r, c[0]),
			.indicator = table_get(&t, r, c[1]),
			.measure = table_get(&t, r, c[2]),
			.value = table_get(&t, r, c[3]),
			.unit = table_get(&t, r, c[4]),
			.period = table_get(&t, r, c[5]),
			.status = table_get(&t, r, c[6]),
			.qualifier = table_get(&t, r, cq),
			.scope = table_get(&t, r, cs),
			.region = table_get(&t, r, cr),
			.evidence = table_get(&t, r, ce),
			.rule = table_get(&t, r, cu),
			.base = table_get(&t, r, cb),
			.line = *line ? strtol(line, &end, 10) : 0,
			.file = name,
			.file_line = t.line[r],
		};
		if (*line && (*end || ob.line < 0)) {
			set_report(s, name, t.line[r], "error",
			       "line '%.100s' is not a line number; row skipped", line);
			s->bad_rows++;
			bad = 1;
			continue;
		}
		if (series_add(s, &ob, &d) < 0) {
			struct diag e = d;
			snprintf(e.msg, sizeof e.msg, "%.480s; row skipped", d.msg);
			if (s->o && s->o->report)
				s->o->report(s->o->ctx, name, &e, "error");
			s->bad_rows++;
			bad = 1;
		} else if (!*ob.period) {
			set_report(s, name, t.line[r], "warning",
			       "no period: %s %s of %s is in no series",
			       ob.indicator, ob.measure, ob.doc);
		}
	}
	table_free(&t);
	return bad;
}

void series_set_doc_date(struct series_set *s, const char *doc,
			 struct date date)
{
	VEC_GROW(s->dates, s->ndates + 1, s->capdates);
	s->dates[s->ndates].doc = xstrdup(doc);
	s->dates[s->ndates++].date = date;
}

int series_read_manifest(struct series_set *s, const char *path)
{
	struct table t;
	struct diag d;
	int bad = 0;

	diag_clear(&d);
	if (manifest_table(path, &t, &d) < 0) {
		if (s->o && s->o->report)
			s->o->report(s->o->ctx, path, &d, "error");
		return -1;
	}
	int cd = table_col(&t, "doc"), ct = table_col(&t, "date");
	if (cd < 0 || ct < 0) {
		set_report(s, path, 1, "error",
		       "manifest lacks the column '%s' (needs doc and date)",
		       cd < 0 ? "doc" : "date");
		table_free(&t);
		return -1;
	}
	for (size_t r = 0; r < t.nrows; r++) {
		const char *date = table_get(&t, r, ct);
		struct date dt;
		if (!*date)
			continue;     /* the documents' periods order it */
		if (!date_parse_loose(date, &dt)) {
			set_report(s, path, t.line[r], "error",
			       "date '%.100s' is not a valid date (2025-05-09, 2025/5/9, 2025.5.9 or 2025年5月9日); row skipped",
			       date);
			bad = 1;
			continue;
		}
		series_set_doc_date(s, table_get(&t, r, cd), dt);
	}
	table_free(&t);
	return bad;
}

size_t series_obs_count(const struct series_set *s)
{
	return s->nobs;
}

const struct series_obs *series_obs_at(const struct series_set *s, size_t i)
{
	return i < s->nobs ? &s->obs[i].o : NULL;
}

size_t series_count(const struct series_set *s)
{
	return s->nser;
}

const char *series_slug(const struct series_set *s, size_t i)
{
	return i < s->nser ? s->ser[i].slug : NULL;
}

size_t series_point_count(const struct series_set *s)
{
	return s->npts;
}

const struct series_point *series_point_at(const struct series_set *s,
					   size_t i)
{
	return i < s->npts ? &s->pts[i].pub : NULL;
}

size_t series_conflict_count(const struct series_set *s)
{
	return s->nconf;
}

const struct series_conflict *series_conflict_at(const struct series_set *s,
						 size_t i)
{
	return i < s->nconf ? &s->conf[i].pub : NULL;
}

size_t series_doc_count(const struct series_set *s)
{
	return s->ndocs;
}

size_t series_pivot_rows(const struct series_set *s)
{
	return s->nrows;
}

const struct series_point *series_pivot_row(const struct series_set *s,
					    size_t row)
{
	return row < s->nrows ? &s->pts[s->rows[row]].pub : NULL;
}

size_t series_pivot_cols(const struct series_set *s)
{
	return s->ncols;
}

const struct series_column *series_pivot_col(const struct series_set *s,
					     size_t col)
{
	return col < s->ncols ? &s->cols[col] : NULL;
}

const struct series_point *series_pivot_cell(const struct series_set *s,
					     size_t row, size_t col)
{
	if (row >= s->nrows || col >= s->ncols)
		return NULL;
	const struct series_column *c = &s->cols[col];
	const struct sseries *r = &s->ser[c->series];
	/* a series' points are sorted by period, so by row */
	size_t lo = r->p0, hi = r->p0 + r->np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->pts[mid].pub.row < row)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < r->p0 + r->np && s->pts[lo].pub.row == row; lo++)
		if (s->pts[lo].pub.derived == c->derived)
			return &s->pts[lo].pub;
	return NULL;
}

size_t series_first_point(const struct series_set *s, size_t i, size_t *n)
{
	*n = i < s->nser ? s->ser[i].np : 0;
	return i < s->nser ? s->ser[i].p0 : 0;
}

const struct series_opts *series_opts_of(const struct series_set *s)
{
	return s->o;
}

void series_summarize(const struct series_set *s, struct series_summary *z)
{
	z->observations = s->nobs;
	z->bad_rows = s->bad_rows;
	z->docs = s->ndocs;
	z->series = s->nser;
	z->points = s->npts;
	z->derived = s->nderived;
	z->conflicts = s->nconf;
	z->periods = s->nrows;
}
