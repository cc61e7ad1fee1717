/* report: the nightly report page, OUT/report/index.html, built from what
 * a run wrote in the output folder OUT: series/series.csv (required),
 * observations.csv (the evidence), series/conflicts.csv, changes.csv and
 * charts/index.csv with the charts' SVG files (each optional).
 *
 * The page is static and self-contained: one HTML file with its style
 * inline, no scripts, no fonts or anything else from elsewhere, the chart
 * SVGs copied beside it (report/charts/), so it opens from the file
 * system.  Its sections, in Chinese: the latest value of every series
 * with its period, the same period a year earlier and the evidence
 * sentence and source (document, line) of the figure; what is new,
 * revised or withdrawn since the last run; conflicts; the charts.  Every
 * text from the files is HTML-escaped.
 *
 * The folder is built under a temporary name and put in place of
 * OUT/report whole (fs_swap_dir), so a reader sees the old page or the
 * new one: by report_build, or by the nightly job with its other outputs
 * (outputs.c). */
#ifndef EXTRACT_REPORT_H
#define EXTRACT_REPORT_H

#include "base/diag.h"

struct rule_set;

struct report_opts {
	/* the run's local time as shown under the title, "YYYY-MM-DD HH:MM";
	 * NULL: now */
	const char *when;
	const struct rule_set *rules;  /* scope labels; may be NULL */
};

/* Where the page's files are (all borrowed; each but series_dir may be
 * NULL, and a file that is not there is left out of the page). */
struct report_inputs {
	const char *series_dir;       /* series.csv (required), conflicts.csv */
	const char *observations;     /* observations.csv: the evidence */
	const char *changes;          /* changes.csv */
	const char *charts_dir;       /* index.csv and the charts' SVGs */
};

/* Writes index.html and charts/ (the SVGs) into the empty folder dir.
 * Returns 0, or -1 (reported to sink: a required file that cannot be
 * read, a write error; dir may then hold part of the page). */
int report_write(const char *dir, const struct report_inputs *in,
		 const struct report_opts *o, const struct diag_sink *sink);

/* Builds OUT/report from the output folder out_dir (series/, observations.csv,
 * changes.csv, charts/): report_write into OUT/.report.tmpXXXXXX, then put
 * in place of OUT/report whole.  Returns 0, or -1 (reported); OUT/report is
 * then left as it was. */
int report_build(const char *out_dir, const struct report_opts *o,
		 const struct diag_sink *sink);

#endif
