/* number: Arabic and Chinese numerals, multipliers and units into exact
 * decimals (mant * 10^exp); see number.h.
 *
 * One scanner reads a number as a sequence of tokens from one table: digits
 * (一..九, 壹..玖, 两), zero (零 〇), small units (十 百 千, 拾 佰 仟), big
 * units (万 亿), 点, the approximations 余 多 几 and 半, with runs of Arabic
 * digits taking the place of a digit (3万4000, 25万6千).  What may follow
 * what is in scan(); everything written around a number (第, 百分之, 分之,
 * 又, 成, 元角分, 人民币, the units) is number_read_quantity's. */
#include "pipeline/number.h"
#include "base/text.h"

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

/* 161.9, 1,234.5: the digits at the start of p.  A comma is a thousands
 * separator only after a leading group of 1..3 digits and when exactly three
 * digits follow it; otherwise it ends the number (10,减负). */
static size_t parse_arabic(const char *p, size_t len, struct decimal *out)
{
	size_t i = 0, nd = 0;
	long long m = 0;
	int exp = 0;

	while (i < len && text_is_digit(p[i])) {
		if (!muladd(m, 10, p[i] - '0', &m))
			return 0;
		i++;
		nd++;
	}
	if (nd == 0 && !(len >= 2 && p[0] == '.' && text_is_digit(p[1])))
		return 0;               /* .5 is 0.5 */
	if (nd > 0 && nd <= 3) {
		while (len - i >= 4 && p[i] == ',' && text_is_digit(p[i + 1]) &&
		       text_is_digit(p[i + 2]) && text_is_digit(p[i + 3]) &&
		       !(len - i > 4 && text_is_digit(p[i + 4]))) {
			for (size_t j = i + 1; j < i + 4; j++)
				if (!muladd(m, 10, p[j] - '0', &m))
					return 0;
			i += 4;
		}
	}
	if (len - i >= 2 && p[i] == '.' && text_is_digit(p[i + 1])) {
		i++;
		while (i < len && text_is_digit(p[i])) {
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

/* ---- the token table ---- */

enum tok {
	T_NONE,         /* not a numeral character (or the start) */
	T_DIGIT,        /* 一..九 壹..玖 两 俩: val is the digit */
	T_ZERO,         /* 零 〇 */
	T_SMALL,        /* 十 百 千 拾 佰 仟: val is the power of ten */
	T_BIG,          /* 万 亿: val is the power of ten */
	T_POINT,        /* 点 */
	T_APPROX,       /* 余 多 after a number: more than it */
	T_SOME,         /* 几 in a digit's place: more than the rest */
	T_HALF,         /* 半 */
	T_ARABIC,       /* a run of ASCII digits (scan only) */
};

struct numeral {
	unsigned code;          /* the UTF-8 bytes as a 24-bit number */
	unsigned char tok, val;
	unsigned char place;    /* a digit of a positional run (二〇二四, 三点一四);
				 * 两 and 俩 are never one */
};

/* Sorted by code for the binary search in token(). */
static const struct numeral numerals[] = {
	{ 0xE38087, T_ZERO, 0, 1 },     /* 〇 */
	{ 0xE4B880, T_DIGIT, 1, 1 },    /* 一 */
	{ 0xE4B883, T_DIGIT, 7, 1 },    /* 七 */
	{ 0xE4B887, T_BIG, 4, 0 },      /* 万 */
	{ 0xE4B889, T_DIGIT, 3, 1 },    /* 三 */
	{ 0xE4B8A4, T_DIGIT, 2, 0 },    /* 两 */
	{ 0xE4B99D, T_DIGIT, 9, 1 },    /* 九 */
	{ 0xE4BA8C, T_DIGIT, 2, 1 },    /* 二 */
	{ 0xE4BA94, T_DIGIT, 5, 1 },    /* 五 */
	{ 0xE4BABF, T_BIG, 8, 0 },      /* 亿 */
	{ 0xE4BB9F, T_SMALL, 3, 0 },    /* 仟 */
	{ 0xE4BC8D, T_DIGIT, 5, 1 },    /* 伍 */
	{ 0xE4BD99, T_APPROX, 0, 0 },   /* 余 */
	{ 0xE4BDB0, T_SMALL, 2, 0 },    /* 佰 */
	{ 0xE4BFA9, T_DIGIT, 2, 0 },    /* 俩 */
	{ 0xE585AB, T_DIGIT, 8, 1 },    /* 八 */
	{ 0xE585AD, T_DIGIT, 6, 1 },    /* 六 */
	{ 0xE587A0, T_SOME, 0, 0 },     /* 几 */
	{ 0xE58D81, T_SMALL, 1, 0 },    /* 十 */
	{ 0xE58D83, T_SMALL, 3, 0 },    /* 千 */
	{ 0xE58D8A, T_HALF, 5, 0 },     /* 半 */
	{ 0xE58F81, T_DIGIT, 3, 1 },    /* 叁 */
	{ 0xE59B9B, T_DIGIT, 4, 1 },    /* 四 */
	{ 0xE5A3B9, T_DIGIT, 1, 1 },    /* 壹 */
	{ 0xE5A49A, T_APPROX, 0, 0 },   /* 多 */
	{ 0xE68BBE, T_SMALL, 1, 0 },    /* 拾 */
	{ 0xE68D8C, T_DIGIT, 8, 1 },    /* 捌 */
	{ 0xE69F92, T_DIGIT, 7, 1 },    /* 柒 */
	{ 0xE782B9, T_POINT, 0, 0 },    /* 点 */
	{ 0xE78E96, T_DIGIT, 9, 1 },    /* 玖 */
	{ 0xE799BE, T_SMALL, 2, 0 },    /* 百 */
	{ 0xE88286, T_DIGIT, 4, 1 },    /* 肆 */
	{ 0xE8B4B0, T_DIGIT, 2, 1 },    /* 贰 */
	{ 0xE99986, T_DIGIT, 6, 1 },    /* 陆 */
	{ 0xE99BB6, T_ZERO, 0, 1 },     /* 零 */
};

/* The numeral character at p[i], or NULL.  This is hot: a table of 24-bit
 * codes, searched by halves. */
static const struct numeral *token(const char *p, size_t len, size_t i)
{
	const unsigned char *s = (const unsigned char *)p + i;
	size_t lo = 0, hi = sizeof numerals / sizeof numerals[0];
	unsigned c;

	if (i > len || len - i < CJK || s[0] < 0xE3 || s[0] > 0xE9)
		return NULL;
	c = (unsigned)s[0] << 16 | (unsigned)s[1] << 8 | s[2];
	while (lo < hi) {
		size_t m = (lo + hi) / 2;
		if (numerals[m].code == c)
			return &numerals[m];
		if (numerals[m].code < c)
			lo = m + 1;
		else
			hi = m;
	}
	return NULL;
}

static int tok_at(const char *p, size_t len, size_t i)
{
	const struct numeral *t = token(p, len, i);

	return t ? t->tok : T_NONE;
}

/* ---- exact arithmetic on non-negative decimals; 0 on overflow ---- */

static int dec_pow10(struct decimal *d, int k)
{
	if (d->mant == 0)
		return 1;
	d->exp += k;
	return d->exp >= -60 && d->exp <= 60;
}

/* m * 10^k into *m; 0 on overflow. */
static int mant_shift(long long *m, int k)
{
	for (; k > 0; k--)
		if (!muladd(*m, 10, 0, m))
			return 0;
	return 1;
}

static int dec_add(struct decimal a, struct decimal b, struct decimal *r)
{
	if (a.mant == 0) {
		*r = b;
		return 1;
	}
	if (b.mant == 0) {
		*r = a;
		return 1;
	}
	int e = a.exp < b.exp ? a.exp : b.exp;
	if (!mant_shift(&a.mant, a.exp - e) || !mant_shift(&b.mant, b.exp - e) ||
	    !muladd(a.mant, 1, b.mant, &r->mant))
		return 0;
	r->exp = e;
	return 1;
}

/* Significant digits kept of a fraction that does not end (三分之一 is
 * 0.333333333333333): more than any report states, few enough that a whole
 * part fits beside them. */
#define FRACTION_DIGITS 15

/* a / b, exact when it ends within FRACTION_DIGITS significant digits,
 * else rounded half up to them.  b > 0. */
static int dec_div(struct decimal a, struct decimal b, struct decimal *r)
{
	long long q, rem, m;
	int exp = a.exp - b.exp, sig = 0;

	if (b.mant <= 0 || b.mant > LLONG_MAX / 10)
		return 0;
	q = a.mant / b.mant;
	rem = a.mant % b.mant;
	m = q;
	for (long long t = q; t; t /= 10)
		sig++;
	while (rem && sig < FRACTION_DIGITS) {
		rem *= 10;
		if (!muladd(m, 10, rem / b.mant, &m))
			return 0;
		rem %= b.mant;
		exp--;
		if (m)
			sig++;
	}
	if (rem && rem * 10 / b.mant >= 5 && !muladd(m, 1, 1, &m))
		return 0;
	r->mant = m;
	r->exp = exp;
	return 1;
}

/* ---- the scanner ---- */

/* 百 before 分点 (1.4百分点) and 千 before 瓦/克/米 (千瓦, 千米) begin a
 * unit, not a multiplier. */
static int unit_word_at(const char *p, size_t len, size_t i, int e)
{
	i += CJK;
	if (e == 2)
		return text_lit(p, len, i, "分点") != 0;
	if (e == 3)
		return text_lit(p, len, i, "瓦") || text_lit(p, len, i, "克") ||
		       text_lit(p, len, i, "米");
	return 0;
}

/* A multiplier after a decimal written with 点 (三点五亿, 二十点五万):
 * 十/百/千 then 万/亿/万亿, either part optional.  Sets *k to the power of
 * ten; returns the bytes taken. */
static size_t parse_mult(const char *p, size_t len, size_t i, int *k)
{
	const struct numeral *t = token(p, len, i);
	size_t j = i;

	*k = 0;
	if (t && t->tok == T_SMALL && !unit_word_at(p, len, j, t->val)) {
		*k = t->val;
		j += CJK;
		t = token(p, len, j);
	}
	if (t && t->tok == T_BIG) {
		int wan = t->val == 4;
		*k += t->val;
		j += CJK;
		t = token(p, len, j);
		if (wan && t && t->tok == T_BIG && t->val == 8) {
			*k += 8;        /* 万亿 */
			j += CJK;
		}
	}
	return j - i;
}

/* 二〇二四, 一九九七: a run of digit characters read positionally.  Used
 * when the run holds 〇/零 or has three digits or more (三四 stays 3, the
 * rest of "三四个" being an approximation the caller does not take). */
static size_t parse_positional(const char *p, size_t len, struct decimal *out)
{
	const struct numeral *t;
	size_t i = 0, n = 0;
	int zero = 0;
	long long m = 0;

	while ((t = token(p, len, i)) && t->place) {
		zero |= t->tok == T_ZERO;
		if (!muladd(m, 10, t->val, &m))
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

/* What scan() has read so far. */
struct scan {
	struct decimal total;   /* the sections closed by a big unit */
	int total_e;            /* power of ten of the last big unit, -1 none */
	int first_big;          /* the one big unit so far was 万 (万亿, 万万) */
	struct decimal sec;     /* this section: its small-unit terms */
	struct decimal cur;     /* the pending digit or Arabic run */
	int small;              /* smallest small unit of this section, 0 none */
	int last;               /* the token read last (enum tok) */
	int last_e;             /* its power of ten, for a unit */
	int after_e;            /* the unit right before a pending digit */
	int single;             /* cur is one Chinese digit (一万三) */
	size_t digit_at;        /* where that digit starts */
	int approx;             /* 余 多 几: the value is a lower bound */
};

/* The number at the start of p[0..len) (see number_parse), read by one
 * pass over its tokens; big 0 leaves out 万 and 亿 (the numerator of 三分之
 * 一亿元).  Returns the bytes used (0: no number) and sets *out; sets
 * *approx (never clears it: 十余又三分之一 keeps what the whole part said)
 * for 余 多 几; *overflow when it does not fit. */
static size_t scan(const char *p, size_t len, struct decimal *out, int *approx,
		   int *overflow, int big)
{
	struct scan s = { .total_e = -1, .last = T_NONE };
	const struct numeral *t;
	size_t i = 0, good = 0;
	struct decimal v;

	if ((good = parse_positional(p, len, &s.cur)) != 0) {
		*out = s.cur;
		return good;
	}
	while (i < len) {
		if (text_is_digit(p[i]) || (i == 0 && p[i] == '.')) {
			/* 3万4000, 2千零30万: Arabic in a digit's place */
			size_t n;
			if (s.last != T_NONE && s.last != T_SMALL &&
			    s.last != T_BIG && s.last != T_ZERO)
				break;
			if ((n = parse_arabic(p + i, len - i, &s.cur)) == 0)
				break;
			s.after_e = s.single = 0;
			s.last = T_ARABIC;
			i += n;
			good = i;
			continue;
		}
		if (!(t = token(p, len, i)))
			break;
		switch (t->tok) {
		case T_ZERO:
			/* a place holder (两千三百零五, 零十); a trailing 零 is
			 * not taken, a lone one is 0 */
			if (s.last == T_DIGIT || s.last == T_ARABIC ||
			    s.last == T_SOME || s.last == T_APPROX ||
			    s.last == T_HALF)
				goto done;
			s.last = T_ZERO;
			i += CJK;
			if (i == CJK)
				good = i;
			continue;
		case T_DIGIT:
		case T_SOME:
			if (s.last == T_DIGIT || s.last == T_ARABIC ||
			    s.last == T_SOME || s.last == T_APPROX ||
			    s.last == T_HALF)
				goto done;      /* 三四个: stop at 三 */
			if (t->tok == T_SOME) {
				/* 二十几万, 一百零几万; a leading 几 (几十万)
				 * states no lower bound */
				if (s.last == T_NONE)
					goto done;
				s.approx = 1;
			}
			s.cur = (struct decimal){ t->val, 0 };
			s.single = t->tok == T_DIGIT;
			s.digit_at = i;
			s.after_e = s.last == T_SMALL || s.last == T_BIG ? s.last_e : 0;
			break;
		case T_HALF:
			/* 半 alone is a half (半成); 一半 is the caller's */
			if (s.last != T_NONE)
				goto done;
			s.cur = (struct decimal){ 5, -1 };
			s.after_e = 0;
			break;
		case T_SMALL:
			if ((s.small && t->val >= s.small) ||
			    unit_word_at(p, len, i, t->val))
				goto done;      /* 十百; 千瓦 */
			if (s.last == T_DIGIT || s.last == T_ARABIC ||
			    s.last == T_SOME) {
				v = s.cur;
			} else if (t->val == 1 &&
				   (s.last == T_NONE || s.last == T_ZERO)) {
				v = (struct decimal){ 1, 0 };   /* 十四, 零十, 一千零十 */
			} else if (s.last == T_NONE &&
				   tok_at(p, len, i + CJK) == T_DIGIT) {
				v = (struct decimal){ 1, 0 };   /* 百三, 千三 */
			} else {
				goto done;      /* a bare 百 or 千 */
			}
			if (!dec_pow10(&v, t->val) || !dec_add(s.sec, v, &s.sec))
				goto overflow;
			s.cur = (struct decimal){ 0, 0 };
			s.single = 0;
			s.small = t->val;
			s.last_e = t->val;
			break;
		case T_BIG:
			if (!big)
				goto done;
			if (!dec_add(s.sec, s.cur, &v))
				goto overflow;
			if (s.last == T_BIG && s.first_big && s.total_e == 4) {
				/* 两万亿, 四万万: the 万 times this unit */
				if (!dec_pow10(&s.total, t->val))
					goto overflow;
				s.total_e += t->val;
				s.first_big = 0;
			} else if (v.mant == 0 || s.last == T_ZERO) {
				goto done;      /* 万 alone; 九千亿亿 */
			} else if (s.total_e < 0 || t->val > s.total_e) {
				/* 三万; 十二万三千亿: all so far times the unit */
				if (!dec_add(s.total, v, &v) || !dec_pow10(&v, t->val))
					goto overflow;
				s.total = v;
				s.first_big = s.total_e < 0 && t->val == 4;
				s.total_e = t->val;
			} else if (t->val < s.total_e) {
				/* 三亿五千万 */
				if (!dec_pow10(&v, t->val) ||
				    !dec_add(s.total, v, &s.total))
					goto overflow;
				s.total_e = t->val;
				s.first_big = 0;
			} else {
				goto done;      /* 三万五万 */
			}
			s.sec = s.cur = (struct decimal){ 0, 0 };
			s.single = s.small = 0;
			s.last_e = s.total_e;
			break;
		case T_APPROX:
			/* 十余万, 500余万, 一千多万, 3万多 */
			if (s.last == T_NONE || s.last == T_ZERO ||
			    s.last == T_APPROX || s.last == T_SOME ||
			    s.last == T_HALF)
				goto done;
			s.approx = 1;
			break;
		case T_POINT: {
			/* 三点五, 一百二十点五, 二十点五万: positional digits,
			 * then a multiplier when no big unit came before */
			size_t j = i + CJK;
			int k;
			if (s.total_e >= 0 || s.approx ||
			    (s.last != T_DIGIT && s.last != T_SMALL &&
			     s.last != T_ZERO) ||
			    !(t = token(p, len, j)) || !t->place)
				goto done;
			if (!dec_add(s.sec, s.cur, &v))
				goto overflow;
			if (v.exp < 0 || !mant_shift(&v.mant, v.exp))
				goto overflow;  /* (no Arabic run comes before 点) */
			v.exp = 0;
			for (; (t = token(p, len, j)) && t->place; j += CJK) {
				if (!muladd(v.mant, 10, t->val, &v.mant))
					goto overflow;
				v.exp--;
			}
			j += parse_mult(p, len, j, &k);
			if (!dec_pow10(&v, k))
				goto overflow;
			s.sec = v;
			s.cur = (struct decimal){ 0, 0 };
			s.single = 0;
			s.last = T_POINT;
			good = j;
			goto done;
		}
		}
		s.last = t->tok;
		i += CJK;
		good = i;
	}
done:
	if (good == 0 && len == CJK && (t = token(p, len, 0)) &&
	    (t->tok == T_SMALL || (t->tok == T_BIG && big))) {
		/* a unit that is all the text: 百分之百 */
		*out = (struct decimal){ 1, t->val };
		return CJK;
	}
	if (good == 0)
		return 0;
	/* 一千陆 is 1600, 一万三 13000, 九十二万四 924000: a last digit right
	 * after a unit of 百 or more counts in the next lower place; but 两
	 * there is the weight (三百两), not taken */
	v = s.cur;
	if (s.single && s.after_e >= 2 && s.last == T_DIGIT &&
	    !token(p, len, s.digit_at)->place) {
		v = (struct decimal){ 0, 0 };
		good = s.digit_at;
	} else if (s.single && s.after_e >= 2 &&
		   !dec_pow10(&v, s.after_e - 1)) {
		goto overflow;
	}
	if (!dec_add(s.total, s.sec, &s.total) || !dec_add(s.total, v, out))
		goto overflow;
	*approx |= s.approx;
	return good;
overflow:
	*overflow = 1;
	return 0;
}

int number_parse(const char *p, size_t len, struct decimal *out, size_t *used)
{
	struct decimal d;
	size_t n;
	int approx = 0, overflow = 0;

	if (!p || len == 0)
		return 0;
	n = scan(p, len, &d, &approx, &overflow, 1);
	if (n == 0 || overflow)
		return 0;
	d = canon(d);
	if (!fits(d))
		return 0;
	*out = d;
	if (used)
		*used = n;
	return 1;
}

/* A word after a number, with its length and what it makes the number. */
struct suffix {
	const char *s;
	size_t len;
	enum unit unit;
	int exp;
};

#define W(s, u, e) { s, sizeof s - 1, u, e }
#define COUNT(s) W(s, UNIT_COUNT, 0)

/* The units and classifiers read after a number (元 and 成 have their own
 * forms in number_read_quantity). */
static const struct suffix suffixes[] = {
	W("%", UNIT_PERCENT, 0),
	W("个百分点", UNIT_PP, 0),
	W("百分点", UNIT_PP, 0),
	W("成", UNIT_PERCENT, 1),      /* 三成 -> 30 percent */
	W("倍", UNIT_NONE, 0),
	COUNT("家"), COUNT("个"), COUNT("项"), COUNT("人"), COUNT("人次"),
	COUNT("件"), COUNT("次"), COUNT("户"), COUNT("户次"), COUNT("座"),
	COUNT("台"), COUNT("场"), COUNT("条"), COUNT("所"), COUNT("名"),
	COUNT("批"), COUNT("处"), COUNT("亩"), COUNT("平方米"),
	COUNT("平方公里"), COUNT("公里"), COUNT("千米"), COUNT("米"),
	COUNT("辆"), COUNT("套"), COUNT("栋"), COUNT("幢"), COUNT("间"),
	COUNT("张"), COUNT("本"), COUNT("篇"), COUNT("起"), COUNT("例"),
	COUNT("支"), COUNT("只"), COUNT("位"), COUNT("款"), COUNT("种"),
	COUNT("类"), COUNT("株"), COUNT("棵"), COUNT("吨"), COUNT("千瓦"),
	COUNT("千瓦时"), COUNT("份"), COUNT("部"), COUNT("枚"), COUNT("头"),
	COUNT("艘"), COUNT("架"), COUNT("宗"), COUNT("笔"), COUNT("家次"),
	COUNT("项次"), COUNT("所次"), COUNT("床"), COUNT("岗"),
};

/* The coins after 元: 50元6角三分 is 50.63 yuan. */
static const struct suffix coins[] = {
	W("角", UNIT_CNY, -1),
	W("分", UNIT_CNY, -2),
};

#undef COUNT
#undef W

/* The longest word of suffixes[] at p[i..len), or NULL. */
static const struct suffix *suffix_at(const char *p, size_t len, size_t i)
{
	const struct suffix *best = NULL;

	for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
		const struct suffix *w = &suffixes[k];
		if (len - i >= w->len && p[i] == w->s[0] &&
		    memcmp(p + i, w->s, w->len) == 0 && (!best || w->len > best->len))
			best = w;
	}
	return best;
}

static int finish(struct decimal d, int neg, int k, enum unit u, int approx,
		  int ratio, struct quantity *q)
{
	if (!dec_pow10(&d, k))
		return 0;
	d = canon(d);
	if (!fits(d))
		return 0;
	q->value = neg ? decimal_neg(d) : d;
	q->unit = u;
	q->qual = approx ? QUAL_GT : QUAL_NONE;
	q->ratio = ratio;
	return 1;
}

/* 百分之, 千分之, 万分之 (佰分之, 仟分之) at p[i]: sets *k to the power of
 * ten that turns what follows into percent (0, -1, -2).  Returns the bytes,
 * or 0. */
static size_t per_at(const char *p, size_t len, size_t i, int *k)
{
	const struct numeral *t = token(p, len, i);

	if (!t || (t->tok != T_SMALL && t->tok != T_BIG) || t->val < 2 ||
	    !text_lit(p, len, i + CJK, "分之"))
		return 0;
	*k = 2 - t->val;
	return 3 * CJK;
}

/* A number in a fraction or after 百分之: as scan() (with 万 and 亿 when
 * big is set), or a unit alone (百分之百, 千分之一).  Returns the bytes, or
 * 0. */
static size_t operand(const char *p, size_t len, size_t i, struct decimal *d,
		      int *approx, int big)
{
	const struct numeral *t;
	int overflow = 0;
	size_t n = scan(p + i, len - i, d, approx, &overflow, big);

	if (n || overflow)
		return overflow ? 0 : n;
	if ((t = token(p, len, i)) && (t->tok == T_SMALL || t->tok == T_BIG)) {
		*d = (struct decimal){ 1, t->val };
		return CJK;
	}
	return 0;
}

size_t number_rank_word(const char *p, size_t len)
{
	size_t n;

	if ((n = text_lit(p, len, 0, "首位")) && !text_lit(p, len, n, "度"))
		return n;
	return text_lit(p, len, 0, "榜首");
}

/* 第一, 第5位, 第十二名: the rank after 第 (n its bytes). */
static size_t ordinal(const char *p, size_t len, size_t n, struct quantity *q)
{
	struct decimal d;
	int approx = 0, of = 0;
	size_t i = scan(p + n, len - n, &d, &approx, &of, 1);

	if (!i || approx)
		return 0;
	i += n;
	i += text_lit(p, len, i, "位") ? CJK : text_lit(p, len, i, "名") ? CJK : 0;
	d = canon(d);
	if (d.mant <= 0 || d.exp < 0)
		return 0;
	return finish(d, 0, 0, UNIT_RANK, 0, 0, q) ? i : 0;
}

size_t number_read_quantity(const char *p, size_t len, struct quantity *q)
{
	struct decimal d, w = { 0, 0 };
	size_t i = 0, n, end;
	int neg = 0, approx = 0, rmb = 0, bare = 0, ratio = 0, k, of = 0;
	const struct suffix *sf;

	if (!p || len == 0)
		return 0;
	if ((n = number_rank_word(p, len)))
		return finish((struct decimal){ 1, 0 }, 0, 0, UNIT_RANK, 0, 0, q) ?
		       n : 0;
	if ((n = text_lit(p, len, 0, "第")))
		return ordinal(p, len, n, q);
	/* 人民币8千元 */
	if ((n = text_lit(p, len, 0, "人民币"))) {
		rmb = 1;
		i = n;
	}
	/* -10000, 负三十二 */
	if (i < len && (p[i] == '-' || p[i] == '+')) {
		neg = p[i] == '-';
		i++;
	} else if ((n = text_lit(p, len, i, "负"))) {
		neg = 1;
		i += n;
	}
	/* 百分之五十, 千分之一 (0.1 percent), 万分之三 */
	if ((n = per_at(p, len, i, &k))) {
		i += n;
		if (rmb || !(n = operand(p, len, i, &d, &approx, 1)))
			return 0;
		return finish(d, neg, k, UNIT_PERCENT, approx, 0, q) ? i + n : 0;
	}
	/* 一半: a half, like 二分之一 */
	if (!rmb && (n = text_lit(p, len, i, "一半")))
		return finish((struct decimal){ 5, -1 }, neg, 0, UNIT_COUNT, 0, 1,
			      q) ? i + n : 0;
	if (i >= len)
		return 0;
	if ((n = scan(p + i, len - i, &d, &approx, &of, 1)) == 0) {
		/* 万亿元, 亿元: a multiplier alone is one of it */
		if (of || !(n = parse_mult(p, len, i, &k)) ||
		    !text_lit(p, len, i + n, "元"))
			return 0;
		d = (struct decimal){ 1, k };
		bare = 1;
	}
	i += n;
	/* 三百五又三分之一: the whole part, then the fraction */
	if (!bare && text_lit(p, len, i, "又")) {
		size_t j = i + CJK;
		w = d;
		if (!(n = operand(p, len, j, &d, &approx, 1)) ||
		    !text_lit(p, len, j + n, "分之"))
			return 0;
		i = j + n;
	}
	/* 五分之一 (0.2), 三分之一亿元: the denominator first; a multiplier
	 * after the numerator is the whole value's */
	if (!bare && (n = text_lit(p, len, i, "分之"))) {
		struct decimal num;
		size_t j = i + n;

		if (d.mant == 0 || !(n = operand(p, len, j, &num, &approx, 0)))
			return 0;
		j += n;
		d = canon(d);
		if (!dec_div(canon(num), d, &d) || !dec_add(w, d, &d))
			return 0;
		j += parse_mult(p, len, j, &k);
		if (!dec_pow10(&d, k))
			return 0;
		ratio = w.mant == 0;
		i = j;
	}
	/* 8亿元, 50元6角三分, 8亿元人民币 */
	if ((n = text_lit(p, len, i, "元"))) {
		i += n;
		for (size_t c = 0; c < sizeof coins / sizeof coins[0]; c++) {
			struct decimal m;
			int a = 0;
			size_t j = scan(p + i, len - i, &m, &a, &of, 0);
			if (j == 0 || a || !text_lit(p, len, i + j, coins[c].s))
				continue;
			if (!dec_pow10(&m, coins[c].exp) || !dec_add(d, m, &d))
				return 0;
			i += j + coins[c].len;
		}
		if (!rmb)
			i += text_lit(p, len, i, "人民币");
		return finish(d, neg, 0, UNIT_CNY, approx, 0, q) ? i : 0;
	}
	if (rmb || bare)
		return 0;
	/* 七成六 (76), 三成半 (35) */
	if ((n = text_lit(p, len, i, "成"))) {
		const struct numeral *t = token(p, len, i + n);
		if (t && (t->tok == T_DIGIT || t->tok == T_HALF)) {
			if (!dec_pow10(&d, 1) ||
			    !dec_add(d, (struct decimal){ t->val, 0 }, &d))
				return 0;
			return finish(d, neg, 0, UNIT_PERCENT, approx, 0, q) ?
				i + n + CJK : 0;
		}
	}
	/* %, 个百分点, 倍, 家 ...; or the number alone, a count */
	if ((sf = suffix_at(p, len, i))) {
		end = i + sf->len;
		if (!finish(d, neg, sf->exp, sf->unit, approx,
			    sf->unit == UNIT_COUNT && ratio, q))
			return 0;
		return end;
	}
	return finish(d, neg, 0, UNIT_COUNT, approx, ratio, q) ? i : 0;
}

int number_parse_quantity(const char *p, size_t len, struct quantity *q)
{
	struct quantity r;

	if (number_read_quantity(p, len, &r) != len || len == 0)
		return 0;
	*q = r;
	return 1;
}

size_t number_prefix_len(const char *p, size_t n)
{
	size_t k = 0;
	int e;

	/* 百分之五: [百千万]分之 before the number */
	if (n >= 3 * CJK && per_at(p, n, n - 3 * CJK, &e))
		k = 3 * CJK;
	if (n - k >= 1 && p[n - k - 1] == '-')
		return k + 1;
	if (n - k >= CJK && text_lit(p, n, n - k - CJK, "负"))
		return k + CJK;
	return k;
}

int number_cn_pair(const char *p, size_t n)
{
	const struct numeral *a = token(p, n, 0), *b;

	if (!a || !(b = token(p, n, CJK)))
		return 0;
	if (a->tok == T_DIGIT || a->tok == T_ZERO)
		return b->tok == T_SMALL || b->tok == T_BIG;   /* 两千, 零十 */
	return a->tok == T_SMALL && (b->tok == T_DIGIT || b->tok == T_APPROX ||
				     b->tok == T_SOME);         /* 十二, 十余, 十几 */
}

int number_char_before(const char *p, size_t n)
{
	return n >= CJK && token(p, n, n - CJK) != NULL;
}

int number_start(const char *p, size_t n)
{
	const struct numeral *t;

	if (n && (text_is_digit(p[0]) || (n >= 2 && p[0] == '.' && text_is_digit(p[1]))))
		return 1;
	if (!(t = token(p, n, 0)))
		return 0;
	switch (t->tok) {
	case T_DIGIT:
	case T_ZERO:
	case T_HALF:
		return 1;
	case T_SMALL:
		/* 十四, 拾万; 百三 but not 百分点 or 千家万户; 百 as all the
		 * text (百分之百) */
		return t->val == 1 || n == CJK || tok_at(p, n, CJK) == T_DIGIT;
	default:
		return 0;
	}
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
	MARK_PERCENT = 1u << 1,         /* % 成 分之 一半 */
	MARK_PP = 1u << 2,              /* 百分点 */
	MARK_RANK = 1u << 3,            /* 第, 首 (首位, 榜首) */
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

const char *const number_site_marks[] = {
	"%", "第", "首", "成", "倍", "百", "元", "分", "半", NULL,
};

unsigned unit_marks_in(const char *p, size_t n)
{
	const unsigned char *s = (const unsigned char *)p;
	unsigned m = 0;

	/* one pass; every mark but % is a three-byte character (E5..E9) */
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '%') {
			m |= MARK_PERCENT;
			continue;
		}
		if (s[i] < 0xE5 || s[i] > 0xE9 || i + 2 >= n)
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
		case 0xE9A696:                  /* 首 */
			m |= MARK_RANK;
			break;
		case 0xE5808D:                  /* 倍 */
			m |= MARK_TIMES;
			break;
		case 0xE58886:                  /* 分: 分之, 百分点 */
			if (i + 6 <= n && memcmp(s + i + 3, "\xE4\xB9\x8B", 3) == 0)
				m |= MARK_PERCENT;      /* 百分之, 千分之, 五分之一 */
			else if (i >= 3 && i + 6 <= n &&
				 memcmp(s + i - 3, "\xE7\x99\xBE", 3) == 0 &&
				 memcmp(s + i + 3, "\xE7\x82\xB9", 3) == 0)
				m |= MARK_PP;
			break;
		case 0xE58D8A:                  /* 半: 一半 */
			if (i >= 3 && memcmp(s + i - 3, "\xE4\xB8\x80", 3) == 0)
				m |= MARK_PERCENT;
			break;
		}
	}
	return m;
}
