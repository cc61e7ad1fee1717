/* test_period: table-driven tests of period.c (finding and resolving
 * period expressions, period_final, formats, dates). */
#include "pipeline/period.h"

#include <stdio.h>
#include <string.h>

#include "check.h"

#define MAXHITS 16

static struct date mkdate(const char *s)
{
	struct date d = { 0, 0, 0 };

	if (s && !date_parse(s, &d))
		printf("bad date in test table: %s\n", s);
	return d;
}

/* Scans text with c; writes the hits as "span=code" joined by spaces, a
 * '*' after the code when the year is implicit.  Returns the hit count. */
static size_t scan_str(struct period_ctx *c, const char *text, char *out,
		       size_t n)
{
	struct period_hit hits[MAXHITS];
	size_t nh = period_scan(c, text, strlen(text), hits, MAXHITS);
	size_t o = 0;
	char code[64];

	out[0] = '\0';
	for (size_t k = 0; k < nh && o < n; k++) {
		period_format(&hits[k].p, code, sizeof code);
		o += (size_t)snprintf(out + o, n - o, "%s%.*s=%s%s",
				      k ? " " : "",
				      (int)(hits[k].end - hits[k].start),
				      text + hits[k].start, code,
				      hits[k].p.year_implicit ? "*" : "");
	}
	return nh;
}

/* One scan.  pre, when set, is scanned first with the same context (a
 * clause before).  year is the context year expected afterwards (-1: not
 * checked). */
static const struct {
	const char *doc, *pre, *text, *expect;
	int year;
} scans[] = {
	/* years */
	{ "2025-05-09", NULL, "2024年,全区GDP增长5%", "2024年=2024", 2024 },
	{ "2025-05-09", NULL, "2024年度,完成", "2024年度=2024", 2024 },
	{ "2025-05-09", NULL, "2024年度", "2024年度=2024", 2024 },
	{ "2025-05-09", NULL, "今年", "今年=2025", 2025 },
	{ "2025-05-09", NULL, "本年", "本年=2025", 2025 },
	{ "2025-05-09", NULL, "去年", "去年=2024", 2024 },
	{ "2025-05-09", NULL, "上年度", "上年度=2024", 2024 },
	{ "2025-05-09", NULL, "明年", "明年=2026", 2026 },
	{ "2025-05-09", NULL, "全年", "全年=2025*", 0 },
	{ "2025-05-09", "2022年,", "全年", "全年=2022", 2022 },
	{ "2025-05-09", NULL, "去年全年", "去年全年=2024", 2024 },
	{ "2025-05-09", NULL, "2023年全年", "2023年全年=2023", 2023 },
	/* quarters */
	{ "2025-05-09", NULL, "一季度", "一季度=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "第一季度", "第一季度=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "1季度", "1季度=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "首季", "首季=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "首季度", "首季度=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "二季度", "二季度=2025-Q2*", 0 },
	{ "2025-05-09", NULL, "第三季度", "第三季度=2025-Q3*", 0 },
	{ "2025-05-09", NULL, "四季度", "四季度=2025-Q4*", 0 },
	{ "2025-05-09", NULL, "2024年一季度", "2024年一季度=2024-Q1", 2024 },
	{ "2025-05-09", NULL, "今年一季度,完成固定资产投资161.9亿元",
	  "今年一季度=2025-Q1", 2025 },
	{ "2025-05-09", "2024年,", "一季度", "一季度=2024-Q1", 2024 },
	{ "2025-05-09", NULL, "一季度末", "一季度末=2025-03-31*", 0 },
	{ "2025-05-09", NULL, "5季度", "", 0 },
	/* halves, cumulative months */
	{ "2025-05-09", NULL, "上半年", "上半年=2025-H1*", 0 },
	{ "2025-05-09", NULL, "下半年", "下半年=2025-H2*", 0 },
	{ "2025-05-09", NULL, "前三季度", "前三季度=2025-01/2025-09*", 0 },
	{ "2025-05-09", NULL, "前三个季度", "前三个季度=2025-01/2025-09*", 0 },
	{ "2025-05-09", NULL, "前两季度", "前两季度=2025-H1*", 0 },
	{ "2025-05-09", NULL, "前4个月", "前4个月=2025-01/2025-04*", 0 },
	{ "2025-05-09", NULL, "提前3个月完成", "", 0 },
	{ "2025-05-09", NULL, "1-3月", "1-3月=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "1-6月", "1-6月=2025-H1*", 0 },
	{ "2025-05-09", NULL, "1-12月", "1-12月=2025*", 0 },
	{ "2025-05-09", NULL, "1-11月", "1-11月=2025-01/2025-11*", 0 },
	{ "2025-05-09", NULL, "1-2月", "1-2月=2025-01/2025-02*", 0 },
	{ "2025-05-09", NULL, "4-6月", "4-6月=2025-Q2*", 0 },
	{ "2025-05-09", NULL, "10-12月", "10-12月=2025-Q4*", 0 },
	{ "2025-05-09", NULL, "7-12月", "7-12月=2025-H2*", 0 },
	{ "2025-05-09", NULL, "2-5月", "2-5月=2025-02/2025-05*", 0 },
	{ "2025-05-09", NULL, "1至11月", "1至11月=2025-01/2025-11*", 0 },
	{ "2025-05-09", NULL, "1到4月份", "1到4月份=2025-01/2025-04*", 0 },
	{ "2025-05-09", NULL, "1月-11月", "1月-11月=2025-01/2025-11*", 0 },
	{ "2025-05-09", NULL, "1月至3月", "1月至3月=2025-Q1*", 0 },
	{ "2025-05-09", NULL, "6-3月", "", 0 },
	{ "2025-05-09", NULL, "1-13月", "", 0 },
	{ "2025-05-09", NULL, "2022年1-11月", "2022年1-11月=2022-01/2022-11",
	  2022 },
	{ "2025-05-09", NULL, "今年1-4月", "今年1-4月=2025-01/2025-04", 2025 },
	/* one month */
	{ "2025-05-09", NULL, "3月份", "3月份=2025-03*", 0 },
	{ "2025-05-09", NULL, "3月,", "3月=2025-03*", 0 },
	{ "2025-05-09", NULL, "12月", "12月=2025-12*", 0 },
	{ "2025-05-09", NULL, "2024年12月在", "2024年12月=2024-12", 2024 },
	{ "2025-05-09", NULL, "13月", "", 0 },
	{ "2025-05-09", NULL, "3月12日上午", "", 0 },
	{ "2025-05-09", NULL, "3月12号", "", 0 },
	{ "2025-05-09", NULL, "3月12", "", 0 },
	{ "2025-05-09", NULL, "12个月", "", 0 },
	{ "2025-05-09", NULL, "3.5月", "", 0 },
	/* points in time */
	{ "2025-05-09", NULL, "截至4月底", "截至4月底=2025-04-30*", 0 },
	{ "2025-05-09", NULL, "截至4月末", "截至4月末=2025-04-30*", 0 },
	{ "2025-05-09", NULL, "截至4月", "截至4月=2025-04-30*", 0 },
	{ "2025-05-09", NULL, "到4月底", "4月底=2025-04-30*", 0 },
	{ "2025-05-09", NULL, "截至2024年底", "截至2024年底=2024-12-31", 2024 },
	{ "2025-05-09", NULL, "截至2024年末", "截至2024年末=2024-12-31", 2024 },
	{ "2025-05-09", NULL, "截至去年底", "截至去年底=2024-12-31", 2024 },
	{ "2025-05-09", NULL, "到2025年底", "2025年底=2025-12-31", 2025 },
	{ "2025-05-09", NULL, "截至2024年2月底", "截至2024年2月底=2024-02-29",
	  2024 },
	{ "2025-05-09", NULL, "截至2023年2月末", "截至2023年2月末=2023-02-28",
	  2023 },
	{ "2025-05-09", NULL, "截至2024年6月14日",
	  "截至2024年6月14日=2024-06-14", 2024 },
	{ "2025-05-09", NULL, "截至2023年2月29日", "", 0 },
	{ "2025-05-09", NULL, "截至5月8日", "截至5月8日=2025-05-08*", 0 },
	{ "2025-05-09", NULL, "截至目前,", "截至目前=2025-05-09", 0 },
	{ "2025-05-09", NULL, "截至当前", "截至当前=2025-05-09", 0 },
	{ "2025-05-09", NULL, "截止目前", "截止目前=2025-05-09", 0 },
	{ "2025-05-09", NULL, "截至发稿", "截至发稿=2025-05-09", 0 },
	{ "2025-05-09", NULL, "目前拥有137家", "目前=2025-05-09", 0 },
	{ "2025-05-09", NULL, "当前,", "当前=2025-05-09", 0 },
	{ "2025-05-09", NULL, "做细项目前期", "", 0 },
	{ "2025-05-09", NULL, "截至一季度末", "截至一季度末=2025-03-31*", 0 },
	/* so far this year */
	{ "2025-05-09", NULL, "今年以来,", "今年以来=2025", 2025 },
	{ "2025-05-09", NULL, "今年来", "今年来=2025", 2025 },
	{ "2025-05-09", NULL, "年初以来", "年初以来=2025", 2025 },
	{ "2025-05-09", NULL, "年初至今", "年初至今=2025", 2025 },
	{ "2025-05-09", NULL, "2025年以来", "2025年以来=2025", 2025 },
	/* comparison bases: no hit, the context stays */
	{ "2025-05-09", "今年一季度,", "较去年同期提高1.4个百分点", "", 2025 },
	{ "2025-05-09", "今年一季度,", "比去年同期增长", "", 2025 },
	{ "2025-05-09", "今年一季度,", "好于去年同期", "", 2025 },
	{ "2025-05-09", "今年一季度,", "去年同期", "", 2025 },
	{ "2025-05-09", "今年一季度,", "上年同期", "", 2025 },
	{ "2025-05-09", "今年一季度,", "2024年同期", "", 2025 },
	{ "2025-05-09", "今年一季度,", "同比增长59.2%", "", 2025 },
	{ "2025-05-09", "今年一季度,", "较上年增长10%", "", 2025 },
	{ "2025-05-09", "今年一季度,", "比上年提高", "", 2025 },
	{ "2025-05-09", "今年一季度,", "与去年相比", "", 2025 },
	{ "2025-05-09", "今年一季度,", "较2024年增长", "", 2025 },
	{ "2025-05-09", "今年一季度,", "比2020年翻一番", "", 2025 },
	{ "2025-05-09", "今年一季度,", "同2023年相比", "", 2025 },
	{ "2025-05-09", "今年一季度,", "高于去年", "", 2025 },
	{ "2025-05-09", "今年一季度,", "低于上年", "", 2025 },
	{ "2025-05-09", "今年一季度,", "较去年一季度提高", "", 2025 },
	{ "2025-05-09", "今年一季度,", "较上年同期提升2.24个百分点", "", 2025 },
	{ "2025-05-09", "今年一季度,", "较去年底增加", "", 2025 },
	{ "2025-05-09", NULL, "GDP增长4.6%,较去年同期提高1.4个百分点", "", 0 },
	{ "2024-07-18", "上半年,", "增速较一季度提高1.7个百分点", "", 0 },
	{ "2024-10-30", "前三季度,", "增速比上半年提高0.3个百分点", "", 0 },
	{ "2024-10-30", "1-9月,", "增速较上半年回落0.6个百分点", "", 0 },
	{ "2024-10-30", "1-9月,", "与1-8月相比", "", 0 },
	{ "2024-10-30", "前三季度,", "同一季度相比", "一季度=2024-Q1*", 0 },
	/* not periods */
	{ "2025-05-09", NULL, "十四五规划收官和十五五谋划之年", "", 0 },
	{ "2025-05-09", NULL, "“十四五”", "", 0 },
	{ "2025-05-09", NULL, "2024年6月14日星期五", "", 0 },
	{ "2025-05-09", NULL, "2.0版本", "", 0 },
	{ "2025-05-09", NULL, "第19届亚运会", "", 0 },
	{ "2025-05-09", NULL, "2023-2025年", "", 0 },
	{ "2025-05-09", NULL, "2023年以来", "", 0 },
	{ "2025-05-09", NULL, "去年以来", "", 0 },
	{ "2025-05-09", NULL, "15%以上年均增长", "", 0 },
	{ "2025-05-09", NULL, "如今年轻人", "", 0 },
	{ "2025-05-09", NULL, "1990年代", "", 0 },
	{ "2025-05-09", NULL, "覆盖全年龄段", "", 0 },
	{ "2025-05-09", NULL, "12024年", "", 0 },
	{ "2025-05-09", NULL, "1800年", "", 0 },
	{ "2025-05-09", NULL, "每年新增", "", 0 },
	{ "2025-05-09", NULL, "近年来", "", 0 },
	{ "2025-05-09", NULL, "三年行动", "", 0 },
	{ "2025-05-09", NULL, "", "", 0 },
	{ "2025-05-09", NULL, "GDP增长4.6%", "", 0 },
	/* 年度 before a noun names an annual thing: a hit, no context */
	{ "2025-05-09", "今年以来,", "组织2024年度2家院士工作站重大成果申报",
	  "2024年度=2024", 2025 },
	{ "2025-05-09", "今年以来,", "入选市2025年度物流标杆企业",
	  "2025年度=2025", 2025 },
	/* several in one clause, each with the context as it stands */
	{ "2025-05-09", NULL, "2023年度考核评价结果及2024年1-2月考核结果",
	  "2023年度=2023 2024年1-2月=2024-01/2024-02", 2024 },
	{ "2025-05-09", NULL, "2022年,在区委区政府的坚强领导下,1-11月,",
	  "2022年=2022 1-11月=2022-01/2022-11", 2022 },
	{ "2025-05-09", NULL, "今年一季度,GDP增长4.6%,较去年同期提高1.4个百分点;"
			      "1-4月,",
	  "今年一季度=2025-Q1 1-4月=2025-01/2025-04", 2025 },
	{ "2025-05-09", NULL, "全年力争实现,一季度力争实现",
	  "全年=2025* 一季度=2025-Q1*", 0 },
	/* an unknown document date: relative years resolve to nothing */
	{ NULL, NULL, "今年一季度", "今年一季度=", 0 },
	{ NULL, NULL, "截至目前", "截至目前=", 0 },
	{ NULL, NULL, "一季度", "一季度=*", 0 },
	{ NULL, NULL, "2024年一季度", "2024年一季度=2024-Q1", 2024 },
};

/* period_final: {kind, year, a, b, implicit}, doc, target -> code */
static const struct {
	struct period p;
	const char *doc;
	int target;
	const char *expect;
} finals[] = {
	/* NONE is the doc's year, implicit: an actual moves to the year before */
	{ { PERIOD_NONE, 0, 0, 0, 0 }, "2025-05-09", 1, "2025" },
	{ { PERIOD_NONE, 0, 0, 0, 0 }, "2025-05-09", 0, "2024" },
	{ { PERIOD_NONE, 0, 0, 0, 0 }, "2025-12-31", 0, "2025" },
	/* 1-11月 in a January article is last year's */
	{ { PERIOD_MONTHS, 2023, 1, 11, 1 }, "2023-01-06", 0, "2022-01/2022-11" },
	{ { PERIOD_MONTHS, 2023, 1, 11, 1 }, "2023-01-06", 1, "2023-01/2023-11" },
	{ { PERIOD_MONTHS, 2022, 1, 11, 0 }, "2023-01-06", 0, "2022-01/2022-11" },
	/* 一季度 in May stays; in January an actual is last year's */
	{ { PERIOD_QUARTER, 2025, 1, 0, 1 }, "2025-05-09", 0, "2025-Q1" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 1 }, "2025-01-06", 0, "2024-Q1" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 1 }, "2025-01-06", 1, "2025-Q1" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 0 }, "2025-01-06", 0, "2025-Q1" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 1 }, "2025-03-31", 0, "2025-Q1" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 1 }, "2025-03-30", 0, "2024-Q1" },
	/* 全年 actual in January: last year; a target stays */
	{ { PERIOD_YEAR, 2023, 0, 0, 1 }, "2023-01-06", 0, "2022" },
	{ { PERIOD_YEAR, 2023, 0, 0, 1 }, "2023-01-06", 1, "2023" },
	{ { PERIOD_YEAR, 2023, 0, 0, 0 }, "2023-01-06", 0, "2023" },
	{ { PERIOD_HALF, 2025, 1, 0, 1 }, "2025-07-01", 0, "2025-H1" },
	{ { PERIOD_HALF, 2025, 2, 0, 1 }, "2025-07-01", 0, "2024-H2" },
	{ { PERIOD_MONTH, 2025, 5, 0, 1 }, "2025-05-09", 0, "2024-05" },
	{ { PERIOD_MONTH, 2025, 4, 0, 1 }, "2025-05-09", 0, "2025-04" },
	{ { PERIOD_DAY, 2025, 4, 30, 1 }, "2025-05-09", 0, "2025-04-30" },
	{ { PERIOD_DAY, 2025, 11, 30, 1 }, "2025-01-06", 0, "2024-11-30" },
	/* a leap day moved to a common year becomes the 28th */
	{ { PERIOD_DAY, 2024, 2, 29, 1 }, "2024-01-06", 0, "2023-02-28" },
	/* a period with no year yet gets the doc's */
	{ { PERIOD_QUARTER, 0, 2, 0, 1 }, "2025-05-09", 1, "2025-Q2" },
};

static const struct {
	struct period p;
	const char *expect;
} formats[] = {
	{ { PERIOD_YEAR, 2024, 0, 0, 0 }, "2024" },
	{ { PERIOD_QUARTER, 2025, 1, 0, 0 }, "2025-Q1" },
	{ { PERIOD_HALF, 2025, 2, 0, 0 }, "2025-H2" },
	{ { PERIOD_MONTHS, 2022, 1, 11, 0 }, "2022-01/2022-11" },
	{ { PERIOD_MONTHS, 2025, 1, 9, 0 }, "2025-01/2025-09" },
	{ { PERIOD_MONTH, 2025, 3, 0, 0 }, "2025-03" },
	{ { PERIOD_DAY, 2025, 4, 30, 0 }, "2025-04-30" },
	{ { PERIOD_NONE, 2025, 0, 0, 0 }, "" },
	{ { PERIOD_YEAR, 0, 0, 0, 0 }, "" },
};

static const struct {
	const char *text;
	int ok;
	int y, m, d;
} find_dates[] = {
	{ "拱墅区人民政府主管2024年6月14日星期五甲辰年五月初九", 1, 2024, 6, 14 },
	{ "发布于2024-06-14。", 1, 2024, 6, 14 },
	{ "2024/6/14", 1, 2024, 6, 14 },
	{ "3月12日上午,2025年3月14日", 1, 2025, 3, 14 },
	{ "2023年2月29日,2024年2月29日", 1, 2024, 2, 29 },
	{ "2024年13月1日", 0, 0, 0, 0 },
	{ "2023-2025年", 0, 0, 0, 0 },
	{ "12024-06-14", 0, 0, 0, 0 },
	{ "2024-06-143", 0, 0, 0, 0 },
	{ "2024年6月", 0, 0, 0, 0 },
	{ "", 0, 0, 0, 0 },
};

static const struct {
	const char *s;
	int ok;
} date_strs[] = {
	{ "2025-05-09", 1 },
	{ "2024-02-29", 1 },
	{ "2000-02-29", 1 },
	{ "2023-02-29", 0 },
	{ "1900-02-29", 0 },
	{ "2025-04-31", 0 },
	{ "2025-12-31", 1 },
	{ "2025-13-01", 0 },
	{ "2025-00-10", 0 },
	{ "2025-01-00", 0 },
	{ "2025-5-9", 0 },
	{ "2025-05-09x", 0 },
	{ "2025/05/09", 0 },
	{ "0000-01-01", 0 },
	{ "", 0 },
};

static void test_scans(void)
{
	char got[512];

	for (size_t k = 0; k < sizeof scans / sizeof scans[0]; k++) {
		struct period_ctx c;

		struct period before;

		period_ctx_init(&c, mkdate(scans[k].doc));
		if (scans[k].pre)
			scan_str(&c, scans[k].pre, got, sizeof got);
		before = c.cur;
		scan_str(&c, scans[k].text, got, sizeof got);
		CHECK(strcmp(got, scans[k].expect) == 0,
		      "scan \"%s\": expected \"%s\", got \"%s\"",
		      scans[k].text, scans[k].expect, got);
		/* no hit: the period in force is what it was */
		CHECK(scans[k].expect[0] != '\0' ||
			      (c.cur.kind == before.kind &&
			       c.cur.year == before.year && c.cur.a == before.a &&
			       c.cur.b == before.b),
		      "scan \"%s\": the current period changed", scans[k].text);
		CHECK(scans[k].year < 0 || c.year == scans[k].year,
		      "scan \"%s\": context year %d, expected %d",
		      scans[k].text, c.year, scans[k].year);
	}
}

/* A context carried across scans, as through the clauses of a document. */
static void test_context(void)
{
	static const struct {
		const char *text, *expect, *cur;
	} doc003[] = {
		{ "2022年,在区委区政府的坚强领导下", "2022年=2022", "2022" },
		{ "全区经济企稳回升", "", "2022" },
		{ "1-11月,省重大新建项目开工率全省排名第一",
		  "1-11月=2022-01/2022-11", "2022-01/2022-11" },
		{ "兑付各类政策资金10.33亿元", "", "2022-01/2022-11" },
		{ "与去年相比,减负降本85.54亿元", "", "2022-01/2022-11" },
		{ "2023年是全面贯彻党的二十大精神的开局之年", "2023年=2023",
		  "2023" },
		{ "是“十四五”规划承上启下之年", "", "2023" },
		{ "预期全年地区生产总值增长5.5%", "全年=2023", "2023" },
		{ "一季度力争实现固投增长15%以上", "一季度=2023-Q1", "2023-Q1" },
		{ "截至目前,新认定省科小460家", "截至目前=2023-01-06",
		  "2023-01-06" },
	};
	struct period_ctx c;
	char got[512], cur[64];

	period_ctx_init(&c, mkdate("2023-01-06"));
	CHECK(c.cur.kind == PERIOD_NONE && c.year == 0, "fresh context");
	for (size_t k = 0; k < sizeof doc003 / sizeof doc003[0]; k++) {
		scan_str(&c, doc003[k].text, got, sizeof got);
		period_format(&c.cur, cur, sizeof cur);
		CHECK(strcmp(got, doc003[k].expect) == 0 &&
			      strcmp(cur, doc003[k].cur) == 0,
		      "context \"%s\": expected \"%s\" cur %s, got \"%s\" cur %s",
		      doc003[k].text, doc003[k].expect, doc003[k].cur, got,
		      cur);
	}

	/* 1-11月 with no year in a January article: 2022 once final */
	{
		struct period_hit h[2];
		const char *t = "1-11月,累计";
		struct period f;
		char code[64];

		period_ctx_init(&c, mkdate("2023-01-06"));
		CHECK(period_scan(&c, t, strlen(t), h, 2) == 1, "1-11月 hit");
		f = period_final(h[0].p, c.doc, 0);
		CHECK(strcmp(period_format(&f, code, sizeof code),
			     "2022-01/2022-11") == 0 &&
			      h[0].start == 0 && h[0].end == strlen("1-11月"),
		      "1-11月 in January: got %s", code);
		f = period_final(c.cur, c.doc, 1);
		CHECK(strcmp(period_format(&f, code, sizeof code),
			     "2023-01/2023-11") == 0,
		      "1-11月 target in January: got %s", code);
	}
}

/* More expressions than room: the count is what was stored, the rest still
 * move the context. */
static void test_max_hits(void)
{
	const char *t = "2021年,2022年,2023年,一季度,上半年";
	struct period_hit h[2];
	struct period_ctx c;
	char code[64];
	size_t n;

	period_ctx_init(&c, mkdate("2025-05-09"));
	n = period_scan(&c, t, strlen(t), h, 2);
	CHECK(n == 2, "max 2: returned %zu", n);
	CHECK(h[0].p.year == 2021 && h[1].p.year == 2022, "max 2: first two");
	CHECK(c.year == 2023 &&
		      strcmp(period_format(&c.cur, code, sizeof code),
			     "2023-H1") == 0,
	      "max 2: context %d %s", c.year, code);

	period_ctx_init(&c, mkdate("2025-05-09"));
	n = period_scan(&c, t, strlen(t), NULL, 0);
	CHECK(n == 0 && c.year == 2023, "max 0: %zu, year %d", n, c.year);

	/* len bounds the text: "2024年" cut before 年 is no year */
	period_ctx_init(&c, mkdate("2025-05-09"));
	n = period_scan(&c, "2024年", 4, h, 2);
	CHECK(n == 0 && c.year == 0, "cut text: %zu", n);
	CHECK(period_scan(&c, NULL, 0, h, 2) == 0, "NULL text");
}

static void test_final_format(void)
{
	char got[64];

	for (size_t k = 0; k < sizeof finals / sizeof finals[0]; k++) {
		struct period f = period_final(finals[k].p,
					       mkdate(finals[k].doc),
					       finals[k].target);

		period_format(&f, got, sizeof got);
		CHECK(strcmp(got, finals[k].expect) == 0,
		      "final #%zu (doc %s, target %d): expected %s, got %s", k,
		      finals[k].doc, finals[k].target, finals[k].expect, got);
	}
	/* an unknown doc date moves nothing */
	{
		struct period p = { PERIOD_YEAR, 2025, 0, 0, 1 };
		struct date none = { 0, 0, 0 };

		p = period_final(p, none, 0);
		CHECK(p.year == 2025, "unknown doc: year %d", p.year);
	}
	for (size_t k = 0; k < sizeof formats / sizeof formats[0]; k++) {
		period_format(&formats[k].p, got, sizeof got);
		CHECK(strcmp(got, formats[k].expect) == 0,
		      "format #%zu: expected \"%s\", got \"%s\"", k,
		      formats[k].expect, got);
	}
	{
		struct period p = { PERIOD_MONTHS, 2022, 1, 11, 0 };
		char small[8];

		period_format(&p, small, sizeof small);
		CHECK(strcmp(small, "2022-01") == 0, "truncated: %s", small);
	}
}

static void test_dates(void)
{
	for (size_t k = 0; k < sizeof find_dates / sizeof find_dates[0]; k++) {
		struct date d = { 0, 0, 0 };
		const char *t = find_dates[k].text;
		int ok = period_find_date(t, strlen(t), &d);

		CHECK(ok == find_dates[k].ok &&
			      (!ok || (d.y == find_dates[k].y &&
				       d.m == find_dates[k].m &&
				       d.d == find_dates[k].d)),
		      "find_date \"%s\": got %d %d-%d-%d", t, ok, d.y, d.m,
		      d.d);
	}
	/* only the first few kilobytes are searched */
	{
		static char big[6000];
		struct date d;

		memset(big, 'x', sizeof big);
		memcpy(big + 5000, "2024-06-14", 10);
		CHECK(!period_find_date(big, sizeof big, &d), "date after 4 KB");
		memcpy(big + 100, "2023-01-06", 10);
		CHECK(period_find_date(big, sizeof big, &d) && d.y == 2023 &&
			      d.m == 1 && d.d == 6,
		      "date in the first 4 KB");
	}
	for (size_t k = 0; k < sizeof date_strs / sizeof date_strs[0]; k++) {
		struct date d;

		CHECK(date_parse(date_strs[k].s, &d) == date_strs[k].ok,
		      "date_parse \"%s\"", date_strs[k].s);
	}
	{
		struct date d;

		CHECK(date_parse("2024-02-29", &d) && d.y == 2024 && d.m == 2 &&
			      d.d == 29,
		      "date_parse fields");
		CHECK(!date_parse(NULL, &d), "date_parse NULL");
	}
}

int main(void)
{
	test_scans();
	test_context();
	test_max_hits();
	test_final_format();
	test_dates();
	return CHECK_DONE();
}
