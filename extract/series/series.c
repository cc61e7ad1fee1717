/* series: observations merged into time series and written out; see
 * series.h for the merging, ordering and derivation rules. */
#include "series/series.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pipeline/rules.h"
#include "base/atomic.h"
#include "base/fs.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "series/changes.h"
#include "series/xlsx.h"

#define NONE SIZE_MAX

/* ---- the codes of the schema (SCHEMA.md) ---- */

static const char *const measures[] = {
	"level", "growth", "share", "rate", "change", "rank", NULL,
};
static const char *const units[] = {
	"CNY", "percent", "pp", "rank", "count", NULL,
};
static const char *const statuses[] = { "actual", "target", NULL };
static const char *const qualifiers[] = { "", ">=", ">", "~", "<=", NULL };

/* The static copy of s in set, or NULL: codes are then compared and kept
 * as these pointers. */
static const char *code_of(const char *const *set, const char *s)
{
	for (; *set; set++)
		if (strcmp(*set, s) == 0)
			return *set;
	return NULL;
}

static int code_index(const char *const *set, const char *s)
{
	for (int i = 0; set[i]; i++)
		if (strcmp(set[i], s) == 0)
			return i;
	return 99;
}

/* ---- the set ---- */

struct sobs {
	struct series_obs o;          /* strings owned */
	struct period p;              /* kind NONE: no period, in no series */
	double v;
	size_t doc;                   /* index into docs (after finish) */
	size_t rank;                  /* the document's place in time */
	size_t series;                /* series index (after finish) */
	size_t seq;                   /* order of arrival */
};

struct sdoc {
	const char *id;               /* borrowed from an observation */
	struct date date;             /* from a manifest; y == 0 when none */
	struct date est;              /* the latest period end it reports */
	size_t rank;
};

struct sdate {
	char *doc;
	struct date date;
};

struct sseries {
	const struct sobs *key;       /* an observation with its key */
	char *slug, *label, *dlabel;  /* dlabel: label of the derived column */
	const char *name;
	long ind_order;               /* the indicator's place in the rules */
	size_t p0, np;                /* its points, after finish */
	int has_reported, has_derived;
};

struct spoint {
	struct series_point pub;      /* value, period, sources owned */
	size_t id;                    /* order of creation */
	size_t *docs;                 /* sources, document indices */
	size_t ndocs;
	size_t rank;                  /* rank of the document whose value it is */
	long line;
	size_t seq;
};

struct sconf {
	struct series_conflict pub;   /* value, sources owned */
	size_t kept_id;               /* spoint id of the kept point */
	size_t rank;                  /* latest document of the dropped value */
};

struct series_set {
	const struct series_opts *o;
	struct sobs *obs;
	size_t nobs, cap;
	char **files;
	size_t nfiles;
	struct sdate *dates;
	size_t ndates;
	struct sdoc *docs;
	size_t ndocs;
	struct sseries *ser;
	size_t nser;
	struct spoint *pts;
	size_t npts, ptcap;
	struct sconf *conf;
	size_t nconf, confcap;
	const struct sseries **byk;   /* series sorted by key */
	struct sobs **byd;            /* observations sorted by doc, indicator */
	size_t *rows;                 /* a point index for each pivot row */
	size_t nrows;
	struct series_column *cols;
	size_t ncols;
	size_t nderived;
	size_t bad_rows;
	int finished;
};

static void report(const struct series_set *s, const char *file, long line,
		   const char *severity, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void report(const struct series_set *s, const char *file, long line,
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

/* ---- periods ---- */

static int is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* The digits s[0..n) as a number, or -1 when any is not a digit. */
static int digits(const char *s, size_t n)
{
	int v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* Months a..b of year y the way the schema writes them: 1-3月 is 2025-Q1,
 * 1-6月 2025-H1, 1-12月 the year, one month 2025-03. */
static struct period months_of(int y, int a, int b)
{
	struct period p = { PERIOD_MONTHS, y, a, b, 0 };

	if (a == b)
		p = (struct period){ PERIOD_MONTH, y, a, 0, 0 };
	else if (a == 1 && b == 12)
		p = (struct period){ PERIOD_YEAR, y, 0, 0, 0 };
	else if ((a == 1 && b == 6) || (a == 7 && b == 12))
		p = (struct period){ PERIOD_HALF, y, a == 1 ? 1 : 2, 0, 0 };
	else if (a % 3 == 1 && b == a + 2)
		p = (struct period){ PERIOD_QUARTER, y, (a + 2) / 3, 0, 0 };
	return p;
}

int series_period_parse(const char *code, struct period *p)
{
	size_t n = code ? strlen(code) : 0;
	int y, a, b;
	struct date d;

	if (n < 4 || (y = digits(code, 4)) < 1)
		return 0;
	if (n == 4) {
		*p = (struct period){ PERIOD_YEAR, y, 0, 0, 0 };
		return 1;
	}
	if (code[4] != '-')
		return 0;
	if (n == 7 && (code[5] == 'Q' || code[5] == 'H')) {
		a = digits(code + 6, 1);
		if (a < 1 || a > (code[5] == 'Q' ? 4 : 2))
			return 0;
		*p = (struct period){ code[5] == 'Q' ? PERIOD_QUARTER : PERIOD_HALF,
				      y, a, 0, 0 };
		return 1;
	}
	if (n == 7) {
		a = digits(code + 5, 2);
		if (a < 1 || a > 12)
			return 0;
		*p = (struct period){ PERIOD_MONTH, y, a, 0, 0 };
		return 1;
	}
	if (n == 10) {
		if (!date_parse(code, &d))
			return 0;
		*p = (struct period){ PERIOD_DAY, d.y, d.m, d.d, 0 };
		return 1;
	}
	/* YYYY-MM/YYYY-MM, months of one year */
	if (n == 15 && code[7] == '/' && code[12] == '-' &&
	    digits(code + 8, 4) == y) {
		a = digits(code + 5, 2);
		b = digits(code + 13, 2);
		if (a < 1 || b > 12 || a > b)
			return 0;
		*p = months_of(y, a, b);
		return 1;
	}
	return 0;
}

void series_period_bounds(const struct period *p, struct date *start,
			  struct date *end)
{
	int a = 1, b = 12;

	switch (p->kind) {
	case PERIOD_QUARTER:
		a = 3 * p->a - 2;
		b = 3 * p->a;
		break;
	case PERIOD_HALF:
		a = 6 * p->a - 5;
		b = 6 * p->a;
		break;
	case PERIOD_MONTHS:
		a = p->a;
		b = p->b;
		break;
	case PERIOD_MONTH:
		a = b = p->a;
		break;
	case PERIOD_DAY:
		*start = *end = (struct date){ p->year, p->a, p->b };
		return;
	case PERIOD_YEAR:
	case PERIOD_NONE:
		break;
	}
	*start = (struct date){ p->year, a, 1 };
	*end = (struct date){ p->year, b, month_days(p->year, b) };
}

static long date_key(struct date d)
{
	return (long)d.y * 10000 + d.m * 100 + d.d;
}

/* Time order of periods: by end date, so that a cumulative 1-11月 (ends
 * 11-30) comes before its full year (12-31) and 2023-Q1 before 2023-H1;
 * then by start date, so that of periods ending the same day the longest
 * comes first (2023, 2023-H2, 2023-Q4, 2023-12, 2023-12-31); then by kind
 * and fields, which only makes the order total. */
int series_period_cmp(const struct period *a, const struct period *b)
{
	struct date as, ae, bs, be;

	series_period_bounds(a, &as, &ae);
	series_period_bounds(b, &bs, &be);
	if (date_key(ae) != date_key(be))
		return date_key(ae) < date_key(be) ? -1 : 1;
	if (date_key(as) != date_key(bs))
		return date_key(as) < date_key(bs) ? -1 : 1;
	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	return a->b < b->b ? -1 : a->b > b->b;
}

static void date_str(struct date d, char *buf)
{
	snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.y % 10000u,
		 (unsigned)d.m % 100u, (unsigned)d.d % 100u);
}

/* The same period a year earlier (29 February becomes the 28th). */
static struct period year_before(struct period p)
{
	p.year--;
	if (p.kind == PERIOD_DAY && p.a == 2 && p.b == 29 && !is_leap(p.year))
		p.b = 28;
	return p;
}

/* ---- numbers ---- */


static int same_value(double a, double b)
{
	return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

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

char *series_display_value(const char *value, const char *unit, char *buf,
			   size_t n)
{
	/* yuan → 亿元: the decimal point moves 8 places left, exactly */
	enum { SHIFT = 8 };
	char digs[128];
	size_t nd = 0, ni = 0;
	const char *p = value;
	int neg = 0;

	if (!buf || n == 0)
		return buf;
	if (!unit || strcmp(unit, "CNY") != 0 || !table_is_decimal(value) ||
	    strlen(value) > 100) {
		snprintf(buf, n, "%s", value ? value : "");
		return buf;
	}
	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (; *p; p++) {
		if (*p == '.')
			continue;
		digs[nd++] = *p;
		if (!strchr(value, '.') || p < strchr(value, '.'))
			ni++;
	}
	digs[nd] = '\0';
	struct buf b = {0};
	if (neg)
		buf_addc(&b, '-');
	if (ni <= SHIFT) {
		buf_adds(&b, "0.");
		for (size_t i = ni; i < SHIFT; i++)
			buf_addc(&b, '0');
		buf_adds(&b, digs);
	} else {
		size_t k = 0;
		/* no leading zeros before the point */
		while (k + 1 < ni - SHIFT && digs[k] == '0')
			k++;
		buf_add(&b, digs + k, ni - SHIFT - k);
		buf_addc(&b, '.');
		buf_adds(&b, digs + ni - SHIFT);
	}
	/* trailing zeros and a bare point go */
	while (b.len > 0 && b.p[b.len - 1] == '0')
		b.p[--b.len] = '\0';
	if (b.len > 0 && b.p[b.len - 1] == '.')
		b.p[--b.len] = '\0';
	if (strcmp(b.p, "-0") == 0 || strcmp(b.p, "-") == 0 || b.len == 0)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%s", b.p);
	buf_free(&b);
	return buf;
}

const char *series_unit_label(const char *unit)
{
	static const char *const labels[][2] = {
		{ "CNY", "亿元" }, { "percent", "%" }, { "pp", "百分点" },
		{ "rank", "位" }, { "count", "个" },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(unit, labels[i][0]) == 0)
			return labels[i][1];
	return unit;
}

/* ---- reading ---- */

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
	const char *measure = code_of(measures, nz(ob->measure));
	const char *unit = code_of(units, nz(ob->unit));
	const char *status = code_of(statuses, nz(ob->status));
	const char *qual = code_of(qualifiers, nz(ob->qualifier));
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
	else if (!table_is_decimal(nz(ob->value)))
		diag_set(d, "value '%.100s' is not a plain decimal number",
			 nz(ob->value));
	else if (!unit)
		diag_set(d, "unknown unit '%.100s' (CNY, percent, pp, rank, count)",
			 nz(ob->unit));
	else if (*nz(ob->period) && !series_period_parse(ob->period, &p))
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
	if (s->nobs == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->obs = xrealloc(s->obs, s->cap * sizeof *s->obs);
	}
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
	o->o.line = ob->line;
	o->o.file_line = ob->file_line;
	o->o.file = "";
	for (size_t i = 0; ob->file && i < s->nfiles; i++)
		if (strcmp(s->files[i], ob->file) == 0)
			o->o.file = s->files[i];
	if (ob->file && !*o->o.file) {
		s->files = xrealloc(s->files, (s->nfiles + 1) * sizeof *s->files);
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
			report(s, name, 1, "error",
			       "not an observations file: no column '%s' (see SCHEMA.md)",
			       need[i]);
			table_free(&t);
			return -1;
		}
	int cq = table_col(&t, "qualifier"), cs = table_col(&t, "scope");
	int cr = table_col(&t, "region"), cl = table_col(&t, "line");
	int ce = table_col(&t, "evidence"), cu = table_col(&t, "rule");
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
			.line = *line ? strtol(line, &end, 10) : 0,
			.file = name,
			.file_line = t.line[r],
		};
		if (*line && (*end || ob.line < 0)) {
			report(s, name, t.line[r], "error",
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
			report(s, name, t.line[r], "warning",
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
	s->dates = xrealloc(s->dates, (s->ndates + 1) * sizeof *s->dates);
	s->dates[s->ndates].doc = xstrdup(doc);
	s->dates[s->ndates++].date = date;
}

int series_read_manifest(struct series_set *s, const char *path)
{
	struct table t;
	struct diag d;
	int bad = 0;

	diag_clear(&d);
	if (table_read(path, &t, &d) < 0) {
		if (s->o && s->o->report)
			s->o->report(s->o->ctx, path, &d, "error");
		return -1;
	}
	int cd = table_col(&t, "doc"), ct = table_col(&t, "date");
	if (cd < 0 || ct < 0) {
		report(s, path, 1, "error",
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
		if (!date_parse(date, &dt)) {
			report(s, path, t.line[r], "error",
			       "date '%.100s' is not a valid YYYY-MM-DD; row skipped",
			       date);
			bad = 1;
			continue;
		}
		series_set_doc_date(s, table_get(&t, r, cd), dt);
	}
	table_free(&t);
	return bad;
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
		series_period_bounds(&o->p, &st, &en);
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

static const char *default_unit(const char *measure)
{
	if (strcmp(measure, "level") == 0)
		return "CNY";
	if (strcmp(measure, "rank") == 0)
		return "rank";
	if (strcmp(measure, "change") == 0)
		return "pp";
	return "percent";
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
	if (strcmp(k->o.unit, default_unit(k->o.measure)) != 0)
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

const char *series_scope_label(const char *scope)
{
	static const char *const labels[][2] = {
		{ "city", "全市" }, { "province", "全省" }, { "nation", "全国" },
		{ "urban", "主城区" },
	};

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(scope, labels[i][0]) == 0)
			return labels[i][1];
	return scope;
}

const char *series_measure_label(const char *measure, const char *unit)
{
	static const char *const labels[][2] = {
		{ "growth", "增速" }, { "share", "占比" }, { "rate", "比率" },
		{ "change", "变动" }, { "rank", "排名" },
	};

	if (strcmp(measure, "level") == 0)
		return strcmp(unit, "CNY") == 0 ? "总量" : "数量";
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strcmp(measure, labels[i][0]) == 0)
			return labels[i][1];
	return measure;
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
static char *make_label(const struct sseries *r)
{
	const struct series_obs *k = &r->key->o;
	const char *m = series_measure_label(k->measure, k->unit);
	struct buf b = {0};

	buf_printf(&b, "%s %s", r->name, m);
	if (strcmp(k->measure, "rank") == 0) {
		if (*k->scope)
			buf_printf(&b, "(%s)", series_scope_label(k->scope));
	} else {
		buf_printf(&b, "(%s)", series_unit_label(k->unit));
		if (*k->scope)
			buf_printf(&b, " %s", series_scope_label(k->scope));
	}
	if (*k->region)
		buf_printf(&b, " %s", k->region);
	if (strcmp(k->status, "target") == 0)
		buf_adds(&b, " 目标");
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
		r->label = make_label(r);
		struct buf b = {0};
		buf_printf(&b, "%s 推算", r->label);
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
static size_t series_of(const struct series_set *s, const struct sobs *k)
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
	return series_period_cmp(&x->p, &y->p);
}

/* Is x later than y: document, then line, then arrival. */
static int later(size_t xr, long xl, size_t xs, size_t yr, long yl, size_t ys)
{
	if (xr != yr)
		return xr > yr;
	if (xl != yl)
		return xl > yl;
	return xs > ys;
}

static struct spoint *new_point(struct series_set *s, size_t series,
				struct period p, const char *value,
				const char *qual, int derived)
{
	char code[32];

	if (s->npts == s->ptcap) {
		s->ptcap = s->ptcap ? 2 * s->ptcap : 256;
		s->pts = xrealloc(s->pts, s->ptcap * sizeof *s->pts);
	}
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
static void add_doc(const struct series_set *s, size_t **docs, size_t *n,
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

static char *join_docs(const struct series_set *s, const size_t *docs,
		       size_t n)
{
	struct buf b = {0};

	buf_adds(&b, "");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%s%s", i ? ";" : "", s->docs[docs[i]].id);
	return b.p;
}

static void add_conflict(struct series_set *s, const struct spoint *kept,
			 const char *value, const char *qual, int derived,
			 const size_t *docs, size_t ndocs, const char *file,
			 long line)
{
	if (s->nconf == s->confcap) {
		s->confcap = s->confcap ? 2 * s->confcap : 16;
		s->conf = xrealloc(s->conf, s->confcap * sizeof *s->conf);
	}
	struct sconf *c = &s->conf[s->nconf++];
	memset(c, 0, sizeof *c);
	c->kept_id = kept->id;
	c->pub.value = xstrdup(value);
	c->pub.qualifier = qual;
	c->pub.derived = derived;
	c->pub.sources = join_docs(s, docs, ndocs);
	c->pub.file = file;
	c->pub.file_line = line;
	c->rank = ndocs ? s->docs[docs[ndocs - 1]].rank : 0;

	const struct sseries *r = &s->ser[kept->pub.series_index];
	char *ksrc = join_docs(s, kept->docs, kept->ndocs);
	const char *reg = r->key->o.region;
	report(s, file, line, "warning",
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
		if (later(v[i]->rank, v[i]->o.line, v[i]->seq, v[k]->rank,
			  v[k]->o.line, v[k]->seq))
			k = i;
	struct spoint *pt = new_point(s, v[k]->series, v[k]->p, v[k]->o.value,
				      v[k]->o.qualifier, 0);
	pt->rank = v[k]->rank;
	pt->line = v[k]->o.line;
	pt->seq = v[k]->seq;
	char *done = xcalloc(n, 1);
	for (size_t i = 0; i < n; i++)
		if (same_value(v[i]->v, v[k]->v)) {
			add_doc(s, &pt->docs, &pt->ndocs, v[i]->doc);
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
			if (!done[j] && same_value(v[j]->v, v[i]->v)) {
				add_doc(s, &docs, &nd, v[j]->doc);
				done[j] = 1;
				if (v[j]->rank < v[first]->rank)
					first = j;
			}
		add_conflict(s, &s->pts[id], v[i]->o.value, v[i]->o.qualifier, 0,
			     docs, nd, v[first]->o.file, v[first]->o.file_line);
		free(docs);
	}
	free(done);
}

/* ---- derivation ---- */

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
	return series_period_cmp(&x->p, &y->p);
}

static int is_rate_measure(const char *m, const char *hint)
{
	if (hint)
		return strcmp(m, hint) == 0;
	return strcmp(m, "growth") == 0 || strcmp(m, "share") == 0 ||
	       strcmp(m, "rate") == 0;
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
	       series_period_cmp(&r->p, &c->p) == 0;
}

static int point_at_cmp(const void *key, const void *elem)
{
	const struct spoint *x = key, *y = elem;

	if (x->pub.series_index != y->pub.series_index)
		return x->pub.series_index < y->pub.series_index ? -1 : 1;
	return series_period_cmp(&x->pub.p, &y->pub.p);
}

/* The reported point of series at period p, among the first n points
 * (sorted by series and period), or NONE. */
static size_t find_point(const struct series_set *s, size_t n, size_t series,
			 struct period p)
{
	struct spoint key;

	key.pub.series_index = series;
	key.pub.p = p;
	const struct spoint *f = bsearch(&key, s->pts, n, sizeof *s->pts,
					 point_at_cmp);
	return f ? (size_t)(f - s->pts) : NONE;
}

/* The candidate derived point of a change observation c, or 0 when it has
 * none (not against the year before, no rate, or it is ambiguous). */
static int derive_one(const struct series_set *s, size_t nrep,
		      const struct sobs *c, struct cand *out)
{
	const char *hint;
	const struct sobs *best = NULL;
	int ambiguous = 0;
	double rate;
	const char *rate_str, *rate_qual;

	if (strcmp(c->o.unit, "pp") != 0 || strcmp(c->o.status, "actual") != 0 ||
	    c->p.kind == PERIOD_NONE || !year_ago_base(c->o.evidence))
		return 0;
	hint = rate_hint(c->o.evidence);
	/* the rate this document states nearest before the change (or, when
	 * none is before it, nearest after) */
	size_t lo = 0, hi = s->nobs;
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
			ambiguous = 0;
			continue;
		}
		int b_before = best->o.line <= c->o.line;
		long dr = labs(r->o.line - c->o.line), db = labs(best->o.line - c->o.line);
		if (r_before != b_before ? r_before : dr < db) {
			best = r;
			ambiguous = 0;
		} else if (r_before == b_before && dr == db &&
			   strcmp(r->o.measure, best->o.measure) != 0) {
			ambiguous = 1;
		} else if (r_before == b_before && dr == db && r->seq > best->seq) {
			best = r;
		}
	}
	memset(out, 0, sizeof *out);
	if (best && ambiguous)
		return 0;
	if (best) {
		rate = best->v;
		rate_str = best->o.value;
		rate_qual = best->o.qualifier;
		out->series = best->series;
		add_doc(s, &out->docs, &out->ndocs, c->doc);
		add_doc(s, &out->docs, &out->ndocs, best->doc);
	} else {
		/* no rate in this document: the one merged point there is */
		static const char *const rates[] = { "growth", "share", "rate" };
		size_t found = NONE, nfound = 0;
		for (size_t m = 0; m < 3; m++) {
			struct sobs probe = *c;
			if (hint && strcmp(hint, rates[m]) != 0)
				continue;
			probe.o.measure = rates[m];
			probe.o.unit = "percent";
			size_t ser = series_of(s, &probe);
			size_t at = ser == NONE ? NONE : find_point(s, nrep, ser, c->p);
			if (at != NONE) {
				found = at;
				nfound++;
			}
		}
		if (nfound != 1)
			return 0;
		const struct spoint *pt = &s->pts[found];
		rate = strtod(pt->pub.value, NULL);
		rate_str = pt->pub.value;
		rate_qual = pt->pub.qualifier;
		out->series = pt->pub.series_index;
		add_doc(s, &out->docs, &out->ndocs, c->doc);
		for (size_t i = 0; i < pt->ndocs; i++)
			add_doc(s, &out->docs, &out->ndocs, pt->docs[i]);
	}
	/* 4.6 - 1.4 = 3.2, to as many decimals as the inputs have */
	int dec = decimals_of(rate_str) > decimals_of(c->o.value) ?
		  decimals_of(rate_str) : decimals_of(c->o.value);
	format_decimal(rate - c->v, dec, out->value, sizeof out->value);
	out->p = year_before(c->p);
	if (!*c->o.qualifier)
		out->qual = rate_qual;
	else
		out->qual = code_of(qualifiers, "~");
	out->rank = c->rank;
	out->line = c->o.line;
	out->seq = c->seq;
	out->change = c;
	return 1;
}

/* Derived points for the reported points s->pts[0..nrep). */
static void derive(struct series_set *s, size_t nrep)
{
	struct cand *cv = NULL;
	size_t nc = 0;

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
		cv = xrealloc(cv, (nc + 1) * sizeof *cv);
		cv[nc++] = cd;
	}
	if (nc > 1)
		qsort(cv, nc, sizeof *cv, cand_cmp);
	for (size_t i = 0, j; i < nc; i = j) {
		for (j = i + 1; j < nc && cand_cmp(&cv[i], &cv[j]) == 0; j++)
			;
		size_t rep = find_point(s, nrep, cv[i].series, cv[i].p);
		if (rep != NONE) {
			/* a reported value wins; one that disagrees is noted */
			for (size_t k = i; k < j; k++)
				if (!same_value(strtod(cv[k].value, NULL),
						strtod(s->pts[rep].pub.value, NULL)))
					add_conflict(s, &s->pts[rep], cv[k].value,
						     cv[k].qual, 1, cv[k].docs,
						     cv[k].ndocs, cv[k].change->o.file,
						     cv[k].change->o.file_line);
			continue;
		}
		size_t kk = i;
		for (size_t k = i + 1; k < j; k++)
			if (later(cv[k].rank, cv[k].line, cv[k].seq, cv[kk].rank,
				  cv[kk].line, cv[kk].seq))
				kk = k;
		struct spoint *pt = new_point(s, cv[kk].series, cv[kk].p,
					      cv[kk].value, cv[kk].qual, 1);
		size_t id = pt->id;
		double kv = strtod(cv[kk].value, NULL);
		for (size_t k = i; k < j; k++)
			if (same_value(strtod(cv[k].value, NULL), kv))
				for (size_t d = 0; d < cv[k].ndocs; d++)
					add_doc(s, &s->pts[id].docs, &s->pts[id].ndocs,
						cv[k].docs[d]);
		for (size_t k = i; k < j; k++)
			if (!same_value(strtod(cv[k].value, NULL), kv))
				add_conflict(s, &s->pts[id], cv[k].value, cv[k].qual,
					     1, cv[k].docs, cv[k].ndocs,
					     cv[k].change->o.file,
					     cv[k].change->o.file_line);
		s->nderived++;
	}
	for (size_t i = 0; i < nc; i++)
		free(cv[i].docs);
	free(cv);
}

/* ---- the pivot ---- */

static int pt_cmp(const void *a, const void *b)
{
	const struct spoint *x = a, *y = b;
	int c = point_at_cmp(x, y);

	if (c)
		return c;
	return x->pub.derived - y->pub.derived;
}

static int measure_order(const char *m)
{
	static const char *const order[] = {
		"level", "growth", "share", "rate", "change", "rank", NULL,
	};

	return code_index(order, m);
}

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

static void make_pivot(struct series_set *s)
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
		    series_period_cmp(&tmp[i].pub.p,
				      &s->pts[s->rows[s->nrows - 1]].pub.p) != 0)
			s->rows[s->nrows++] = tmp[i].id;
		s->pts[tmp[i].id].pub.row = s->nrows - 1;
	}
	free(tmp);
	struct colsort *cs = xcalloc(2 * s->nser + 1, sizeof *cs);
	for (size_t i = 0; i < s->nser; i++) {
		const char *ul = series_unit_label(s->ser[i].key->o.unit);
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
	derive(s, s->npts);

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
		series_period_bounds(&pt->pub.p, &st, &en);
		date_str(st, pt->pub.start);
		date_str(en, pt->pub.end);
		pt->pub.sources = join_docs(s, pt->docs, pt->ndocs);
	}
	for (size_t i = 0; i < s->nconf; i++) {
		s->conf[i].kept_id = pos[s->conf[i].kept_id];
		s->conf[i].pub.kept = &s->pts[s->conf[i].kept_id].pub;
	}
	free(pos);
	if (s->nconf > 1)
		qsort(s->conf, s->nconf, sizeof *s->conf, conf_cmp);
	make_pivot(s);
}

/* ---- accessors ---- */

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

/* ---- writers ---- */

/* One CSV row, for a spreadsheet with excel (base/table.h). */
static int put_row(FILE *f, const char *const *cells, size_t n,
		   const char *numeric, int excel)
{
	return excel ? table_write_row_excel(f, cells, n, numeric) :
		       table_write_row(f, cells, n);
}

static int put_bom(FILE *f, int excel)
{
	return excel ? table_write_bom(f) : 0;
}

int series_write_long(const struct series_set *s, FILE *f, int excel)
{
	static const char *const head[] = {
		"series", "indicator", "name", "measure", "unit", "status",
		"region", "scope", "period", "start", "end", "value",
		"qualifier", "origin", "sources",
	};
	/* 'n' marks the numeric column */
	static const char numeric[] = "...........n...";

	if (put_bom(f, excel) < 0 || put_row(f, head, 15, NULL, excel) < 0)
		return -1;
	for (size_t i = 0; i < s->npts; i++) {
		const struct series_point *p = &s->pts[i].pub;
		const char *row[] = {
			p->series, p->indicator, p->name, p->measure, p->unit,
			p->status, p->region, p->scope, p->period, p->start,
			p->end, p->value, p->qualifier,
			p->derived ? "derived" : "reported", p->sources,
		};
		if (put_row(f, row, 15, numeric, excel) < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int series_write_pivot(const struct series_set *s, FILE *f, int excel)
{
	size_t n = s->ncols + 3;
	const char **row = xcalloc(n, sizeof *row);
	char *numeric = xcalloc(n + 1, 1);
	char (*vals)[64] = xcalloc(s->ncols + 1, sizeof *vals);
	int rc = -1;

	memset(numeric, 'n', n);
	numeric[0] = numeric[1] = numeric[2] = '.';
	if (put_bom(f, excel) < 0)
		goto out;
	row[0] = "period";
	row[1] = "start";
	row[2] = "end";
	for (size_t c = 0; c < s->ncols; c++)
		row[c + 3] = s->cols[c].label;
	if (put_row(f, row, n, NULL, excel) < 0)
		goto out;
	for (size_t r = 0; r < s->nrows; r++) {
		const struct series_point *p = series_pivot_row(s, r);
		row[0] = p->period;
		row[1] = p->start;
		row[2] = p->end;
		for (size_t c = 0; c < s->ncols; c++) {
			const struct series_point *q = series_pivot_cell(s, r, c);
			row[c + 3] = q ? series_display_value(q->value, q->unit,
							     vals[c], sizeof vals[c]) :
				     "";
		}
		if (put_row(f, row, n, numeric, excel) < 0)
			goto out;
	}
	rc = fflush(f) == 0 && !ferror(f) ? 0 : -1;
out:
	free(vals);
	free(numeric);
	free(row);
	return rc;
}

int series_write_conflicts(const struct series_set *s, FILE *f, int excel)
{
	static const char *const head[] = {
		"series", "indicator", "name", "measure", "unit", "status",
		"region", "scope", "period", "value", "qualifier", "origin",
		"sources", "other_value", "other_qualifier", "other_origin",
		"other_sources",
	};
	static const char numeric[] = ".........n...n...";

	if (put_bom(f, excel) < 0 || put_row(f, head, 17, NULL, excel) < 0)
		return -1;
	for (size_t i = 0; i < s->nconf; i++) {
		const struct series_conflict *c = &s->conf[i].pub;
		const struct series_point *p = c->kept;
		const char *row[] = {
			p->series, p->indicator, p->name, p->measure, p->unit,
			p->status, p->region, p->scope, p->period, p->value,
			p->qualifier, p->derived ? "derived" : "reported",
			p->sources, c->value, c->qualifier,
			c->derived ? "derived" : "reported", c->sources,
		};
		if (put_row(f, row, 17, numeric, excel) < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

int series_write_dat(const struct series_set *s, size_t i, FILE *f)
{
	const struct sseries *r;

	if (i >= s->nser)
		return -1;
	r = &s->ser[i];
	if (fputs("# index period end value origin\n", f) == EOF)
		return -1;
	for (size_t k = r->p0; k < r->p0 + r->np; k++) {
		const struct series_point *p = &s->pts[k].pub;
		if (fprintf(f, "%zu %s %s %s %s\n", p->row + 1, p->period, p->end,
			    p->value, p->derived ? "derived" : "reported") < 0)
			return -1;
	}
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}

/* ---- output files (base/atomic) ---- */

static struct diag_sink sink_of(const struct series_set *s)
{
	return (struct diag_sink){s->o ? s->o->report : NULL,
				  s->o ? s->o->ctx : NULL};
}

/* Writes path with w through a temporary file renamed into place. */
static int write_file(const struct series_set *s, const char *path,
		      int (*w)(const struct series_set *, FILE *, void *),
		      void *arg)
{
	struct diag_sink sk = sink_of(s);
	struct atomic_file a;

	if (!atomic_open(&a, path, &sk))
		return -1;
	int ok = w(s, a.f, arg) == 0;
	if (!ok)
		diag_report(&sk, path, "error", "write error: %s",
			    errno ? strerror(errno) : "unknown");
	return atomic_close(&a, ok, 1, &sk);
}

char *series_default_xlsx(const char *out_dir)
{
	char *d = xstrdup(out_dir && *out_dir ? out_dir : ".");
	size_t l = strlen(d);

	while (l > 1 && d[l - 1] == '/')
		d[--l] = '\0';
	char *slash = strrchr(d, '/');
	if (!slash)
		strcpy(d, ".");
	else if (slash == d)
		d[1] = '\0';
	else
		*slash = '\0';
	char *p = path_join(d, "indicators.xlsx");
	free(d);
	return p;
}

typedef int (*writer_fn)(const struct series_set *s, FILE *f, int excel);

static int call_writer(const struct series_set *s, FILE *f, void *arg)
{
	return (*(writer_fn *)arg)(s, f, s->o->excel);
}

static int write_dat(const struct series_set *s, FILE *f, void *arg)
{
	return series_write_dat(s, *(size_t *)arg, f);
}

static int write_one(const struct series_set *s, const char *dir,
		     const char *name, writer_fn w)
{
	char *path = path_join(dir, name);
	int rc = write_file(s, path, call_writer, (void *)&w);

	free(path);
	return rc;
}

static int slug_known(const struct series_set *s, const char *file)
{
	size_t l = strlen(file), lo = 0, hi = s->nser;

	if (l < 5 || strcmp(file + l - 4, ".dat") != 0)
		return 1;         /* not ours */
	char *slug = xstrndup(file, l - 4);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(s->ser[mid].slug, slug);
		if (c == 0) {
			free(slug);
			return 1;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	free(slug);
	return 0;
}

static int write_dats(const struct series_set *s, const char *dir)
{
	char *data = path_join(dir, "data");
	int rc = 0;

	struct diag_sink sk = sink_of(s);
	if (fs_make_dirs(data, &sk) < 0) {
		free(data);
		return -1;
	}
	for (size_t i = 0; i < s->nser && rc == 0; i++) {
		struct buf name = {0};
		buf_printf(&name, "%s.dat", s->ser[i].slug);
		char *path = path_join(data, name.p);
		if (write_file(s, path, write_dat, &i) < 0)
			rc = -1;
		free(path);
		buf_free(&name);
	}
	/* the .dat files of series that are gone would still be charted */
	DIR *d = rc == 0 ? opendir(data) : NULL;
	struct dirent *de;
	while (d && (de = readdir(d))) {
		if (de->d_name[0] == '.' || slug_known(s, de->d_name))
			continue;
		char *path = path_join(data, de->d_name);
		unlink(path);
		free(path);
	}
	if (d)
		closedir(d);
	free(data);
	return rc;
}

static int write_changes(const struct series_set *s, FILE *f, void *arg)
{
	return changes_write(arg, f, s->o->excel);
}

static int write_xlsx(const struct series_set *s, const struct changes *ch,
		      const char *path)
{
	struct diag_sink sk = sink_of(s);
	char *tmp = atomic_tmpname(path, &sk);
	struct diag d;
	int rc = -1;

	if (!tmp)
		return -1;
	diag_clear(&d);
	if (xlsx_write(s, ch, tmp, &d) < 0) {
		report(s, path, 0, "error", "%s", d.msg);
		unlink(tmp);
	} else {
		rc = atomic_rename(tmp, path, &sk);
	}
	free(tmp);
	return rc;
}

int series_build(const char *const *paths, size_t n,
		 const struct series_opts *o, struct series_summary *sum)
{
	struct series_set *s = series_new(o);
	struct series_summary z;
	size_t good = 0;
	int status = 0;
	char *xlsx = NULL;
	struct changes ch, *chp = NULL;

	memset(&z, 0, sizeof z);
	if (o->manifest && series_read_manifest(s, o->manifest) != 0)
		status = 1;
	for (size_t i = 0; i < n; i++) {
		int rc = series_read(s, paths[i]);
		z.files++;
		if (rc < 0)
			z.bad_files++;
		else
			good++;
		if (rc)
			status = 1;
	}
	series_finish(s);
	z.observations = s->nobs;
	z.bad_rows = s->bad_rows;
	z.docs = s->ndocs;
	z.series = s->nser;
	z.points = s->npts;
	z.derived = s->nderived;
	z.conflicts = s->nconf;
	z.periods = s->nrows;
	if (!good) {
		report(s, o->out_dir, 0, "error",
		       "no observations file could be read; outputs left as they were");
		status = 1;
		goto out;
	}
	if (o->changes && *o->changes) {
		/* against the series.csv about to be replaced */
		char *old = path_join(o->out_dir, "series.csv");
		struct diag d;
		diag_clear(&d);
		if (changes_compute(&ch, old, s, o->stale, o->nstale, &d) < 0)
			report(s, old, d.line, "warning",
			       "%s; every point counted as new", d.msg);
		free(old);
		chp = &ch;
		z.points_new = ch.count[CHANGE_NEW];
		z.points_revised = ch.count[CHANGE_REVISED];
		z.points_withdrawn = ch.count[CHANGE_WITHDRAWN];
		z.points_stale = ch.count[CHANGE_STALE];
	}
	struct diag_sink sk = sink_of(s);
	if (fs_make_dirs(o->out_dir, &sk) < 0 ||
	    write_one(s, o->out_dir, "series.csv", series_write_long) < 0 ||
	    write_one(s, o->out_dir, "pivot.csv", series_write_pivot) < 0 ||
	    write_one(s, o->out_dir, "conflicts.csv", series_write_conflicts) < 0 ||
	    write_dats(s, o->out_dir) < 0 ||
	    (chp && write_file(s, o->changes, write_changes, chp) < 0)) {
		status = -1;
		goto out;
	}
	if (!o->xlsx || *o->xlsx) {
		xlsx = o->xlsx ? xstrdup(o->xlsx) : series_default_xlsx(o->out_dir);
		if (write_xlsx(s, chp, xlsx) < 0)
			status = -1;
	}
out:
	if (sum)
		*sum = z;
	free(xlsx);
	changes_free(chp);
	series_free(s);
	return status;
}
