/* outputs: observations.csv, the series, the workbook and the charts,
 * rebuilt from the store. */
#define _GNU_SOURCE               /* renameat2 */
#include "nightly/outputs.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "base/xalloc.h"
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

/* Puts the chart folder fresh in the place of dir (which may not exist) in
 * one step, so that charts/ is always a whole set, then removes the old
 * set.  Returns 0 or -1 (reported; fresh is removed). */
static int swap_dirs(const char *fresh, const char *dir, FILE *err)
{
	if (renameat2(AT_FDCWD, fresh, AT_FDCWD, dir, RENAME_EXCHANGE) == 0) {
		fs_remove_tree(fresh);          /* now the old set */
		return 0;
	}
	if (errno == ENOENT && rename(fresh, dir) == 0)
		return 0;
	if (errno == EINVAL || errno == ENOSYS) {
		/* no exchange here: two renames, a moment without dir */
		size_t n = strlen(dir) + 16;
		char *old = xmalloc(n);
		snprintf(old, n, "%s.tmpXXXXXX", dir);
		if (mkdtemp(old) && rename(dir, old) == 0 && rename(fresh, dir) == 0) {
			fs_remove_tree(old);
			free(old);
			return 0;
		}
		free(old);
	}
	fprintf(err, "zhibiao: %s: error: cannot put the new charts in place: %s\n",
		dir, strerror(errno));
	fs_remove_tree(fresh);
	return -1;
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
	int ok = fputs(header.p, f) >= 0;
	for (size_t i = 0; ok && i < now->n; i++)
		ok = store_copy_body(b->store, now->v[i].key, header.p, f) == 0;
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
	char *obs, *series, *xlsx, *charts;
};

static void staged_drop(struct staged *st)
{
	if (st->obs)
		unlink(st->obs);
	if (st->xlsx)
		unlink(st->xlsx);
	if (st->series)
		fs_remove_tree(st->series);
	if (st->charts)
		fs_remove_tree(st->charts);
	free(st->obs);
	free(st->xlsx);
	free(st->series);
	free(st->charts);
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
	bad |= swap_dirs(st->series, sdir, b->err) < 0;
	free(st->series);
	st->series = NULL;
	bad |= atomic_rename(st->xlsx, xlsx, b->sink) < 0;
	free(st->xlsx);
	st->xlsx = NULL;
	if (st->charts) {
		bad |= swap_dirs(st->charts, cdir, b->err) < 0;
		free(st->charts);
		st->charts = NULL;
	}
	rc = bad ? -1 : 0;
out:
	free(mark);
	free(obs);
	free(sdir);
	free(xlsx);
	free(cdir);
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
	int rc = -1;

	progress_note(b->pg, "writing observations.csv, the series and the charts");
	if (!(st.obs = stage_observations(b, now, obs)) ||
	    !(st.series = stage_dir(b, "series")) ||
	    !(st.xlsx = atomic_tmpname(xlsx, b->sink)))
		goto out;
	struct series_opts so = {.out_dir = st.series, .xlsx = st.xlsx,
				 .manifest = b->c->manifest, .rules = rs,
				 .report = series_report, .ctx = (void *)b};
	struct series_summary ss;
	const char *paths[1] = {st.obs};
	memset(&ss, 0, sizeof ss);
	if (series_build(paths, 1, &so, &ss) < 0)
		goto out;
	sum->series = (long)ss.series;
	sum->conflicts = (long)ss.conflicts;
	if (draw_charts(b, st.series, rs, sum, &st.charts) < 0)
		goto out;
	rc = commit(b, &st);
out:
	staged_drop(&st);
	free(obs);
	free(xlsx);
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
	static const char *const files[] = {"observations.csv", "series/series.csv",
					    "indicators.xlsx", "charts/index.csv"};
	size_t n = sizeof files / sizeof *files;

	if (!c->charts_all && !c->ncharts)
		n--;              /* charts = none */
	for (size_t i = 0; i < n; i++) {
		char *p = path_join(out, files[i]);
		int ok = fs_is_file(p);
		free(p);
		if (!ok)
			return 0;
	}
	return 1;
}
