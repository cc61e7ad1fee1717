/* outputs: observations.csv, the series, changes.csv, the workbook, the
 * charts and the report page, rebuilt from the store. */
#include "nightly/outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "nightly/report.h"
#include "pipeline/emit.h"
#include "plot/plot.h"
#include "series/writers.h"

char *outputs_plots_dir(const struct run_config *c)
{
	/* the caller (cli) sets the default when charts are drawn */
	return xstrdup(c->plots ? c->plots : "plots");
}

static void series_report(void *ctx, const char *file, const struct diag *d,
			  const char *severity)
{
	const struct run_build *b = ctx;

	/* conflicts and rows without a period are counted, not shown: the
	 * run is quiet on success and conflicts.csv lists them */
	if (strcmp(severity, "error") == 0)
		diag_print(b->err, file, d, severity);
}

static void plot_report(void *ctx, const char *file, const char *msg)
{
	const struct run_build *b = ctx;

	progress_clear(b->pg);
	fprintf(b->err, "zhibiao: %s: %s\n", file, msg);
}

/* Draws the charts of series_dir into a new folder, *fresh (NULL when
 * charts = none).  Charts that fail are reported and counted in
 * sum->charts_failed (1 when none could be drawn: *fresh is then NULL and
 * charts/ stays as it was).  Returns 0, or -1 on a system error
 * (reported). */
static int draw_charts(const struct run_build *b, const char *series_dir,
		       const struct rule_set *rs, struct run_summary *sum,
		       char **fresh)
{
	const struct run_config *c = b->c;
	struct buf only = {0};
	struct plot_summary ps;
	struct diag d;
	int rc = 0;

	*fresh = NULL;
	if (!c->charts_all && !c->ncharts)
		return 0;
	for (size_t i = 0; i < c->ncharts; i++)
		buf_printf(&only, "%s%s", i ? "," : "", c->charts[i]);
	char *dir = path_join(b->out, "charts");
	char *tmp = path_join(b->out, ".charts.tmpXXXXXX");
	char *plots = outputs_plots_dir(c);
	if (!mkdtemp(tmp)) {
		fprintf(b->err, "zhibiao: %s: error: cannot create: %s\n", tmp,
			strerror(errno));
		rc = -1;
		goto out;
	}
	chmod(tmp, 0755);
	struct plot_opts po = {.rules = rs, .manifest = b->c->manifest,
			       .scripts = plots, .only = only.p};
	memset(&ps, 0, sizeof ps);
	int pr = plot_render(series_dir, tmp, &po, &ps, plot_report, (void *)b, &d);
	if (pr < 0) {
		progress_clear(b->pg);
		fprintf(b->err, "zhibiao: %s: error: no chart drawn: %s\n", dir, d.msg);
		sum->charts_failed = ps.failed ? ps.failed : 1;
		fs_remove_tree(tmp);
		goto out;
	}
	sum->charts = ps.charts;
	sum->charts_failed = ps.failed;
	*fresh = tmp;
	tmp = NULL;
out:
	buf_free(&only);
	free(dir);
	free(tmp);
	free(plots);
	return rc;
}

/* Writes observations.csv (the header, then each document's store rows)
 * to a temporary beside it, flushed to the disk, and returns its name;
 * NULL on an error (reported, the temporary removed). */
static char *stage_observations(const struct run_build *b,
				const struct run_state *now, const char *obs)
{
	struct buf header = {0};
	char *tmp = atomic_tmpname(obs, b->sink);
	FILE *f = tmp ? fopen(tmp, "w") : NULL;

	if (!f) {
		if (tmp)
			diag_report(b->sink, tmp, "error", "cannot write: %s",
				    strerror(errno));
		goto fail;
	}
	FILE *hf = open_memstream(&header.p, &header.len);
	if (!hf || emit_header(hf) != 0)
		xalloc_die(0);
	fclose(hf);
	int ok = (!b->c->excel || table_write_bom(f) == 0) &&
		 fputs(header.p, f) >= 0;
	for (size_t i = 0; ok && i < now->n; i++)
		ok = store_copy_body(b->store, now->v[i].key, header.p,
				     b->c->excel, f) == 0;
	if (ok && (fflush(f) != 0 || ferror(f) || fsync(fileno(f)) != 0)) {
		diag_report(b->sink, obs, "error", "cannot write: %s", strerror(errno));
		ok = 0;
	}
	if (fclose(f) != 0 && ok) {
		diag_report(b->sink, obs, "error", "cannot write: %s", strerror(errno));
		ok = 0;
	}
	free(header.p);
	if (ok)
		return tmp;
fail:
	if (tmp)
		unlink(tmp);
	free(tmp);
	return NULL;
}

/* The new outputs, complete under temporary names until they all are. */
struct staged {
	char *obs, *series, *xlsx, *changes, *charts, *report;
};

static void staged_drop(struct staged *st)
{
	if (st->obs)
		unlink(st->obs);
	if (st->xlsx)
		unlink(st->xlsx);
	if (st->changes)
		unlink(st->changes);
	if (st->series)
		fs_remove_tree(st->series);
	if (st->charts)
		fs_remove_tree(st->charts);
	if (st->report)
		fs_remove_tree(st->report);
	free(st->obs);
	free(st->xlsx);
	free(st->changes);
	free(st->series);
	free(st->charts);
	free(st->report);
	memset(st, 0, sizeof *st);
}

#define DIRTY ".rebuilding"

/* Puts the staged outputs in place: a few renames, under the marker that
 * makes the next run rebuild should this one die among them.  Returns 0
 * or -1 (reported). */
static int commit(const struct run_build *b, struct staged *st)
{
	char *mark = path_join(b->out, DIRTY);
	char *obs = path_join(b->out, "observations.csv");
	char *sdir = path_join(b->out, "series");
	char *xlsx = path_join(b->out, "indicators.xlsx");
	char *cdir = path_join(b->out, "charts");
	char *changes = path_join(b->out, "changes.csv");
	char *rdir = path_join(b->out, "report");
	int rc = -1, fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);

	if (fd < 0 || fsync(fd) != 0) {
		diag_report(b->sink, mark, "error", "cannot create: %s", strerror(errno));
		if (fd >= 0)
			close(fd);
		goto out;
	}
	close(fd);
	int bad = atomic_rename(st->obs, obs, b->sink) < 0;
	free(st->obs);
	st->obs = NULL;
	bad |= fs_swap_dir(st->series, sdir, b->sink) < 0;
	free(st->series);
	st->series = NULL;
	bad |= atomic_rename(st->xlsx, xlsx, b->sink) < 0;
	free(st->xlsx);
	st->xlsx = NULL;
	bad |= atomic_rename(st->changes, changes, b->sink) < 0;
	free(st->changes);
	st->changes = NULL;
	if (st->charts) {
		bad |= fs_swap_dir(st->charts, cdir, b->sink) < 0;
		free(st->charts);
		st->charts = NULL;
	}
	if (st->report) {
		bad |= fs_swap_dir(st->report, rdir, b->sink) < 0;
		free(st->report);
		st->report = NULL;
	}
	rc = bad ? -1 : 0;
out:
	free(mark);
	free(obs);
	free(sdir);
	free(xlsx);
	free(cdir);
	free(changes);
	free(rdir);
	return rc;
}

/* Makes a fresh temporary folder beside out/name, or NULL (reported). */
static char *stage_dir(const struct run_build *b, const char *name)
{
	struct buf p = {0};

	buf_printf(&p, "%s/.%s.tmpXXXXXX", b->out, name);
	if (!mkdtemp(p.p)) {
		diag_report(b->sink, p.p, "error", "cannot create: %s", strerror(errno));
		buf_free(&p);
		return NULL;
	}
	chmod(p.p, 0755);
	return p.p;
}

int outputs_rebuild(const struct run_build *b, const struct run_state *now,
		    const struct rule_set *rs, struct run_summary *sum)
{
	struct staged st = {0};
	char *obs = path_join(b->out, "observations.csv");
	char *xlsx = path_join(b->out, "indicators.xlsx");
	char *changes = path_join(b->out, "changes.csv");
	char *old = path_join(b->out, "series/series.csv");
	char *cdir = path_join(b->out, "charts");
	const char **stale = xcalloc(now->n + 1, sizeof *stale);
	size_t nstale = 0;
	int rc = -1;

	/* the points of documents kept from a run before are listed stale */
	for (size_t i = 0; i < now->n; i++)
		if (now->v[i].stale)
			stale[nstale++] = now->v[i].doc;
	progress_note(b->pg, "writing observations.csv, the series and the charts");
	if (!(st.obs = stage_observations(b, now, obs)) ||
	    !(st.series = stage_dir(b, "series")) ||
	    !(st.xlsx = atomic_tmpname(xlsx, b->sink)) ||
	    !(st.changes = atomic_tmpname(changes, b->sink)))
		goto out;
	struct series_opts so = {.out_dir = st.series, .xlsx = st.xlsx,
				 .manifest = b->c->manifest, .rules = rs,
				 .excel = b->c->excel, .changes = st.changes,
				 .previous = old, .stale = stale, .nstale = nstale,
				 .report = series_report, .ctx = (void *)b};
	struct series_summary ss;
	const char *paths[1] = {st.obs};
	memset(&ss, 0, sizeof ss);
	if (series_build(paths, 1, &so, &ss) < 0)
		goto out;
	sum->series = (long)ss.series;
	sum->conflicts = (long)ss.conflicts;
	sum->points_new = (long)ss.points_new;
	sum->points_revised = (long)ss.points_revised;
	sum->points_withdrawn = (long)ss.points_withdrawn;
	if (draw_charts(b, st.series, rs, sum, &st.charts) < 0)
		goto out;
	if (b->c->report) {
		/* the page of the new outputs, charts/ as it will be */
		struct report_inputs ri = {.series_dir = st.series,
					   .observations = st.obs,
					   .changes = st.changes,
					   .charts_dir = st.charts ? st.charts : cdir};
		struct report_opts ro = {.when = b->when, .rules = rs};
		progress_note(b->pg, "writing the report page");
		if (!(st.report = stage_dir(b, "report")) ||
		    report_write(st.report, &ri, &ro, b->sink) < 0)
			goto out;
	}
	rc = commit(b, &st);
out:
	staged_drop(&st);
	free(stale);
	free(obs);
	free(xlsx);
	free(changes);
	free(old);
	free(cdir);
	return rc;
}

int outputs_dirty(const char *out)
{
	char *p = path_join(out, DIRTY);
	int dirty = access(p, F_OK) == 0;

	free(p);
	return dirty;
}

void outputs_clean(const char *out)
{
	char *p = path_join(out, DIRTY);

	unlink(p);
	free(p);
}

int outputs_present(const char *out, const struct run_config *c)
{
	const char *files[6] = {"observations.csv", "series/series.csv",
				"indicators.xlsx", "changes.csv"};
	size_t n = 4;

	if (c->charts_all || c->ncharts)
		files[n++] = "charts/index.csv";
	if (c->report)
		files[n++] = "report/index.html";
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(out, files[i]);
		int ok = fs_is_file(p);
		free(p);
		if (!ok)
			return 0;
	}
	return 1;
}
