/* xlsx: the spreadsheet of a finished series set, written with
 * libxlsxwriter: a "pivot" sheet (periods down, one column per series),
 * an "observations" sheet (every input row with its evidence) and a
 * "conflicts" sheet, and with changes a "新增与修订" sheet (what changed
 * since the last run, changes.h).  Numbers are numeric cells: yuan in 亿元 (the unit in
 * the header, #,##0.00## format), percentages and points as written
 * (4.6 under a (%) header), counts and ranks as integers; a qualifier is
 * part of the number format (≥5.5 is still the number 5.5); derived points
 * are grey italics in their own columns.  Header rows are frozen and bold,
 * column widths follow the text (CJK counted double). */
#ifndef EXTRACT_XLSX_H
#define EXTRACT_XLSX_H

#include "base/diag.h"

struct series_set;
struct changes;

/* Writes the workbook of s (after series_finish) to path, replacing it;
 * ch (may be NULL: no such sheet) gives the 新增与修订 sheet.
 * Returns 0, or -1 with d->msg saying why (the file may be left
 * incomplete: write to a temporary name). */
int xlsx_write(const struct series_set *s, const struct changes *ch,
	       const char *path, struct diag *d);

#endif
