/* writers: the files of a finished series set — series.csv, pivot.csv,
 * conflicts.csv, data/SLUG.dat for gnuplot and the workbook (xlsx.h) —
 * and series_build, which reads, merges and writes them all. */
#ifndef EXTRACT_SERIES_WRITERS_H
#define EXTRACT_SERIES_WRITERS_H

#include <stdio.h>

#include "series/series.h"

/* Writers.  Each writes the whole file to f and returns 0, or -1 on a
 * write error (errno set by stdio).  With excel, a CSV starts with a UTF-8
 * BOM and a text cell that begins with = + - @ (or tab, CR) gets a leading
 * ' so a spreadsheet does not run it as a formula; numbers stay numbers.
 *
 * series.csv: series,indicator,name,measure,unit,status,region,scope,
 * period,start,end,value,qualifier,origin,sources. */
int series_write_long(const struct series_set *s, FILE *f, int excel);
/* pivot.csv: period,start,end, then one column per series_pivot_col label;
 * values in display units. */
int series_write_pivot(const struct series_set *s, FILE *f, int excel);
/* conflicts.csv: series,indicator,name,measure,unit,status,region,scope,
 * period,value,qualifier,origin,sources (the kept point), other_value,
 * other_qualifier,other_origin,other_sources (the dropped value). */
int series_write_conflicts(const struct series_set *s, FILE *f, int excel);
/* data/<slug>.dat of series i: "# index period end value origin", then
 * one line a point: pivot row (1-based), period code, end date, value in
 * schema units, reported|derived. */
int series_write_dat(const struct series_set *s, size_t i, FILE *f);

/* Does everything: reads the manifest and every file of paths[0..n), merges,
 * and writes series.csv, pivot.csv, conflicts.csv, data/<slug>.dat (stale
 * .dat files removed) in o->out_dir (created when missing) and the
 * workbook, each to a temporary file renamed into place.  When no file
 * could be read at all nothing is written.  Fills *sum (may be NULL).
 * Returns 0, 1 when some input was bad (the rest merged and written), -1
 * on a write or system error (reported). */
int series_build(const char *const *paths, size_t n,
		 const struct series_opts *o, struct series_summary *sum);

/* The default workbook path for out_dir: indicators.xlsx in its parent
 * (output/series → output/indicators.xlsx).  The caller frees it. */
char *series_default_xlsx(const char *out_dir);

#endif
