/* number: read the numbers Chinese statistical reports write, in Arabic or
 * Chinese numerals, with their multipliers and units, into exact decimals.
 *
 * Input is normalized text (see normalize.h: ASCII digits, '%', '.').
 * Values are exact: a decimal is mant * 10^exp, so 9.31亿元 is 931 * 10^6,
 * never 930999999.9999999. */
#ifndef EXTRACT_NUMBER_H
#define EXTRACT_NUMBER_H

#include <stddef.h>

#include "base/schema.h"

struct decimal {
	long long mant;
	int exp;
};

struct quantity {
	struct decimal value;
	enum unit unit;
};

/* Parses the number at the start of p[0..len): Arabic (161.9, 1,234.5,
 * 3.2万, 1.08亿, 2万亿) or Chinese (一百五十, 两千三百零五, 十四, 三点五,
 * 一万二千, 〇 and 零, 两) numerals, including a trailing multiplier 十/百/
 * 千/万/亿 after Arabic digits (3.2万 -> 32000).  Stops before anything that
 * is not part of the number.  Returns 1 and sets *out and *used (bytes
 * consumed), or 0 when p does not start with a number (or it overflows). */
int number_parse(const char *p, size_t len, struct decimal *out, size_t *used);

/* Parses a whole quantity: an optional 第 (rank), a number, then a unit:
 * % -> percent; 个百分点 / 百分点 -> pp; 元 万元 千元 亿元 万亿元 -> CNY in yuan;
 * 成 -> percent x10 (三成 -> 30 percent); 倍 -> the number itself with UNIT_NONE
 * (the caller decides, e.g. 增长2倍 -> 200 percent); 第N[位|名] -> rank;
 * a classifier (家 个 项 人 件 次 户 座 台 场 条 所 名 批 处 亩 ...) or nothing -> count.
 * The whole of p[0..len) must be used, or it returns 0. */
int number_parse_quantity(const char *p, size_t len, struct quantity *q);

/* Writes d as a plain decimal ("16190000000", "10.5", "-3", "0.25"): no
 * exponent, no trailing zeros after the point, "-" for negatives, into buf
 * of size n.  Returns buf. */
char *decimal_format(struct decimal d, char *buf, size_t n);

/* d * 10^k, d negated, and d as a double (for comparisons). */
struct decimal decimal_scale(struct decimal d, int k);
struct decimal decimal_neg(struct decimal d);
double decimal_to_double(struct decimal d);

/* The marks a quantity of each unit is written with: a text without one of
 * unit_marks(u) holds no quantity number_parse_quantity reads as u (元 for
 * CNY; %, 成, 百分之 for percent, and 倍 when times is set; 百分点 for pp;
 * 第 for rank; counts need none: 0).  unit_marks_in tells which marks a
 * text holds.  Both are bit sets, so a rule is skipped for a sentence with
 * one AND. */
unsigned unit_marks(enum unit u, int times);
unsigned unit_marks_in(const char *p, size_t n);

#endif
