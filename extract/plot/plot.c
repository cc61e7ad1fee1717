/* plot: series.csv to gnuplot charts (PNG, SVG, PDF). */
#include "plot/plot.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/fs.h"
#include "base/schema.h"
#include "base/utf8.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "pipeline/ingest.h"
#include "pipeline/manifest.h"
#include "pipeline/period.h"
#include "pipeline/rules.h"

#define GNUPLOT_SECONDS 60

enum { C_SERIES, C_IND, C_NAME, C_MEASURE, C_UNIT, C_STATUS, C_REGION,
       C_SCOPE, C_PERIOD, C_START, C_END, C_VALUE, C_QUAL, C_ORIGIN,
       C_SOURCES, NCOLS };

static const char *const colnames[NCOLS] = {
	"series", "indicator", "name", "measure", "unit", "status", "region",
	"scope", "period", "start", "end", "value", "qualifier", "origin",
	"sources",
};

/* One series: rows [first, first + n) of the table. */
struct ser {
	size_t first, n;
};

struct ctx {
	const struct table *t;
	int col[NCOLS];
	const struct plot_opts *o;
	const char *chart_dir, *scripts, *font;
	void (*report)(void *, const char *, const char *);
	void *rctx;
	FILE *index;
	struct plot_summary *sum;
	char **doc_id, **doc_label;   /* from the manifest: 2025-05-09《title》 */
	size_t ndocs, capdoc_id, capdoc_label;
};

static const char *cell(const struct ctx *c, size_t row, int col)
{
	return table_get(c->t, row, c->col[col]);
}

/* "2024-Q1" -> "2024年一季度" and so on, for axis labels. */
static void code_label(const char *code, char *out, size_t n)
{
	struct period p;

	if (period_parse(code, &p))
		period_label(&p, 1, out, n);
	else
		snprintf(out, n, "%s", code);
}

/* A plain decimal trimmed of trailing zeros: 161.90 -> 161.9. */
static void trim_number(double v, int decimals, char *out, size_t n)
{
	snprintf(out, n, "%.*f", decimals, v);
	if (strchr(out, '.')) {
		char *e = out + strlen(out) - 1;
		while (*e == '0')
			*e-- = '\0';
		if (*e == '.')
			*e = '\0';
	}
}

/* How the amounts of the indicator and unit of row are shown: the rules'
 * display key, else by the largest value of the indicator in that unit
 * (as series_display). */
static struct display_unit chart_display(const struct ctx *c, size_t row)
{
	const char *ind = cell(c, row, C_IND), *unit = cell(c, row, C_UNIT);
	const struct indicator *decl = rules_indicator_find(c->o->rules, ind, NULL);
	double max = 0;

	for (size_t r = 0; r < c->t->nrows; r++)
		if (strcmp(cell(c, r, C_IND), ind) == 0 &&
		    strcmp(cell(c, r, C_UNIT), unit) == 0) {
			double v = fabs(strtod(cell(c, r, C_VALUE), NULL));
			max = v > max ? v : max;
		}
	return display_unit_choose(decl ? decl->display : NULL, unit, max);
}

/* The chart title and the y axis label of a series. */
static void describe(const struct ctx *c, size_t row, int with_status,
		     struct buf *title, struct buf *ylab)
{
	const char *m = cell(c, row, C_MEASURE), *u = cell(c, row, C_UNIT);
	/* a level or a rate is what the indicator's name says */
	const char *what = strcmp(m, "level") == 0 || strcmp(m, "rate") == 0 ?
			   "" : measure_label(m, u);

	buf_clear(title);
	buf_clear(ylab);
	buf_printf(title, "%s%s%s", cell(c, row, C_REGION), *cell(c, row, C_REGION) ? " " : "",
		   cell(c, row, C_NAME));
	if (*what)
		buf_printf(title, " %s", what);
	if (strcmp(m, "rank") == 0)
		buf_printf(title, "（%s）", rules_scope_label(c->o->rules, cell(c, row, C_SCOPE)));
	if (with_status && strcmp(cell(c, row, C_STATUS), "target") == 0)
		buf_printf(title, " %s", status_label("target"));
	buf_adds(ylab, chart_display(c, row).label);
}

/* Value as drawn (in its display unit) and its label. */
static double shown(const char *unit, struct display_unit du,
		    const char *value, char *label, size_t n)
{
	double v = strtod(value, NULL);

	for (int k = 0; k < du.shift; k++)
		v /= 10;
	if (strcmp(unit, "percent") == 0) {
		trim_number(v, 2, label, n);
		strncat(label, "%", n - strlen(label) - 1);
	} else if (strcmp(unit, "pp") == 0) {
		char t[40];
		trim_number(v, 2, t, sizeof t);
		snprintf(label, n, "%s%s", v > 0 ? "+" : "", t);
	} else {
		trim_number(v, 2, label, n);
	}
	return v;
}

/* Puts the qualifier before a label: ">=" 8% (8%以上) -> ≥8%, "~" -> 约. */
static void qualify(const char *q, char *label, size_t n)
{
	const char *mark = qualifier_mark(q);
	char t[64];

	if (!*mark)
		return;
	snprintf(t, sizeof t, "%s%s", mark, label);
	snprintf(label, n, "%s", t);
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 来源: the distinct source documents of rows by date and title where the
 * manifest gives them (2025-04-29《…》), else by doc id; in time order,
 * shortened when long. */
static void footnote(const struct ctx *c, const size_t *rows, size_t nrows,
		     struct buf *out)
{
	char **names = NULL;
	size_t nd = 0, capd = 0;

	for (size_t r = 0; r < nrows; r++) {
		for (const char *s = cell(c, rows[r], C_SOURCES); *s;) {
			size_t l = strcspn(s, ";");
			char *id = xstrndup(s, l);
			const char *name = id;
			for (size_t k = 0; k < c->ndocs; k++)
				if (strcmp(c->doc_id[k], id) == 0)
					name = c->doc_label[k];
			int dup = !*id;
			for (size_t i = 0; i < nd && !dup; i++)
				dup = strcmp(names[i], name) == 0;
			if (!dup) {
				VEC_GROW(names, nd + 1, capd);
				names[nd++] = xstrdup(name);
			}
			free(id);
			s += l + (s[l] == ';');
		}
	}
	if (nd > 1)
		qsort(names, nd, sizeof *names, str_cmp);
	buf_clear(out);
	buf_adds(out, "来源: ");
	size_t shown_docs = 0;
	for (size_t i = 0; i < nd && out->len + strlen(names[i]) <= 360; i++) {
		buf_printf(out, "%s%s", i ? "; " : "", names[i]);
		shown_docs++;
	}
	if (shown_docs < nd)
		buf_printf(out, " 等%zu篇", nd);
	for (size_t i = 0; i < nd; i++)
		free(names[i]);
	free(names);
}

/* Appends a gnuplot single-quoted string: '' stands for '. */
static void gp_string(struct buf *b, const char *name, const char *s)
{
	buf_printf(b, "%s='", name);
	for (; *s; s++) {
		if (*s == '\'')
			buf_addc(b, '\'');
		if (*s != '\n' && *s != '\r')
			buf_addc(b, *s);
	}
	buf_adds(b, "'; ");
}

/* Runs gnuplot on the scripts with the variables; returns 0 when it
 * exited 0 within the time limit, else -1 with why set. */
static int run_gnuplot(const struct ctx *c, const char *vars, const char *kind,
		       char *why, size_t nwhy)
{
	char script[1024], outputs[1024];

	snprintf(script, sizeof script, "%s/%s.gp", c->scripts, kind);
	snprintf(outputs, sizeof outputs, "%s/outputs.gp", c->scripts);
	/* gnuplot's messages go to a file, read when it is done */
	char errpath[] = "/tmp/zhibiao-gnuplot-XXXXXX";
	int errfd = mkstemp(errpath);
	if (errfd < 0) {
		snprintf(why, nwhy, "%s: %s", errpath, strerror(errno));
		return -1;
	}
	unlink(errpath);
	pid_t pid = fork();
	if (pid < 0) {
		snprintf(why, nwhy, "fork: %s", strerror(errno));
		close(errfd);
		return -1;
	}
	if (pid == 0) {
		dup2(errfd, 2);
		close(errfd);
		execlp(c->o->gnuplot ? c->o->gnuplot : "gnuplot", "gnuplot", "-e", vars,
		       script, outputs, (char *)NULL);
		_exit(127);
	}
	int status = 0;
	struct timespec nap = {0, 10 * 1000 * 1000};
	for (int waited = 0;; waited++) {
		pid_t w = waitpid(pid, &status, WNOHANG);
		if (w == pid)
			break;
		if (w < 0 || waited > GNUPLOT_SECONDS * 100) {
			kill(pid, SIGKILL);
			waitpid(pid, &status, 0);
			close(errfd);
			snprintf(why, nwhy, "gnuplot did not finish in %d s", GNUPLOT_SECONDS);
			return -1;
		}
		nanosleep(&nap, NULL);
	}
	char errbuf[400];
	ssize_t got = pread(errfd, errbuf, sizeof errbuf - 1, 0);
	close(errfd);
	errbuf[got > 0 ? got : 0] = '\0';
	for (char *q = errbuf; *q; q++)
		if (*q == '\n')
			*q = ' ';
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		snprintf(why, nwhy, "gnuplot failed (status %d): %.300s",
			 WIFEXITED(status) ? WEXITSTATUS(status) : -1, errbuf);
		return -1;
	}
	return 0;
}

/* Draws one chart from the data already in datafile; renames the outputs
 * into place and lists them in the index. */
static void draw(struct ctx *c, const char *slug, const char *kind,
		 const char *datafile, const char *title, const char *ylab,
		 const char *foot, size_t npoints, size_t nderived,
		 const char *extra)
{
	struct buf vars = {0}, tmpbase = {0}, base = {0};
	char why[512] = "";
	static const char *const ext[] = {".png", ".svg", ".pdf"};
	int ok;

	buf_printf(&base, "%s/%s-%s", c->chart_dir, slug, kind);
	buf_printf(&tmpbase, "%s.tmp%ld", base.p, (long)getpid());
	gp_string(&vars, "datafile", datafile);
	gp_string(&vars, "outbase", tmpbase.p);
	gp_string(&vars, "ttl", title);
	gp_string(&vars, "ylab", ylab);
	gp_string(&vars, "foot", foot);
	gp_string(&vars, "font", c->font);
	gp_string(&vars, "scripts", c->scripts);
	buf_printf(&vars, "npoints=%zu; nderived=%zu", npoints, nderived);
	if (extra)
		buf_printf(&vars, "; %s", extra);
	ok = run_gnuplot(c, vars.p, kind, why, sizeof why) == 0;
	for (int i = 0; i < 3; i++) {
		struct buf from = {0}, to = {0};
		struct stat st;
		buf_printf(&from, "%s%s", tmpbase.p, ext[i]);
		buf_printf(&to, "%s%s", base.p, ext[i]);
		if (ok && (stat(from.p, &st) != 0 || st.st_size == 0)) {
			snprintf(why, sizeof why, "gnuplot wrote no %s", ext[i]);
			ok = 0;
		}
		if (ok && rename(from.p, to.p) != 0) {
			snprintf(why, sizeof why, "%s: %s", to.p, strerror(errno));
			ok = 0;
		}
		unlink(from.p);
		buf_free(&from);
		buf_free(&to);
	}
	if (ok) {
		struct buf files = {0};
		buf_printf(&files, "%s-%s.png;%s-%s.svg;%s-%s.pdf", slug, kind, slug,
			   kind, slug, kind);
		const char *row[] = {slug, kind, title, files.p};
		table_write_row(c->index, row, 4);
		buf_free(&files);
		c->sum->charts++;
	} else {
		c->sum->failed++;
		if (c->report)
			c->report(c->rctx, base.p, why);
	}
	buf_free(&vars);
	buf_free(&tmpbase);
	buf_free(&base);
}

static int wanted(const struct ctx *c, size_t row)
{
	const char *ind = cell(c, row, C_IND);

	if (c->o->region && strcmp(c->o->region, cell(c, row, C_REGION)) != 0)
		return 0;
	if (!c->o->only)
		return 1;
	size_t l = strlen(ind);
	for (const char *p = c->o->only; *p;) {
		size_t k = strcspn(p, ",");
		if (k == l && memcmp(p, ind, l) == 0)
			return 1;
		p += k + (p[k] == ',');
	}
	return 0;
}

/* Where a period sits on the time axis: its end, in months (a day as a
 * fraction of its month), so that gaps show as gaps. */
static double time_x(const char *code)
{
	struct period p;
	struct date st, en;

	if (!period_parse(code, &p))
		return 0;
	period_bounds(&p, &st, &en);
	if (p.kind == PERIOD_DAY)
		return en.y * 12.0 + en.m - 1 + (en.d - 1) / 31.0;
	return en.y * 12.0 + en.m;
}

/* One chart of the rows rows[0..n) of one series, all of one period kind:
 * a line, bars or ranks over time, a blank line in the data (a break in
 * the line) where a period is missing or, with restart, where a
 * cumulative count starts again in January.  The chart is SLUG-KIND or
 * SLUG-KIND-SUFFIX; what is added to the title. */
static void chart_rows(struct ctx *c, const size_t *rows, size_t n,
		       const char *suffix, const char *what, int restart)
{
	size_t first = rows[0];
	const char *measure = cell(c, first, C_MEASURE);
	const char *unit = cell(c, first, C_UNIT);
	const char *kind = strcmp(measure, "rank") == 0 ? "rank" :
			   strcmp(measure, "level") == 0 ? "bar" : "line";
	struct buf data = {0}, title = {0}, ylab = {0}, foot = {0}, slug = {0};
	struct buf extra = {0};
	struct display_unit du = chart_display(c, first);

	buf_adds(&slug, cell(c, first, C_SERIES));
	if (suffix)
		buf_printf(&slug, "-%s", suffix);
	buf_printf(&data, "%s/%s-%s.dat.tmp%ld", c->chart_dir, slug.p, kind,
		   (long)getpid());
	FILE *f = fopen(data.p, "w");
	if (!f) {
		c->sum->failed++;
		if (c->report)
			c->report(c->rctx, data.p, strerror(errno));
		goto out;
	}
	/* the step: the smallest distance between two periods */
	double step = 0;
	for (size_t i = 1; i < n; i++) {
		double d = time_x(cell(c, rows[i], C_PERIOD)) -
			   time_x(cell(c, rows[i - 1], C_PERIOD));
		if (d > 0 && (step == 0 || d < step))
			step = d;
	}
	if (step == 0)
		step = 1;
	size_t nderived = 0;
	for (size_t i = 0; i < n; i++) {
		size_t r = rows[i];
		char label[64], per[64];
		double x = time_x(cell(c, r, C_PERIOD));
		if (i > 0) {
			double px = time_x(cell(c, rows[i - 1], C_PERIOD));
			int gap = x - px > step * 1.01;
			int again = restart && strncmp(cell(c, r, C_PERIOD),
						       cell(c, rows[i - 1], C_PERIOD), 4) != 0;
			if (gap || again)
				fputc('\n', f);
		}
		nderived += strcmp(cell(c, r, C_ORIGIN), "derived") == 0;
		double v = shown(unit, du, cell(c, r, C_VALUE), label, sizeof label);
		qualify(cell(c, r, C_QUAL), label, sizeof label);
		code_label(cell(c, r, C_PERIOD), per, sizeof per);
		fprintf(f, "%.6f\t%s\t%.10g\t%s\t%s\t%zu\n", x, per, v,
			cell(c, r, C_ORIGIN), label, i + 1);
	}
	fclose(f);
	describe(c, first, 1, &title, &ylab);
	if (what)
		buf_printf(&title, "（%s）", what);
	footnote(c, rows, n, &foot);
	buf_printf(&extra, "xstep=%.6f", step);
	draw(c, slug.p, kind, data.p, title.p, ylab.p, foot.p, n, nderived,
	     extra.p);
	unlink(data.p);
out:
	buf_free(&data);
	buf_free(&title);
	buf_free(&ylab);
	buf_free(&foot);
	buf_free(&slug);
	buf_free(&extra);
}

/* A short ASCII name of a period's span in the year: Q1, H1, M01-09, M03,
 * D04-30. */
static void span_code(const struct period *p, char *out, size_t n)
{
	switch (p->kind) {
	case PERIOD_QUARTER:
		snprintf(out, n, "Q%d", p->a);
		break;
	case PERIOD_HALF:
		snprintf(out, n, "H%d", p->a);
		break;
	case PERIOD_MONTHS:
		snprintf(out, n, "M%02d-%02d", p->a, p->b);
		break;
	case PERIOD_MONTH:
		snprintf(out, n, "M%02d", p->a);
		break;
	case PERIOD_DAY:
		snprintf(out, n, "D%02d-%02d", p->a, p->b);
		break;
	case PERIOD_YEAR:
	case PERIOD_NONE:
		snprintf(out, n, "Y");
		break;
	}
}

/* Spans worth a chart over the years: those ending with a quarter (一季度,
 * 上半年, 1-9月, 三季度, 下半年), not every month's. */
static int quarter_span(const struct period *p)
{
	struct date st, en;

	period_bounds(p, &st, &en);
	return p->kind != PERIOD_DAY && p->kind != PERIOD_MONTH && en.m % 3 == 0;
}

static const char *const class_slug[PCLASS_COUNT_] = {
	"year", "ytd", "single", "day",
};

/* The charts of one series: one per period kind (whole years; year to
 * date; single quarters, halves or months; days), never two kinds on one
 * axis; and for a kind holding several spans of the year, each span that
 * ends with a quarter over the years (each year's 一季度, each year's
 * 1-9月) where two years have it. */
static void chart_series(struct ctx *c, const struct ser *s, int min)
{
	size_t *rows = xcalloc(s->n + 1, sizeof *rows);
	size_t *same = xcalloc(s->n + 1, sizeof *same);
	struct period p, q;
	int kinds = 0;

	for (int k = 0; k < PCLASS_COUNT_; k++)
		for (size_t i = 0; i < s->n; i++)
			if (period_parse(cell(c, s->first + i, C_PERIOD), &p) &&
			    (int)period_class_of(&p) == k) {
				kinds++;
				break;
			}
	for (int k = 0; k < PCLASS_COUNT_; k++) {
		size_t n = 0;
		int spans = 0;
		for (size_t i = 0; i < s->n; i++) {
			size_t r = s->first + i;
			if (!period_parse(cell(c, r, C_PERIOD), &p) ||
			    (int)period_class_of(&p) != k)
				continue;
			int seen = 0;
			for (size_t j = 0; j < n && !seen; j++)
				seen = period_parse(cell(c, rows[j], C_PERIOD), &q) &&
				       period_same_span(&p, &q);
			spans += !seen;
			rows[n++] = r;
		}
		if (n == 0)
			continue;
		if ((int)n < min) {
			c->sum->skipped++;
			continue;
		}
		chart_rows(c, rows, n, kinds > 1 ? class_slug[k] : NULL,
			   kinds > 1 ? period_class_label((enum period_class)k) : NULL,
			   k == PCLASS_YTD && spans > 1);
		if (spans < 2 || k == PCLASS_YEAR)
			continue;
		/* each span over the years */
		for (size_t i = 0; i < n; i++) {
			size_t m = 0;
			int earlier = 0;
			period_parse(cell(c, rows[i], C_PERIOD), &p);
			for (size_t j = 0; j < n; j++) {
				period_parse(cell(c, rows[j], C_PERIOD), &q);
				if (period_same_span(&p, &q)) {
					earlier |= j < i;
					same[m++] = rows[j];
				}
			}
			if (earlier || m < 2 || !quarter_span(&p))
				continue;     /* done at its first row, or one year */
			char code[16], what[64], suffix[32];
			span_code(&p, code, sizeof code);
			snprintf(suffix, sizeof suffix, "same-%s", code);
			char lbl[48];
			period_label(&p, 0, lbl, sizeof lbl);
			snprintf(what, sizeof what, "历年%s", lbl);
			chart_rows(c, same, m, suffix, what, 0);
		}
	}
	free(rows);
	free(same);
}

static int same_key(const struct ctx *c, size_t a, size_t b)
{
	static const int key[] = {C_IND, C_MEASURE, C_UNIT, C_REGION, C_SCOPE};

	for (size_t i = 0; i < sizeof key / sizeof *key; i++)
		if (strcmp(cell(c, a, key[i]), cell(c, b, key[i])) != 0)
			return 0;
	return 1;
}

/* Actual and target of the same indicator side by side, on the periods
 * that have both (a reported target; a derived actual drawn hollow); no
 * chart when no period has both. */
static void chart_target(struct ctx *c, const struct ser *act, const struct ser *tgt)
{
	const char *unit = cell(c, act->first, C_UNIT);
	struct display_unit du = chart_display(c, act->first);
	struct buf data = {0}, title = {0}, ylab = {0}, foot = {0}, extra = {0};
	size_t *rows = xcalloc(2 * act->n + 1, sizeof *rows);
	size_t np = 0, k = 0, nderived = 0;
	double lo = 0, hi = 0;
	FILE *f = NULL;

	for (size_t i = 0; i < act->n; i++) {
		size_t ra = act->first + i;
		for (size_t j = 0; j < tgt->n; j++) {
			size_t rt = tgt->first + j;
			if (strcmp(cell(c, rt, C_ORIGIN), "derived") == 0 ||
			    strcmp(cell(c, ra, C_PERIOD), cell(c, rt, C_PERIOD)) != 0)
				continue;
			if (!f) {
				buf_printf(&data, "%s/%s-target.dat.tmp%ld", c->chart_dir,
					   cell(c, act->first, C_SERIES), (long)getpid());
				if (!(f = fopen(data.p, "w"))) {
					c->sum->failed++;
					goto out;
				}
			}
			char per[64], la[64], lt[64];
			double va = shown(unit, du, cell(c, ra, C_VALUE), la, sizeof la);
			double vt = shown(unit, du, cell(c, rt, C_VALUE), lt, sizeof lt);
			qualify(cell(c, ra, C_QUAL), la, sizeof la);
			qualify(cell(c, rt, C_QUAL), lt, sizeof lt);
			lo = fmin(lo, fmin(va, vt));
			hi = fmax(hi, fmax(va, vt));
			nderived += strcmp(cell(c, ra, C_ORIGIN), "derived") == 0;
			code_label(cell(c, ra, C_PERIOD), per, sizeof per);
			fprintf(f, "%zu\t%s\t%.10g\t%.10g\t%s\t%s\t%s\n", ++k, per,
				va, vt, la, lt, cell(c, ra, C_ORIGIN));
			rows[np++] = ra;
			rows[np++] = rt;
			break;
		}
	}
	if (!f)
		goto out;             /* no period has both */
	fclose(f);
	describe(c, act->first, 0, &title, &ylab);
	buf_adds(&title, " 实际与目标");
	footnote(c, rows, np, &foot);
	buf_printf(&extra, "lo=%.10g; hi=%.10g", lo, hi);
	draw(c, cell(c, act->first, C_SERIES), "target", data.p, title.p, ylab.p,
	     foot.p, k, nderived, extra.p);
	unlink(data.p);
out:
	free(rows);
	buf_free(&data);
	buf_free(&title);
	buf_free(&ylab);
	buf_free(&foot);
	buf_free(&extra);
}

/* The CJK font fontconfig knows, preferring Noto Sans CJK SC. */
static char *find_font(void)
{
	static const char *const prefer[] = {
		"Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei",
		"WenQuanYi Micro Hei", "Source Han Sans SC",
	};
	FILE *p = popen("fc-list :lang=zh family 2>/dev/null", "r");
	char line[512], *first = NULL, *best = NULL;
	int rank = 99;

	if (!p)
		return NULL;
	while (fgets(line, sizeof line, p)) {
		line[strcspn(line, "\n")] = '\0';
		/* "Noto Sans CJK SC,Noto Sans CJK SC Regular": each name */
		for (char *s = line; *s;) {
			size_t l = strcspn(s, ",");
			for (int i = 0; i < (int)(sizeof prefer / sizeof *prefer); i++)
				if (i < rank && strlen(prefer[i]) == l &&
				    memcmp(prefer[i], s, l) == 0) {
					rank = i;
					free(best);
					best = xstrndup(s, l);
				}
			if (!first)
				first = xstrndup(s, l);
			s += l + (s[l] == ',');
		}
	}
	pclose(p);
	if (best) {
		free(first);
		return best;
	}
	return first;
}

static int on_path(const char *prog)
{
	const char *path = getenv("PATH");

	if (strchr(prog, '/'))
		return access(prog, X_OK) == 0;
	while (path && *path) {
		size_t l = strcspn(path, ":");
		char full[1024];
		snprintf(full, sizeof full, "%.*s/%s", (int)l, path, prog);
		if (access(full, X_OK) == 0)
			return 1;
		path += l + (path[l] == ':');
	}
	return 0;
}

/* The charts an earlier run listed in chart_dir/index.csv are removed
 * (its files column: plain names in chart_dir only), nothing else. */
static void remove_old_charts(const char *chart_dir)
{
	struct table t = {0};
	struct diag d;
	char *idx = path_join(chart_dir, "index.csv");

	if (access(idx, F_OK) == 0 && table_read(idx, &t, &d) == 0) {
		int cf = table_col(&t, "files");
		for (size_t r = 0; cf >= 0 && r < t.nrows; r++)
			for (const char *f = table_get(&t, r, cf); *f;) {
				size_t l = strcspn(f, ";");
				char *name = xstrndup(f, l);
				if (*name && !strchr(name, '/') && strcmp(name, "..") != 0) {
					char *path = path_join(chart_dir, name);
					unlink(path);
					free(path);
				}
				free(name);
				f += l + (f[l] == ';');
			}
		table_free(&t);
	}
	free(idx);
}

/* The title of a document, its first line that is not blank (trimmed,
 * cut to 40 characters), and the date of its masthead, read as extract
 * reads it (any encoding ingest takes); NULL when it cannot be read. */
static char *doc_title(const char *path, struct date *masthead)
{
	struct buf text = {0};
	struct diag d;
	char *out = NULL;

	masthead->y = 0;
	if (ingest_file(path, &text, NULL, &d) < 0 || !text.p) {
		buf_free(&text);
		return NULL;
	}
	period_find_date(text.p, text.len, masthead);
	for (const char *p = text.p; *p && !out;) {
		size_t l = strcspn(p, "\r\n");
		size_t a = 0, n = 0, chars = 0;
		while (a < l && (p[a] == ' ' || p[a] == '\t'))
			a++;
		while (a + n < l && chars < 40) {
			n += utf8_len((unsigned char)p[a + n]);
			chars++;
		}
		while (n > 0 && (p[a + n - 1] == ' ' || p[a + n - 1] == '\t'))
			n--;
		if (n)
			out = xstrndup(p + a, n);
		p += l;
		while (*p == '\r' || *p == '\n')
			p++;
	}
	buf_free(&text);
	return out;
}

/* A source's name for footnotes: 2025-04-29《一季度…》, the date from the
 * manifest, else from the document's masthead. */
static void add_doc(void *ctx, const struct manifest_row *r)
{
	struct ctx *c = ctx;
	struct buf b = {0};
	struct date m;
	char *title = r->why ? NULL : doc_title(r->path, &m);

	if (*r->date_s) {
		buf_adds(&b, r->date_s);
	} else if (title && m.y) {
		char ymd[11];
		date_format(m, ymd);
		buf_adds(&b, ymd);
	}
	if (title)
		buf_printf(&b, "《%s》", title);
	if (!b.len)
		buf_adds(&b, r->doc);
	VEC_GROW(c->doc_id, c->ndocs + 1, c->capdoc_id);
	VEC_GROW(c->doc_label, c->ndocs + 1, c->capdoc_label);
	c->doc_id[c->ndocs] = xstrdup(r->doc);
	c->doc_label[c->ndocs++] = b.p;
	free(title);
}

/* Every chart of the series of c->t, and the actual-vs-target ones. */
static void render_all(struct ctx *c, int min)
{
	struct ser *sers = NULL;
	size_t nsers = 0, capsers = 0;

	/* series are runs of rows with the same slug */
	for (size_t r = 0; r < c->t->nrows;) {
		size_t e = r + 1;
		while (e < c->t->nrows &&
		       strcmp(cell(c, e, C_SERIES), cell(c, r, C_SERIES)) == 0)
			e++;
		VEC_GROW(sers, nsers + 1, capsers);
		sers[nsers++] = (struct ser){r, e - r};
		r = e;
	}
	for (size_t i = 0; i < nsers; i++) {
		if (!wanted(c, sers[i].first))
			continue;
		if ((int)sers[i].n < min) {
			c->sum->skipped++;
			continue;
		}
		chart_series(c, &sers[i], min);
	}
	for (size_t i = 0; i < nsers; i++) {
		if (!wanted(c, sers[i].first) ||
		    strcmp(cell(c, sers[i].first, C_STATUS), "actual") != 0)
			continue;
		for (size_t k = 0; k < nsers; k++)
			if (strcmp(cell(c, sers[k].first, C_STATUS), "target") == 0 &&
			    same_key(c, sers[i].first, sers[k].first))
				chart_target(c, &sers[i], &sers[k]);
	}
	free(sers);
}

int plot_render(const char *series_dir, const char *chart_dir,
		const struct plot_opts *o, struct plot_summary *s,
		void (*report)(void *ctx, const char *file, const char *msg),
		void *rctx, struct diag *d)
{
	struct table t = {0};
	struct buf path = {0}, idx = {0}, idxtmp = {0};
	struct ctx c = {.t = &t, .o = o, .chart_dir = chart_dir,
			.scripts = o->scripts ? o->scripts : "plots",
			.report = report, .rctx = rctx, .sum = s};
	char *font = NULL;
	int rc = -1;

	memset(s, 0, sizeof *s);
	diag_clear(d);
	const char *gp = o->gnuplot ? o->gnuplot : "gnuplot";
	if (!on_path(gp)) {
		diag_set(d, "%s is not installed (Debian package gnuplot-nox)", gp);
		return -1;
	}
	buf_printf(&path, "%s/series.csv", series_dir);
	if (table_read(path.p, &t, d) < 0) {
		char msg[sizeof d->msg];
		snprintf(msg, sizeof msg, "%s", d->msg);
		diag_set(d, "%.200s: %.300s", path.p, msg);
		goto out;
	}
	for (int i = 0; i < NCOLS; i++)
		if ((c.col[i] = table_col(&t, colnames[i])) < 0) {
			diag_set(d, "%s: no column '%s' (is it a zhibiao series.csv?)",
				 path.p, colnames[i]);
			goto out;
		}
	if (mkdir(chart_dir, 0777) != 0 && errno != EEXIST) {
		diag_set(d, "%s: %s", chart_dir, strerror(errno));
		goto out;
	}
	if (o->manifest && manifest_read(o->manifest, stderr, add_doc, &c) < 0) {
		diag_set(d, "%s: cannot read the manifest", o->manifest);
		goto out;
	}
	font = find_font();
	if (!font && report)
		report(rctx, chart_dir, "no CJK font found through fontconfig (install fonts-noto-cjk): Chinese text will not render");
	c.font = font ? font : "Sans";
	remove_old_charts(chart_dir);
	buf_printf(&idx, "%s/index.csv", chart_dir);
	buf_printf(&idxtmp, "%s.tmp%ld", idx.p, (long)getpid());
	c.index = fopen(idxtmp.p, "w");
	if (!c.index) {
		diag_set(d, "%s: %s", idxtmp.p, strerror(errno));
		goto out;
	}
	const char *hdr[] = {"chart", "kind", "title", "files"};
	table_write_row(c.index, hdr, 4);
	render_all(&c, o->min_points > 0 ? o->min_points : 2);
	int bad = ferror(c.index);
	if (fclose(c.index) != 0 || bad || rename(idxtmp.p, idx.p) != 0) {
		diag_set(d, "%s: cannot write: %s", idx.p, strerror(errno));
		unlink(idxtmp.p);
		goto out;
	}
	rc = s->failed ? 1 : 0;
out:
	for (size_t i = 0; i < c.ndocs; i++) {
		free(c.doc_id[i]);
		free(c.doc_label[i]);
	}
	free(c.doc_id);
	free(c.doc_label);
	free(font);
	table_free(&t);
	buf_free(&path);
	buf_free(&idx);
	buf_free(&idxtmp);
	return rc;
}
