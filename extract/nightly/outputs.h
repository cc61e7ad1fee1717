/* outputs: what a run rebuilds from its store: observations.csv (the
 * store's rows in input order), the series, changes.csv and workbook
 * (series.h), the charts (plot.h) and the report page (report.h).  All
 * are made under temporary names (a file beside each, a new folder for
 * series/, charts/ and report/) and put in place only when all are
 * complete, so a run that fails on the way (a full disk) leaves every
 * previous output as it was.  While they are put in place (a few renames)
 * the marker OUTPUT/.rebuilding exists; a run that finds it rebuilds, as
 * its outputs may not all be of one run. */
#ifndef EXTRACT_NIGHTLY_OUTPUTS_H
#define EXTRACT_NIGHTLY_OUTPUTS_H

#include <stdio.h>

#include "nightly/config.h"
#include "nightly/progress.h"
#include "nightly/run.h"
#include "nightly/state.h"
#include "nightly/store.h"
#include "pipeline/rules.h"

/* What a rebuild works with (all borrowed). */
struct run_build {
	const struct run_config *c;
	const char *out;          /* the output folder */
	struct run_store *store;
	struct run_progress *pg;
	const struct diag_sink *sink;
	FILE *err;
	const char *when;         /* the run's start, "YYYY-MM-DD HH:MM" */
};

/* Rebuilds the outputs of the documents of now (in its order) and sets
 * sum's series, conflicts, points_*, charts and charts_failed.  Charts
 * that cannot be drawn are reported and counted, not failed (charts/ then
 * stays as it was).  Returns 0, or -1 (reported; the previous outputs stay
 * as they were, but for a failure among the final renames). */
int outputs_rebuild(const struct run_build *b, const struct run_state *now,
		    const struct rule_set *rs, struct run_summary *sum);

/* 1 when out/.rebuilding is there: a run died putting its outputs in
 * place. */
int outputs_dirty(const char *out);

/* Removes the marker, once the state that goes with the outputs is
 * written. */
void outputs_clean(const char *out);

/* 1 when the outputs the config asks for are all in out. */
int outputs_present(const char *out, const struct run_config *c);

/* The gnuplot scripts: the config's (the caller sets the installed ones
 * when the config has none), else "plots" (xmalloc'd). */
char *outputs_plots_dir(const struct run_config *c);

#endif
