/* run: the nightly job — a small config file, an incremental extraction of
 * a folder or manifest into a per-document store, and every output rebuilt
 * from that store: observations.csv, the series, the workbook, the charts.
 *
 * Config file (zhibiao run --config FILE): "key = value" lines; '#' starts
 * a comment at the start of a line or after a blank; blank lines are
 * ignored.  Relative paths are relative to the folder of the config file,
 * so cron can run it from anywhere.
 *
 *   input = articles/        folder searched recursively for *.txt (doc id:
 *                            the path relative to it)   } exactly one of
 *   manifest = manifest.csv  doc,path,date,region CSV   } the two
 *   output = out/            required; created when missing
 *   rules = ../rules         default: $ZHIBIAO_RULES, else the built-in
 *   charts = all             all | none | indicator ids (blanks or commas)
 *   plots = ../plots         the gnuplot scripts (default: the plots/ next
 *                            to the built-in rules/)
 *   region = 运河区            for documents without one
 *   jobs = 4                 worker threads, 1-256 or auto (default 1)
 *   excel = yes              observations.csv and the series CSVs for a
 *                            spreadsheet (a BOM, formula cells
 *                            neutralized; default no)
 *   report = no              no report page (default yes)
 *
 * The output folder:
 *   observations.csv          every document's rows, in input order
 *   series/, indicators.xlsx  series_build (series.h) over observations.csv
 *   charts/                   the charts (plot.h), when charts is not none:
 *                             drawn into a new folder that replaces it whole
 *   changes.csv               what the rebuild changed (series/changes.h)
 *   report/                   the report page (nightly/report.h), unless
 *                             report = no; replaced whole like charts/
 *   store/KEY.csv             one document's rows (an observations.csv)
 *   state.csv                 what is done: see run_state below
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
 * Bad configs are reported through a callback with file and line; a run
 * reports to opts->err, GNU style.
 *
 * Ownership: structs filled here own their strings; the *_free functions
 * release them (NULL and zeroed structs are fine). */
#ifndef EXTRACT_RUN_H
#define EXTRACT_RUN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"

/* Called for each config error; file is the config file, d->line the line
 * at fault (the last line for a missing key). */
typedef void (*run_error_fn)(void *ctx, const char *file,
			     const struct diag *d);

struct run_config {
	char *file;               /* the config file, for messages */
	/* paths as resolved against the config's folder; NULL when unset */
	char *input, *manifest, *rules, *output;
	char *region;             /* NULL when unset */
	char *plots;              /* gnuplot scripts; NULL: the built-in */
	int jobs;                 /* 1 when unset */
	int excel;                /* excel = yes */
	int report;               /* report = yes (the default) */
	int charts_all;           /* charts = all (the default) */
	char **charts;            /* charts = ids: ncharts ids; none: 0, !all */
	size_t ncharts;
	/* the line each key was set on (0 when unset), for messages that
	 * come later, such as an input folder that does not exist */
	long input_line, manifest_line, rules_line, output_line, charts_line;
	long region_line, jobs_line, plots_line;
};

/* Parses config text p[0..n) named file (for messages), resolving relative
 * paths against dir ("" or NULL: as written).  Reports every error through
 * err and returns -1 when there was any, else 0 with *c filled (free with
 * run_config_free either way). */
int run_config_parse(const char *p, size_t n, const char *file,
		     const char *dir, struct run_config *c, run_error_fn err,
		     void *ctx);

/* Reads and parses the config file at path (relative paths in it are
 * relative to its folder).  Returns 0 or -1 (reported; a file that cannot
 * be read is reported with line 0). */
int run_config_load(const char *path, struct run_config *c, run_error_fn err,
		    void *ctx);

void run_config_free(struct run_config *c);

/* ---- the state file (output/state.csv) ----
 *
 *   # zhibiao run state 1: settings=HEX rows=N series=N conflicts=N charts=N
 *   path,doc,size,mtime,hash,store,rows
 *   yh01.txt,yh01.txt,5123,1732250000.123456789,8f3c…,1be0…,25
 *
 * One row per document done, in input order: path as the input names it
 * (relative to the input folder, or the manifest's path column), doc id,
 * size in bytes, mtime (seconds.nanoseconds; 0 when the file changed too
 * close to its reading to be trusted: it is hashed again next time), the
 * FNV-1a 64 hash of its bytes and its store key (16 hex digits each), and
 * its number of rows.  The first line holds the fingerprint of what the
 * derived outputs depend on beyond the rows (charts), and their counts
 * as of the last rebuild.  A document that failed is not listed: it is
 * tried again next run. */

struct run_entry {
	char *path, *doc;
	long long size;
	long long mtime_sec;
	long mtime_nsec;
	uint64_t hash;            /* FNV-1a 64 of the file's bytes */
	uint64_t key;             /* store/KEY.csv */
	long rows;
};

struct run_state {
	struct run_entry *v;
	size_t n, cap;
	uint64_t settings;
	long rows, series, conflicts, charts;
	struct run_entry **by_doc;  /* sorted index for run_state_find */
	size_t nindex;
};

/* Reads a state file.  Returns 0 (a missing file gives an empty state), or
 * -1 with d set (d->line the line at fault) when it is not a state file;
 * *s is then empty. */
int run_state_read(const char *path, struct run_state *s, struct diag *d);

/* Same, from a stream. */
int run_state_read_stream(FILE *f, struct run_state *s, struct diag *d);

/* Writes s in the format above.  Returns 0, or -1 on a write error. */
int run_state_write(const struct run_state *s, FILE *f);

/* Appends a copy of e (its strings are copied). */
void run_state_add(struct run_state *s, const struct run_entry *e);

/* The entry of doc, or NULL (sorted index, built on first use; it is
 * rebuilt when entries were added since). */
const struct run_entry *run_state_find(struct run_state *s, const char *doc);

void run_state_free(struct run_state *s);

/* FNV-1a 64: start with RUN_HASH_INIT, feed bytes, chain calls. */
#define RUN_HASH_INIT UINT64_C(0xcbf29ce484222325)
uint64_t run_hash(uint64_t h, const void *p, size_t n);

/* ---- the run ---- */

struct run_opts {
	int full;                 /* ignore the state: extract everything */
	int wait;                 /* wait for the lock (else fail at once) */
	int progress;             /* draw "done/total" on err (a terminal) */
	const char *version;      /* the program: a new one re-extracts all */
	FILE *err;                /* messages */
};

struct run_summary {
	long seen;                /* documents the input lists */
	long added, changed, removed, failed;
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
 * next run), -1 on a configuration, rule, lock or system error (reported;
 * the previous outputs are left as they were).  Charts that could not be
 * drawn are reported and counted in sum->charts_failed, and drawn again
 * next run; the return value does not count them. */
int run_job(const struct run_config *c, const struct run_opts *o,
	    struct run_summary *sum);

/* Writes the summary line (no newline): "documents=12 new=1 changed=0
 * removed=0 failed=1 extracted=1 rows=281 series=96 conflicts=3
 * points_new=4 points_revised=1 points_withdrawn=0 charts=40
 * elapsed=0.21s". */
void run_summary_format(const struct run_summary *s, char *buf, size_t n);

#endif
