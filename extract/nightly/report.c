/* report: the static report page of an output folder; see report.h. */
#include "nightly/report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "base/schema.h"
#include "pipeline/rules.h"
#include "series/series.h"

/* A table read from the output folder and the columns we use of it. */
struct input {
	struct table t;
	int present;                  /* the file was there and read */
	int col[16];
};

static const char *get(const struct input *in, size_t row, int c)
{
	return table_get(&in->t, row, in->col[c]);
}

/* Reads dir/name into *in and maps cols[0..n).  A missing file is fine
 * unless required.  Returns 0 or -1 (reported). */
static int read_input(struct input *in, const char *dir, const char *name,
		      const char *const *cols, int n, int required,
		      const struct diag_sink *sink)
{
	char *path = path_join(dir, name);
	struct diag d;
	int rc = 0;

	memset(in, 0, sizeof *in);
	if (!fs_is_file(path)) {
		if (required) {
			diag_report(sink, path, "error",
				    "no report page: the file is missing");
			rc = -1;
		}
		goto out;
	}
	diag_clear(&d);
	if (table_read(path, &in->t, &d) < 0) {
		diag_report(sink, path, "error", "no report page: line %ld: %s",
			    d.line, d.msg);
		rc = -1;
		goto out;
	}
	for (int k = 0; k < n; k++) {
		in->col[k] = table_col(&in->t, cols[k]);
		if (in->col[k] < 0) {
			diag_report(sink, path, "error",
				    "no report page: no column '%s'", cols[k]);
			table_free(&in->t);
			rc = -1;
			goto out;
		}
	}
	in->present = 1;
out:
	free(path);
	return rc;
}

/* ---- the inputs ---- */

enum { S_SERIES, S_NAME, S_MEASURE, S_UNIT, S_STATUS, S_REGION, S_SCOPE,
       S_PERIOD, S_VALUE, S_QUAL, S_ORIGIN, S_SOURCES, S_INDICATOR };
static const char *const series_cols[] = {
	"series", "name", "measure", "unit", "status", "region", "scope",
	"period", "value", "qualifier", "origin", "sources", "indicator",
};

enum { O_DOC, O_INDICATOR, O_MEASURE, O_VALUE, O_UNIT, O_PERIOD, O_STATUS,
       O_SCOPE, O_REGION, O_LINE, O_EVIDENCE };
static const char *const obs_cols[] = {
	"doc", "indicator", "measure", "value", "unit", "period", "status",
	"scope", "region", "line", "evidence",
};

enum { C_NAME, C_MEASURE, C_UNIT, C_STATUS, C_REGION, C_SCOPE, C_PERIOD,
       C_VALUE, C_QUAL, C_SOURCES, C_OVALUE, C_OQUAL, C_OSOURCES,
       C_INDICATOR };
static const char *const conflict_cols[] = {
	"name", "measure", "unit", "status", "region", "scope", "period",
	"value", "qualifier", "sources", "other_value", "other_qualifier",
	"other_sources", "indicator",
};

enum { H_CHANGE, H_NAME, H_MEASURE, H_UNIT, H_STATUS, H_REGION, H_SCOPE,
       H_PERIOD, H_VALUE, H_QUAL, H_SOURCES, H_OVALUE, H_OQUAL, H_OSOURCES,
       H_SERIES, H_INDICATOR };
static const char *const change_cols[] = {
	"change", "name", "measure", "unit", "status", "region", "scope",
	"period", "value", "qualifier", "sources", "old_value",
	"old_qualifier", "old_sources", "series", "indicator",
};

enum { I_CHART, I_KIND, I_TITLE, I_FILES };
static const char *const chart_cols[] = {"chart", "kind", "title", "files"};

#define NCOLS(a) ((int)(sizeof a / sizeof *a))

/* How an indicator's values in a unit are shown. */
struct pdisp {
	const char *indicator, *unit;
	double max;
	struct display_unit du;
};

struct page {
	struct input series, obs, conflicts, changes, charts;
	/* sorted row indexes: series by (series, period), observations by
	 * their key (key_of) */
	size_t *sidx, *oidx;
	char **okey;
	const char *when;
	const struct rule_set *rules;
	struct pdisp *disp;           /* sorted by indicator, unit */
	size_t ndisp;
	FILE *f;
};

/* ---- HTML ---- */

static void esc(FILE *f, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", f); break;
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '"': fputs("&quot;", f); break;
		case '\'': fputs("&#39;", f); break;
		default: putc(*s, f);
		}
	}
}

static int pdisp_cmp(const void *a, const void *b)
{
	const struct pdisp *x = a, *y = b;
	int c = strcmp(x->indicator, y->indicator);

	return c ? c : strcmp(x->unit, y->unit);
}

/* The display unit of each indicator and unit of series.csv, as the
 * workbook has it: the rules' display key, else by the largest value. */
static void build_display(struct page *pg)
{
	const struct input *s = &pg->series;
	size_t n = s->t.nrows, k = 0;

	pg->disp = xcalloc(n + 1, sizeof *pg->disp);
	for (size_t i = 0; i < n; i++)
		pg->disp[i] = (struct pdisp){get(s, i, S_INDICATOR), get(s, i, S_UNIT),
					     fabs(strtod(get(s, i, S_VALUE), NULL)),
					     {"", 0}};
	if (n)
		qsort(pg->disp, n, sizeof *pg->disp, pdisp_cmp);
	for (size_t i = 0; i < n; i++) {
		if (k && pdisp_cmp(&pg->disp[k - 1], &pg->disp[i]) == 0) {
			if (pg->disp[i].max > pg->disp[k - 1].max)
				pg->disp[k - 1].max = pg->disp[i].max;
			continue;
		}
		pg->disp[k++] = pg->disp[i];
	}
	pg->ndisp = k;
	for (size_t i = 0; i < k; i++) {
		const struct indicator *ind =
			rules_indicator_find(pg->rules, pg->disp[i].indicator, NULL);
		pg->disp[i].du = display_unit_choose(ind ? ind->display : NULL,
						     pg->disp[i].unit, pg->disp[i].max);
	}
}

/* The display unit of an indicator's values in unit; one not in the
 * series (a withdrawn point) by its own value. */
static struct display_unit display_of(const struct page *pg,
				      const char *indicator, const char *unit,
				      const char *value)
{
	struct pdisp key = {indicator, unit, 0, {"", 0}};
	const struct pdisp *d = pg->ndisp ? bsearch(&key, pg->disp, pg->ndisp,
						    sizeof key, pdisp_cmp) : NULL;

	if (d)
		return d->du;
	const struct indicator *ind = rules_indicator_find(pg->rules, indicator, NULL);
	return display_unit_choose(ind ? ind->display : NULL, unit,
				   fabs(strtod(value, NULL)));
}

/* A value as shown: 161.9亿元, 52000元, 5.2%, ≥8%, 约5.8%, 第5位, 46家;
 * amounts in the display unit of their indicator. */
static void value_text(const struct page *pg, const char *indicator,
		       const char *value, const char *unit, const char *qual,
		       char *out, size_t n)
{
	char disp[128];
	const char *pre = qual ? qualifier_mark(qual) : "";

	if (!value || !*value) {
		snprintf(out, n, "—");
		return;
	}
	struct display_unit du = display_of(pg, indicator, unit, value);
	display_value(value, du.shift, disp, sizeof disp);
	if (strcmp(unit, "rank") == 0)
		snprintf(out, n, "%s第%s位", pre, disp);
	else
		snprintf(out, n, "%s%s%s", pre, disp, du.label);
}

/* 增速 / 排名(全省) / 目标 增速: the measure, its scope and status. */
static void measure_text(const struct page *pg, const char *measure,
			 const char *unit, const char *scope,
			 const char *status, char *out, size_t n)
{
	snprintf(out, n, "%s%s%s%s%s", strcmp(status, "target") == 0 ?
		 status_label(status) : "", measure_label(measure, unit),
		 *scope ? "（" : "", *scope ? rules_scope_label(pg->rules, scope) : "",
		 *scope ? "）" : "");
}

static void period_text(const char *code, char *out, size_t n)
{
	struct period p;

	if (!code || !*code)
		snprintf(out, n, "—");
	else if (period_parse(code, &p))
		period_label(&p, 1, out, n);
	else
		snprintf(out, n, "%s", code);
}

/* ---- lookups ---- */

static const struct input *sort_in;         /* qsort has no context */
static char **sort_keys;

static int series_row_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(get(sort_in, x, S_SERIES), get(sort_in, y, S_SERIES));

	return c ? c : strcmp(get(sort_in, x, S_PERIOD), get(sort_in, y, S_PERIOD));
}

static int key_row_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = strcmp(sort_keys[x], sort_keys[y]);

	return c ? c : x < y ? -1 : x > y;
}

/* The row of series at period, or -1. */
static long series_find(const struct page *pg, const char *series,
			const char *period)
{
	size_t lo = 0, hi = pg->series.t.nrows;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2, r = pg->sidx[mid];
		int c = strcmp(get(&pg->series, r, S_SERIES), series);
		if (!c)
			c = strcmp(get(&pg->series, r, S_PERIOD), period);
		if (!c)
			return (long)r;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* What identifies the observations of a point in one document. */
static char *key_of(const char *doc, const char *ind, const char *measure,
		    const char *unit, const char *period, const char *status,
		    const char *region, const char *scope)
{
	struct buf b = {0};

	buf_printf(&b, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s", doc, ind,
		   measure, unit, period, status, region, scope);
	return b.p;
}

/* The observation (row of observations.csv) that reports series row r:
 * the first of its sources with a row for the point and its value; -1
 * when none (a derived point, or no observations.csv). */
static long evidence_of(const struct page *pg, size_t r)
{
	const struct input *s = &pg->series;
	const char *sources = get(s, r, S_SOURCES);
	size_t n = pg->obs.t.nrows;
	long found = -1;

	if (!pg->obs.present || strcmp(get(s, r, S_ORIGIN), "reported") != 0)
		return -1;
	for (const char *p = sources; *p && found < 0;) {
		size_t l = strcspn(p, ";");
		char *doc = xstrndup(p, l);
		char *key = key_of(doc, get(s, r, S_INDICATOR), get(s, r, S_MEASURE),
				   get(s, r, S_UNIT), get(s, r, S_PERIOD),
				   get(s, r, S_STATUS), get(s, r, S_REGION),
				   get(s, r, S_SCOPE));
		/* the first index entry with this key, then those after it */
		size_t lo = 0, hi = n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (strcmp(pg->okey[pg->oidx[mid]], key) < 0)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (; lo < n && strcmp(pg->okey[pg->oidx[lo]], key) == 0; lo++)
			if (strcmp(get(&pg->obs, pg->oidx[lo], O_VALUE),
				   get(s, r, S_VALUE)) == 0) {
				found = (long)pg->oidx[lo];
				break;
			}
		free(key);
		free(doc);
		p += l;
		if (*p)
			p++;
	}
	return found;
}

static void build_index(struct page *pg)
{
	size_t ns = pg->series.t.nrows, no = pg->obs.t.nrows;

	pg->sidx = xcalloc(ns + 1, sizeof *pg->sidx);
	for (size_t i = 0; i < ns; i++)
		pg->sidx[i] = i;
	sort_in = &pg->series;
	if (ns)
		qsort(pg->sidx, ns, sizeof *pg->sidx, series_row_cmp);
	pg->oidx = xcalloc(no + 1, sizeof *pg->oidx);
	pg->okey = xcalloc(no + 1, sizeof *pg->okey);
	for (size_t i = 0; i < no; i++) {
		const struct input *o = &pg->obs;
		pg->oidx[i] = i;
		pg->okey[i] = key_of(get(o, i, O_DOC), get(o, i, O_INDICATOR),
				     get(o, i, O_MEASURE), get(o, i, O_UNIT),
				     get(o, i, O_PERIOD), get(o, i, O_STATUS),
				     get(o, i, O_REGION), get(o, i, O_SCOPE));
	}
	sort_keys = pg->okey;
	if (no)
		qsort(pg->oidx, no, sizeof *pg->oidx, key_row_cmp);
}

/* The code of the same period a year earlier (2025-Q1 → 2024-Q1), or ""
 * when the code is not a period. */
static void year_before(const char *code, char *out, size_t n)
{
	struct period p;

	out[0] = '\0';
	if (!period_parse(code, &p) || p.year <= 1)
		return;
	p = period_year_before(p);
	period_format(&p, out, n);
}

/* The chart of a series (the first of index.csv named SLUG, or SLUG-KIND
 * for one of its period kinds: -year, -ytd, -same-Q1 ...), or -1. */
static long chart_of(const struct page *pg, const char *series)
{
	size_t l = strlen(series);

	for (size_t i = 0; pg->charts.present && i < pg->charts.t.nrows; i++) {
		const char *c = get(&pg->charts, i, I_CHART);
		if (strncmp(c, series, l) == 0 && (c[l] == '\0' || c[l] == '-'))
			return (long)i;
	}
	return -1;
}

/* ---- the sections ---- */

static const char style[] =
	"*{box-sizing:border-box}"
	"body{margin:0;background:#f4f5f7;color:#1d2330;font:15px/1.55 \"Noto Sans CJK SC\",\"Noto Sans SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\",sans-serif}"
	"header{background:#1f3a5f;color:#fff;padding:28px 40px 18px}"
	"header h1{margin:0;font-size:28px;font-weight:700;letter-spacing:.02em}"
	"header .sub{margin:6px 0 14px;color:#c9d6e8}"
	"nav a{color:#fff;text-decoration:none;margin-right:22px;padding-bottom:3px;border-bottom:2px solid #6f93c2}"
	"main{max-width:1500px;margin:0 auto;padding:24px 40px 60px}"
	".cards{display:flex;flex-wrap:wrap;gap:14px;margin-bottom:10px}"
	".card{background:#fff;border-radius:8px;padding:14px 22px;min-width:130px;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
	".card b{display:block;font-size:26px;font-variant-numeric:tabular-nums}"
	".card span{color:#5b6577;font-size:13px}"
	".card.new b{color:#1a7f37}.card.revised b{color:#b35900}.card.withdrawn b{color:#b42318}.card.conflict b{color:#7a3db8}"
	"section{background:#fff;border-radius:8px;padding:8px 24px 22px;margin-top:22px;box-shadow:0 1px 3px rgba(0,0,0,.08)}"
	"h2{font-size:20px;margin:16px 0 4px;padding-bottom:8px;border-bottom:1px solid #e3e6eb}"
	"p.note{color:#5b6577;margin:6px 0 12px;font-size:13px}"
	"table{border-collapse:collapse;width:100%;font-size:14px}"
	"th{background:#eef1f5;text-align:left;font-weight:600;padding:7px 10px;border-bottom:2px solid #cfd6e0;white-space:nowrap}"
	"td{padding:7px 10px;border-bottom:1px solid #e8ebf0;vertical-align:top}"
	"tbody tr:nth-child(even) td{background:#fafbfc}"
	"tr.group th{background:#dfe7f1;color:#1f3a5f;font-size:15px;border-bottom:1px solid #c3cfdf}"
	"td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;font-weight:600}"
	"td.per,td.m{white-space:nowrap}"
	"td.ev{color:#394150;font-size:13px;max-width:520px}"
	"td.src{font-size:12px;color:#5b6577;white-space:nowrap}"
	"td.dim{color:#8a93a3}"
	".tag{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;white-space:nowrap}"
	".tag.new{background:#dff3e4;color:#1a7f37}.tag.revised{background:#fdebd3;color:#b35900}"
	".tag.withdrawn{background:#fbe0dd;color:#b42318}.tag.stale{background:#e9ecf1;color:#4a5363}"
	".derived{color:#8a93a3;font-weight:400;font-size:12px}"
	"a{color:#1f5fa8}"
	"table.changes{table-layout:fixed}"
	"table.changes th:nth-child(1){width:7%}table.changes th:nth-child(2){width:8%}"
	"table.changes th:nth-child(3){width:16%}table.changes th:nth-child(4){width:9%}"
	"table.changes th:nth-child(5){width:11%}table.changes th:nth-child(6),table.changes th:nth-child(7){width:9%}"
	"table.changes td.src{white-space:normal;overflow-wrap:anywhere}"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(700px,1fr));gap:18px;margin-top:14px}"
	"figure{margin:0;border:1px solid #e3e6eb;border-radius:6px;padding:10px;background:#fff}"
	"figure img{width:100%;height:auto;display:block}"
	"figcaption{font-size:13px;color:#394150;margin-top:6px}"
	"details{margin-top:14px}"
	"summary{cursor:pointer;font-weight:600;color:#1a7f37;padding:6px 0}"
	"footer{color:#8a93a3;font-size:12px;text-align:center;padding:20px}";

/* 2026-12-01 02:30 → 2026年12月1日 02:30 */
static void when_text(const char *when, char *out, size_t n)
{
	int y, m, d;
	char rest[32] = "";

	if (sscanf(when, "%4d-%2d-%2d%31[^\n]", &y, &m, &d, rest) >= 3)
		snprintf(out, n, "%d年%d月%d日%s", y, m, d, rest);
	else
		snprintf(out, n, "%s", when);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static size_t count_docs(const struct page *pg)
{
	size_t n = pg->obs.t.nrows, docs = 0;
	const char **v = xcalloc(n + 1, sizeof *v);

	for (size_t i = 0; i < n; i++)
		v[i] = get(&pg->obs, i, O_DOC);
	if (n)
		qsort(v, n, sizeof *v, str_cmp);
	for (size_t i = 0; i < n; i++)
		docs += i == 0 || strcmp(v[i], v[i - 1]) != 0;
	free(v);
	return docs;
}

static size_t count_kind(const struct page *pg, const char *kind)
{
	size_t n = 0;

	for (size_t i = 0; pg->changes.present && i < pg->changes.t.nrows; i++)
		n += strcmp(get(&pg->changes, i, H_CHANGE), kind) == 0;
	return n;
}

static void card(FILE *f, const char *cls, size_t n, const char *label)
{
	fprintf(f, "<div class=\"card %s\"><b>%zu</b><span>%s</span></div>", cls,
		n, label);
}

static void page_head(struct page *pg)
{
	FILE *f = pg->f;
	char when[96];

	when_text(pg->when, when, sizeof when);
	fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	      "<title>经济指标报告 · ", f);
	esc(f, when);
	fprintf(f, "</title>\n<style>%s</style>\n</head>\n<body>\n<header>\n"
		"<h1>经济指标报告</h1>\n<p class=\"sub\">运行于 ", style);
	esc(f, when);
	fprintf(f, " · %zu 篇文档 · %zu 条观测值</p>\n"
		"<nav><a href=\"#latest\">最新数值</a><a href=\"#changes\">新增与修订</a>"
		"<a href=\"#conflicts\">冲突</a><a href=\"#charts\">图表</a></nav>\n"
		"</header>\n<main>\n<div class=\"cards\">",
		count_docs(pg), pg->obs.t.nrows);
	size_t nser = 0;
	for (size_t i = 0; i < pg->series.t.nrows; i++)
		nser += i == 0 || strcmp(get(&pg->series, i, S_SERIES),
					 get(&pg->series, i - 1, S_SERIES)) != 0;
	card(f, "", nser, "序列");
	card(f, "", pg->series.t.nrows, "数据点");
	card(f, "new", count_kind(pg, "new"), "新增");
	card(f, "revised", count_kind(pg, "revised"), "修订");
	card(f, "withdrawn", count_kind(pg, "withdrawn"), "撤回");
	card(f, "conflict", pg->conflicts.present ? pg->conflicts.t.nrows : 0, "冲突");
	fputs("</div>\n", f);
}

static const struct input *latest_in;

/* Latest rows by region, indicator, actual before target, measure (level,
 * growth, share, rate, change, rank), then as series.csv has them. */
static int latest_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct input *s = latest_in;
	int c = strcmp(get(s, x, S_REGION), get(s, y, S_REGION));

	if (!c)
		c = strcmp(get(s, x, S_INDICATOR), get(s, y, S_INDICATOR));
	if (!c)
		c = strcmp(get(s, x, S_STATUS), get(s, y, S_STATUS));
	if (!c)
		c = measure_order(get(s, x, S_MEASURE)) -
		    measure_order(get(s, y, S_MEASURE));
	return c ? c : x < y ? -1 : x > y;
}

/* Documents a;b as lines. */
static void sources_html(FILE *f, const char *sources)
{
	for (const char *p = sources; *p;) {
		size_t l = strcspn(p, ";");
		char *doc = xstrndup(p, l);
		if (p != sources)
			fputs("<br>", f);
		esc(f, doc);
		free(doc);
		p += l;
		if (*p)
			p++;
	}
}

static void source_cell(FILE *f, const struct page *pg, long ob,
			const char *sources)
{
	fputs("<td class=\"src\">", f);
	if (ob >= 0) {
		esc(f, get(&pg->obs, (size_t)ob, O_DOC));
		fputs(" 第", f);
		esc(f, get(&pg->obs, (size_t)ob, O_LINE));
		fputs("行", f);
	} else {
		sources_html(f, sources);
	}
	fputs("</td>", f);
}

static void latest_section(struct page *pg)
{
	const struct input *s = &pg->series;
	FILE *f = pg->f;
	size_t n = s->t.nrows, nl = 0;
	size_t *rows = xcalloc(n + 1, sizeof *rows);

	/* the last point of each series (series.csv is in time order) */
	for (size_t i = 0; i < n; i++)
		if (i + 1 == n || strcmp(get(s, i, S_SERIES), get(s, i + 1, S_SERIES)) != 0)
			rows[nl++] = i;
	latest_in = s;
	if (nl)
		qsort(rows, nl, sizeof *rows, latest_cmp);
	fputs("<section id=\"latest\">\n<h2>最新数值</h2>\n"
	      "<p class=\"note\">每个序列最近一期的数值、上年同期的数值，以及报告该数值的原文句子和出处（文档、行）。</p>\n"
	      "<table class=\"latest\">\n<thead><tr><th>指标</th><th>口径</th><th>期间</th>"
	      "<th>数值</th><th>上年同期</th><th>同期数值</th><th>原文</th><th>出处</th><th>图</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t k = 0; k < nl; k++) {
		size_t r = rows[k];
		const char *unit = get(s, r, S_UNIT);
		char buf[256], per[96], prev[64];
		if (k == 0 || strcmp(get(s, r, S_REGION), get(s, rows[k - 1], S_REGION)) != 0) {
			fputs("<tr class=\"group\"><th colspan=\"9\">", f);
			esc(f, *get(s, r, S_REGION) ? get(s, r, S_REGION) : "（未注明地区）");
			fputs("</th></tr>\n", f);
		}
		fputs("<tr data-series=\"", f);
		esc(f, get(s, r, S_SERIES));
		fputs("\"><td>", f);
		esc(f, get(s, r, S_NAME));
		measure_text(pg, get(s, r, S_MEASURE), unit, get(s, r, S_SCOPE),
			     get(s, r, S_STATUS), buf, sizeof buf);
		fputs("</td><td class=\"m\">", f);
		esc(f, buf);
		period_text(get(s, r, S_PERIOD), per, sizeof per);
		fputs("</td><td class=\"per\">", f);
		esc(f, per);
		value_text(pg, get(s, r, S_INDICATOR), get(s, r, S_VALUE), unit,
			   get(s, r, S_QUAL), buf, sizeof buf);
		fputs("</td><td class=\"num\">", f);
		esc(f, buf);
		if (strcmp(get(s, r, S_ORIGIN), "derived") == 0)
			fputs(" <span class=\"derived\">推算</span>", f);
		year_before(get(s, r, S_PERIOD), prev, sizeof prev);
		long y = *prev ? series_find(pg, get(s, r, S_SERIES), prev) : -1;
		period_text(prev, per, sizeof per);
		fputs("</td><td class=\"per dim\">", f);
		esc(f, *prev ? per : "—");
		if (y >= 0) {
			value_text(pg, get(s, r, S_INDICATOR),
				   get(s, (size_t)y, S_VALUE), unit,
				   get(s, (size_t)y, S_QUAL), buf, sizeof buf);
			fputs("</td><td class=\"num\">", f);
			esc(f, buf);
			if (strcmp(get(s, (size_t)y, S_ORIGIN), "derived") == 0)
				fputs(" <span class=\"derived\">推算</span>", f);
		} else {
			fputs("</td><td class=\"num dim\">—", f);
		}
		long ob = evidence_of(pg, r);
		fputs("</td><td class=\"ev\">", f);
		if (ob >= 0)
			esc(f, get(&pg->obs, (size_t)ob, O_EVIDENCE));
		else if (strcmp(get(s, r, S_ORIGIN), "derived") == 0)
			fputs("由本期数值与同比变动推算", f);
		fputs("</td>", f);
		source_cell(f, pg, ob, get(s, r, S_SOURCES));
		long ch = chart_of(pg, get(s, r, S_SERIES));
		fputs("<td>", f);
		if (ch >= 0) {
			fputs("<a href=\"#chart-", f);
			esc(f, get(&pg->charts, (size_t)ch, I_CHART));
			fputs("-", f);
			esc(f, get(&pg->charts, (size_t)ch, I_KIND));
			fputs("\">图</a>", f);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</tbody>\n</table>\n</section>\n", f);
	free(rows);
}

/* A cell of text (escaped); cls may be NULL. */
static void td(FILE *f, const char *cls, const char *text)
{
	if (cls)
		fprintf(f, "<td class=\"%s\">", cls);
	else
		fputs("<td>", f);
	esc(f, text);
	fputs("</td>", f);
}

static void td_value(const struct page *pg, const char *cls,
		     const char *indicator, const char *value,
		     const char *unit, const char *qual)
{
	char buf[256];

	value_text(pg, indicator, value, unit, qual, buf, sizeof buf);
	td(pg->f, cls, buf);
}

static void td_sources(FILE *f, const char *sources)
{
	fputs("<td class=\"src\">", f);
	sources_html(f, sources);
	fputs("</td>", f);
}

/* The cells that say which point a row is: region, indicator, measure,
 * period. */
static void td_point(const struct page *pg, const char *region,
		     const char *name, const char *measure, const char *unit,
		     const char *scope, const char *status, const char *period)
{
	char buf[256];

	td(pg->f, NULL, region);
	td(pg->f, NULL, name);
	measure_text(pg, measure, unit, scope, status, buf, sizeof buf);
	td(pg->f, "m", buf);
	period_text(period, buf, sizeof buf);
	td(pg->f, "per", buf);
}

static int kind_rank(const char *k)
{
	return strcmp(k, "revised") == 0 ? 0 : strcmp(k, "withdrawn") == 0 ? 1 :
	       strcmp(k, "stale") == 0 ? 2 : 3;
}

static const struct input *change_in;

/* Revised first, then withdrawn, stale and new; else as changes.csv. */
static int change_row_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c = kind_rank(get(change_in, x, H_CHANGE)) -
		kind_rank(get(change_in, y, H_CHANGE));

	return c ? c : x < y ? -1 : x > y;
}

static const char *kind_label(const char *k)
{
	return strcmp(k, "new") == 0 ? "新增" : strcmp(k, "revised") == 0 ? "修订" :
	       strcmp(k, "withdrawn") == 0 ? "撤回" :
	       strcmp(k, "stale") == 0 ? "未更新" : k;
}

/* A table of the change rows rows[from..to). */
static void change_table(struct page *pg, const size_t *rows, size_t from,
			 size_t to)
{
	const struct input *c = &pg->changes;
	FILE *f = pg->f;

	fputs("<table class=\"changes\">\n<thead><tr><th>变动</th><th>地区</th><th>指标</th><th>口径</th>"
	      "<th>期间</th><th>数值</th><th>原值</th><th>来源</th><th>原来源</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t k = from; k < to; k++) {
		size_t r = rows[k];
		const char *unit = get(c, r, H_UNIT), *kind = get(c, r, H_CHANGE);
		fputs("<tr><td><span class=\"tag ", f);
		esc(f, kind);
		fputs("\">", f);
		esc(f, kind_label(kind));
		fputs("</span></td>", f);
		td_point(pg, get(c, r, H_REGION), get(c, r, H_NAME),
			 get(c, r, H_MEASURE), unit, get(c, r, H_SCOPE),
			 get(c, r, H_STATUS), get(c, r, H_PERIOD));
		td_value(pg, "num", get(c, r, H_INDICATOR), get(c, r, H_VALUE),
			 unit, get(c, r, H_QUAL));
		td_value(pg, "num dim", get(c, r, H_INDICATOR),
			 get(c, r, H_OVALUE), unit, get(c, r, H_OQUAL));
		td_sources(f, get(c, r, H_SOURCES));
		td_sources(f, get(c, r, H_OSOURCES));
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n", f);
}

/* New points past this many are folded away (a first run makes every
 * point new). */
#define NEW_OPEN_MAX 30

static void changes_section(struct page *pg)
{
	const struct input *c = &pg->changes;
	FILE *f = pg->f;

	fputs("<section id=\"changes\">\n<h2>新增与修订</h2>\n", f);
	if (!c->present) {
		fputs("<p class=\"note\">没有变动记录（changes.csv 不存在）。</p>\n</section>\n", f);
		return;
	}
	if (!c->t.nrows) {
		fputs("<p class=\"note\">与上次运行相比，没有新增、修订或撤回的数值。</p>\n</section>\n", f);
		return;
	}
	fputs("<p class=\"note\">与上次更新前的序列相比：修订（数值变了）、撤回（不再有文档报告）和新增的数据点。</p>\n",
	      f);
	size_t n = c->t.nrows, first_new;
	size_t *rows = xcalloc(n + 1, sizeof *rows);
	for (size_t i = 0; i < n; i++)
		rows[i] = i;
	change_in = c;
	qsort(rows, n, sizeof *rows, change_row_cmp);
	for (first_new = 0; first_new < n; first_new++)
		if (strcmp(get(c, rows[first_new], H_CHANGE), "new") == 0)
			break;
	if (first_new)
		change_table(pg, rows, 0, first_new);
	if (first_new < n) {
		fprintf(f, "<details%s><summary>新增 %zu 个数据点</summary>\n",
			n - first_new <= NEW_OPEN_MAX ? " open" : "", n - first_new);
		change_table(pg, rows, first_new, n);
		fputs("</details>\n", f);
	}
	fputs("</section>\n", f);
	free(rows);
}

static void conflicts_section(struct page *pg)
{
	const struct input *c = &pg->conflicts;
	FILE *f = pg->f;

	fputs("<section id=\"conflicts\">\n<h2>冲突</h2>\n", f);
	if (!c->present || !c->t.nrows) {
		fputs("<p class=\"note\">各文档报告的数值之间没有冲突。</p>\n</section>\n", f);
		return;
	}
	fputs("<p class=\"note\">不同文档对同一数据点报告了不同的数值：采用较晚文档的数值，另一数值列在旁边。</p>\n"
	      "<table class=\"conflicts\">\n<thead><tr><th>地区</th><th>指标</th><th>口径</th><th>期间</th>"
	      "<th>采用值</th><th>来源</th><th>另一值</th><th>来源</th></tr></thead>\n<tbody>\n",
	      f);
	for (size_t r = 0; r < c->t.nrows; r++) {
		const char *unit = get(c, r, C_UNIT);
		fputs("<tr>", f);
		td_point(pg, get(c, r, C_REGION), get(c, r, C_NAME),
			 get(c, r, C_MEASURE), unit, get(c, r, C_SCOPE),
			 get(c, r, C_STATUS), get(c, r, C_PERIOD));
		td_value(pg, "num", get(c, r, C_INDICATOR), get(c, r, C_VALUE),
			 unit, get(c, r, C_QUAL));
		td_sources(f, get(c, r, C_SOURCES));
		td_value(pg, "num dim", get(c, r, C_INDICATOR),
			 get(c, r, C_OVALUE), unit, get(c, r, C_OQUAL));
		td_sources(f, get(c, r, C_OSOURCES));
		fputs("</tr>\n", f);
	}
	fputs("</tbody>\n</table>\n</section>\n", f);
}

/* The .svg among a chart's files (';'-separated), as a new string, or
 * NULL.  Only a plain file name is taken: it is copied and linked. */
static char *svg_of(const char *files)
{
	for (const char *p = files; *p;) {
		size_t l = strcspn(p, ";");
		if (l > 4 && memcmp(p + l - 4, ".svg", 4) == 0) {
			char *name = xstrndup(p, l);
			if (!strchr(name, '/') && name[0] != '.')
				return name;
			free(name);
		}
		p += l;
		if (*p)
			p++;
	}
	return NULL;
}

/* Copies from to to; 0 or -1 (errno). */
static int copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb"), *out = in ? fopen(to, "wb") : NULL;
	char buf[65536];
	size_t n;
	int rc = in && out ? 0 : -1;

	while (rc == 0 && (n = fread(buf, 1, sizeof buf, in)) > 0)
		if (fwrite(buf, 1, n, out) != n)
			rc = -1;
	if (in && ferror(in))
		rc = -1;
	if (in)
		fclose(in);
	if (out && fclose(out) != 0)
		rc = -1;
	return rc;
}

/* The charts section; the SVGs of charts_dir are copied into
 * fresh/charts.  Returns 0
 * or -1 (reported). */
static int charts_section(struct page *pg, const char *charts_dir,
			  const char *fresh, const struct diag_sink *sink)
{
	const struct input *c = &pg->charts;
	FILE *f = pg->f;
	char *src = xstrdup(charts_dir ? charts_dir : "");
	char *dst = path_join(fresh, "charts");
	int rc = 0, any = 0;

	fputs("<section id=\"charts\">\n<h2>图表</h2>\n", f);
	for (size_t r = 0; c->present && r < c->t.nrows && rc == 0; r++) {
		char *svg = svg_of(get(c, r, I_FILES));
		if (!svg)
			continue;
		char *from = path_join(src, svg), *to = path_join(dst, svg);
		if (!fs_is_file(from)) {
			free(from);
			free(to);
			free(svg);
			continue;
		}
		if (!any) {
			if (mkdir(dst, 0755) != 0) {
				diag_report(sink, dst, "error", "cannot create: %s",
					    strerror(errno));
				rc = -1;
			}
			fputs("<div class=\"charts\">\n", f);
			any = 1;
		}
		if (rc == 0 && copy_file(from, to) < 0) {
			diag_report(sink, to, "error", "cannot copy the chart: %s",
				    strerror(errno));
			rc = -1;
		}
		fputs("<figure id=\"chart-", f);
		esc(f, get(c, r, I_CHART));
		fputs("-", f);
		esc(f, get(c, r, I_KIND));
		fputs("\"><img src=\"charts/", f);
		esc(f, svg);
		fputs("\" alt=\"", f);
		esc(f, get(c, r, I_TITLE));
		fputs("\" loading=\"lazy\"><figcaption>", f);
		esc(f, get(c, r, I_TITLE));
		fputs("</figcaption></figure>\n", f);
		free(from);
		free(to);
		free(svg);
	}
	if (any)
		fputs("</div>\n", f);
	else
		fputs("<p class=\"note\">本次运行没有绘制图表。</p>\n", f);
	fputs("</section>\n", f);
	free(src);
	free(dst);
	return rc;
}

static void page_free(struct page *pg)
{
	for (size_t i = 0; pg->okey && i < pg->obs.t.nrows; i++)
		free(pg->okey[i]);
	free(pg->okey);
	free(pg->disp);
	free(pg->oidx);
	free(pg->sidx);
	table_free(&pg->series.t);
	table_free(&pg->obs.t);
	table_free(&pg->conflicts.t);
	table_free(&pg->changes.t);
	table_free(&pg->charts.t);
}

int report_write(const char *dir, const struct report_inputs *in,
		 const struct report_opts *o, const struct diag_sink *sink)
{
	struct page pg;
	char now[32];
	int rc = -1;
	char *index = NULL;

	memset(&pg, 0, sizeof pg);
	if (read_input(&pg.series, in->series_dir, "series.csv", series_cols,
		       NCOLS(series_cols), 1, sink) < 0 ||
	    (in->observations &&
	     read_input(&pg.obs, NULL, in->observations, obs_cols,
			NCOLS(obs_cols), 0, sink) < 0) ||
	    read_input(&pg.conflicts, in->series_dir, "conflicts.csv",
		       conflict_cols, NCOLS(conflict_cols), 0, sink) < 0 ||
	    (in->changes &&
	     read_input(&pg.changes, NULL, in->changes, change_cols,
			NCOLS(change_cols), 0, sink) < 0) ||
	    (in->charts_dir &&
	     read_input(&pg.charts, in->charts_dir, "index.csv", chart_cols,
			NCOLS(chart_cols), 0, sink) < 0))
		goto out;
	pg.rules = o ? o->rules : NULL;
	build_index(&pg);
	build_display(&pg);
	if (o && o->when) {
		pg.when = o->when;
	} else {
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(now, sizeof now, "%Y-%m-%d %H:%M", &tm);
		pg.when = now;
	}
	index = path_join(dir, "index.html");
	pg.f = fopen(index, "w");
	if (!pg.f) {
		diag_report(sink, index, "error", "cannot create: %s", strerror(errno));
		goto out;
	}
	page_head(&pg);
	latest_section(&pg);
	changes_section(&pg);
	conflicts_section(&pg);
	int ok = charts_section(&pg, in->charts_dir, dir, sink) == 0;
	fputs("</main>\n<footer>zhibiao 生成 · 数值取自 series/series.csv，原文取自 observations.csv</footer>\n"
	      "</body>\n</html>\n", pg.f);
	int werr = ferror(pg.f);
	if (fclose(pg.f) != 0 || werr) {
		if (ok)
			diag_report(sink, index, "error", "write error: %s",
				    strerror(errno));
		ok = 0;
	}
	pg.f = NULL;
	rc = ok ? 0 : -1;
out:
	page_free(&pg);
	free(index);
	return rc;
}

int report_build(const char *out_dir, const struct report_opts *o,
		 const struct diag_sink *sink)
{
	char *sdir = path_join(out_dir, "series");
	char *obs = path_join(out_dir, "observations.csv");
	char *changes = path_join(out_dir, "changes.csv");
	char *charts = path_join(out_dir, "charts");
	char *dir = path_join(out_dir, "report");
	char *fresh = path_join(out_dir, ".report.tmpXXXXXX");
	struct report_inputs in = {sdir, obs, changes, charts};
	int rc = -1;

	if (!mkdtemp(fresh)) {
		diag_report(sink, fresh, "error", "cannot create: %s", strerror(errno));
		goto out;
	}
	chmod(fresh, 0755);
	if (report_write(fresh, &in, o, sink) < 0)
		fs_remove_tree(fresh);
	else
		rc = fs_swap_dir(fresh, dir, sink);
out:
	free(sdir);
	free(obs);
	free(changes);
	free(charts);
	free(dir);
	free(fresh);
	return rc;
}
