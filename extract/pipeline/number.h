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

/* The qualifier a number can state itself (十余万: more than 100000).  The
 * values index qualifier_code (base/schema.h): >=, >, ~, <=. */
enum qualifier {
	QUAL_NONE = -1,
	QUAL_GE,
	QUAL_GT,
	QUAL_APPROX,
	QUAL_LE,
};

struct quantity {
	struct decimal value;
	enum unit unit;
	enum qualifier qual;    /* QUAL_GT for 余 多 几, else QUAL_NONE */
	int ratio;              /* a part of a whole (五分之一 0.2, 一半 0.5), a
				 * count a percent rule may take x100 */
};

/* Parses the number at the start of p[0..len): Arabic (161.9, 1,234.5,
 * .5) or Chinese numerals, ordinary or financial (一百五十, 两千三百零五,
 * 十四, 三点五, 壹佰伍拾, 〇 and 零, 两 and 俩), and both mixed with their
 * multipliers (3.2万, 4.78万亿, 3万4000, 25万6千, 2千零30万, 四万万 = 4亿);
 * elliptic forms (一万三 13000, 一千陆 1600, 百三 130, 九十二万四 924000),
 * approximations as their lower bound (十余万 100000, 二十几万 200000: see
 * number_parse_quantity for the qualifier), 半 (0.5) and positional runs
 * (二〇二四).  Stops before anything that is not part of the number.
 * Returns 1 and sets *out and *used (bytes consumed), or 0 when p does not
 * start with a number (or it overflows). */
int number_parse(const char *p, size_t len, struct decimal *out, size_t *used);

/* Parses a whole quantity: an optional 第 (rank), 人民币, a sign (-, +, 负),
 * a number, then a unit: % -> percent; 百分之N, 千分之N (N/10), 万分之N
 * (N/100) -> percent; 个百分点 / 百分点 -> pp; 元 (after any multiplier, with
 * 角 and 分 after it, 人民币 before or after; a multiplier alone: 万亿元) ->
 * CNY in yuan; 成 -> percent x10 (三成 30, 七成六 76, 三成半 35, 半成 5);
 * 倍 -> the number itself with UNIT_NONE (the caller decides, e.g. 增长2倍 ->
 * 200 percent); 第N[位|名] -> rank; a fraction (五分之一 0.2, 一半, 3又一千分
 * 之23) -> count, with ratio set unless it has a whole part; a classifier
 * (家 个 项 人 件 次 户 座 台 场 条 所 名 批 处 亩 ...) or nothing -> count.
 * 余 多 几 in the number set qual to QUAL_GT.  A fraction that does not end
 * (三分之一) is rounded to 15 significant digits.  The whole of p[0..len)
 * must be used, or it returns 0. */
int number_parse_quantity(const char *p, size_t len, struct quantity *q);

/* The longest quantity at the start of p[0..len), as number_parse_quantity
 * reads a whole one: returns the bytes it takes and sets *q, or 0 when p
 * does not start with one. */
size_t number_read_quantity(const char *p, size_t len, struct quantity *q);

/* 1 when p[0..n) starts with a character a number can start with: a
 * digit, ".5", a Chinese digit or 零, 十, 半 (半成), 百/千 before a digit
 * (百三); not 万, 亿 or 百 alone.  Cheap: callers look for numbers with it. */
int number_start(const char *p, size_t n);

/* 1 when p[0..n) ends with a Chinese numeral character (几, 万, 零, 三 ...):
 * a number does not start after one (几十万 is no 十万). */
int number_char_before(const char *p, size_t n);

/* The bytes at the end of p[0..n) that belong to the quantity of a number
 * starting at p+n: 百分之, 千分之, 万分之, a sign (-, 负) before the number
 * or before those; 0 when none.  For callers that find the number first. */
size_t number_prefix_len(const char *p, size_t n);

/* 1 when p[0..n) starts with two characters that can only be a Chinese
 * numeral: a digit before a unit (两千, 三百, 壹佰, 五万) or a unit before
 * a digit, 余, 多 or 几 (十二, 千三, 十余, 百多).  Sentence gates use it to find numbers written without
 * digits. */
int number_cn_pair(const char *p, size_t n);

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
 * CNY; %, 成, 分之 (百分之, 五分之一) and 一半 for percent, and 倍 when
 * times is set; 百分点 for pp; 第 for rank; counts need none: 0).  unit_marks_in tells which marks a
 * text holds.  Both are bit sets, so a rule is skipped for a sentence with
 * one AND. */
unsigned unit_marks(enum unit u, int times);
unsigned unit_marks_in(const char *p, size_t n);

/* The marks besides an ASCII digit by which a value may be written (%,
 * 第一, 三成, 两倍, 百分之五, 三亿元, 五分之一, 一半), NULL-terminated:
 * extract matches only the sentences that hold a digit, one of these, or
 * a pair of characters number_cn_pair takes for a numeral (两千家). */
/* The length of a word that is the first place without a numeral (首位,
 * 榜首; not 首位度, a city's primacy) at p, or 0; number_read_quantity
 * reads it as 1 rank. */
size_t number_rank_word(const char *p, size_t len);

extern const char *const number_site_marks[];

#endif
