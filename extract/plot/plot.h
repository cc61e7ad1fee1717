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

struct plot_opts {
	const char *scripts;      /* folder of the .gp scripts (default plots/) */
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

/* The Chinese label of a schema period code, for axes and pages:
 * 2024-Q1 → 2024年一季度, 2024-H1 → 2024年上半年, 2024-01/2024-09 →
 * 2024年1-9月, 2024-03 → 2024年3月, 2024-06-30 → 2024年6月30日, 2024 →
 * 2024年; anything else as it is.  Writes into out of size n. */
void plot_period_label(const char *p, char *out, size_t n);

#endif
