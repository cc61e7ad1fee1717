/* outputs: observations.csv, the series, the workbook, the charts and the
 * report page, rebuilt from the store. */
#include "nightly/outputs.h"

#include <errno.h>
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

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

char *outputs_plots_dir(const struct run_config *c)
{
	if (c->plots)
		return xstrdup(c->plots);
	char *up = fs_dir_of(ZHIBIAO_RULES_DIR);
	char *p = path_join(up, "plots");
	free(up);
	return p;
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

/* Draws the charts of series_dir into a new folder that then replaces
 * charts/ whole.  Charts that fail are reported and counted in
 * sum->charts_failed (1 when none could be drawn; charts/ is then left as
 * it was).  Returns 0, or -1 on a system error (reported). */
static int render_charts(const struct run_build *b, const char *series_dir,
			 const struct rule_set *rs, struct run_summary *sum)
{
	const struct run_config *c = b->c;
	struct buf only = {0};
	struct plot_summary ps;
	struct diag d;
	int rc = 0;

	if (!c->charts_all && !c->ncharts)
		return 0;
	for (size_t i = 0; i < c->ncharts; i++)
		buf_printf(&only, "%s%s", i ? "," : "", c->charts[i]);
	char *dir = path_join(b->out, "charts");
	char *fresh = path_join(b->out, ".charts.tmpXXXXXX");
	char *plots = outputs_plots_dir(c);
	if (!mkdtemp(fresh)) {
		fprintf(b->err, "zhibiao: %s: error: cannot create: %s\n", fresh,
			strerror(errno));
		rc = -1;
		goto out;
	}
	chmod(fresh, 0755);
	struct plot_opts po = {.rules = rs, .scripts = plots, .only = only.p};
	memset(&ps, 0, sizeof ps);
	int pr = plot_render(series_dir, fresh, &po, &ps, plot_report, (void *)b, &d);
	if (pr < 0) {
		progress_clear(b->pg);
		fprintf(b->err, "zhibiao: %s: error: no chart drawn: %s\n", dir, d.msg);
		sum->charts_failed = ps.failed ? ps.failed : 1;
		fs_remove_tree(fresh);
		goto out;
	}
	sum->charts = ps.charts;
	sum->charts_failed = ps.failed;
	rc = fs_swap_dir(fresh, dir, b->sink);
out:
	buf_free(&only);
	free(dir);
	free(fresh);
	free(plots);
	return rc;
}

/* observations.csv: the header, then each document's store rows.
 * Returns 0 or -1 (reported). */
static int write_observations(const struct run_build *b,
			      const struct run_state *now, const char *obs)
{
	struct buf header = {0};
	struct atomic_file a;
	int rc = -1;

	FILE *hf = open_memstream(&header.p, &header.len);
	if (!hf || emit_header(hf) != 0)
		xalloc_die(0);
	fclose(hf);
	if (!atomic_open(&a, obs, b->sink))
		goto out;
	int ok = (!b->c->excel || table_write_bom(a.f) == 0) &&
		 fputs(header.p, a.f) >= 0;
	for (size_t i = 0; ok && i < now->n; i++)
		ok = store_copy_body(b->store, now->v[i].key, header.p,
				     b->c->excel, a.f) == 0;
	rc = atomic_close(&a, ok, 1, b->sink);
out:
	free(header.p);
	return rc;
}

int outputs_rebuild(const struct run_build *b, const struct run_state *now,
		    const struct rule_set *rs, struct run_summary *sum)
{
	char *obs = path_join(b->out, "observations.csv");
	char *sdir = path_join(b->out, "series");
	char *changes = path_join(b->out, "changes.csv");
	int rc = -1;

	progress_note(b->pg, "writing observations.csv, the series and the charts");
	if (write_observations(b, now, obs) < 0)
		goto out;
	struct series_opts so = {.out_dir = sdir, .manifest = b->c->manifest,
				 .rules = rs, .excel = b->c->excel,
				 .changes = changes, .report = series_report,
				 .ctx = (void *)b};
	struct series_summary ss;
	const char *paths[1] = {obs};
	memset(&ss, 0, sizeof ss);
	if (series_build(paths, 1, &so, &ss) < 0)
		goto out;
	sum->series = (long)ss.series;
	sum->conflicts = (long)ss.conflicts;
	sum->points_new = (long)ss.points_new;
	sum->points_revised = (long)ss.points_revised;
	sum->points_withdrawn = (long)ss.points_withdrawn;
	if (render_charts(b, sdir, rs, sum) < 0)
		goto out;
	if (b->c->report) {
		struct report_opts ro = {.when = b->when, .rules = rs};
		progress_note(b->pg, "writing the report page");
		if (report_build(b->out, &ro, b->sink) < 0)
			goto out;
	}
	rc = 0;
out:
	free(changes);
	free(obs);
	free(sdir);
	return rc;
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
