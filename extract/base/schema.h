/* schema: the codes of the observation schema (shared/spec/SCHEMA.md) in
 * one place — measures, units, statuses, qualifiers and period codes —
 * with their Chinese labels.  Every layer that reads or writes a code, or
 * shows one to a person, takes it from here.
 *
 * Scopes are not listed here: their codes and words are declared by the
 * rules (scope city = 全市 | 市域), and their labels come from there
 * (rules_scope_label).
 *
 * Periods.  A period code is 2025, 2025-Q1, 2025-H1, 2025-01/2025-11 (months
 * of one year), 2025-03 or 2025-04-30.  Months that make a quarter, a half
 * or the year are written as those (2025-01/2025-03 is 2025-Q1).  Periods
 * sort by end date, then start date: a cumulative 1-11月 before its full
 * year, and of periods ending the same day the longest first (2023,
 * 2023-H2, 2023-Q4, 2023-12, 2023-12-31). */
#ifndef EXTRACT_SCHEMA_H
#define EXTRACT_SCHEMA_H

#include <stddef.h>

/* ---- measures ---- */

/* In the order of the enum; measure_name gives the schema code. */
enum measure {
	MEASURE_LEVEL,
	MEASURE_GROWTH,
	MEASURE_SHARE,
	MEASURE_RANK,
	MEASURE_CHANGE,
	MEASURE_RATE,
	MEASURE_COUNT_
};

const char *measure_name(enum measure m);
/* The measure of a code, or -1. */
int measure_from_name(const char *s);
/* The order measures are shown in (level, growth, share, rate, change,
 * rank): 0..5, 99 for an unknown code. */
int measure_order(const char *code);
/* The Chinese label: 增速, 占比, 比率, 变动, 排名; a level is 总量 when
 * in yuan, else 数量.  The code itself when unknown. */
const char *measure_label(const char *code, const char *unit);
/* Is it a rate in percent (growth, share, rate)? */
int measure_is_rate(const char *code);

/* ---- units ---- */

enum unit {
	UNIT_NONE,
	UNIT_CNY,       /* yuan */
	UNIT_PERCENT,
	UNIT_PP,        /* percentage points */
	UNIT_RANK,
	UNIT_COUNT,
};

/* Schema name of a unit: "CNY", "percent", "pp", "rank", "count" ("" for
 * UNIT_NONE); and back (returns -1 when s is none of them). */
const char *unit_name(enum unit u);
int unit_from_name(const char *s);
/* The schema's usual unit of a measure: CNY for level, rank, pp for
 * change, percent for the rates. */
const char *unit_default(const char *measure);
/* The Chinese label of a unit: 元, %, 百分点, 位, 个; the code when
 * unknown.  Amounts are shown in a display unit (display_unit). */
const char *unit_label(const char *unit);

/* ---- display units ---- */

/* How amounts of an indicator are shown: in yuan as 亿元, 万元 or 元, a
 * count as 个 (or another classifier word the rules declare).  shift is
 * the power of ten a value is divided by (8 for 亿元). */
struct display_unit {
	const char *label;
	int shift;
};

/* The display unit a label names for values in unit (亿元, 万元, 元 for
 * CNY; any word for counts); 0 when the label does not fit the unit. */
int display_unit_of(const char *label, const char *unit,
		    struct display_unit *out);
/* The display unit picked by magnitude for values of unit whose largest
 * absolute value is max: 亿元 from 1亿, 万元 from 100万, else 元; counts
 * 个; the other units their unit_label. */
struct display_unit display_unit_pick(const char *unit, double max);
/* The declared display unit when it fits unit, else the one picked by
 * magnitude. */
struct display_unit display_unit_choose(const char *declared, const char *unit,
					double max);
/* value (a plain decimal in schema units) in display units, exactly:
 * 16190000000 with shift 8 is 161.9.  Writes into buf of size n and
 * returns it; a value that is not a plain decimal is copied as it is. */
char *display_value(const char *value, int shift, char *buf, size_t n);

/* ---- statuses and qualifiers ---- */

/* The static copy of a status code (actual, target), or NULL. */
const char *status_code(const char *s);
/* 实际, 目标; the code when unknown. */
const char *status_label(const char *code);

/* The origin of a point: 报告 (reported) or 推算 (derived). */
const char *origin_label(int derived);

/* Qualifier codes, in the rules' order: ">=", ">", "~", "<=". */
#define QUALIFIER_COUNT 4
const char *qualifier_code(int i);     /* "" when out of range */
int qualifier_index(const char *code); /* -1 when not one */
/* The static copy of a qualifier code ("" is no qualifier), or NULL. */
const char *qualifier_static(const char *code);
/* The mark written before a value: ≥, >, 约, ≤ ("" for none). */
const char *qualifier_mark(const char *code);

/* Is s a plain decimal as the schema writes values: -?digits(.digits)? */
int schema_is_decimal(const char *s);

/* ---- dates and periods ---- */

struct date {
	int y, m, d;          /* 0 = unknown */
};

int date_is_leap(int y);
/* Days in month m of year y (0 when m is not a month). */
int date_month_days(int y, int m);
/* A real calendar date of the years 1..9999. */
int date_valid(int y, int m, int d);
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
/* YYYY-MM-DD into buf (11 bytes). */
void date_format(struct date d, char *buf);
/* YYYYMMDD as a number, for comparisons. */
long date_key(struct date d);

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

/* Months a..b of year y the way the schema writes them: 1-3月 is a
 * quarter, 1-6月 and 7-12月 halves, 1-12月 the year, one month a month. */
struct period period_months(int y, int a, int b);
/* Writes the schema code ("2025-Q1", "2022-01/2022-11", "2025-04-30", ...)
 * into buf of size n; "" when the period or its year is unknown. */
char *period_format(const struct period *p, char *buf, size_t n);
/* Parses a period code into *p.  Returns 1, or 0 when it is not one. */
int period_parse(const char *code, struct period *p);
/* First and last day of a period. */
void period_bounds(const struct period *p, struct date *start,
		   struct date *end);
/* Time order (see the top): <0, 0, >0. */
int period_cmp(const struct period *a, const struct period *b);
/* The same period a year earlier (29 February becomes the 28th). */
struct period period_year_before(struct period p);
/* The Chinese label: 2024年, 2024年一季度, 2024年上半年, 2024年1-9月,
 * 2024年3月, 2024年4月30日.  Without the year (with_year 0): 一季度,
 * 1-9月 ...  Writes into buf of size n and returns it. */
char *period_label(const struct period *p, int with_year, char *buf,
		   size_t n);

/* What a period is, for comparing like with like: a whole year; a
 * cumulative span from January (1-2月, 一季度, 上半年, 1-9月; a year to
 * date); one quarter, half or month that does not start in January; a
 * day. */
enum period_class {
	PCLASS_YEAR,
	PCLASS_YTD,
	PCLASS_SINGLE,
	PCLASS_DAY,
	PCLASS_COUNT_
};
enum period_class period_class_of(const struct period *p);
/* 年度, 年初至今累计, 单季(月), 时点 */
const char *period_class_label(enum period_class c);
/* Same span of the year (each year's 一季度, each year's 1-9月)? */
int period_same_span(const struct period *a, const struct period *b);

#endif
