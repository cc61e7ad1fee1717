/* number: Arabic and Chinese numerals, multipliers and units into exact
 * decimals (mant * 10^exp); see number.h. */
#include "pipeline/number.h"

#include <limits.h>
#include <string.h>

/* Chinese characters are three bytes in UTF-8; every one this file reads is. */
#define CJK 3

/* A parsed decimal is kept canonical: mant has no trailing zero digits
 * (9.31亿 is 931 * 10^6) and zero is {0, 0}.  The integer value must also
 * fit a long long, so that decimal_to_double and comparisons stay sane. */
static struct decimal canon(struct decimal d)
{
	if (d.mant == 0) {
		d.exp = 0;
		return d;
	}
	while (d.mant % 10 == 0) {
		d.mant /= 10;
		d.exp++;
	}
	return d;
}

static int fits(struct decimal d)
{
	long long m = d.mant < 0 ? -d.mant : d.mant;

	if (d.exp < -40 || d.exp > 40)
		return 0;
	for (int e = d.exp; e > 0; e--) {
		if (m > LLONG_MAX / 10)
			return 0;
		m *= 10;
	}
	return 1;
}

/* a * b + c for non-negative operands; 0 on overflow. */
static int muladd(long long a, long long b, long long c, long long *r)
{
	if (b != 0 && a > LLONG_MAX / b)
		return 0;
	if (a * b > LLONG_MAX - c)
		return 0;
	*r = a * b + c;
	return 1;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Length of s when p[i..len) starts with it, else 0. */
static size_t lit(const char *p, size_t len, size_t i, const char *s)
{
	size_t n = strlen(s);

	if (i > len || len - i < n || memcmp(p + i, s, n) != 0)
		return 0;
	return n;
}

/* A multiplier after a number: 十/百/千 then 万/亿/万亿, either part
 * optional (3.2万, 1.08亿, 2万亿, 3千万).  Sets *k to the power of ten.
 * 百 before 分 (1.4百分点) and 千 before 瓦/克/米 (千瓦, 千米: units, not
 * multipliers) are left alone. */
static size_t parse_mult(const char *p, size_t len, int *k)
{
	size_t i = 0;
	int e = 0;

	if (lit(p, len, 0, "十")) {
		e = 1;
	} else if (lit(p, len, 0, "百") && !lit(p, len, CJK, "分")) {
		e = 2;
	} else if (lit(p, len, 0, "千") && !lit(p, len, CJK, "瓦") &&
		   !lit(p, len, CJK, "克") && !lit(p, len, CJK, "米")) {
		e = 3;
	}
	if (e)
		i = CJK;
	if (lit(p, len, i, "万亿")) {
		e += 12;
		i += 2 * CJK;
	} else if (lit(p, len, i, "万")) {
		e += 4;
		i += CJK;
	} else if (lit(p, len, i, "亿")) {
		e += 8;
		i += CJK;
	}
	*k = e;
	return i;
}

/* 161.9, 1,234.5: the digits at the start of p.  A comma is a thousands
 * separator only after a leading group of 1..3 digits and when exactly three
 * digits follow it; otherwise it ends the number (10,减负). */
static size_t parse_arabic(const char *p, size_t len, struct decimal *out)
{
	size_t i = 0, nd = 0;
	long long m = 0;
	int exp = 0;

	while (i < len && is_digit(p[i])) {
		if (!muladd(m, 10, p[i] - '0', &m))
			return 0;
		i++;
		nd++;
	}
	if (nd == 0)
		return 0;
	if (nd <= 3) {
		while (len - i >= 4 && p[i] == ',' && is_digit(p[i + 1]) &&
		       is_digit(p[i + 2]) && is_digit(p[i + 3]) &&
		       !(len - i > 4 && is_digit(p[i + 4]))) {
			for (size_t j = i + 1; j < i + 4; j++)
				if (!muladd(m, 10, p[j] - '0', &m))
					return 0;
			i += 4;
		}
	}
	if (len - i >= 2 && p[i] == '.' && is_digit(p[i + 1])) {
		i++;
		while (i < len && is_digit(p[i])) {
			if (!muladd(m, 10, p[i] - '0', &m))
				return 0;
			exp--;
			i++;
		}
	}
	out->mant = m;
	out->exp = exp;
	return i;
}

/* A Chinese digit at p[i]: 零〇一二两三四五六七八九.  Returns its value, or -1. */
static int cn_digit(const char *p, size_t len, size_t i)
{
	static const char *const digits[] = {
		"零", "〇", "一", "二", "两", "三", "四", "五", "六", "七",
		"八", "九",
	};
	static const int values[] = { 0, 0, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9 };

	if (i > len || len - i < CJK || (unsigned char)p[i] < 0xe3)
		return -1;
	for (size_t k = 0; k < sizeof values / sizeof values[0]; k++)
		if (memcmp(p + i, digits[k], CJK) == 0)
			return values[k];
	return -1;
}

/* 十 百 千 (small units) and 万 亿 (big units); 0 when none. */
static long long cn_unit(const char *p, size_t len, size_t i)
{
	if (lit(p, len, i, "十"))
		return 10;
	if (lit(p, len, i, "百"))
		return 100;
	if (lit(p, len, i, "千"))
		return 1000;
	if (lit(p, len, i, "万"))
		return 10000;
	if (lit(p, len, i, "亿"))
		return 100000000;
	return 0;
}

/* 二〇二四, 一九九七: a run of digit characters read positionally.  Used
 * when the run holds 〇/零 or has three digits or more (三四 stays 3, the
 * rest of "三四个" being an approximation the caller does not take). */
static size_t parse_cn_positional(const char *p, size_t len,
				  struct decimal *out)
{
	size_t i = 0, n = 0;
	int zero = 0;
	long long m = 0;
	int d;

	while ((d = cn_digit(p, len, i)) >= 0 && !lit(p, len, i, "两")) {
		zero |= d == 0;
		if (!muladd(m, 10, d, &m))
			return 0;
		i += CJK;
		n++;
	}
	if (n < 2 || (!zero && n < 3))
		return 0;
	out->mant = m;
	out->exp = 0;
	return i;
}

/* 一百五十, 两千三百零五, 十四, 一万二千, 三亿五千万, 两万亿, 三点五, 一百五
 * (colloquial 150).  Stops before anything that does not continue the
 * numeral; 零 alone is 0; a bare 百/千/万 is not a number, a bare 十 is. */
static size_t parse_chinese(const char *p, size_t len, struct decimal *out,
			    int *overflow)
{
	enum { T_NONE, T_DIGIT, T_ZERO, T_UNIT } last = T_NONE;
	long long hi = 0, wan = 0, sec = 0, cur = 0, ip;
	long long last_unit = 0;   /* value of the unit token just read */
	long long small = 0;       /* smallest small unit of this section */
	long long after_unit = 0;  /* unit right before the pending digit */
	int have_hi = 0, have_wan = 0, any = 0;
	size_t i = 0, good = 0;
	int d;
	long long u;

	if (cn_digit(p, len, 0) == 0) {
		/* 零, 〇, 零点五 */
		any = 1;
		good = CJK;
		i = len;
	}
	while (i < len) {
		if ((d = cn_digit(p, len, i)) >= 0) {
			if (last == T_DIGIT)
				break;          /* 三四个: stop at 三 */
			if (d == 0) {
				/* a place holder (两千三百零五); a trailing
				 * 零 is not taken */
				last = T_ZERO;
				i += CJK;
				continue;
			}
			cur = d;
			after_unit = last == T_UNIT ? last_unit : 0;
			last = T_DIGIT;
		} else if ((u = cn_unit(p, len, i)) >= 10 && u <= 1000) {
			if (small && u >= small)
				break;          /* 十百: not a numeral */
			if (last == T_DIGIT) {
				if (!muladd(cur, u, sec, &sec))
					goto overflow;
			} else if (u == 10) {
				/* 十四, 一千零十 */
				sec += 10;
			} else {
				break;          /* a bare 百/千 */
			}
			cur = 0;
			small = u;
			last_unit = u;
			last = T_UNIT;
		} else if (u == 10000) {
			long long v = sec + cur;

			if (have_wan || v == 0 || last == T_ZERO)
				break;
			if (!muladd(v, 10000, 0, &wan))
				goto overflow;
			have_wan = 1;
			sec = cur = small = 0;
			last_unit = u;
			last = T_UNIT;
		} else if (u == 100000000) {
			long long v = wan + sec + cur;

			if (have_hi || v == 0 || last == T_ZERO)
				break;
			/* 两万亿: the 万 part times 亿 */
			if (!muladd(v, 100000000, 0, &hi))
				goto overflow;
			have_hi = 1;
			have_wan = 0;
			wan = sec = cur = small = 0;
			last_unit = u;
			last = T_UNIT;
		} else {
			break;
		}
		i += CJK;
		good = i;
		any = 1;
	}
	if (!any)
		return 0;
	/* 一百五 is 150, 两千三 2300, 一万二 12000: a last digit right after a
	 * unit of 百 or more counts in the next lower place. */
	if (cur && after_unit >= 100)
		cur *= after_unit / 10;
	if (!muladd(hi, 1, wan, &ip) || !muladd(ip, 1, sec, &ip) ||
	    !muladd(ip, 1, cur, &ip))
		goto overflow;

	struct decimal v = { ip, 0 };
	/* 三点五, 十点五, 三点五亿: 点, positional digits, a multiplier */
	if (lit(p, len, good, "点") && cn_digit(p, len, good + CJK) >= 0 &&
	    !lit(p, len, good + CJK, "两")) {
		size_t j = good + CJK;

		while ((d = cn_digit(p, len, j)) >= 0 &&
		       !lit(p, len, j, "两")) {
			if (!muladd(v.mant, 10, d, &v.mant))
				goto overflow;
			v.exp--;
			j += CJK;
		}
		good = j;
		if (!have_hi && !have_wan) {
			int k;

			good += parse_mult(p + good, len - good, &k);
			v.exp += k;
		}
	}
	*out = v;
	return good;
overflow:
	*overflow = 1;
	return 0;
}

int number_parse(const char *p, size_t len, struct decimal *out, size_t *used)
{
	struct decimal d = { 0, 0 };
	size_t n;
	int overflow = 0;

	if (!p || len == 0)
		return 0;
	if (is_digit(p[0])) {
		int k;

		n = parse_arabic(p, len, &d);
		if (n == 0)
			return 0;
		n += parse_mult(p + n, len - n, &k);
		d.exp += k;
	} else {
		n = parse_cn_positional(p, len, &d);
		if (n == 0)
			n = parse_chinese(p, len, &d, &overflow);
		if (n == 0 || overflow)
			return 0;
	}
	d = canon(d);
	if (!fits(d))
		return 0;
	*out = d;
	if (used)
		*used = n;
	return 1;
}

/* Words after a number that make it a count. */
static const char *const classifiers[] = {
	"家", "个", "项", "人", "人次", "件", "次", "户", "户次", "座", "台",
	"场", "条", "所", "名", "批", "处", "亩", "平方米", "平方公里", "公里",
	"千米", "米", "辆", "套", "栋", "幢", "间", "张", "本", "篇", "起",
	"例", "支", "只", "位", "款", "种", "类", "株", "棵", "吨", "千瓦",
	"千瓦时", "份", "部", "枚", "头", "艘", "架", "宗", "笔", "家次",
	"项次", "所次", "床", "岗",
};

struct suffix {
	const char *s;
	enum unit unit;
	int exp;
};

static const struct suffix suffixes[] = {
	{ "%", UNIT_PERCENT, 0 },
	{ "个百分点", UNIT_PP, 0 },
	{ "百分点", UNIT_PP, 0 },
	{ "元", UNIT_CNY, 0 },
	{ "千元", UNIT_CNY, 3 },
	{ "万元", UNIT_CNY, 4 },
	{ "亿元", UNIT_CNY, 8 },
	{ "万亿元", UNIT_CNY, 12 },
	{ "成", UNIT_PERCENT, 1 },     /* 三成 -> 30 percent */
	{ "倍", UNIT_NONE, 0 },
};

static int finish(struct decimal d, int neg, int k, enum unit u,
		  struct quantity *q)
{
	d.exp += k;
	d = canon(d);
	if (!fits(d))
		return 0;
	q->value = neg ? decimal_neg(d) : d;
	q->unit = u;
	return 1;
}

int number_parse_quantity(const char *p, size_t len, struct quantity *q)
{
	struct decimal d;
	size_t i = 0, n, rest;
	int neg = 0;

	if (!p || len == 0)
		return 0;
	/* 第一, 第5位, 第十二名 */
	if ((n = lit(p, len, 0, "第"))) {
		if (!number_parse(p + n, len - n, &d, &i))
			return 0;
		i += n;
		i += lit(p, len, i, "位") ? CJK : lit(p, len, i, "名") ? CJK : 0;
		if (i != len || d.mant <= 0 || d.exp < 0)
			return 0;
		return finish(d, 0, 0, UNIT_RANK, q);
	}
	/* 百分之三十, 百分之10.5 */
	if ((n = lit(p, len, 0, "百分之"))) {
		if (!number_parse(p + n, len - n, &d, &i) || n + i != len)
			return 0;
		return finish(d, 0, 0, UNIT_PERCENT, q);
	}
	if (p[0] == '-' || p[0] == '+') {
		neg = p[0] == '-';
		i = 1;
	}
	if (!number_parse(p + i, len - i, &d, &n))
		return 0;
	i += n;
	rest = len - i;
	if (rest == 0)
		return finish(d, neg, 0, UNIT_COUNT, q);
	for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++)
		if (strlen(suffixes[k].s) == rest &&
		    memcmp(p + i, suffixes[k].s, rest) == 0)
			return finish(d, neg, suffixes[k].exp, suffixes[k].unit,
				      q);
	for (size_t k = 0; k < sizeof classifiers / sizeof classifiers[0]; k++)
		if (strlen(classifiers[k]) == rest &&
		    memcmp(p + i, classifiers[k], rest) == 0)
			return finish(d, neg, 0, UNIT_COUNT, q);
	return 0;
}

/* Bounded writer for decimal_format. */
struct out {
	char *b;
	size_t n, i;
};

static void put(struct out *o, char c)
{
	if (o->i + 1 < o->n)
		o->b[o->i++] = c;
}

char *decimal_format(struct decimal d, char *buf, size_t n)
{
	struct out o = { buf, n, 0 };
	char digs[24];
	int nd = 0, exp = d.exp;
	unsigned long long u;

	if (!buf || n == 0)
		return buf;
	u = d.mant < 0 ? 0ULL - (unsigned long long)d.mant
		       : (unsigned long long)d.mant;
	while (exp < 0 && u != 0 && u % 10 == 0) {
		u /= 10;
		exp++;
	}
	if (u == 0) {
		put(&o, '0');
		buf[o.i] = '\0';
		return buf;
	}
	while (u) {
		digs[nd++] = (char)('0' + u % 10);
		u /= 10;
	}
	if (d.mant < 0)
		put(&o, '-');
	if (exp >= 0) {
		while (nd > 0)
			put(&o, digs[--nd]);
		for (; exp > 0 && o.i + 1 < o.n; exp--)
			put(&o, '0');
	} else if (nd + exp <= 0) {
		/* 0.25, 0.005 */
		put(&o, '0');
		put(&o, '.');
		for (int z = nd + exp; z < 0 && o.i + 1 < o.n; z++)
			put(&o, '0');
		while (nd > 0)
			put(&o, digs[--nd]);
	} else {
		/* 10.5: nd + exp digits before the point */
		while (nd > 0) {
			if (nd == -exp)
				put(&o, '.');
			put(&o, digs[--nd]);
		}
	}
	buf[o.i] = '\0';
	return buf;
}

struct decimal decimal_scale(struct decimal d, int k)
{
	d.exp += k;
	return canon(d);
}

struct decimal decimal_neg(struct decimal d)
{
	d.mant = d.mant == LLONG_MIN ? LLONG_MAX : -d.mant;
	return d;
}

double decimal_to_double(struct decimal d)
{
	/* Powers of ten up to 1e22 are exact doubles; dividing by one rounds
	 * once, so 0.1 comes out as the double nearest 0.1. */
	double p = 1.0;
	int e = d.exp < 0 ? -d.exp : d.exp;

	while (e-- > 0)
		p *= 10.0;
	return d.exp < 0 ? (double)d.mant / p : (double)d.mant * p;
}

/* ---- unit marks: a quick test whether a text can hold a quantity ---- */

enum {
	MARK_YUAN = 1u << 0,            /* 元 */
	MARK_PERCENT = 1u << 1,         /* % 成 百分之 */
	MARK_PP = 1u << 2,              /* 百分点 */
	MARK_RANK = 1u << 3,            /* 第 */
	MARK_TIMES = 1u << 4,           /* 倍 */
};

unsigned unit_marks(enum unit u, int times)
{
	switch (u) {
	case UNIT_CNY:
		return MARK_YUAN;
	case UNIT_PERCENT:
		return MARK_PERCENT | (times ? MARK_TIMES : 0u);
	case UNIT_PP:
		return MARK_PP;
	case UNIT_RANK:
		return MARK_RANK;
	default:
		return 0;
	}
}

unsigned unit_marks_in(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned m = 0;

	/* one pass; every mark but % is a three-byte character */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			m |= MARK_PERCENT;
			continue;
		}
		if (s[i] < 0xE5 || s[i] > 0xE7 || i + 2 >= n)
			continue;
		unsigned c = (unsigned)s[i] << 16 | (unsigned)s[i + 1] << 8 | s[i + 2];
		switch (c) {
		case 0xE58583:                  /* 元 */
			m |= MARK_YUAN;
			break;
		case 0xE68890:                  /* 成 */
			m |= MARK_PERCENT;
			break;
		case 0xE7ACAC:                  /* 第 */
			m |= MARK_RANK;
			break;
		case 0xE5808D:                  /* 倍 */
			m |= MARK_TIMES;
			break;
		case 0xE799BE:                  /* 百: 百分之, 百分点 */
			if (i + 6 <= n && memcmp(s + i + 3, "\xE5\x88\x86", 3) == 0) {
				if (i + 9 <= n && memcmp(s + i + 6, "\xE7\x82\xB9", 3) == 0)
					m |= MARK_PP;
				else if (i + 9 <= n && memcmp(s + i + 6, "\xE4\xB9\x8B", 3) == 0)
					m |= MARK_PERCENT;
			}
			break;
		}
	}
	return m;
}
