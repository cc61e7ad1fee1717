/* period: find period expressions in normalized text and resolve them
 * against the document date; see period.h.
 *
 * A hand-written scanner: it walks the clause once, tries the recognizers
 * below only at ASCII digits and CJK characters, and allocates nothing.  It
 * runs on every clause of every document, so a clause without any of
 * 年 月 季 前 截 is rejected by a byte scan before anything else. */
#include "pipeline/period.h"
#include "base/text.h"
#include "base/utf8.h"

#include <stdio.h>
#include <string.h>

/* Chinese characters are three bytes in UTF-8; every one this file reads is. */
#define CJK 3

/* How far into a document period_find_date looks for a masthead date. */
#define FIND_DATE_WINDOW 4096

enum { M_NONE, M_HIT, M_SKIP };

/* What a recognizer found at one position. */
struct match {
	size_t end;             /* byte offset just past the expression */
	struct period p;        /* for M_HIT */
	int sets_year;          /* a year was written (2024年, 今年, 去年) */
	int year;               /* that year (0 when the doc date is unknown) */
	int attributive;        /* 2024年度 + a noun: leaves the context alone */
};

/* How a year was written. */
enum year_form { Y_DIGITS, Y_THIS, Y_LAST, Y_NEXT };

/* ---- small helpers ---- */

/* Length of the first of set (NULL-terminated) that p[i..) starts with. */
static size_t lit_any(const char *p, size_t len, size_t i,
		      const char *const *set)
{
	size_t n;

	for (; *set; set++)
		if ((n = text_lit(p, len, i, *set)))
			return n;
	return 0;
}

/* Whether the text before offset i ends with one of the characters of set
 * (a string of CJK characters). */
static int after_any(const char *p, size_t i, const char *set)
{
	if (i < CJK)
		return 0;
	for (; *set; set += CJK)
		if (memcmp(p + i - CJK, set, CJK) == 0)
			return 1;
	return 0;
}

/* Whether an Arabic number may start at i: not in the middle of another
 * number (12024年, 3.5月, 2023-2025年, 2024/3). */
static int num_start_ok(const char *p, size_t i)
{
	if (i == 0)
		return 1;
	char c = p[i - 1];
	return !text_is_digit(c) && c != '.' && c != '-' && c != '/' && c != ':';
}

/* 1..maxd ASCII digits at i, not followed by more digits nor by a decimal
 * part.  Sets *v; returns the digit count or 0. */
static size_t arabic_int(const char *p, size_t len, size_t i, size_t maxd,
			 int *v)
{
	size_t n = 0;
	int x = 0;

	while (i + n < len && text_is_digit(p[i + n])) {
		if (++n > maxd)
			return 0;
		x = x * 10 + (p[i + n - 1] - '0');
	}
	if (n == 0)
		return 0;
	if (i + n + 1 < len && p[i + n] == '.' && text_is_digit(p[i + n + 1]))
		return 0;
	*v = x;
	return n;
}

/* A month number 1..12 written in Arabic digits at i. */
static size_t month_num(const char *p, size_t len, size_t i, int *m)
{
	size_t n = arabic_int(p, len, i, 2, m);

	return n && *m >= 1 && *m <= 12 ? n : 0;
}

/* A small count 1..12 in Arabic or Chinese (一 .. 十二, 两) at i. */
static size_t small_num(const char *p, size_t len, size_t i, int *v)
{
	static const char *const cn[] = {
		"十二", "十一", "十", "一", "二", "两", "三", "四", "五", "六",
		"七", "八", "九", NULL,
	};
	static const int values[] = { 12, 11, 10, 1, 2, 2, 3, 4, 5, 6, 7, 8, 9 };
	size_t n;

	if (i < len && text_is_digit(p[i])) {
		n = arabic_int(p, len, i, 2, v);
		return n && num_start_ok(p, i) && *v >= 1 && *v <= 12 ? n : 0;
	}
	for (size_t k = 0; cn[k]; k++)
		if ((n = text_lit(p, len, i, cn[k]))) {
			*v = values[k];
			return n;
		}
	return 0;
}

/* A quarter number 1..4: 一二三四 or 1..4. */
static size_t quarter_num(const char *p, size_t len, size_t i, int *q)
{
	static const char *const cn[] = { "一", "二", "三", "四", NULL };

	if (i < len && text_is_digit(p[i])) {
		size_t n = arabic_int(p, len, i, 1, q);

		return n && num_start_ok(p, i) && *q >= 1 && *q <= 4 ? n : 0;
	}
	for (int k = 0; cn[k]; k++)
		if (text_lit(p, len, i, cn[k])) {
			*q = k + 1;
			return CJK;
		}
	return 0;
}

/* A DAY whose b is 0 means "the last day of month a": fill it in now that
 * the year is known. */
static void fix_last_day(struct period *p)
{
	if (p->kind == PERIOD_DAY && p->b == 0)
		p->b = date_month_days(p->year, p->a);
}

static struct period day_of(struct date d)
{
	struct period p = { PERIOD_DAY, d.y, d.m, d.d, 0 };

	return p;
}

/* The year of a period whose year was not written: the context's, else
 * the document's (implicit). */
static void ctx_year(const struct period_ctx *c, struct period *p)
{
	if (c->year) {
		p->year = c->year;
		p->year_implicit = 0;
	} else {
		p->year = c->doc.y;
		p->year_implicit = 1;
	}
}

/* After 年: 年轻, 年纪, 年龄, 年代, 年鉴 are not years (全年龄段, 如今年轻). */
static const char *const not_year[] = { "轻", "纪", "龄", "代", "鉴", NULL };
static const char *const range_sep[] = { "-", "~", "至", "到", NULL };
static const char *const year_end[] = { "年底", "年末", "底", "末", NULL };
static const char *const month_end[] = { "底", "末", NULL };

/* ---- recognizers ---- */

/* Whether a clause pause or end is at i: ASCII punctuation, 。、 or space. */
static int is_pause(const char *p, size_t len, size_t i)
{
	static const char *const cjk_punct[] = {
		"。", "、", "，", "；", "：", NULL,
	};
	unsigned char b;

	if (i >= len)
		return 1;
	b = (unsigned char)p[i];
	if (b < 0x80)
		return !text_is_digit(b) && !(b >= 'A' && b <= 'Z') &&
		       !(b >= 'a' && b <= 'z');
	return lit_any(p, len, i, cjk_punct) != 0;
}

/* A written year at i: 2024年 (1900..2099), 今年/本年, 去年/上年, 明年.
 * Words that merely contain those characters are refused (以上年均, 如今年轻,
 * 成本年, 过去年份, 1990年代).  Sets *y (0 when relative and the document
 * date is unknown) and *form; returns the bytes used. */
static size_t year_ref(const struct period_ctx *c, const char *p, size_t len,
		       size_t i, int *y, enum year_form *form)
{
	size_t n = 0;
	int v;

	if (i < len && text_is_digit(p[i])) {
		if (!num_start_ok(p, i) || arabic_int(p, len, i, 4, &v) != 4 ||
		    v < 1900 || v > 2099 || !text_lit(p, len, i + 4, "年"))
			return 0;
		*y = v;
		*form = Y_DIGITS;
		n = 4 + CJK;
	} else if ((n = text_lit(p, len, i, "今年"))) {
		if (after_any(p, i, "如迄现"))
			return 0;
		*form = Y_THIS;
	} else if ((n = text_lit(p, len, i, "本年"))) {
		if (after_any(p, i, "成基资日样版根账"))
			return 0;
		*form = Y_THIS;
	} else if ((n = text_lit(p, len, i, "去年"))) {
		if (after_any(p, i, "过失离退删减除"))
			return 0;
		*form = Y_LAST;
	} else if ((n = text_lit(p, len, i, "上年"))) {
		if (after_any(p, i, "以之马线网向往早晚北加再迈走登跃踏台"
				    "会路础面场级顶身史"))
			return 0;
		*form = Y_LAST;
	} else if ((n = text_lit(p, len, i, "明年"))) {
		if (after_any(p, i, "文光说透证表声鲜精高英"))
			return 0;
		*form = Y_NEXT;
	} else {
		return 0;
	}
	if (lit_any(p, len, i + n, not_year))
		return 0;
	if (*form != Y_DIGITS) {
		int off = *form == Y_THIS ? 0 : *form == Y_LAST ? -1 : 1;

		*y = c->doc.y ? c->doc.y + off : 0;
	}
	return n;
}

/* The rest of a month range after its first month a, at j: a separator,
 * the last month, 月 and an optional 份 (1月-11月, 1至11月, 1-11月).  Sets
 * *r and returns the bytes used, 0 when no range follows, or BAD_RANGE when
 * the last month is not after the first (then there is no period at all). */
#define BAD_RANGE ((size_t)-1)
static size_t month_range(const char *p, size_t len, size_t j, int a,
			  struct period *r)
{
	size_t n, k;
	int b;

	if (!(n = lit_any(p, len, j, range_sep)) ||
	    !(k = month_num(p, len, j + n, &b)) ||
	    !text_lit(p, len, j + n + k, "月"))
		return 0;
	if (b <= a)
		return BAD_RANGE;
	n += k + CJK;
	n += text_lit(p, len, j + n, "份");
	*r = period_months(0, a, b);
	return n;
}

/* A period that needs a year from elsewhere, at i: 全年, 一季度, 第一季度,
 * 1季度, 首季, 一季度末, 前三季度, 前4个月, 上半年, 下半年, 1-11月, 1至11月,
 * 1月-11月, 3月, 3月份, 4月底, and the full date 3月12日.  The result has
 * year 0; a DAY with b 0 means the month's last day.  *full_date is set
 * for M月D日 (not a period by itself; see the callers).  Returns the bytes
 * used, or 0. */
static size_t sub_period(const char *p, size_t len, size_t i,
			 struct period *out, int *full_date)
{
	struct period r = { PERIOD_NONE, 0, 0, 0, 0 };
	size_t j, n;
	int a, b;

	*full_date = 0;
	if ((n = text_lit(p, len, i, "全年")) && !lit_any(p, len, i + n, not_year)) {
		r.kind = PERIOD_YEAR;
		j = i + n;
		goto done;
	}
	if ((n = text_lit(p, len, i, "上半年")) || (n = text_lit(p, len, i, "下半年"))) {
		r.kind = PERIOD_HALF;
		r.a = text_lit(p, len, i, "上") ? 1 : 2;
		j = i + n;
		goto done;
	}
	/* 前三季度, 前两个季度 -> months 1..3N; 前4个月, 前十个月 -> 1..N */
	if ((n = text_lit(p, len, i, "前")) &&
	    !after_any(p, i, "提超之以此目当向往面空史事从")) {
		j = i + n;
		if ((n = small_num(p, len, j, &a))) {
			j += n;
			j += text_lit(p, len, j, "个");
			if ((n = text_lit(p, len, j, "季度")) && a <= 4) {
				r = period_months(0, 1, 3 * a);
				j += n;
				goto done;
			}
			if ((n = text_lit(p, len, j, "月"))) {
				r = period_months(0, 1, a);
				j += n;
				goto done;
			}
		}
		return 0;
	}
	/* 一季度, 第一季度, 1季度, 首季, 一季度末 */
	j = i + text_lit(p, len, i, "第");
	if ((n = quarter_num(p, len, j, &a)) && text_lit(p, len, j + n, "季度")) {
		j += n + 2 * CJK;
	} else if ((n = text_lit(p, len, i, "首季"))) {
		a = 1;
		j = i + n;
		j += text_lit(p, len, j, "度");
	} else {
		goto months;
	}
	if ((n = lit_any(p, len, j, month_end))) {
		r.kind = PERIOD_DAY;
		r.a = 3 * a;
		j += n;
	} else {
		r.kind = PERIOD_QUARTER;
		r.a = a;
	}
	goto done;
months:
	if (!num_start_ok(p, i) || !(n = month_num(p, len, i, &a)))
		return 0;
	j = i + n;
	if ((n = text_lit(p, len, j, "月"))) {
		j += n;
		/* 1月-11月, 1月至11月 */
		if ((n = month_range(p, len, j, a, &r))) {
			if (n == BAD_RANGE)
				return 0;
			j += n;
			goto done;
		}
		/* 3月12日: a date, not a period; 3月12 alone: neither */
		if (j < len && text_is_digit(p[j])) {
			if (!(n = arabic_int(p, len, j, 2, &b)) ||
			    !(text_lit(p, len, j + n, "日") || text_lit(p, len, j + n, "号")) ||
			    b < 1 || b > 31)
				return 0;
			r.kind = PERIOD_DAY;
			r.a = a;
			r.b = b;
			*full_date = 1;
			j += n + CJK;
			goto done;
		}
		j += text_lit(p, len, j, "份");
		if ((n = lit_any(p, len, j, month_end))) {
			r.kind = PERIOD_DAY;
			r.a = a;
			j += n;
		} else {
			r.kind = PERIOD_MONTH;
			r.a = a;
		}
		goto done;
	}
	/* 1-11月, 1至11月 */
	if ((n = month_range(p, len, j, a, &r)) && n != BAD_RANGE) {
		j += n;
		goto done;
	}
	return 0;
done:
	*out = r;
	return j - i;
}

/* 截至/截止 (+到/至): a point in time.  截至目前, 截至发稿 -> the doc date;
 * 截至2024年底 -> 2024-12-31; 截至4月底, 截至4月 -> the month's last day;
 * 截至2024年6月14日 -> that day.  Anything else after 截至 is left to the
 * other recognizers (the prefix is skipped). */
static int match_by(const struct period_ctx *c, const char *p, size_t len,
		    size_t i, struct match *m)
{
	static const char *const now[] = {
		"目前", "当前", "发稿", "现在", "今日", "日前", NULL,
	};
	struct period sp;
	size_t j, n;
	int y, full;
	enum year_form form;

	if (!(n = text_lit(p, len, i, "截至")) && !(n = text_lit(p, len, i, "截止")))
		return M_NONE;
	j = i + n;
	j += text_lit(p, len, j, "到") ? CJK : text_lit(p, len, j, "至") ? CJK : 0;
	m->end = j;
	if ((n = lit_any(p, len, j, now))) {
		m->p = day_of(c->doc);
		m->end = j + n;
		return M_HIT;
	}
	if ((n = year_ref(c, p, len, j, &y, &form))) {
		size_t k = j + n;

		k += text_lit(p, len, k, "度");
		if ((n = lit_any(p, len, k, year_end))) {
			m->p = (struct period){ PERIOD_DAY, y, 12, 31, 0 };
			m->end = k + n;
		} else if ((n = sub_period(p, len, k, &sp, &full)) &&
			   (sp.kind == PERIOD_MONTH || sp.kind == PERIOD_DAY)) {
			m->p = sp;
			m->p.kind = PERIOD_DAY;
			m->p.year = y;
			m->end = k + n;
		} else {
			return M_SKIP;
		}
		m->sets_year = 1;
		m->year = y;
		fix_last_day(&m->p);
		return y == 0 || date_valid(y, m->p.a, m->p.b) ? M_HIT : M_SKIP;
	}
	if ((n = sub_period(p, len, j, &sp, &full)) &&
	    (sp.kind == PERIOD_MONTH || sp.kind == PERIOD_DAY)) {
		m->p = sp;
		m->p.kind = PERIOD_DAY;
		ctx_year(c, &m->p);
		m->end = j + n;
		fix_last_day(&m->p);
		if (m->p.year && !date_valid(m->p.year, m->p.a, m->p.b))
			return M_SKIP;
		return M_HIT;
	}
	return M_SKIP;
}

/* A comparison base: 较去年同期, 比上年, 与去年相比, 较2024年, 高于上年,
 * 比去年一季度, 增速较一季度提高, 比上半年回落 ...  Skipped whole; not a
 * period, the context stays. */
static int match_comparison(const struct period_ctx *c, const char *p,
			    size_t len, size_t i, struct match *m)
{
	static const char *const prefix[] = {
		"较之", "相较", "相比", "对比", "高于", "低于", "好于", "快于",
		"慢于", "优于", "较", "比", "与", "同", "由", "从", NULL,
	};
	struct period sp;
	size_t j, n;
	int y, full;
	enum year_form form;

	for (size_t k = 0; prefix[k]; k++) {
		if (!(n = text_lit(p, len, i, prefix[k])))
			continue;
		j = i + n;
		if ((n = year_ref(c, p, len, j, &y, &form))) {
			j += n;
			j += text_lit(p, len, j, "度");
			if ((n = sub_period(p, len, j, &sp, &full)))
				j += n;
			else
				j += lit_any(p, len, j, year_end);
		} else if (strcmp(prefix[k], "同") != 0 &&
			   strcmp(prefix[k], "由") != 0 &&
			   strcmp(prefix[k], "从") != 0 &&
			   (n = sub_period(p, len, j, &sp, &full))) {
			/* 增速较一季度提高, 比上半年回落 (not 同: 同一季度; not
			 * 由/从, whose period is the figure's: 由1-2月增长3.7%;
			 * but 由上年的 is a base);
			 * several bases: 分别较1-2月、1-3月回落 */
			j += n;
			size_t more;
			while ((n = text_lit(p, len, j, "、")) &&
			       (more = sub_period(p, len, j + n, &sp, &full)))
				j += n + more;
		} else {
			continue;
		}
		j += text_lit(p, len, j, "同期");
		m->end = j;
		return M_SKIP;
	}
	return M_NONE;
}

/* 2024年, 2024年度, 今年, 去年, 2024年一季度, 今年1-4月, 2022年1-11月,
 * 2024年底, 今年以来; skipped: 去年同期, 2024年6月14日, 2023年以来. */
static int match_year(const struct period_ctx *c, const char *p, size_t len,
		      size_t i, struct match *m)
{
	struct period sp;
	size_t j, n;
	int y, full;
	enum year_form form;

	if (!(n = year_ref(c, p, len, i, &y, &form)))
		return M_NONE;
	j = i + n;
	m->end = j;
	if ((n = text_lit(p, len, j, "同期"))) {
		m->end = j + n;
		return M_SKIP;
	}
	/* 今年以来 is this year so far; 2023年以来, 去年以来 span years and
	 * have no code */
	if ((n = text_lit(p, len, j, "以来")) ||
	    (form == Y_THIS && (n = text_lit(p, len, j, "来")))) {
		m->end = j + n;
		if (y == 0 || y != c->doc.y)
			return M_SKIP;
		m->p = (struct period){ PERIOD_YEAR, y, 0, 0, 0 };
		m->sets_year = 1;
		m->year = y;
		return M_HIT;
	}
	size_t du = text_lit(p, len, j, "度");
	j += du;
	m->sets_year = 1;
	m->year = y;
	if ((n = lit_any(p, len, j, year_end))) {
		m->p = (struct period){ PERIOD_DAY, y, 12, 31, 0 };
		m->end = j + n;
		return M_HIT;
	}
	if ((n = sub_period(p, len, j, &sp, &full))) {
		m->end = j + n;
		if (full) {
			/* 2024年6月14日: an event's date, not a period */
			m->sets_year = 0;
			return M_SKIP;
		}
		m->p = sp;
		m->p.year = y;
		m->p.year_implicit = 0;
		fix_last_day(&m->p);
		return M_HIT;
	}
	m->p = (struct period){ PERIOD_YEAR, y, 0, 0, 0 };
	m->end = j;
	/* 组织2024年度2家院士工作站重大成果申报, 入选2025年度物流标杆企业:
	 * 年度 before a noun names an annual thing, not the time the text
	 * talks about; the clause gets the hit, the context does not change
	 * (so a later 1-3月 keeps the year of 今年). */
	if (du && j < len && !is_pause(p, len, j))
		m->attributive = 1;
	return M_HIT;
}

/* 年初以来, 年初至今: this year so far. */
static int match_year_start(const struct period_ctx *c, const char *p,
			    size_t len, size_t i, struct match *m)
{
	size_t n;

	if (!(n = text_lit(p, len, i, "年初以来")) && !(n = text_lit(p, len, i, "年初至今")))
		return M_NONE;
	m->end = i + n;
	m->p = (struct period){ PERIOD_YEAR, c->doc.y, 0, 0, 0 };
	m->sets_year = c->doc.y != 0;
	m->year = c->doc.y;
	return M_HIT;
}

/* 目前, 当前: the document date (not 项目前期, 担当前行). */
static int match_now(const struct period_ctx *c, const char *p, size_t len,
		     size_t i, struct match *m)
{
	size_t n;

	if ((n = text_lit(p, len, i, "目前"))) {
		if (after_any(p, i, "项题节科条栏书剧数账纲盲曲价"))
			return M_NONE;
	} else if ((n = text_lit(p, len, i, "当前"))) {
		if (after_any(p, i, "担相应充首适恰正"))
			return M_NONE;
	} else {
		return M_NONE;
	}
	m->end = i + n;
	m->p = day_of(c->doc);
	return M_HIT;
}

/* One position: the recognizers in order of precedence. */
static int match_at(const struct period_ctx *c, const char *p, size_t len,
		    size_t i, struct match *m)
{
	struct period sp;
	size_t n;
	int r, full;

	memset(m, 0, sizeof *m);
	if ((r = match_by(c, p, len, i, m)) != M_NONE)
		return r;
	if ((r = match_comparison(c, p, len, i, m)) != M_NONE)
		return r;
	if ((r = match_year(c, p, len, i, m)) != M_NONE)
		return r;
	if ((r = match_year_start(c, p, len, i, m)) != M_NONE)
		return r;
	if ((n = sub_period(p, len, i, &sp, &full))) {
		m->end = i + n;
		if (full)
			return M_SKIP;   /* 3月12日上午 */
		m->p = sp;
		ctx_year(c, &m->p);
		fix_last_day(&m->p);
		return M_HIT;
	}
	if ((r = match_now(c, p, len, i, m)) != M_NONE)
		return r;
	/* 十四五, 十五五: plan names */
	if (text_lit(p, len, i, "十") && text_lit(p, len, i + 2 * CJK, "五") &&
	    small_num(p, len, i + CJK, &r) == CJK) {
		m->end = i + 3 * CJK;
		return M_SKIP;
	}
	return M_NONE;
}

/* Whether p holds one of 年 月 季 前 截, without which no period can be
 * written (目前/当前 hold 前, 首季 holds 季, every year holds 年). */
static int has_trigger(const char *p, size_t len)
{
	static const char trig[][CJK] = {
		"\xe5\xb9\xb4",  /* 年 */
		"\xe6\x9c\x88",  /* 月 */
		"\xe5\xad\xa3",  /* 季 */
		"\xe5\x89\x8d",  /* 前 */
		"\xe6\x88\xaa",  /* 截 */
	};

	for (size_t i = 0; i + CJK <= len; i++) {
		unsigned char b = (unsigned char)p[i];

		if (b != 0xe5 && b != 0xe6)
			continue;
		for (size_t k = 0; k < sizeof trig / sizeof trig[0]; k++)
			if (memcmp(p + i, trig[k], CJK) == 0)
				return 1;
	}
	return 0;
}

/* ---- public ---- */

void period_ctx_init(struct period_ctx *c, struct date doc)
{
	memset(c, 0, sizeof *c);
	c->doc = doc;
	c->cur.kind = PERIOD_NONE;
}

/* This function is hot: it sees every clause of every document. */
size_t period_scan(struct period_ctx *c, const char *p, size_t len,
		   struct period_hit *hits, size_t max)
{
	size_t i = 0, n = 0;
	struct match m;

	if (!p || !has_trigger(p, len))
		return 0;
	while (i < len) {
		unsigned char b = (unsigned char)p[i];
		int r;

		if (b < 0xe0 && !text_is_digit(b)) {
			i += utf8_len(b);
			continue;
		}
		r = match_at(c, p, len, i, &m);
		if (r == M_NONE) {
			i += utf8_len(b);
			continue;
		}
		if (r == M_HIT && !m.attributive) {
			c->cur = m.p;
			if (m.sets_year)
				c->year = m.year;
		}
		if (r == M_HIT && hits && n < max) {
			hits[n].start = i;
			hits[n].end = m.end;
			hits[n].p = m.p;
			n++;
		}
		i = m.end > i ? m.end : i + utf8_len(b);
	}
	return n;
}

/* Whether a is after b; unknown month or day of b compare as equal. */
static int date_after(struct date a, struct date b)
{
	if (a.y != b.y)
		return a.y > b.y;
	if (b.m == 0 || a.m != b.m)
		return b.m != 0 && a.m > b.m;
	return b.d != 0 && a.d > b.d;
}

static struct date period_last_day(const struct period *p)
{
	struct date start, end;

	period_bounds(p, &start, &end);
	return end;
}

struct period period_final(struct period p, struct date doc, int is_target)
{
	/* an outcome with no period said anywhere before it is about the
	 * latest period the document date implies: a review of January to
	 * March about the year before, a report of April to June about the
	 * first quarter, of July to September the first half, of October and
	 * November the first three quarters; December the year itself */
	if (p.kind == PERIOD_NONE && !is_target && doc.y && doc.m) {
		static const struct { enum period_kind kind; int a, b; } latest[12] = {
			{PERIOD_YEAR, 0, 0}, {PERIOD_YEAR, 0, 0}, {PERIOD_YEAR, 0, 0},
			{PERIOD_QUARTER, 1, 0}, {PERIOD_QUARTER, 1, 0}, {PERIOD_QUARTER, 1, 0},
			{PERIOD_HALF, 1, 0}, {PERIOD_HALF, 1, 0}, {PERIOD_HALF, 1, 0},
			{PERIOD_MONTHS, 1, 9}, {PERIOD_MONTHS, 1, 9}, {PERIOD_YEAR, 0, 0},
		};
		p.kind = latest[doc.m - 1].kind;
		p.a = latest[doc.m - 1].a;
		p.b = latest[doc.m - 1].b;
		p.year = doc.m <= 3 ? doc.y - 1 : doc.y;
		p.year_implicit = 0;
		return p;
	}
	if (p.kind == PERIOD_NONE) {
		p.kind = PERIOD_YEAR;
		p.year = doc.y;
		p.a = p.b = 0;
		p.year_implicit = 1;
	}
	if (p.year_implicit && p.year == 0)
		p.year = doc.y;
	/* 1-11月 in an article of 2023-01-06 is 2022's */
	if (p.year_implicit && !is_target && doc.y && p.year &&
	    date_after(period_last_day(&p), doc)) {
		p.year--;
		if (p.kind == PERIOD_DAY && p.b > date_month_days(p.year, p.a))
			p.b = date_month_days(p.year, p.a);
	}
	return p;
}

/* A full date at i: 2024年6月14日 or 2024-06-14 (also 2024-6-14, 2024/6/14).
 * Returns 1 and sets *out when it is a real calendar date. */
static int date_at(const char *p, size_t len, size_t i, struct date *out)
{
	struct date d;
	size_t j = i, n;
	char sep;

	if (!num_start_ok(p, i) || arabic_int(p, len, j, 4, &d.y) != 4)
		return 0;
	j += 4;
	if ((n = text_lit(p, len, j, "年"))) {
		j += n;
		if (!(n = arabic_int(p, len, j, 2, &d.m)) ||
		    !text_lit(p, len, j + n, "月"))
			return 0;
		j += n + CJK;
		if (!(n = arabic_int(p, len, j, 2, &d.d)) ||
		    !text_lit(p, len, j + n, "日"))
			return 0;
	} else if (j < len && (p[j] == '-' || p[j] == '/')) {
		sep = p[j++];
		if (!(n = arabic_int(p, len, j, 2, &d.m)) || j + n >= len ||
		    p[j + n] != sep)
			return 0;
		j += n + 1;
		if (!arabic_int(p, len, j, 2, &d.d))
			return 0;
	} else {
		return 0;
	}
	if (!date_valid(d.y, d.m, d.d) || d.y < 1900 || d.y > 2099)
		return 0;
	*out = d;
	return 1;
}

int period_find_date(const char *p, size_t len, struct date *out)
{
	size_t lim = len < FIND_DATE_WINDOW ? len : FIND_DATE_WINDOW;

	if (!p)
		return 0;
	for (size_t i = 0; i < lim; i++)
		if (text_is_digit(p[i]) && date_at(p, len, i, out))
			return 1;
	return 0;
}
