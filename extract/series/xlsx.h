/* xlsx: the workbook of a finished series set, written with
 * libxlsxwriter, for printing and reading:
 *   指标表  as in a statistical yearbook: indicators down (name, 口径,
 *          unit, region), periods across in Chinese (2024年, 2024年1-9月,
 *          2025年一季度) grouped by kind (年度, 年初至今累计, 单季(月),
 *          时点); derived values grey italics;
 *   观测值  every observation with its evidence (wrapped, rows as high as
 *          their text);
 *   冲突    the values dropped for a point next to the one kept.
 * Every sheet prints landscape on A4, fit to the page width, with its
 * header rows repeated and page numbers.  Numbers are numeric cells in
 * their display unit (series_display: 亿元, 万元, 元, 个 ...), a qualifier
 * part of the number format (≥5.5 is still the number 5.5).  With changes,
 * a fourth sheet 新增与修订: what changed since the last run (changes.h).
 * A new sheet is one function and one line in the table `sheets` of
 * xlsx.c. */
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
