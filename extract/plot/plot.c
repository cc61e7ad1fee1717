/* plot: series.csv to gnuplot charts (PNG, SVG, PDF). */
#include "plot/plot.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/schema.h"
#include "base/table.h"
#include "base/xalloc.h"
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
		buf_adds(title, " 目标");
	/* counts: 家 for firms (新增国家高新技术企业), else 个 (开工重点项目数) */
	const char *name = cell(c, row, C_NAME);
	const char *count = strstr(name, "企业") || strstr(name, "公司") ||
			    strstr(name, "机构") || strstr(name, "主体") ? "家" : "个";
	buf_adds(ylab, strcmp(u, "CNY") == 0 ? "亿元" :
		 strcmp(u, "count") == 0 ? count : unit_label(u));
}

/* Value as drawn (亿元 for yuan) and its label. */
static double shown(const char *unit, const char *value, char *label, size_t n)
{
	double v = strtod(value, NULL);

	if (strcmp(unit, "CNY") == 0) {
		v /= 1e8;
		trim_number(v, 2, label, n);
	} else if (strcmp(unit, "percent") == 0) {
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

/* 来源: the distinct source documents of rows, shortened when long. */
static void footnote(const struct ctx *c, const size_t *rows, size_t nrows,
		     struct buf *out)
{
	char **docs = NULL;
	size_t nd = 0;

	for (size_t r = 0; r < nrows; r++) {
		const char *s = cell(c, rows[r], C_SOURCES);
		while (*s) {
			size_t l = strcspn(s, ";");
			int dup = 0;
			for (size_t i = 0; i < nd && !dup; i++)
				dup = strlen(docs[i]) == l && memcmp(docs[i], s, l) == 0;
			if (!dup && l) {
				docs = xrealloc(docs, (nd + 1) * sizeof *docs);
				docs[nd++] = xstrndup(s, l);
			}
			s += l + (s[l] == ';');
		}
	}
	buf_clear(out);
	buf_adds(out, "来源: ");
	size_t shown_docs = 0;
	for (size_t i = 0; i < nd; i++) {
		if (out->len + strlen(docs[i]) > 200)
			break;
		buf_printf(out, "%s%s", i ? ", " : "", docs[i]);
		shown_docs++;
	}
	if (shown_docs < nd)
		buf_printf(out, " 等%zu篇", nd);
	for (size_t i = 0; i < nd; i++)
		free(docs[i]);
	free(docs);
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

/* One series as a line, bars or ranks. */
static void chart_series(struct ctx *c, const struct ser *s)
{
	const char *measure = cell(c, s->first, C_MEASURE);
	const char *unit = cell(c, s->first, C_UNIT);
	const char *kind = strcmp(measure, "rank") == 0 ? "rank" :
			   strcmp(measure, "level") == 0 ? "bar" : "line";
	struct buf data = {0}, title = {0}, ylab = {0}, foot = {0};
	size_t *rows = xcalloc(s->n, sizeof *rows);

	buf_printf(&data, "%s/%s-%s.dat.tmp%ld", c->chart_dir,
		   cell(c, s->first, C_SERIES), kind, (long)getpid());
	FILE *f = fopen(data.p, "w");
	if (!f) {
		c->sum->failed++;
		if (c->report)
			c->report(c->rctx, data.p, strerror(errno));
		goto out;
	}
	size_t nderived = 0;
	for (size_t i = 0; i < s->n; i++) {
		size_t r = s->first + i;
		char label[64], per[64];
		rows[i] = r;
		nderived += strcmp(cell(c, r, C_ORIGIN), "derived") == 0;
		double v = shown(unit, cell(c, r, C_VALUE), label, sizeof label);
		qualify(cell(c, r, C_QUAL), label, sizeof label);
		code_label(cell(c, r, C_PERIOD), per, sizeof per);
		fprintf(f, "%zu\t%s\t%.10g\t%s\t%s\n", i + 1, per, v,
			cell(c, r, C_ORIGIN), label);
	}
	fclose(f);
	describe(c, s->first, 1, &title, &ylab);
	footnote(c, rows, s->n, &foot);
	draw(c, cell(c, s->first, C_SERIES), kind, data.p, title.p, ylab.p, foot.p,
	     s->n, nderived, NULL);
	unlink(data.p);
out:
	free(rows);
	buf_free(&data);
	buf_free(&title);
	buf_free(&ylab);
	buf_free(&foot);
}

static int same_key(const struct ctx *c, size_t a, size_t b)
{
	static const int key[] = {C_IND, C_MEASURE, C_UNIT, C_REGION, C_SCOPE};

	for (size_t i = 0; i < sizeof key / sizeof *key; i++)
		if (strcmp(cell(c, a, key[i]), cell(c, b, key[i])) != 0)
			return 0;
	return 1;
}

/* Actual and target of the same indicator side by side. */
static void chart_target(struct ctx *c, const struct ser *act, const struct ser *tgt)
{
	const char *unit = cell(c, act->first, C_UNIT);
	struct buf data = {0}, title = {0}, ylab = {0}, foot = {0}, slug = {0};
	size_t n = act->n + tgt->n, np = 0, i = 0, j = 0;
	size_t *rows = xcalloc(n, sizeof *rows);

	buf_printf(&data, "%s/%s-target.dat.tmp%ld", c->chart_dir,
		   cell(c, act->first, C_SERIES), (long)getpid());
	FILE *f = fopen(data.p, "w");
	if (!f) {
		c->sum->failed++;
		goto out;
	}
	/* merge the two time orders (end date, then start date); a derived
	 * actual value is drawn hollow, a derived target (none is made
	 * today) is left out */
	size_t nderived = 0;
	double lo = 0, hi = 0;
	while (i < act->n || j < tgt->n) {
		size_t ra = act->first + i, rt = tgt->first + j;
		if (j < tgt->n && strcmp(cell(c, rt, C_ORIGIN), "derived") == 0) {
			j++;
			continue;
		}
		int cmp = i >= act->n ? 1 : j >= tgt->n ? -1 :
			  strcmp(cell(c, ra, C_END), cell(c, rt, C_END));
		if (cmp == 0)
			cmp = strcmp(cell(c, rt, C_START), cell(c, ra, C_START));
		char per[64], la[64] = "-", lt[64] = "-";
		double va = 0, vt = 0;
		int ha = cmp <= 0 && i < act->n, ht = cmp >= 0 && j < tgt->n;
		if (ha && ht && strcmp(cell(c, ra, C_PERIOD), cell(c, rt, C_PERIOD)) != 0)
			ht = 0;
		if (ha) {
			va = shown(unit, cell(c, ra, C_VALUE), la, sizeof la), rows[np++] = ra;
			qualify(cell(c, ra, C_QUAL), la, sizeof la);
			lo = va < lo ? va : lo;
			hi = va > hi ? va : hi;
			nderived += strcmp(cell(c, ra, C_ORIGIN), "derived") == 0;
		}
		if (ht) {
			vt = shown(unit, cell(c, rt, C_VALUE), lt, sizeof lt), rows[np++] = rt;
			qualify(cell(c, rt, C_QUAL), lt, sizeof lt);
			lo = vt < lo ? vt : lo;
			hi = vt > hi ? vt : hi;
		}
		code_label(cell(c, ha ? ra : rt, C_PERIOD), per, sizeof per);
		char sa[32] = "-", st[32] = "-";
		if (ha)
			snprintf(sa, sizeof sa, "%.10g", va);
		if (ht)
			snprintf(st, sizeof st, "%.10g", vt);
		fprintf(f, "%zu\t%s\t%s\t%s\t%s\t%s\t%s\n", (size_t)(i + j + 1), per, sa,
			st, ha ? la : "", ht ? lt : "", ha ? cell(c, ra, C_ORIGIN) : "-");
		i += ha;
		j += ht;
	}
	fclose(f);
	/* renumber: one line per period */
	f = fopen(data.p, "r");
	struct buf all = {0};
	char line[512];
	size_t k = 0;
	while (f && fgets(line, sizeof line, f)) {
		const char *tab = strchr(line, '\t');
		buf_printf(&all, "%zu%s", ++k, tab ? tab : "\n");
	}
	if (f)
		fclose(f);
	f = fopen(data.p, "w");
	if (f) {
		fwrite(all.p ? all.p : "", 1, all.len, f);
		fclose(f);
	}
	buf_free(&all);
	describe(c, act->first, 0, &title, &ylab);
	buf_adds(&title, " 实际与目标");
	footnote(c, rows, np, &foot);
	buf_adds(&slug, cell(c, act->first, C_SERIES));
	char range[96];
	snprintf(range, sizeof range, "lo=%.10g; hi=%.10g", lo, hi);
	draw(c, slug.p, "target", data.p, title.p, ylab.p, foot.p, k, nderived, range);
	unlink(data.p);
out:
	free(rows);
	buf_free(&data);
	buf_free(&title);
	buf_free(&ylab);
	buf_free(&foot);
	buf_free(&slug);
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

int plot_render(const char *series_dir, const char *chart_dir,
		const struct plot_opts *o, struct plot_summary *s,
		void (*report)(void *ctx, const char *file, const char *msg),
		void *rctx, struct diag *d)
{
	struct table t = {0};
	struct buf path = {0}, idx = {0}, idxtmp = {0};
	struct ser *sers = NULL;
	size_t nsers = 0;
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
	struct ctx c = {.t = &t, .o = o, .chart_dir = chart_dir,
			.scripts = o->scripts ? o->scripts : "plots",
			.report = report, .rctx = rctx, .sum = s};
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
	font = find_font();
	if (!font && report)
		report(rctx, chart_dir, "no CJK font found through fontconfig (install fonts-noto-cjk): Chinese text will not render");
	c.font = font ? font : "Sans";
	buf_printf(&idx, "%s/index.csv", chart_dir);
	buf_printf(&idxtmp, "%s.tmp%ld", idx.p, (long)getpid());
	c.index = fopen(idxtmp.p, "w");
	if (!c.index) {
		diag_set(d, "%s: %s", idxtmp.p, strerror(errno));
		goto out;
	}
	const char *hdr[] = {"chart", "kind", "title", "files"};
	table_write_row(c.index, hdr, 4);

	/* series are runs of rows with the same slug */
	for (size_t r = 0; r < t.nrows;) {
		size_t e = r + 1;
		while (e < t.nrows && strcmp(cell(&c, e, C_SERIES), cell(&c, r, C_SERIES)) == 0)
			e++;
		sers = xrealloc(sers, (nsers + 1) * sizeof *sers);
		sers[nsers++] = (struct ser){r, e - r};
		r = e;
	}
	int min = o->min_points > 0 ? o->min_points : 2;
	for (size_t i = 0; i < nsers; i++) {
		if (!wanted(&c, sers[i].first))
			continue;
		if ((int)sers[i].n < min) {
			s->skipped++;
			continue;
		}
		chart_series(&c, &sers[i]);
	}
	/* actual against target, where both exist */
	for (size_t i = 0; i < nsers; i++) {
		if (!wanted(&c, sers[i].first) ||
		    strcmp(cell(&c, sers[i].first, C_STATUS), "actual") != 0)
			continue;
		for (size_t k = 0; k < nsers; k++)
			if (strcmp(cell(&c, sers[k].first, C_STATUS), "target") == 0 &&
			    same_key(&c, sers[i].first, sers[k].first))
				chart_target(&c, &sers[i], &sers[k]);
	}
	int bad = ferror(c.index);
	if (fclose(c.index) != 0 || bad || rename(idxtmp.p, idx.p) != 0) {
		diag_set(d, "%s: cannot write: %s", idx.p, strerror(errno));
		unlink(idxtmp.p);
		goto out;
	}
	rc = s->failed ? 1 : 0;
out:
	free(font);
	free(sers);
	table_free(&t);
	buf_free(&path);
	buf_free(&idx);
	buf_free(&idxtmp);
	return rc;
}
