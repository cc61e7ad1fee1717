/* period: find the period expressions of a text (2024年, 今年一季度, 1-11月,
 * 上半年, 前三季度, 全年, 截至4月底, 截至目前 ...) and resolve them against the
 * document date into the schema's period codes (SCHEMA.md, Periods).
 *
 * A period stated once holds for the clauses after it until another is
 * stated: struct period_ctx carries that state through a document.  Phrases
 * that name a comparison base rather than a period (较去年同期, 比上年, 同比,
 * 上年同期, 与去年相比, 较2024年 ...) are not periods and leave the context
 * alone; so do plan names (十四五) and bare event dates (3月12日上午). */
#ifndef EXTRACT_PERIOD_H
#define EXTRACT_PERIOD_H

#include <stddef.h>

struct date {
	int y, m, d;          /* 0 = unknown */
};

enum period_kind {
	PERIOD_NONE,
	PERIOD_YEAR,          /* YYYY */
	PERIOD_QUARTER,       /* YYYY-Qa            a = 1..4 */
	PERIOD_HALF,          /* YYYY-Ha            a = 1..2 */
	PERIOD_MONTHS,        /* YYYY-0a/YYYY-0b    months a..b of one year */
	PERIOD_MONTH,         /* YYYY-MM            a = month */
	PERIOD_DAY,           /* YYYY-MM-DD         a = month, b = day */
};

struct period {
	enum period_kind kind;
	int year;
	int a, b;
	/* 1 when the year was not written (一季度, 1-11月, 全年 with no year in
	 * context): period_final may then move an actual figure to the year
	 * before. */
	int year_implicit;
};

struct period_hit {
	size_t start, end;    /* byte offsets of the expression in the text */
	struct period p;      /* resolved with the context at that point */
};

struct period_ctx {
	struct date doc;      /* the document date */
	int year;             /* year stated in context (2022年, 今年, 去年), 0 = none */
	struct period cur;    /* the period in force, kind NONE at the start */
};

/* Starts a context for a document dated doc (all zero when unknown: then
 * relative expressions such as 今年 resolve to nothing). */
void period_ctx_init(struct period_ctx *c, struct date doc);

/* Scans p[0..len) (normalized text, usually one clause) for period
 * expressions, in order.  Each is resolved with the context as it stands
 * when it is met (so 2022年 ... 1-11月 gives 2022-01/2022-11), written to
 * hits (at most max; the rest are still applied to the context), and
 * becomes the context's current period.  Returns the number found. */
size_t period_scan(struct period_ctx *c, const char *p, size_t len,
		   struct period_hit *hits, size_t max);

/* The period a figure finally gets.  NONE becomes the document's year (year
 * implicit).  When the year is implicit, the figure is an actual (not a
 * target) and the period ends after the document date, the year is the one
 * before (1-11月 in a January article).  Returns the resolved period. */
struct period period_final(struct period p, struct date doc, int is_target);

/* Writes the schema code ("2025-Q1", "2022-01/2022-11", "2025-04-30", ...)
 * into buf of size n; "" when the period or its year is unknown. */
char *period_format(const struct period *p, char *buf, size_t n);

/* Finds a full date written in the text (a masthead: 2024年6月14日, or
 * 2024-06-14) in the first few kilobytes.  Returns 1 and sets *out, or 0. */
int period_find_date(const char *p, size_t len, struct date *out);

/* Parses "YYYY-MM-DD" strictly (a real calendar date).  Returns 1 or 0. */
int date_parse(const char *s, struct date *out);

/* Parses a date as spreadsheets write it: 2025-05-09, 2025-5-9, 2025/5/9,
 * 2025.5.9 or 2025年5月9日 (blanks around are ignored; a real calendar
 * date).  Returns 1 or 0. */
int date_parse_loose(const char *s, struct date *out);

/* Finds a date in the last component of a file name: 2025-05-09 or
 * 20250509, not part of a longer run of digits, a real date of 1900-2099
 * (yh03_2024-04_q1.txt has none).  Returns 1 and sets *out, or 0. */
int date_from_name(const char *name, struct date *out);

#endif
