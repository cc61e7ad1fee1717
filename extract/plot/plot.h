/* plot: charts for briefing slides from a series folder, drawn by gnuplot
 * (an external program) with the scripts in plots/.
 *
 * For every series of SERIES_DIR/series.csv with enough points: rates
 * (growth, share, rate, change) as a line with point labels, levels as bars
 * in 亿元 (or counts), ranks on an inverted axis (1 at the top, the scope
 * in the title); and for an indicator with both actual and target series,
 * actual against target side by side.  Each chart is written as PNG
 * 1920x1080, SVG and PDF, named SLUG-KIND.png|svg|pdf, with a Chinese
 * title, the unit on the axis and the source documents in a footnote; an
 * index.csv lists them.  Every file is written under a temporary name and
 * renamed into place. */
#ifndef EXTRACT_PLOT_H
#define EXTRACT_PLOT_H

#include "base/diag.h"

struct rule_set;

struct plot_opts {
	const struct rule_set *rules; /* scope labels, display units; may be NULL */
	const char *scripts;      /* folder of the .gp scripts (default plots/) */
	const char *manifest;     /* doc,path,date,region: footnotes name the
	                           * sources by date and first line; may be NULL */
	const char *only;         /* comma-separated indicator ids, or NULL: all */
	const char *region;       /* only this region, or NULL */
	int min_points;           /* series with fewer points get no chart (2) */
	const char *gnuplot;      /* the program (default "gnuplot") */
};

struct plot_summary {
	long charts, failed, skipped;
};

/* Renders the charts of series_dir into chart_dir (created when missing).
 * Problems with one chart are reported through report (file is the chart)
 * and counted; the others are still made.  Returns 0 when all went well, 1
 * when some chart failed, -1 when nothing could be done (series.csv
 * unreadable, gnuplot missing, chart_dir not writable) with *d set. */
int plot_render(const char *series_dir, const char *chart_dir,
		const struct plot_opts *o, struct plot_summary *s,
		void (*report)(void *ctx, const char *file, const char *msg),
		void *ctx, struct diag *d);

#endif
