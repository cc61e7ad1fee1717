/* test_series: extract/series.c — period order, merging, conflicts,
 * derivation, the pivot and the writers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "pipeline/rules.h"
#include "series/writers.h"
#include "base/table.h"
#include "base/xalloc.h"

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

/* Messages the library reports, kept for checks. */
struct msgs {
	struct buf text;
	int errors, warnings;
};

static void on_report(void *ctx, const char *file, const struct diag *d,
		      const char *severity)
{
	struct msgs *m = ctx;

	buf_printf(&m->text, "%s:%ld: %s: %s\n", file, d->line, severity, d->msg);
	if (strcmp(severity, "error") == 0)
		m->errors++;
	else
		m->warnings++;
}

static void on_rule_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

/* One observation: doc indicator measure value unit period, the rest
 * defaults (actual, 运河区). */
static struct series_obs ob(const char *doc, const char *ind,
			    const char *measure, const char *value,
			    const char *unit, const char *period)
{
	struct series_obs o = {
		.doc = doc, .indicator = ind, .measure = measure, .value = value,
		.unit = unit, .period = period, .status = "actual",
		.region = "运河区", .file = "t.csv", .line = 1,
	};
	return o;
}

static void add(struct series_set *s, struct series_obs o)
{
	struct diag d;

	if (series_add(s, &o, &d) < 0)
		printf("series_add: %s\n", d.msg);
}

/* The point of indicator/measure at period (first match), or NULL. */
static const struct series_point *find(const struct series_set *s,
				       const char *ind, const char *measure,
				       const char *period)
{
	for (size_t i = 0; i < series_point_count(s); i++) {
		const struct series_point *p = series_point_at(s, i);
		if (strcmp(p->indicator, ind) == 0 &&
		    strcmp(p->measure, measure) == 0 &&
		    strcmp(p->period, period) == 0)
			return p;
	}
	return NULL;
}

/* What a writer writes, as a string the caller frees. */
static char *capture(int (*w)(const struct series_set *, FILE *, int),
		     const struct series_set *s, int excel)
{
	char *p = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&p, &len);

	if (!f || w(s, f, excel) != 0)
		printf("writer failed\n");
	fclose(f);
	return p;
}

static void test_periods(void)
{
	/* time order across kinds: end date, then start date */
	static const char *const want[] = {
		"2022-01/2022-11", "2022", "2023-Q1", "2023-03", "2023-04-30",
		"2023-H1", "2023-01/2023-09", "2023", "2023-H2", "2023-Q4",
		"2023-12", "2023-12-31",
	};
	size_t n = sizeof want / sizeof want[0];
	struct period p[16];
	char buf[32];

	/* parse in reverse, then sort with series_period_cmp */
	for (size_t i = 0; i < n; i++)
		CHECK(period_parse(want[n - 1 - i], &p[i]), "parse %s",
		      want[n - 1 - i]);
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && period_cmp(&p[j - 1], &p[j]) > 0;
		     j--) {
			struct period t = p[j];
			p[j] = p[j - 1];
			p[j - 1] = t;
		}
	for (size_t i = 0; i < n; i++)
		CHECK(strcmp(period_format(&p[i], buf, sizeof buf), want[i]) == 0,
		      "order %zu: got %s, want %s", i, buf, want[i]);
	for (size_t i = 1; i < n; i++)
		CHECK(period_cmp(&p[i - 1], &p[i]) < 0 &&
		      period_cmp(&p[i], &p[i - 1]) > 0, "strict %zu", i);
	CHECK(period_cmp(&p[3], &p[3]) == 0, "equal");

	/* month ranges come out as the schema writes them */
	static const char *const canon[][2] = {
		{ "2023-01/2023-03", "2023-Q1" }, { "2023-01/2023-06", "2023-H1" },
		{ "2023-07/2023-12", "2023-H2" }, { "2023-01/2023-12", "2023" },
		{ "2023-04/2023-06", "2023-Q2" }, { "2023-05/2023-05", "2023-05" },
		{ "2023-01/2023-11", "2023-01/2023-11" },
	};
	for (size_t i = 0; i < sizeof canon / sizeof canon[0]; i++) {
		struct period q;
		CHECK(period_parse(canon[i][0], &q) &&
		      strcmp(period_format(&q, buf, sizeof buf), canon[i][1]) == 0,
		      "%s -> %s, got %s", canon[i][0], canon[i][1], buf);
	}
	static const char *const bad[] = {
		"", "23", "2023Q1", "2023-Q5", "2023-Q0", "2023-H3", "2023-13",
		"2023-00", "2023-02-30", "2023-05/2023-03", "2023-01/2024-03",
		"2023-1", "2023-01/2023-1", "abcd", "2023-", "0000",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct period q;
		CHECK(!period_parse(bad[i], &q), "'%s' should not parse",
		      bad[i]);
	}
	struct date st, en;
	struct period q;
	period_parse("2024-02", &q);
	period_bounds(&q, &st, &en);
	CHECK(st.y == 2024 && st.m == 2 && st.d == 1 && en.d == 29,
	      "2024-02 ends on the 29th, got %d", en.d);
	period_parse("2023-Q3", &q);
	period_bounds(&q, &st, &en);
	CHECK(st.m == 7 && st.d == 1 && en.m == 9 && en.d == 30, "2023-Q3 bounds");
}

static void test_display(void)
{
	/* display units by magnitude, per indicator and unit: an amount in
	 * the billions in 亿元, a per-capita income in 元, tens of millions in
	 * 万元; the rules' display key wins when it fits the unit */
	static const char rules_text[] =
		"indicator big money = 大额\n"
		"indicator mid money = 中额\n"
		"indicator income money = 人均收入\n"
		"indicator firms count = 企业数\n"
		"  display: 家\n"
		"indicator small money = 小额\n"
		"  display: 万元\n"
		"rule r\n"
		"  measure: level\n"
		"  unit: CNY\n"
		"  pattern: %{IND}(?<v>\\d+)元\n";
	char path[] = "/tmp/test_series_rulesXXXXXX";
	int fd = mkstemp(path);
	FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
	if (f) {
		fputs(rules_text, f);
		fclose(f);
	}
	struct rule_set *rs = rules_load(path, on_rule_error, NULL);
	CHECK(rs != NULL, "display rules load");
	struct series_opts o = { .rules = rs };
	struct series_set *s = series_new(&o);
	add(s, ob("d1", "big", "level", "16190000000", "CNY", "2024"));
	add(s, ob("d1", "big", "level", "5000", "CNY", "2023"));
	add(s, ob("d1", "mid", "level", "32000000", "CNY", "2024"));
	add(s, ob("d1", "income", "level", "81200", "CNY", "2024"));
	add(s, ob("d1", "firms", "level", "88", "count", "2024"));
	add(s, ob("d1", "small", "level", "16190000000", "CNY", "2024"));
	add(s, ob("d1", "big", "growth", "4.6", "percent", "2024"));
	series_finish(s);
	static const char *const want[][4] = {
		{ "big", "CNY", "亿元", "161.9" }, { "mid", "CNY", "万元", "3200" },
		{ "income", "CNY", "元", "81200" }, { "firms", "count", "家", "88" },
		{ "small", "CNY", "万元", "1619000" },
		{ "big", "percent", "%", "4.6" },
	};
	char buf[64];
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		struct display_unit du = series_display(s, want[i][0], want[i][1]);
		const struct series_point *p =
			find(s, want[i][0], strcmp(want[i][1], "percent") ? "level" : "growth",
			     "2024");
		CHECK(strcmp(du.label, want[i][2]) == 0, "%s in %s: %s", want[i][0],
		      want[i][2], du.label);
		CHECK(p && strcmp(series_display_value(s, p, p->value, buf, sizeof buf),
				  want[i][3]) == 0,
		      "%s shown as %s: %s", want[i][0], want[i][3], p ? buf : "no point");
	}
	const struct series_point *small = find(s, "big", "level", "2023");
	CHECK(small && strcmp(series_display_value(s, small, small->value, buf,
						   sizeof buf), "0.00005") == 0,
	      "small value of a 亿元 indicator: %s", buf);
	/* pivot labels carry the display unit */
	int labelled = 0;
	for (size_t c = 0; c < series_pivot_cols(s); c++)
		labelled += strstr(series_pivot_col(s, c)->label, "人均收入 总量(元)") != NULL;
	CHECK(labelled == 1, "pivot label in 元");
	series_free(s);
	rules_free(rs);
	unlink(path);

	char *p = series_default_xlsx("output/series");
	CHECK(strcmp(p, "output/indicators.xlsx") == 0, "default xlsx %s", p);
	free(p);
	p = series_default_xlsx("output/series/");
	CHECK(strcmp(p, "output/indicators.xlsx") == 0, "default xlsx %s", p);
	free(p);
	p = series_default_xlsx("series");
	CHECK(strcmp(p, "./indicators.xlsx") == 0, "default xlsx %s", p);
	free(p);
	p = series_default_xlsx("/series");
	CHECK(strcmp(p, "/indicators.xlsx") == 0, "default xlsx %s", p);
	free(p);
}

static void test_merge(void)
{
	struct msgs m;

	memset(&m, 0, sizeof m);
	struct series_opts o = { .report = on_report, .ctx = &m };
	struct series_set *s = series_new(&o);

	/* the same figure in two articles is one point listing both; b is
	 * later (its latest period is 2025-H1), so it is listed last */
	add(s, ob("b", "fixed_asset_investment", "level", "16190000000", "CNY",
		  "2025-Q1"));
	add(s, ob("b", "fixed_asset_investment", "level", "37840000000", "CNY",
		  "2025-H1"));
	add(s, ob("a", "fixed_asset_investment", "level", "16190000000", "CNY",
		  "2025-Q1"));
	add(s, ob("a", "fixed_asset_investment", "level", "16190000000", "CNY",
		  "2025-Q1"));
	series_finish(s);
	const struct series_point *p = find(s, "fixed_asset_investment", "level",
					    "2025-Q1");
	CHECK(p && strcmp(p->sources, "a;b") == 0, "sources %s",
	      p ? p->sources : "(none)");
	CHECK(p && strcmp(p->value, "16190000000") == 0 && !p->derived,
	      "merged value");
	CHECK(p && strcmp(p->start, "2025-01-01") == 0 &&
	      strcmp(p->end, "2025-03-31") == 0, "start/end");
	CHECK(series_point_count(s) == 2, "2 points, got %zu",
	      series_point_count(s));
	CHECK(series_count(s) == 1, "1 series, got %zu", series_count(s));
	CHECK(series_conflict_count(s) == 0 && m.warnings == 0, "no conflict");
	CHECK(p && strcmp(p->series, "fixed_asset_investment-level-ra529e61e") == 0,
	      "slug %s", p ? p->series : "");
	series_free(s);
	buf_free(&m.text);
}

static void test_conflicts(void)
{
	struct msgs m;

	memset(&m, 0, sizeof m);
	struct series_opts o = { .report = on_report, .ctx = &m };
	struct series_set *s = series_new(&o);
	struct series_obs x;

	/* z_old's latest period is 2023, a_new reports 2024-Q1 too: a_new is
	 * the later document although its id sorts first */
	x = ob("z_old", "gdp", "growth", "5.8", "percent", "2023");
	x.qualifier = "~";
	x.file_line = 7;
	add(s, x);
	add(s, ob("a_new", "gdp", "growth", "5.9", "percent", "2023"));
	add(s, ob("a_new", "gdp", "growth", "3.2", "percent", "2024-Q1"));
	series_finish(s);
	const struct series_point *p = find(s, "gdp", "growth", "2023");
	CHECK(p && strcmp(p->value, "5.9") == 0 && !*p->qualifier,
	      "later document wins: %s", p ? p->value : "");
	CHECK(p && strcmp(p->sources, "a_new") == 0, "sources of the kept value");
	CHECK(series_conflict_count(s) == 1, "one conflict, got %zu",
	      series_conflict_count(s));
	const struct series_conflict *c = series_conflict_at(s, 0);
	CHECK(c && c->kept == p && strcmp(c->value, "5.8") == 0 &&
	      strcmp(c->qualifier, "~") == 0 && strcmp(c->sources, "z_old") == 0 &&
	      !c->derived, "conflict row");
	CHECK(m.warnings == 1 && strstr(m.text.p, "t.csv:7: warning:") &&
	      strstr(m.text.p, "~5.8 reported in z_old") &&
	      strstr(m.text.p, "keeping 5.9"), "warning: %s", m.text.p);
	char *csv = capture(series_write_conflicts, s, 0);
	CHECK(strstr(csv, "series,indicator,name,measure,unit,status,region,scope,period,value,qualifier,origin,sources,other_value,other_qualifier,other_origin,other_sources\n") == csv,
	      "conflicts header: %s", csv);
	CHECK(strstr(csv, "\ngdp-growth-ra529e61e,gdp,gdp,growth,percent,actual,运河区,,2023,5.9,,reported,a_new,5.8,~,reported,z_old\n") != NULL,
	      "conflicts row: %s", csv);
	free(csv);
	series_free(s);

	/* a tie on the latest period: the doc id decides (yh02 after yh01) */
	s = series_new(&o);
	add(s, ob("yh02", "gdp", "growth", "5.9", "percent", "2023"));
	add(s, ob("yh01", "gdp", "growth", "5.8", "percent", "2023"));
	series_finish(s);
	p = find(s, "gdp", "growth", "2023");
	CHECK(p && strcmp(p->value, "5.9") == 0, "tie: doc id decides");
	series_free(s);

	/* a manifest date beats the estimate */
	s = series_new(&o);
	add(s, ob("z_old", "gdp", "growth", "5.8", "percent", "2023"));
	add(s, ob("a_new", "gdp", "growth", "5.9", "percent", "2023"));
	add(s, ob("a_new", "gdp", "growth", "3.2", "percent", "2024-Q1"));
	series_set_doc_date(s, "z_old", (struct date){ 2025, 1, 1 });
	series_set_doc_date(s, "a_new", (struct date){ 2024, 5, 1 });
	series_finish(s);
	p = find(s, "gdp", "growth", "2023");
	CHECK(p && strcmp(p->value, "5.8") == 0, "manifest date decides");
	series_free(s);
	buf_free(&m.text);
}

static void test_derive(void)
{
	struct msgs m;

	memset(&m, 0, sizeof m);
	struct series_opts o = { .report = on_report, .ctx = &m };
	struct series_set *s = series_new(&o);
	struct series_obs x;

	/* 4.6%, 1.4 pp above the year before → 3.2% for 2024-Q1 */
	x = ob("q1", "gdp", "growth", "4.6", "percent", "2025-Q1");
	x.line = 3;
	add(s, x);
	x = ob("q1", "gdp", "change", "1.4", "pp", "2025-Q1");
	x.line = 3;
	x.evidence = "增速比上年同期提高1.4个百分点";
	add(s, x);
	/* against the quarter before: not a year-ago change */
	x = ob("h1", "gdp", "growth", "4.9", "percent", "2024-H1");
	add(s, x);
	x = ob("h1", "gdp", "change", "1.7", "pp", "2024-H1");
	x.evidence = "增速较一季度提高1.7个百分点";
	add(s, x);
	/* 占比 picks the share, not the growth beside it */
	add(s, ob("h1", "private_investment", "growth", "10", "percent",
		  "2024-H1"));
	add(s, ob("h1", "private_investment", "share", "51.2", "percent",
		  "2024-H1"));
	x = ob("h1", "private_investment", "change", "2.3", "pp", "2024-H1");
	x.evidence = "民间投资占比51.2%，较去年同期提高2.3个百分点";
	add(s, x);
	series_finish(s);
	const struct series_point *p = find(s, "gdp", "growth", "2024-Q1");
	CHECK(p && strcmp(p->value, "3.2") == 0 && p->derived,
	      "derived 3.2: %s", p ? p->value : "(none)");
	CHECK(p && strcmp(p->sources, "q1") == 0, "derived sources");
	CHECK(!find(s, "gdp", "growth", "2024-Q1") ||
	      !find(s, "gdp", "growth", "2024-Q4"), "no other derived point");
	CHECK(!find(s, "gdp", "growth", "2023-H1"),
	      "a change against the quarter before derives nothing");
	p = find(s, "private_investment", "share", "2023-H1");
	CHECK(p && strcmp(p->value, "48.9") == 0 && p->derived, "share derived");
	CHECK(!find(s, "private_investment", "growth", "2023-H1"),
	      "no growth derived from a share change");
	CHECK(m.warnings == 0, "no warnings: %s", m.text.p ? m.text.p : "");

	/* series.csv marks it derived */
	char *csv = capture(series_write_long, s, 0);
	CHECK(strstr(csv, "\ngdp-growth-ra529e61e,gdp,gdp,growth,percent,actual,运河区,,2024-Q1,2024-01-01,2024-03-31,3.2,,derived,q1\n") != NULL,
	      "derived row: %s", csv);
	free(csv);
	/* the pivot gives derived points a column of their own */
	int dcol = 0;
	for (size_t c = 0; c < series_pivot_cols(s); c++) {
		const struct series_column *col = series_pivot_col(s, c);
		if (col->derived &&
		    strcmp(col->label, "gdp 增速(%) 运河区 推算") == 0)
			dcol = 1;
	}
	CHECK(dcol, "derived column in the pivot");
	series_free(s);

	/* a reported value wins over a derived one; a different one is a
	 * conflict with the derived value as the other */
	m.warnings = 0;
	buf_clear(&m.text);
	s = series_new(&o);
	add(s, ob("q1", "gdp", "growth", "4.6", "percent", "2025-Q1"));
	x = ob("q1", "gdp", "change", "1.4", "pp", "2025-Q1");
	x.evidence = "增速比上年同期提高1.4个百分点";
	add(s, x);
	add(s, ob("old", "gdp", "growth", "3.3", "percent", "2024-Q1"));
	series_finish(s);
	p = find(s, "gdp", "growth", "2024-Q1");
	CHECK(p && strcmp(p->value, "3.3") == 0 && !p->derived,
	      "reported wins: %s", p ? p->value : "(none)");
	CHECK(series_conflict_count(s) == 1 &&
	      series_conflict_at(s, 0)->derived &&
	      strcmp(series_conflict_at(s, 0)->value, "3.2") == 0,
	      "reported vs derived conflict");
	CHECK(m.warnings == 1, "one warning");
	size_t n = 0;
	for (size_t i = 0; i < series_point_count(s); i++)
		n += series_point_at(s, i)->derived;
	CHECK(n == 0, "no derived point kept");
	series_free(s);

	/* same value: no conflict, nothing derived */
	m.warnings = 0;
	s = series_new(&o);
	add(s, ob("q1", "gdp", "growth", "4.6", "percent", "2025-Q1"));
	x = ob("q1", "gdp", "change", "1.4", "pp", "2025-Q1");
	x.evidence = "增速比上年同期提高1.4个百分点";
	add(s, x);
	add(s, ob("old", "gdp", "growth", "3.2", "percent", "2024-Q1"));
	series_finish(s);
	p = find(s, "gdp", "growth", "2024-Q1");
	CHECK(p && !p->derived && strcmp(p->sources, "old") == 0 &&
	      series_conflict_count(s) == 0 && m.warnings == 0,
	      "agreeing reported value");
	series_free(s);
	buf_free(&m.text);
}

static void test_pivot(void)
{
	struct msgs m;

	memset(&m, 0, sizeof m);
	struct rule_set *rs = rules_load(ZHIBIAO_RULES_DIR, on_rule_error, NULL);
	struct series_opts o = { .report = on_report, .ctx = &m, .rules = rs };
	struct series_set *s = series_new(&o);
	struct series_obs x;

	CHECK(rs != NULL, "default rules load");
	add(s, ob("d1", "fixed_asset_investment", "growth", "8.9", "percent",
		  "2025-Q1"));
	add(s, ob("d1", "fixed_asset_investment", "level", "16190000000", "CNY",
		  "2025-Q1"));
	add(s, ob("d0", "fixed_asset_investment", "growth", "6.3", "percent",
		  "2023-01/2023-11"));
	add(s, ob("d0", "fixed_asset_investment", "growth", "6.1", "percent",
		  "2023"));
	x = ob("d0", "fixed_asset_investment", "rank", "2", "rank",
	       "2023-01/2023-11");
	x.scope = "city";
	add(s, x);
	x = ob("d0", "fixed_asset_investment", "growth", "8", "percent", "2024");
	x.status = "target";
	x.qualifier = ">=";
	add(s, x);
	add(s, ob("e1", "gdp", "growth", "6.1", "percent", "2024-H1"));
	series_finish(s);

	CHECK(series_pivot_rows(s) == 5, "5 periods, got %zu",
	      series_pivot_rows(s));
	static const char *const rows[] = {
		"2023-01/2023-11", "2023", "2024-H1", "2024", "2025-Q1",
	};
	for (size_t r = 0; r < 5 && r < series_pivot_rows(s); r++)
		CHECK(strcmp(series_pivot_row(s, r)->period, rows[r]) == 0,
		      "row %zu: %s", r, series_pivot_row(s, r)->period);
	static const char *const labels[] = {
		"地区生产总值 增速(%) 运河区",
		"固定资产投资 总量(亿元) 运河区",
		"固定资产投资 增速(%) 运河区",
		"固定资产投资 增速(%) 运河区 目标",
		"固定资产投资 排名(全市) 运河区",
	};
	CHECK(series_pivot_cols(s) == 5, "5 columns, got %zu",
	      series_pivot_cols(s));
	for (size_t c = 0; c < 5 && c < series_pivot_cols(s); c++)
		CHECK(strcmp(series_pivot_col(s, c)->label, labels[c]) == 0,
		      "column %zu: %s", c, series_pivot_col(s, c)->label);
	const struct series_point *p = series_pivot_cell(s, 4, 1);
	CHECK(p && strcmp(p->value, "16190000000") == 0, "cell (2025-Q1, level)");
	CHECK(!series_pivot_cell(s, 0, 1), "empty cell");

	char *csv = capture(series_write_pivot, s, 0);
	const char *want =
		"period,start,end,地区生产总值 增速(%) 运河区,固定资产投资 总量(亿元) 运河区,固定资产投资 增速(%) 运河区,固定资产投资 增速(%) 运河区 目标,固定资产投资 排名(全市) 运河区\n"
		"2023-01/2023-11,2023-01-01,2023-11-30,,,6.3,,2\n"
		"2023,2023-01-01,2023-12-31,,,6.1,,\n"
		"2024-H1,2024-01-01,2024-06-30,6.1,,,,\n"
		"2024,2024-01-01,2024-12-31,,,,8,\n"
		"2025-Q1,2025-01-01,2025-03-31,,161.9,8.9,,\n";
	CHECK(strcmp(csv, want) == 0, "pivot.csv:\n%s\nwant:\n%s", csv, want);
	free(csv);

	/* the gnuplot file of the growth series */
	size_t k;
	for (k = 0; k < series_count(s); k++)
		if (strcmp(series_slug(s, k), "fixed_asset_investment-growth-ra529e61e") == 0)
			break;
	char *dat = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&dat, &len);
	CHECK(series_write_dat(s, k, f) == 0, "dat written");
	fclose(f);
	CHECK(strcmp(dat, "# index period end value origin\n"
			  "1 2023-01/2023-11 2023-11-30 6.3 reported\n"
			  "2 2023 2023-12-31 6.1 reported\n"
			  "5 2025-Q1 2025-03-31 8.9 reported\n") == 0,
	      "dat:\n%s", dat);
	free(dat);
	series_free(s);
	rules_free(rs);
	buf_free(&m.text);
}

static void test_excel(void)
{
	struct msgs m;

	memset(&m, 0, sizeof m);
	struct series_opts o = { .report = on_report, .ctx = &m };
	struct series_set *s = series_new(&o);
	struct series_obs x;

	x = ob("@doc", "real_estate_investment", "growth", "-6.8", "percent",
	       "2023");
	x.region = "=HYPERLINK(\"http://x\")";
	add(s, x);
	x = ob("d2", "real_estate_investment", "growth", "-6.8", "percent",
	       "2023");
	x.region = "=HYPERLINK(\"http://x\")";
	add(s, x);
	series_finish(s);
	char *plain = capture(series_write_long, s, 0);
	char *xl = capture(series_write_long, s, 1);
	CHECK(strncmp(xl, "\xEF\xBB\xBFseries,", 10) == 0, "BOM with excel");
	CHECK(strncmp(plain, "series,", 7) == 0, "no BOM without");
	CHECK(strstr(xl, ",\"'=HYPERLINK(\"\"http://x\"\")\",") != NULL,
	      "formula neutralized: %s", xl);
	CHECK(strstr(xl, ",-6.8,") != NULL, "negative number kept: %s", xl);
	CHECK(strstr(xl, ",'@doc;d2\n") != NULL, "@ neutralized: %s", xl);
	CHECK(strstr(plain, ",\"=HYPERLINK(") != NULL, "untouched without excel");
	free(plain);
	free(xl);
	xl = capture(series_write_pivot, s, 1);
	/* a label starts with the indicator's name, never with = */
	CHECK(strstr(xl, "\xEF\xBB\xBFperiod,start,end,\"real_estate_investment 增速(%) =HYPERLINK(") == xl,
	      "pivot label: %s", xl);
	CHECK(strstr(xl, "\n2023,2023-01-01,2023-12-31,-6.8\n") != NULL,
	      "pivot number: %s", xl);
	free(xl);
	series_free(s);
	buf_free(&m.text);
}

/* series_build end to end on a small file with one bad row. */
static void test_build(void)
{
	char dir[] = "/tmp/test_seriesXXXXXX";
	struct msgs m;

	memset(&m, 0, sizeof m);

	if (!mkdtemp(dir)) {
		CHECK(0, "mkdtemp");
		return;
	}
	struct buf in = {0}, out = {0}, xlsx = {0};
	buf_printf(&in, "%s/obs.csv", dir);
	buf_printf(&out, "%s/series", dir);
	buf_printf(&xlsx, "%s/indicators.xlsx", dir);
	FILE *f = fopen(in.p, "w");
	static const char *const rows[][7] = {
		{ "doc", "indicator", "measure", "value", "unit", "period", "status" },
		{ "a", "gdp", "growth", "5.9", "percent", "2023", "actual" },
		{ "a", "gdp", "growth", "x", "percent", "2023", "actual" },
		{ "a", "gdp", "level", "128640000000", "CNY", "2023", "actual" },
	};
	for (size_t i = 0; i < 4; i++)
		table_write_row(f, rows[i], 7);
	fclose(f);
	const char *paths[] = { in.p };
	struct series_opts o = {
		.out_dir = out.p, .report = on_report, .ctx = &m,
	};
	struct series_summary sum;
	int rc = series_build(paths, 1, &o, &sum);
	CHECK(rc == 1, "a bad row gives 1, got %d", rc);
	CHECK(m.errors == 1 && strstr(m.text.p, "obs.csv:3: error: value 'x'"),
	      "bad row reported: %s", m.text.p);
	CHECK(sum.observations == 2 && sum.bad_rows == 1 && sum.points == 2 &&
	      sum.series == 2 && sum.conflicts == 0 && sum.docs == 1,
	      "summary %zu %zu %zu %zu", sum.observations, sum.bad_rows,
	      sum.points, sum.series);
	static const char *const files[] = {
		"series.csv", "pivot.csv", "conflicts.csv",
		"data/gdp-growth.dat", "data/gdp-level.dat",
	};
	for (size_t i = 0; i < 5; i++) {
		struct buf p = {0};
		struct stat st;
		buf_printf(&p, "%s/%s", out.p, files[i]);
		CHECK(stat(p.p, &st) == 0 && st.st_size > 0, "%s written", files[i]);
		buf_free(&p);
	}
	struct stat st;
	CHECK(stat(xlsx.p, &st) == 0 && st.st_size > 1000,
	      "workbook in the parent of DIR");
	struct table t;
	struct diag d;
	struct buf p = {0};
	buf_printf(&p, "%s/series.csv", out.p);
	CHECK(table_read(p.p, &t, &d) == 0 && t.nrows == 2 && t.ncols == 15,
	      "series.csv reads back");
	table_free(&t);
	buf_free(&p);
	/* a stale series file goes, the others stay */
	buf_printf(&p, "%s/data/old-slug.dat", out.p);
	f = fopen(p.p, "w");
	fclose(f);
	o.xlsx = "";
	rc = series_build(paths, 1, &o, &sum);
	CHECK(access(p.p, F_OK) != 0, "stale .dat removed");
	buf_free(&p);
	/* nothing readable: nothing written, status 1 */
	const char *none[] = { "/nonexistent/obs.csv" };
	rc = series_build(none, 1, &o, &sum);
	CHECK(rc == 1, "unreadable input gives 1");
	char cmd[256];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		printf("could not remove %s\n", dir);
	buf_free(&in);
	buf_free(&out);
	buf_free(&xlsx);
	buf_free(&m.text);
}

int main(void)
{
	test_periods();
	test_display();
	test_merge();
	test_conflicts();
	test_derive();
	test_pivot();
	test_excel();
	test_build();
	return CHECK_DONE();
}
