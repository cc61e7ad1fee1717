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

#include "base/schema.h"

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

/* Finds a full date written in the text (a masthead: 2024年6月14日, or
 * 2024-06-14) in the first few kilobytes.  Returns 1 and sets *out, or 0. */
int period_find_date(const char *p, size_t len, struct date *out);

#endif
