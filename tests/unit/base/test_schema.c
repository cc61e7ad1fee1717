/* Unit tests of base/schema: codes, labels, display units, periods,
 * dates. */
#include <stdlib.h>
#include <string.h>

#include "base/schema.h"
#include "check.h"

static void test_codes(void)
{
	for (int m = 0; m < MEASURE_COUNT_; m++)
		CHECK(measure_from_name(measure_name((enum measure)m)) == m,
		      "measure %d round trip", m);
	CHECK(measure_from_name("volume") == -1, "unknown measure");
	CHECK(measure_order("level") < measure_order("growth") &&
	      measure_order("rate") < measure_order("change") &&
	      measure_order("change") < measure_order("rank") &&
	      measure_order("nope") == 99, "measure display order");
	CHECK(strcmp(measure_label("change", "pp"), "变动") == 0 &&
	      strcmp(measure_label("level", "CNY"), "总量") == 0 &&
	      strcmp(measure_label("level", "count"), "数量") == 0,
	      "measure labels");
	CHECK(strcmp(unit_label("rank"), "位") == 0 &&
	      strcmp(unit_label("pp"), "百分点") == 0 &&
	      strcmp(unit_label("furlong"), "furlong") == 0, "unit labels");
	CHECK(unit_from_name("CNY") == UNIT_CNY && unit_from_name("") == -1,
	      "unit codes");
	CHECK(strcmp(unit_default("change"), "pp") == 0 &&
	      strcmp(unit_default("share"), "percent") == 0, "usual units");
	CHECK(strcmp(qualifier_mark(">="), "≥") == 0 &&
	      strcmp(qualifier_mark("~"), "约") == 0 &&
	      strcmp(qualifier_mark(""), "") == 0, "qualifier marks");
	CHECK(qualifier_static("") && !qualifier_static("<<"), "qualifier codes");
	CHECK(strcmp(status_label("target"), "目标") == 0 && !status_code("plan"),
	      "statuses");
	CHECK(strcmp(origin_label(1), "推算") == 0 && strcmp(origin_label(0), "报告") == 0,
	      "origins");
}

static void test_display(void)
{
	static const struct {
		const char *v;
		int shift;
		const char *want;
	} cases[] = {
		{ "16190000000", 8, "161.9" }, { "5000", 8, "0.00005" },
		{ "-6800000000", 8, "-68" }, { "123456789.5", 8, "1.234567895" },
		{ "81200", 4, "8.12" }, { "81200", 0, "81200" },
		{ "0", 4, "0" }, { "abc", 8, "abc" },
	};
	char buf[64];
	struct display_unit du;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK(strcmp(display_value(cases[i].v, cases[i].shift, buf,
					   sizeof buf), cases[i].want) == 0,
		      "display %s/%d: %s", cases[i].v, cases[i].shift, buf);
	CHECK(strcmp(display_unit_pick("CNY", 81200).label, "元") == 0,
	      "a per-capita figure in 元");
	CHECK(strcmp(display_unit_pick("CNY", 3.2e7).label, "万元") == 0,
	      "tens of millions in 万元");
	CHECK(display_unit_pick("CNY", -1.6e10).shift == 8, "billions in 亿元");
	CHECK(strcmp(display_unit_pick("percent", 5).label, "%") == 0, "percent");
	CHECK(display_unit_of("万元", "CNY", &du) && du.shift == 4, "declared 万元");
	CHECK(!display_unit_of("家", "CNY", &du), "家 is no unit of yuan");
	CHECK(display_unit_of("家", "count", &du) && du.shift == 0,
	      "家 for a count");
}

static void test_periods(void)
{
	static const char *const labels[][3] = {
		{ "2024", "2024年", "全年" },
		{ "2025-Q1", "2025年一季度", "一季度" },
		{ "2025-H1", "2025年上半年", "上半年" },
		{ "2024-01/2024-09", "2024年1-9月", "1-9月" },
		{ "2024-03", "2024年3月", "3月" },
		{ "2024-04-30", "2024年4月30日", "4月30日" },
	};
	struct period p, q;
	char buf[64];

	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++) {
		CHECK(period_parse(labels[i][0], &p), "parse %s", labels[i][0]);
		CHECK(strcmp(period_label(&p, 1, buf, sizeof buf), labels[i][1]) == 0,
		      "label %s: %s", labels[i][0], buf);
		CHECK(strcmp(period_label(&p, 0, buf, sizeof buf), labels[i][2]) == 0,
		      "short label %s: %s", labels[i][0], buf);
	}
	static const struct {
		const char *code;
		enum period_class c;
	} classes[] = {
		{ "2023", PCLASS_YEAR }, { "2023-Q1", PCLASS_YTD },
		{ "2023-H1", PCLASS_YTD }, { "2023-01/2023-11", PCLASS_YTD },
		{ "2023-Q3", PCLASS_SINGLE }, { "2023-H2", PCLASS_SINGLE },
		{ "2023-05", PCLASS_SINGLE }, { "2023-04-30", PCLASS_DAY },
	};
	for (size_t i = 0; i < sizeof classes / sizeof classes[0]; i++) {
		period_parse(classes[i].code, &p);
		CHECK(period_class_of(&p) == classes[i].c, "class of %s",
		      classes[i].code);
	}
	period_parse("2023-01/2023-09", &p);
	period_parse("2024-01/2024-09", &q);
	CHECK(period_same_span(&p, &q), "each year's 1-9月");
	period_parse("2024-Q3", &q);
	CHECK(!period_same_span(&p, &q), "1-9月 is not 三季度");
	/* the schema writes months that make a quarter as the quarter */
	p = period_months(2024, 4, 6);
	CHECK(strcmp(period_format(&p, buf, sizeof buf), "2024-Q2") == 0,
	      "4-6月 is %s", buf);
	/* leap years */
	CHECK(date_month_days(2024, 2) == 29 && date_month_days(2100, 2) == 28 &&
	      date_month_days(2000, 2) == 29, "February");
	period_parse("2024-02-29", &p);
	q = period_year_before(p);
	CHECK(strcmp(period_format(&q, buf, sizeof buf), "2023-02-28") == 0,
	      "a year before 29 February: %s", buf);
	struct date d;
	CHECK(!date_parse("2023-02-29", &d) && date_parse("2024-02-29", &d),
	      "date_parse knows leap years");
}

/* dates as spreadsheets write them, and dates in file names */
static void test_loose_dates(void)
{
	static const struct {
		const char *s;
		int ok, y, m, d;
	} loose[] = {
		{"2025-05-09", 1, 2025, 5, 9},
		{"2025/5/9", 1, 2025, 5, 9},
		{"2025-5-9", 1, 2025, 5, 9},
		{"2025.5.9", 1, 2025, 5, 9},
		{"2025.12.31", 1, 2025, 12, 31},
		{"2025年5月9日", 1, 2025, 5, 9},
		{"2024年02月29日", 1, 2024, 2, 29},
		{" 2025/05/09 ", 1, 2025, 5, 9},
		{"2025/5-9", 0, 0, 0, 0},
		{"2025年5月9", 0, 0, 0, 0},
		{"2025/13/1", 0, 0, 0, 0},
		{"2023-02-29", 0, 0, 0, 0},
		{"2025/5/9x", 0, 0, 0, 0},
		{"2025/123/9", 0, 0, 0, 0},
		{"25/5/9", 0, 0, 0, 0},
		{"20250509", 0, 0, 0, 0},
		{"", 0, 0, 0, 0},
	};
	static const struct {
		const char *name;
		int ok, y, m, d;
	} names[] = {
		{"news/2025-05-09_gdp.txt", 1, 2025, 5, 9},
		{"gdp_20250509.txt", 1, 2025, 5, 9},
		{"2019/report-20241231-b.txt", 1, 2024, 12, 31},
		{"yh03_2024-04_q1.txt", 0, 0, 0, 0},
		{"scan_202505091.txt", 0, 0, 0, 0},
		{"2025-05-09/a.txt", 0, 0, 0, 0},
		{"x_20251301.txt", 0, 0, 0, 0},
		{"x_2025-05-091.txt", 0, 0, 0, 0},
		{"a1_20250230_b_20250301.txt", 1, 2025, 3, 1},
	};
	struct date d;

	for (size_t k = 0; k < sizeof loose / sizeof *loose; k++) {
		d = (struct date){0, 0, 0};
		int ok = date_parse_loose(loose[k].s, &d);
		CHECK(ok == loose[k].ok && (!ok || (d.y == loose[k].y &&
						    d.m == loose[k].m && d.d == loose[k].d)),
		      "date_parse_loose \"%s\": got %d %d-%d-%d", loose[k].s, ok,
		      d.y, d.m, d.d);
	}
	for (size_t k = 0; k < sizeof names / sizeof *names; k++) {
		d = (struct date){0, 0, 0};
		int ok = date_from_name(names[k].name, &d);
		CHECK(ok == names[k].ok && (!ok || (d.y == names[k].y &&
						    d.m == names[k].m && d.d == names[k].d)),
		      "date_from_name \"%s\": got %d %d-%d-%d", names[k].name, ok,
		      d.y, d.m, d.d);
	}
}

/* date_format writes YYYY-MM-DD, each field cut to its width as
 * "%04u-%02u-%02u" of the field modulo 10^width would. */
static void test_date_format(void)
{
	static const struct {
		struct date d;
		const char *want;
	} cases[] = {
		{{2024, 1, 5}, "2024-01-05"},
		{{1999, 12, 31}, "1999-12-31"},
		{{0, 0, 0}, "0000-00-00"},
		{{987, 7, 9}, "0987-07-09"},
		{{12345, 123, 456}, "2345-23-56"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char buf[11], want[16];
		date_format(cases[i].d, buf);
		snprintf(want, sizeof want, "%04u-%02u-%02u",
			 (unsigned)cases[i].d.y % 10000u, (unsigned)cases[i].d.m % 100u,
			 (unsigned)cases[i].d.d % 100u);
		CHECK(strcmp(buf, cases[i].want) == 0 && strcmp(buf, want) == 0,
		      "date_format: %s, want %s", buf, cases[i].want);
	}
}

int main(void)
{
	test_date_format();
	test_codes();
	test_display();
	test_periods();
	test_loose_dates();
	return CHECK_DONE();
}
