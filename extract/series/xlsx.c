/* xlsx: the workbook of a series set, through libxlsxwriter; see xlsx.h. */
#include "series/xlsx.h"

#include <stdlib.h>
#include <string.h>

#include <xlsxwriter.h>

#include "base/schema.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "series/changes.h"
#include "series/series.h"

/* Column widths are kept within these (Excel character units). */
#define WIDTH_MIN 6.0
#define WIDTH_MAX 60.0
/* The evidence column, wrapped; a row is this many points high a line. */
#define EVIDENCE_WIDTH 50.0
#define LINE_POINTS 15.0

struct fmt_entry {
	char key[80];
	lxw_format *f;
};

struct book {
	lxw_workbook *w;
	lxw_format *head, *group, *title, *note, *date, *text, *top;
	struct fmt_entry fmts[64];
	size_t nfmts;
	lxw_error err;                /* the first error of any call */
	const struct changes *changes;  /* the 新增与修订 sheet; may be NULL */
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

static double text_width(const char *s)
{
	return (double)utf8_width(s, strlen(s)) + 2;
}

static void fit(struct sheet *sh, size_t col, const char *s)
{
	double w = text_width(s);

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

/* The number format of a value: amounts with up to four decimals,
 * percentages and points with one to three, counts and ranks as integers;
 * a qualifier becomes a prefix of the format (≥5.5, 约5.8) so the cell
 * stays a number. */
static lxw_format *num_format(struct book *b, const char *unit,
			      const char *qual, int integral, int derived)
{
	const char *base = "General";
	const char *mark = qualifier_mark(qual);
	char key[80], fmt[64];

	if (strcmp(unit, "CNY") == 0)
		base = integral ? "#,##0" : "#,##0.0###";
	else if (strcmp(unit, "percent") == 0 || strcmp(unit, "pp") == 0)
		base = "0.0##";
	else if (integral)
		base = "#,##0";
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
	format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
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

/* A value (schema units) as a number in the display unit du. */
static void put_value(struct sheet *sh, size_t row, size_t col,
		      const char *value, const char *unit,
		      struct display_unit du, const char *qual, int derived)
{
	char disp[128];
	char *end;

	display_value(value, du.shift, disp, sizeof disp);
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

/* A period code in Chinese (2024年1-9月); the code when it is none. */
static void put_period(struct sheet *sh, size_t row, size_t col,
		       const char *code)
{
	struct period p;
	char label[64];

	if (period_parse(code, &p))
		put_text(sh, row, col, period_label(&p, 1, label, sizeof label),
			 NULL);
	else
		put_text(sh, row, col, code, NULL);
}

/* A new sheet of ncols columns whose first nhead get the header head in
 * row hrow; printed landscape on A4, fit to the page width, the rows
 * above the data repeated on every page. */
static int sheet_new(struct book *b, struct sheet *sh, const char *name,
		     const char *const *head, size_t nhead, size_t ncols,
		     size_t hrow)
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
			put_text(sh, hrow, c, head[c], b->head);
	}
	worksheet_set_landscape(sh->ws);
	worksheet_set_paper(sh->ws, 9);
	worksheet_set_margins(sh->ws, 0.4, 0.4, 0.5, 0.5);
	worksheet_fit_to_pages(sh->ws, 1, 0);
	note(b, worksheet_repeat_rows(sh->ws, 0, (lxw_row_t)hrow));
	note(b, worksheet_set_footer(sh->ws, "&C&P / &N"));
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

/* ---- 指标表: indicators down, periods across, as in a yearbook ---- */

/* A row of the table: one series, with its reported and derived columns
 * of the pivot. */
struct trow {
	size_t series;
	size_t col[2];                /* pivot columns; SIZE_MAX when none */
};

/* The pivot rows (periods) in table order: by kind (years, year to date,
 * single quarters and months, days), then in time. */
static size_t table_periods(const struct series_set *s, size_t *order,
			    size_t *kind_end)
{
	size_t n = 0, nr = series_pivot_rows(s);

	for (int k = 0; k < PCLASS_COUNT_; k++) {
		for (size_t r = 0; r < nr; r++)
			if ((int)period_class_of(&series_pivot_row(s, r)->p) == k)
				order[n++] = r;
		kind_end[k] = n;
	}
	return n;
}

static size_t table_rows(const struct series_set *s, struct trow *rows)
{
	size_t n = 0;

	for (size_t c = 0; c < series_pivot_cols(s); c++) {
		const struct series_column *col = series_pivot_col(s, c);
		if (n && rows[n - 1].series == col->series) {
			rows[n - 1].col[col->derived] = c;
			continue;
		}
		rows[n] = (struct trow){ col->series, { SIZE_MAX, SIZE_MAX } };
		rows[n++].col[col->derived] = c;
	}
	return n;
}

/* 口径 of a series: 增速, 排名(全市), 总量 目标 ... */
static void table_measure(const struct series_set *s,
			  const struct series_point *p, struct buf *b)
{
	buf_clear(b);
	buf_adds(b, measure_label(p->measure, p->unit));
	if (*p->scope)
		buf_printf(b, "(%s)", series_scope_label(s, p->scope));
	if (strcmp(p->status, "target") == 0)
		buf_printf(b, " %s", status_label(p->status));
}

enum { T_NAME, T_MEASURE, T_UNIT, T_REGION, T_FIRST };

static void table_head(struct sheet *sh, const size_t *order, size_t np,
		       const size_t *kind_end, const struct series_set *s)
{
	static const char *const head[T_FIRST] = { "指标", "口径", "单位", "地区" };
	struct book *b = sh->b;

	note(b, worksheet_write_string(sh->ws, 0, 0, "主要经济指标", b->title));
	note(b, worksheet_set_row(sh->ws, 0, 24, NULL));
	for (size_t c = 0; c < T_FIRST; c++) {
		note(b, worksheet_merge_range(sh->ws, 1, (lxw_col_t)c, 2,
					      (lxw_col_t)c, head[c], b->head));
		fit(sh, c, head[c]);
	}
	for (size_t k = 0, from = 0; k < PCLASS_COUNT_; from = kind_end[k++]) {
		if (kind_end[k] == from)
			continue;
		const char *g = period_class_label((enum period_class)k);
		lxw_col_t c0 = (lxw_col_t)(T_FIRST + from);
		lxw_col_t c1 = (lxw_col_t)(T_FIRST + kind_end[k] - 1);
		if (c0 == c1)
			note(b, worksheet_write_string(sh->ws, 1, c0, g, b->group));
		else
			note(b, worksheet_merge_range(sh->ws, 1, c0, 1, c1, g,
						      b->group));
	}
	for (size_t j = 0; j < np; j++) {
		char label[64];
		const struct series_point *p = series_pivot_row(s, order[j]);
		period_label(&p->p, 1, label, sizeof label);
		put_text(sh, 2, T_FIRST + j, label, b->head);
	}
}

static int table_sheet(struct book *b, const struct series_set *s)
{
	size_t nr = series_pivot_rows(s), nc = series_pivot_cols(s);
	size_t *order = xcalloc(nr + 1, sizeof *order), kind_end[PCLASS_COUNT_];
	struct trow *rows = xcalloc(nc + 1, sizeof *rows);
	size_t np = table_periods(s, order, kind_end);
	size_t n = table_rows(s, rows);
	struct sheet sh;
	struct buf m = {0};
	int rc = -1;

	if (np + T_FIRST > LXW_COL_MAX || n + 4 > LXW_ROW_MAX)
		goto out;
	if (sheet_new(b, &sh, "指标表", NULL, 0, np + T_FIRST, 2) < 0) {
		sheet_done(&sh);
		goto out;
	}
	table_head(&sh, order, np, kind_end, s);
	for (size_t i = 0; i < n; i++) {
		size_t first, cnt;
		first = series_first_point(s, rows[i].series, &cnt);
		const struct series_point *k = series_point_at(s, first);
		struct display_unit du = series_display(s, k->indicator, k->unit);
		size_t r = i + 3;
		put_text(&sh, r, T_NAME, k->name, NULL);
		table_measure(s, k, &m);
		put_text(&sh, r, T_MEASURE, m.p, NULL);
		put_text(&sh, r, T_UNIT, du.label, NULL);
		put_text(&sh, r, T_REGION, k->region, NULL);
		for (size_t j = 0; j < np; j++)
			for (int d = 0; d < 2; d++) {
				const struct series_point *q = rows[i].col[d] == SIZE_MAX ?
					NULL : series_pivot_cell(s, order[j], rows[i].col[d]);
				if (q)
					put_value(&sh, r, T_FIRST + j, q->value, q->unit,
						  du, q->qualifier, q->derived);
			}
	}
	note(b, worksheet_write_string(sh.ws, (lxw_row_t)(n + 4), 0,
				       "注: 灰色斜体为推算值(由增速及其变动推得); ≥ 为“以上”, 约 为约数。来源见“观测值”表。",
				       b->note));
	/* the note is as wide as it likes: it does not widen column A */
	if (sh.width[T_NAME] > 36)
		sh.width[T_NAME] = 36;
	worksheet_freeze_panes(sh.ws, 3, T_FIRST);
	sheet_done(&sh);
	rc = 0;
out:
	buf_free(&m);
	free(order);
	free(rows);
	return rc;
}

/* ---- 观测值: every observation with its evidence ---- */

static int obs_sheet(struct book *b, const struct series_set *s)
{
	static const char *const head[] = {
		"文档", "指标", "名称", "口径", "数值", "单位", "期间", "状态",
		"限定", "范围", "地区", "原文", "行", "规则",
	};
	enum { EVIDENCE = 11 };
	size_t n = series_obs_count(s), nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (n + 1 > LXW_ROW_MAX)
		return -1;
	if (sheet_new(b, &sh, "观测值", head, nh, nh, 0) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct series_obs *o = series_obs_at(s, i);
		struct display_unit du = series_display(s, o->indicator, o->unit);
		size_t r = i + 1;
		put_text(&sh, r, 0, o->doc, NULL);
		put_text(&sh, r, 1, o->indicator, NULL);
		put_text(&sh, r, 2, series_indicator_name(s, o->indicator), NULL);
		put_text(&sh, r, 3, measure_label(o->measure, o->unit), NULL);
		put_value(&sh, r, 4, o->value, o->unit, du, NULL, 0);
		put_text(&sh, r, 5, du.label, NULL);
		put_period(&sh, r, 6, o->period);
		put_text(&sh, r, 7, status_label(o->status), NULL);
		put_text(&sh, r, 8, qualifier_mark(o->qualifier), NULL);
		put_text(&sh, r, 9, series_scope_label(s, o->scope), NULL);
		put_text(&sh, r, 10, o->region, NULL);
		put_text(&sh, r, EVIDENCE, o->evidence, b->text);
		/* a wrapped cell shows all its lines only in a row that high */
		double lines = (double)(long)(text_width(o->evidence) /
					      (EVIDENCE_WIDTH - 2)) + 1;
		if (lines > 1)
			note(b, worksheet_set_row(sh.ws, (lxw_row_t)r,
						  LINE_POINTS * lines, b->top));
		if (o->line > 0)
			note(b, worksheet_write_number(sh.ws, (lxw_row_t)r, 12,
						       (double)o->line, b->top));
		put_text(&sh, r, 13, o->rule, NULL);
	}
	sh.width[EVIDENCE] = EVIDENCE_WIDTH;
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
		      struct display_unit du, const char *status,
		      const char *region, const char *scope, const char *period)
{
	put_text(sh, r, 1, name, NULL);
	put_text(sh, r, 2, measure_label(measure, unit), NULL);
	put_text(sh, r, 3, du.label, NULL);
	put_text(sh, r, 4, status_label(status), NULL);
	put_text(sh, r, 5, region, NULL);
	put_text(sh, r, 6, series_scope_label(s, scope), NULL);
	put_period(sh, r, 7, period);
}

/* ---- 冲突: the values dropped for a point, next to the one kept ---- */

static int conflict_sheet(struct book *b, const struct series_set *s)
{
	static const char *const head[] = {
		"序列", "名称", "口径", "单位", "状态", "地区", "范围", "期间",
		"采用值", "来历", "来源", "另一值", "来历", "来源",
	};
	size_t n = series_conflict_count(s), nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (sheet_new(b, &sh, "冲突", head, nh, nh, 0) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct series_conflict *c = series_conflict_at(s, i);
		const struct series_point *p = c->kept;
		struct display_unit du = series_display(s, p->indicator, p->unit);
		size_t r = i + 1;
		put_text(&sh, r, 0, p->series, NULL);
		put_point(&sh, r, s, p->name, p->measure, p->unit, du, p->status,
			  p->region, p->scope, p->period);
		put_value(&sh, r, 8, p->value, p->unit, du, p->qualifier, 0);
		put_text(&sh, r, 9, origin_label(p->derived), NULL);
		put_text(&sh, r, 10, p->sources, NULL);
		put_value(&sh, r, 11, c->value, p->unit, du, c->qualifier, 0);
		put_text(&sh, r, 12, origin_label(c->derived), NULL);
		put_text(&sh, r, 13, c->sources, NULL);
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	sheet_done(&sh);
	return 0;
}

/* ---- 新增与修订: what changed since the last run (changes.h) ---- */

static int changes_sheet(struct book *b, const struct series_set *s)
{
	static const char *const head[] = {
		"变动", "名称", "口径", "单位", "状态", "地区", "范围", "期间",
		"新值", "来源", "原值", "原来源",
	};
	const struct changes *ch = b->changes;
	size_t nh = sizeof head / sizeof head[0];
	struct sheet sh;

	if (!ch)
		return 0;
	if (ch->n + 1 > LXW_ROW_MAX ||
	    sheet_new(b, &sh, "新增与修订", head, nh, nh, 0) < 0) {
		sheet_done(&sh);
		return -1;
	}
	for (size_t i = 0; i < ch->n; i++) {
		const struct change *c = &ch->v[i];
		struct display_unit du = series_display(s, c->indicator, c->unit);
		size_t r = i + 1;
		put_text(&sh, r, 0, change_kind_label(c->kind), NULL);
		put_point(&sh, r, s, c->name, c->measure, c->unit, du, c->status,
			  c->region, c->scope, c->period);
		if (*c->value)
			put_value(&sh, r, 8, c->value, c->unit, du, c->qualifier, 0);
		put_text(&sh, r, 9, c->sources, NULL);
		if (*c->old_value)
			put_value(&sh, r, 10, c->old_value, c->unit, du,
				  c->old_qualifier, 0);
		put_text(&sh, r, 11, c->old_sources, NULL);
	}
	worksheet_freeze_panes(sh.ws, 1, 0);
	sheet_done(&sh);
	return 0;
}

/* The sheets, in order: a new sheet is one more line here. */
static const struct {
	int (*write)(struct book *b, const struct series_set *s);
	const char *fail;             /* why, when it returns -1 */
} sheets[] = {
	{ table_sheet, "the table has more periods or series than a sheet holds" },
	{ obs_sheet, "more observations than a sheet holds" },
	{ conflict_sheet, "cannot add the conflicts sheet" },
	{ changes_sheet, "more changes than a sheet holds" },
};

static void book_formats(struct book *b)
{
	b->head = workbook_add_format(b->w);
	format_set_bold(b->head);
	format_set_text_wrap(b->head);
	format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
	format_set_bottom(b->head, LXW_BORDER_THIN);
	b->group = workbook_add_format(b->w);
	format_set_bold(b->group);
	format_set_align(b->group, LXW_ALIGN_CENTER);
	format_set_bottom(b->group, LXW_BORDER_THIN);
	b->title = workbook_add_format(b->w);
	format_set_bold(b->title);
	format_set_font_size(b->title, 14);
	b->note = workbook_add_format(b->w);
	format_set_font_color(b->note, LXW_COLOR_GRAY);
	b->date = workbook_add_format(b->w);
	format_set_num_format(b->date, "yyyy-mm-dd");
	b->top = workbook_add_format(b->w);
	format_set_align(b->top, LXW_ALIGN_VERTICAL_TOP);
	b->text = workbook_add_format(b->w);
	format_set_text_wrap(b->text);
	format_set_align(b->text, LXW_ALIGN_VERTICAL_TOP);
}

int xlsx_write(const struct series_set *s, const struct changes *ch,
	       const char *path, struct diag *d)
{
	struct book b;
	int rc = -1;

	memset(&b, 0, sizeof b);
	b.changes = ch;
	b.w = workbook_new(path);
	if (!b.w) {
		diag_set(d, "cannot create the workbook %s", path);
		return -1;
	}
	book_formats(&b);
	for (size_t i = 0; i < sizeof sheets / sizeof sheets[0]; i++)
		if (sheets[i].write(&b, s) < 0) {
			diag_set(d, "%s", sheets[i].fail);
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
