/* run: the nightly job — a small config file, an incremental extraction of
 * a folder or manifest into a per-document store, and every output rebuilt
 * from that store: observations.csv, the series, the workbook, the charts.
 *
 * The config file is config.h's, the state file state.h's, the store
 * store.h's.
 *
 * The output folder:
 *   observations.csv          every document's rows, in input order
 *   series/, indicators.xlsx  series_build (series/writers.h) over observations.csv
 *   charts/                   the charts (plot.h), when charts is not none:
 *                             drawn into a new folder that replaces it whole
 *   changes.csv               what the last rebuild changed in the series
 *                             (series/changes.h)
 *   report/                   the report page (nightly/report.h), unless
 *                             report = no; replaced whole like charts/
 *   store/KEY.csv             one document's rows (an observations.csv)
 *   state.csv                 what is done (state.h)
 *   .lock                     flock()ed for the whole run
 *
 * Incremental: a document whose size and mtime are those recorded is not
 * read; one whose content hash, doc id, region, date, rules and program
 * version give the recorded store key is not extracted again.  When no
 * document and no setting changed and the outputs are there, they are not
 * written again (their bytes stay, the state records the run).  Every file
 * is written to NAME.tmpXXXXXX and renamed into place, and state.csv is
 * written last, so a run killed at any point leaves the previous outputs
 * whole and the next run redoes what was lost (stale temporary files are
 * removed under the lock).
 *
 * Errors: nothing here exits (but on out of memory, as xalloc.h does).
 * A run reports to opts->err, GNU style. */
#ifndef EXTRACT_NIGHTLY_RUN_H
#define EXTRACT_NIGHTLY_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "nightly/config.h"
#include "nightly/state.h"

/* ---- the run ---- */

struct run_opts {
	int full;                 /* ignore the state: extract everything */
	int wait;                 /* wait for the lock (else fail at once) */
	int progress;             /* draw "done/total" on err (a terminal) */
	const char *version;      /* the program: a new one re-extracts all */
	FILE *err;                /* messages */
	int stamp;                /* each message line starts with its time
				   * (log.h); the progress line does not */
};

struct run_summary {
	long seen;                /* documents the input lists */
	long added, changed, removed, failed;
	long stale;               /* failed documents whose last rows are kept */
	long skipped;             /* files of an input folder not *.txt */
	long extracted;           /* documents run through the pipeline */
	long rows, series, conflicts, charts;
	/* points the rebuild made new, revised, withdrawn (0 when nothing was
	 * rebuilt) */
	long points_new, points_revised, points_withdrawn;
	long charts_failed;       /* charts not drawn (1 when none could be) */
	int rebuilt;              /* the outputs were written again */
	double elapsed;           /* seconds */
};

/* Runs the job of c: takes the lock, extracts what is new or changed,
 * rebuilds the outputs when anything changed and records the state.
 * Fills *sum.  Returns 0, 1 when some documents failed (reported; the
 * others are done and the outputs written; the failed ones are retried
 * next run, and one that read well before keeps those rows, stale), -1 on a configuration, rule, lock or system error (reported;
 * the previous outputs are left as they were).  Charts that could not be
 * drawn are reported and counted in sum->charts_failed, and drawn again
 * next run; the return value does not count them. */
int run_job(const struct run_config *c, const struct run_opts *o,
	    struct run_summary *sum);

/* Writes the summary line (no newline): "documents=12 new=1 changed=0
 * removed=0 failed=1 skipped=0 extracted=1 rows=281 series=96 conflicts=3
 * points_new=4 points_revised=1 points_withdrawn=0 charts=40
 * elapsed=0.21s". */
void run_summary_format(const struct run_summary *s, char *buf, size_t n);

#endif
