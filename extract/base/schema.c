/* schema: the codes of the observation schema and their labels; see
 * schema.h. */
#include "base/schema.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/xalloc.h"

/* ---- measures ---- */

static const struct {
	const char *code, *label;
	int order;                    /* place in tables and pivots */
} measures[MEASURE_COUNT_] = {
	[MEASURE_LEVEL] = { "level", "总量", 0 },
	[MEASURE_GROWTH] = { "growth", "增速", 1 },
	[MEASURE_SHARE] = { "share", "占比", 2 },
	[MEASURE_RANK] = { "rank", "排名", 5 },
	[MEASURE_CHANGE] = { "change", "变动", 4 },
	[MEASURE_RATE] = { "rate", "比率", 3 },
};

const char *measure_name(enum measure m)
{
	return (unsigned)m < MEASURE_COUNT_ ? measures[m].code : "";
}

int measure_from_name(const char *s)
{
	for (int i = 0; s && i < MEASURE_COUNT_; i++)
		if (strcmp(s, measures[i].code) == 0)
			return i;
	return -1;
}

int measure_order(const char *code)
{
	int m = measure_from_name(code);

	return m < 0 ? 99 : measures[m].order;
}

const char *measure_label(const char *code, const char *unit)
{
	int m = measure_from_name(code);

	if (m < 0)
		return code;
	if (m == MEASURE_LEVEL)
		return unit && strcmp(unit, "CNY") == 0 ? "总量" : "数量";
	return measures[m].label;
}

int measure_is_rate(const char *code)
{
	int m = measure_from_name(code);

	return m == MEASURE_GROWTH || m == MEASURE_SHARE || m == MEASURE_RATE;
}

/* ---- units ---- */

static const struct {
	const char *code, *label, *measure;   /* measure: whose usual unit */
} units[] = {
	[UNIT_NONE] = { "", "", NULL },
	[UNIT_CNY] = { "CNY", "元", "level" },
	[UNIT_PERCENT] = { "percent", "%", NULL },
	[UNIT_PP] = { "pp", "百分点", "change" },
	[UNIT_RANK] = { "rank", "位", "rank" },
	[UNIT_COUNT] = { "count", "个", NULL },
};
#define NUNITS (sizeof units / sizeof units[0])

const char *unit_name(enum unit u)
{
	return (unsigned)u < NUNITS ? units[u].code : "";
}

int unit_from_name(const char *s)
{
	for (size_t k = 1; s && k < NUNITS; k++)
		if (strcmp(s, units[k].code) == 0)
			return (int)k;
	return -1;
}

const char *unit_default(const char *measure)
{
	for (size_t k = 1; measure && k < NUNITS; k++)
		if (units[k].measure && strcmp(measure, units[k].measure) == 0)
			return units[k].code;
	return "percent";
}

const char *unit_label(const char *unit)
{
	int u = unit_from_name(unit);

	return u < 0 ? unit : units[u].label;
}

/* ---- display units ---- */

static const struct display_unit yuan_units[] = {
	{ "亿元", 8 }, { "万元", 4 }, { "元", 0 },
};

int display_unit_of(const char *label, const char *unit,
		    struct display_unit *out)
{
	if (!label || !*label || !unit)
		return 0;
	if (strcmp(unit, "CNY") == 0) {
		for (size_t i = 0; i < sizeof yuan_units / sizeof *yuan_units; i++)
			if (strcmp(label, yuan_units[i].label) == 0) {
				*out = yuan_units[i];
				return 1;
			}
		return 0;
	}
	if (strcmp(unit, "count") == 0) {
		*out = (struct display_unit){ label, 0 };
		return 1;
	}
	return 0;
}

struct display_unit display_unit_pick(const char *unit, double max)
{
	if (unit && strcmp(unit, "CNY") == 0) {
		max = fabs(max);
		return max >= 1e8 ? yuan_units[0] :
		       max >= 1e6 ? yuan_units[1] : yuan_units[2];
	}
	return (struct display_unit){ unit_label(unit ? unit : ""), 0 };
}

struct display_unit display_unit_choose(const char *declared, const char *unit,
					double max)
{
	struct display_unit du;

	if (display_unit_of(declared, unit, &du))
		return du;
	return display_unit_pick(unit, max);
}

int schema_is_decimal(const char *s)
{
	const char *p = s;

	if (!p)
		return 0;
	if (*p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

char *display_value(const char *value, int shift, char *buf, size_t n)
{
	struct buf b = {0};
	const char *p = value, *dot;
	size_t ni;

	if (!buf || n == 0)
		return buf;
	if (shift <= 0 || !schema_is_decimal(value)) {
		snprintf(buf, n, "%s", value ? value : "");
		return buf;
	}
	if (*p == '-') {
		buf_addc(&b, '-');
		p++;
	}
	dot = strchr(p, '.');
	ni = dot ? (size_t)(dot - p) : strlen(p);
	/* the decimal point moves shift places left, exactly */
	if (ni <= (size_t)shift) {
		buf_adds(&b, "0.");
		for (size_t i = ni; i < (size_t)shift; i++)
			buf_addc(&b, '0');
		buf_add(&b, p, ni);
	} else {
		size_t k = 0;
		while (k + 1 < ni - (size_t)shift && p[k] == '0')
			k++;
		buf_add(&b, p + k, ni - (size_t)shift - k);
		buf_addc(&b, '.');
		buf_add(&b, p + ni - (size_t)shift, (size_t)shift);
	}
	if (dot)
		buf_adds(&b, dot + 1);
	/* trailing zeros and a bare point go */
	while (b.len > 0 && b.p[b.len - 1] == '0')
		b.p[--b.len] = '\0';
	if (b.len > 0 && b.p[b.len - 1] == '.')
		b.p[--b.len] = '\0';
	if (b.len == 0 || strcmp(b.p, "-0") == 0 || strcmp(b.p, "-") == 0)
		snprintf(buf, n, "0");
	else
		snprintf(buf, n, "%s", b.p);
	buf_free(&b);
	return buf;
}

/* ---- statuses and qualifiers ---- */

static const char *const statuses[][2] = {
	{ "actual", "实际" }, { "target", "目标" },
};

const char *status_code(const char *s)
{
	for (size_t i = 0; s && i < 2; i++)
		if (strcmp(s, statuses[i][0]) == 0)
			return statuses[i][0];
	return NULL;
}

const char *status_label(const char *code)
{
	for (size_t i = 0; code && i < 2; i++)
		if (strcmp(code, statuses[i][0]) == 0)
			return statuses[i][1];
	return code;
}

const char *origin_label(int derived)
{
	return derived ? "推算" : "报告";
}

static const char *const qualifiers[QUALIFIER_COUNT + 1][2] = {
	{ ">=", "≥" }, { ">", ">" }, { "~", "约" }, { "<=", "≤" }, { "", "" },
};

const char *qualifier_code(int i)
{
	return i >= 0 && i < QUALIFIER_COUNT ? qualifiers[i][0] : "";
}

int qualifier_index(const char *code)
{
	for (int i = 0; code && i < QUALIFIER_COUNT; i++)
		if (strcmp(code, qualifiers[i][0]) == 0)
			return i;
	return -1;
}

const char *qualifier_static(const char *code)
{
	for (int i = 0; code && i <= QUALIFIER_COUNT; i++)
		if (strcmp(code, qualifiers[i][0]) == 0)
			return qualifiers[i][0];
	return NULL;
}

const char *qualifier_mark(const char *code)
{
	int i = qualifier_index(code);

	return i < 0 ? "" : qualifiers[i][1];
}

/* ---- dates ---- */

int date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_month_days(int y, int m)
{
	static const int days[] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
	};

	if (m < 1 || m > 12)
		return 0;
	return m == 2 && y > 0 && date_is_leap(y) ? 29 : days[m - 1];
}

int date_valid(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_month_days(y, m);
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

int date_parse(const char *s, struct date *out)
{
	struct date d;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (d.y < 0 || d.m < 0 || d.d < 0 || !date_valid(d.y, d.m, d.d))
		return 0;
	*out = d;
	return 1;
}

static int isdig(int c)
{
	return c >= '0' && c <= '9';
}

/* 1 or 2 digits at *s, moving *s past them; -1 when there are none or
 * more. */
static int short_num(const char **s)
{
	const char *p = *s;
	size_t n = 0;

	while (isdig(p[n]) && n < 3)
		n++;
	if (n < 1 || n > 2)
		return -1;
	*s = p + n;
	return digits(p, n);
}

int date_parse_loose(const char *s, struct date *out)
{
	struct date d;
	const char *after_m, *after_d;
	char sep[2] = "";
	size_t e;

	if (!s)
		return 0;
	while (*s == ' ' || *s == '\t')
		s++;
	e = strlen(s);
	while (e && (s[e - 1] == ' ' || s[e - 1] == '\t'))
		e--;
	if (e < 8 || (d.y = digits(s, 4)) < 0)
		return 0;
	const char *p = s + 4;
	if (strncmp(p, "年", 3) == 0) {
		p += 3;
		after_m = "月";
		after_d = "日";
	} else if (*p == '-' || *p == '/' || *p == '.') {
		sep[0] = *p++;
		after_m = sep;
		after_d = "";
	} else {
		return 0;
	}
	if ((d.m = short_num(&p)) < 0 || strncmp(p, after_m, strlen(after_m)) != 0)
		return 0;
	p += strlen(after_m);
	if ((d.d = short_num(&p)) < 0 || strncmp(p, after_d, strlen(after_d)) != 0)
		return 0;
	p += strlen(after_d);
	if ((size_t)(p - s) != e || !date_valid(d.y, d.m, d.d))
		return 0;
	*out = d;
	return 1;
}

int date_from_name(const char *name, struct date *out)
{
	const char *base = strrchr(name, '/');

	base = base ? base + 1 : name;
	for (size_t i = 0; base[i]; i++) {
		if (!isdig(base[i]) || (i && isdig(base[i - 1])))
			continue;
		size_t run = 0;
		while (isdig(base[i + run]))
			run++;
		const char *q = base + i;
		struct date d = {digits(q, 4), -1, -1};
		if (run == 8) {                       /* 20250509 */
			d.m = digits(q + 4, 2);
			d.d = digits(q + 6, 2);
		} else if (run == 4 && q[4] == '-' && q[7] == '-' &&
			   (d.m = digits(q + 5, 2)) >= 0 &&
			   (d.d = digits(q + 8, 2)) >= 0 && !isdig(q[10])) {
			/* 2025-05-09 */
		} else {
			continue;
		}
		if (d.y >= 1900 && d.y <= 2099 && date_valid(d.y, d.m, d.d)) {
			*out = d;
			return 1;
		}
	}
	return 0;
}

/* (by hand, not snprintf: it is called for every manifest row, twice) */
void date_format(struct date d, char *buf)
{
	unsigned y = (unsigned)d.y % 10000u, m = (unsigned)d.m % 100u,
		 dd = (unsigned)d.d % 100u;

	buf[0] = (char)('0' + y / 1000);
	buf[1] = (char)('0' + y / 100 % 10);
	buf[2] = (char)('0' + y / 10 % 10);
	buf[3] = (char)('0' + y % 10);
	buf[4] = '-';
	buf[5] = (char)('0' + m / 10);
	buf[6] = (char)('0' + m % 10);
	buf[7] = '-';
	buf[8] = (char)('0' + dd / 10);
	buf[9] = (char)('0' + dd % 10);
	buf[10] = '\0';
}

long date_key(struct date d)
{
	return (long)d.y * 10000 + d.m * 100 + d.d;
}

/* ---- periods ---- */

struct period period_months(int y, int a, int b)
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

char *period_format(const struct period *p, char *buf, size_t n)
{
	if (!buf || n == 0)
		return buf;
	buf[0] = '\0';
	if (!p || p->year <= 0)
		return buf;
	switch (p->kind) {
	case PERIOD_YEAR:
		snprintf(buf, n, "%04d", p->year);
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "%04d-Q%d", p->year, p->a);
		break;
	case PERIOD_HALF:
		snprintf(buf, n, "%04d-H%d", p->year, p->a);
		break;
	case PERIOD_MONTHS:
		snprintf(buf, n, "%04d-%02d/%04d-%02d", p->year, p->a, p->year,
			 p->b);
		break;
	case PERIOD_MONTH:
		snprintf(buf, n, "%04d-%02d", p->year, p->a);
		break;
	case PERIOD_DAY:
		snprintf(buf, n, "%04d-%02d-%02d", p->year, p->a, p->b);
		break;
	case PERIOD_NONE:
		break;
	}
	return buf;
}

int period_parse(const char *code, struct period *p)
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
		*p = period_months(y, a, b);
		return 1;
	}
	return 0;
}

/* The months a..b a period covers (a day: its month). */
static void period_span(const struct period *p, int *a, int *b)
{
	*a = 1;
	*b = 12;
	switch (p->kind) {
	case PERIOD_QUARTER:
		*a = 3 * p->a - 2;
		*b = 3 * p->a;
		break;
	case PERIOD_HALF:
		*a = 6 * p->a - 5;
		*b = 6 * p->a;
		break;
	case PERIOD_MONTHS:
		*a = p->a;
		*b = p->b;
		break;
	case PERIOD_MONTH:
	case PERIOD_DAY:
		*a = *b = p->a;
		break;
	case PERIOD_YEAR:
	case PERIOD_NONE:
		break;
	}
}

void period_bounds(const struct period *p, struct date *start,
		   struct date *end)
{
	int a, b;

	if (p->kind == PERIOD_DAY) {
		*start = *end = (struct date){ p->year, p->a, p->b };
		return;
	}
	period_span(p, &a, &b);
	*start = (struct date){ p->year, a, 1 };
	*end = (struct date){ p->year, b, date_month_days(p->year, b) };
}

/* By end date, then start date (the longest first), then kind and fields,
 * which only makes the order total. */
int period_cmp(const struct period *a, const struct period *b)
{
	struct date as, ae, bs, be;

	period_bounds(a, &as, &ae);
	period_bounds(b, &bs, &be);
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

struct period period_year_before(struct period p)
{
	p.year--;
	if (p.kind == PERIOD_DAY && p.a == 2 && p.b == 29 &&
	    !date_is_leap(p.year))
		p.b = 28;
	return p;
}

char *period_label(const struct period *p, int with_year, char *buf,
		   size_t n)
{
	static const char *const q[] = { "", "一", "二", "三", "四" };
	char y[16] = "";

	if (!buf || n == 0)
		return buf;
	buf[0] = '\0';
	if (!p || p->kind == PERIOD_NONE)
		return buf;
	if (with_year)
		snprintf(y, sizeof y, "%d年", p->year);
	switch (p->kind) {
	case PERIOD_YEAR:
		snprintf(buf, n, "%s", with_year ? y : "全年");
		break;
	case PERIOD_QUARTER:
		snprintf(buf, n, "%s%s季度", y, q[p->a >= 1 && p->a <= 4 ? p->a : 0]);
		break;
	case PERIOD_HALF:
		snprintf(buf, n, "%s%s半年", y, p->a == 1 ? "上" : "下");
		break;
	case PERIOD_MONTHS:
		snprintf(buf, n, "%s%d-%d月", y, p->a, p->b);
		break;
	case PERIOD_MONTH:
		snprintf(buf, n, "%s%d月", y, p->a);
		break;
	case PERIOD_DAY:
		snprintf(buf, n, "%s%d月%d日", y, p->a, p->b);
		break;
	case PERIOD_NONE:
		break;
	}
	return buf;
}

enum period_class period_class_of(const struct period *p)
{
	int a, b;

	if (p->kind == PERIOD_YEAR)
		return PCLASS_YEAR;
	if (p->kind == PERIOD_DAY)
		return PCLASS_DAY;
	period_span(p, &a, &b);
	return a == 1 && b > 1 ? PCLASS_YTD : PCLASS_SINGLE;
}

const char *period_class_label(enum period_class c)
{
	static const char *const labels[PCLASS_COUNT_] = {
		"年度", "年初至今累计", "单季(月)", "时点",
	};

	return (unsigned)c < PCLASS_COUNT_ ? labels[c] : "";
}

int period_same_span(const struct period *a, const struct period *b)
{
	return a->kind == b->kind && a->a == b->a && a->b == b->b;
}
