/* xlsx: the workbook of a series set, through libxlsxwriter; see xlsx.h. */
#include "series/xlsx.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/schema.h"
#include "series/changes.h"
#include "series/series.h"
#include "base/xalloc.h"

/* Column widths are kept within these (Excel character units). */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0

struct fmt_entry {
	char key[80];
	lxw_format *f;
};

struct book {
	lxw_workbook *w;
	lxw_format *head, *date, *text;
	struct fmt_entry fmts[64];
	size_t nfmts;
	lxw_error err;                /* the first error of any call */
};

/* One sheet being written, with the width each column needs. */
struct sheet {
	struct book *b;
	lxw_worksheet *ws;
	double *width;
	size_t ncols;
};

static void note(struct book *b, lxw_error e)
{
	if (e != LXW_NO_ERROR && b->err == LXW_NO_ERROR)
		b->err = e;
}

static void fit(struct sheet *sh, size_t col, const char *s)
{
	double w = (double)utf8_width(s, strlen(s)) + 2;

	if (col < sh->ncols && w > sh->width[col])
		sh->width[col] = w > WIDTH_MAX ? WIDTH_MAX : w;
}

static void put_text(struct sheet *sh, size_t row, size_t col, const char *s,
		     lxw_format *f)
{
	if (!s || !*s)
		return;
	note(sh->b, worksheet_write_string(sh->ws, (lxw_row_t)row,
					   (lxw_col_t)col, s, f));
	fit(sh, col, s);
}

/* The number format of a value: yuan shown as 亿元 with up to four
 * decimals, percentages and points with one to three, counts and ranks
 * as integers; a qualifier becomes a prefix of the format (≥5.5, 约5.8) so
 * the cell stays a number. */
static lxw_format *num_format(struct book *b, const char *unit,
			      const char *qual, int integral, int derived)
{
	const char *base = "General";
	char key[80], fmt[64];

	if (strcmp(unit, "CNY") == 0)
		base = "#,##0.00##";
	else if (strcmp(unit, "percent") == 0 || strcmp(unit, "pp") == 0)
		base = "0.0##";
	else if (integral)
		base = "#,##0";
	const char *mark = qualifier_mark(qual);
	if (*mark)
		snprintf(fmt, sizeof fmt, "\"%s\"%s", mark, base);
	else
		snprintf(fmt, sizeof fmt, "%s", base);
	snprintf(key, sizeof key, "%s|%d", fmt, derived);
	for (size_t i = 0; i < b->nfmts; i++)
		if (strcmp(b->fmts[i].key, key) == 0)
			return b->fmts[i].f;
	lxw_format *f = workbook_add_format(b->w);
	format_set_num_format(f, fmt);
	if (derived) {
		format_set_italic(f);
		format_set_font_color(f, LXW_COLOR_GRAY);
	}
	if (b->nfmts < sizeof b->fmts / sizeof b->fmts[0]) {
		snprintf(b->fmts[b->nfmts].key, sizeof b->fmts[0].key, "%s", key);
		b->fmts[b->nfmts++].f = f;
	}
	return f;
}

/* A value as a number in display units (yuan as 亿元). */
static void put_value(struct sheet *sh, size_t row, size_t col,
		      const char *value, const char *unit, const char *qual,
		      int derived)
{
	char disp[128];
	char *end;

	series_display_value(value, unit, disp, sizeof disp);
	double v = strtod(disp, &end);
	if (*end || !*disp) {
		put_text(sh, row, col, disp, NULL);
		return;
	}
	lxw_format *f = num_format(sh->b, unit, qual, !strchr(disp, '.'),
				   derived);
	note(sh->b, worksheet_write_number(sh->ws, (lxw_row_t)row,
					   (lxw_col_t)col, v, f));
	fit(sh, col, disp);
	if (qual && *qual && col < sh->ncols && sh->width[col] < WIDTH_MAX)
		sh->width[col] += 1;
}

static void put_date(struct sheet *sh, size_t row, size_t col,
		     const char *ymd)
{
	lxw_datetime dt = {0, 0, 0, 0, 0, 0};

	if (sscanf(ymd, "%4d-%2d-%2d", &dt.year, &dt.month, &dt.day) != 3 ||
	    dt.year < 1900) {
		put_text(sh, row, col, ymd, NULL);
		return;
	}
	note(sh->b, worksheet_write_datetime(sh->ws, (lxw_row_t)row,
					     (lxw_col_t)col, &dt, sh->b->date));
	fit(sh, col, ymd);
}

/* A new sheet of ncols columns whose first nhead get the header head. */
static int sheet_new(struct book *b, struct sheet *sh, const char *name,
		     const char *const *head, size_t nhead, size_t ncols)
{
	sh->b = b;
	sh->ws = workbook_add_worksheet(b->w, name);
	sh->ncols = ncols;
	sh->width = xcalloc(ncols + 1, sizeof *sh->width);
	if (!sh->ws)
		return -1;
	for (size_t c = 0; c < ncols; c++) {
		sh->width[c] = WIDTH_MIN;
		if (c < nhead)
			put_text(sh, 0, c, head[c], b->head);
	}
	return 0;
}

static void sheet_done(struct sheet *sh)
{
	for (size_t c = 0; c < sh->ncols && sh->ws; c++)
		note(sh->b, worksheet_set_column(sh->ws, (lxw_col_t)c,
						 (lxw_col_t)c, sh->width[c], NULL));
	free(sh->width);
	sh->width = NULL;
}

/* Periods down, one column per series (series.h, the pivot). */
static int pivot_sheet(struct book *b, const struct series_set *s)
{
	size_t nc = series_pivot_cols(s), nr = series_pivot_rows(s);
	struct sheet sh;
	static const char *const head[] = { "期间", "起", "止" };

	if (nc + 3 > LXW_COL_MAX || nr + 1 > LXW_ROW_MAX)
		return -1;
	if (sheet_new(b, &sh, "pivot", head, 3, nc + 3) < 0) {
		sheet_done(&sh);
		return -1;
	}
	double lines = 1;
	for (size_t c = 0; c < nc; c++) {
		const struct series_column *col = series_pivot_col(s, c);
		note(b, worksheet_write_string(sh.ws, 0, (lxw_col_t)(c + 3),
					       col->label, b->head));
		/* a long label wraps in a column of at most 24 */
		double w = (double)utf8_width(col->label, strlen(col->label)) + 2;
		double cw = w > 24 ? 24 : w < 10 ? 10 : w;
		if (w / cw > lines)
			lines = (double)(int)(w / (cw - 1)) + 1;
		sh.width[c + 3] = cw;
	}
	note(b, worksheet_set_row(sh.ws, 0, 15 * (lines > 4 ? 4 : lines), NULL));
	for (size_t r = 0; r < nr; r++) {
		const struct series_point *p = series_pivot_row(s, r);
		put_text(&sh, r + 1, 0, p->period, NULL);
		put_date(&sh, r + 1, 1, p->start);
		put_date(&sh, r + 1, 2, p->end);
		for (size_t c = 0; c < nc; c++) {
			const struct series_point *q = series_pivot_cell(s, r, c);
			if (q)
				put_value(&sh, r + 1, c + 3, q->value, q->unit,
					  q->qualifier, q->derived);
		}
	}
	worksheet_freeze_panes(sh.ws, 1, 1);
	sheet_done(&sh);
	return 0;
}

/* Every observation with its evidence. */
static int obs_sheet(struct book *b, const struct series_set *s)
{
	static const char *const head[] = {
		"文档", "指标", "名称", "口径", "数值", "单位", "期间", "状态",
		"限定", "范围", "地区", "原文", "行", "规则",
	};
	size_t n = series_obs_count(s), nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (n + 1 > LXW_ROW_MAX)
		return -1;
	if (sheet_new(b, &sh, "observations", head, nh, nh) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct series_obs *o = series_obs_at(s, i);
		size_t r = i + 1;
		const char *name = series_indicator_name(s, o->indicator);
		put_text(&sh, r, 0, o->doc, NULL);
		put_text(&sh, r, 1, o->indicator, NULL);
		put_text(&sh, r, 2, name, NULL);
		put_text(&sh, r, 3, measure_label(o->measure, o->unit), NULL);
		put_value(&sh, r, 4, o->value, o->unit, NULL, 0);
		put_text(&sh, r, 5, series_unit_label(o->unit), NULL);
		put_text(&sh, r, 6, o->period, NULL);
		put_text(&sh, r, 7, status_label(o->status), NULL);
		put_text(&sh, r, 8, qualifier_mark(o->qualifier), NULL);
		put_text(&sh, r, 9, series_scope_label(s, o->scope), NULL);
		put_text(&sh, r, 10, o->region, NULL);
		put_text(&sh, r, 11, o->evidence, b->text);
		if (o->line > 0) {
			note(b, worksheet_write_number(sh.ws, (lxw_row_t)r, 12,
						       (double)o->line, NULL));
		}
		put_text(&sh, r, 13, o->rule, NULL);
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	note(b, worksheet_autofilter(sh.ws, 0, 0, (lxw_row_t)n,
				     (lxw_col_t)(nh - 1)));
	sheet_done(&sh);
	return 0;
}

/* Columns 1-7 of row r: which point it is (名称, 口径, 单位, 状态, 地区,
 * 范围, 期间). */
static void put_point(struct sheet *sh, size_t r, const struct series_set *s,
		      const char *name, const char *measure, const char *unit,
		      const char *status, const char *region, const char *scope,
		      const char *period)
{
	put_text(sh, r, 1, name, NULL);
	put_text(sh, r, 2, measure_label(measure, unit), NULL);
	put_text(sh, r, 3, series_unit_label(unit), NULL);
	put_text(sh, r, 4, status_label(status), NULL);
	put_text(sh, r, 5, region, NULL);
	put_text(sh, r, 6, series_scope_label(s, scope), NULL);
	put_text(sh, r, 7, period, NULL);
}

/* The values dropped for a point, next to the one kept. */
static int conflict_sheet(struct book *b, const struct series_set *s)
{
	static const char *const head[] = {
		"序列", "名称", "口径", "单位", "状态", "地区", "范围", "期间",
		"采用值", "来历", "来源", "另一值", "来历", "来源",
	};
	size_t n = series_conflict_count(s), nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (sheet_new(b, &sh, "conflicts", head, nh, nh) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct series_conflict *c = series_conflict_at(s, i);
		const struct series_point *p = c->kept;
		size_t r = i + 1;
		put_text(&sh, r, 0, p->series, NULL);
		put_point(&sh, r, s, p->name, p->measure, p->unit, p->status,
			  p->region, p->scope, p->period);
		put_value(&sh, r, 8, p->value, p->unit, p->qualifier, 0);
		put_text(&sh, r, 9, p->derived ? "推算" : "报告", NULL);
		put_text(&sh, r, 10, p->sources, NULL);
		put_value(&sh, r, 11, c->value, p->unit, c->qualifier, 0);
		put_text(&sh, r, 12, c->derived ? "推算" : "报告", NULL);
		put_text(&sh, r, 13, c->sources, NULL);
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	sheet_done(&sh);
	return 0;
}

/* What changed since the last run (changes.h): new and revised points
 * with the value before, withdrawn ones. */
static int changes_sheet(struct book *b, const struct series_set *s,
			 const struct changes *ch)
{
	static const char *const head[] = {
		"变动", "名称", "口径", "单位", "状态", "地区", "范围", "期间",
		"新值", "来源", "原值", "原来源",
	};
	size_t nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (ch->n + 1 > LXW_ROW_MAX)
		return -1;
	if (sheet_new(b, &sh, "新增与修订", head, nh, nh) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < ch->n; i++) {
		const struct change *c = &ch->v[i];
		size_t r = i + 1;
		put_text(&sh, r, 0, change_kind_label(c->kind), NULL);
		put_point(&sh, r, s, c->name, c->measure, c->unit, c->status,
			  c->region, c->scope, c->period);
		if (*c->value)
			put_value(&sh, r, 8, c->value, c->unit, c->qualifier, 0);
		put_text(&sh, r, 9, c->sources, NULL);
		if (*c->old_value)
			put_value(&sh, r, 10, c->old_value, c->unit,
				  c->old_qualifier, 0);
		put_text(&sh, r, 11, c->old_sources, NULL);
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	sheet_done(&sh);
	return 0;
}

int xlsx_write(const struct series_set *s, const struct changes *ch,
	       const char *path, struct diag *d)
{
	struct book b;
	int rc = -1;

	memset(&b, 0, sizeof b);
	b.w = workbook_new(path);
	if (!b.w) {
		diag_set(d, "cannot create the workbook %s", path);
		return -1;
	}
	b.head = workbook_add_format(b.w);
	format_set_bold(b.head);
	format_set_text_wrap(b.head);
	format_set_align(b.head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(b.head, LXW_BORDER_THIN);
	b.date = workbook_add_format(b.w);
	format_set_num_format(b.date, "yyyy-mm-dd");
	b.text = workbook_add_format(b.w);
	format_set_text_wrap(b.text);
	if (pivot_sheet(&b, s) < 0) {
		diag_set(d, "the pivot has %zu series and %zu periods: more than a sheet holds",
			 series_pivot_cols(s), series_pivot_rows(s));
		goto out;
	}
	if (obs_sheet(&b, s) < 0) {
		diag_set(d, "%zu observations: more than a sheet holds",
			 series_obs_count(s));
		goto out;
	}
	if (conflict_sheet(&b, s) < 0) {
		diag_set(d, "cannot add the conflicts sheet");
		goto out;
	}
	if (ch && changes_sheet(&b, s, ch) < 0) {
		diag_set(d, "%zu changes: more than a sheet holds", ch->n);
		goto out;
	}
	if (b.err != LXW_NO_ERROR) {
		diag_set(d, "%s", lxw_strerror(b.err));
		goto out;
	}
	rc = 0;
out:
	{
		lxw_error e = workbook_close(b.w);
		if (rc == 0 && e != LXW_NO_ERROR) {
			diag_set(d, "cannot write the workbook: %s", lxw_strerror(e));
			rc = -1;
		}
	}
	return rc;
}
