/* changes: what changed in the series since the last run, from the
 * series.csv that run wrote and the finished series set of this one.
 *
 * A point is one series (slug) at one period.  It is new when the old
 * series.csv does not hold it, revised when it does with another value
 * (values are canonical decimals; a change of qualifier, origin or
 * sources alone is the same figure), withdrawn when the old file holds it
 * and the new set does not, and stale when it is unchanged but every
 * document reporting it is one the caller marks stale (a document that
 * could not be read again and kept its previous rows).
 *
 * changes.csv, one changed point a row, by series then period:
 *   change,series,indicator,name,measure,unit,status,region,scope,period,
 *   value,qualifier,sources,old_value,old_qualifier,old_sources
 * change is new, revised, withdrawn or stale; value, qualifier and
 * sources are the point now (empty when withdrawn), old_* as the last run
 * had it (empty when new).
 *
 * Ownership: a struct changes owns the old table; the strings of its
 * change rows are borrowed from that table and from the series set, which
 * must outlive it. */
#ifndef EXTRACT_CHANGES_H
#define EXTRACT_CHANGES_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "base/table.h"

struct series_set;

enum change_kind {
	CHANGE_NEW,
	CHANGE_REVISED,
	CHANGE_WITHDRAWN,
	CHANGE_STALE,
	CHANGE_KINDS
};

struct change {
	enum change_kind kind;
	const char *series, *indicator, *name, *measure, *unit, *status;
	const char *region, *scope, *period;
	const char *start, *end;          /* YYYY-MM-DD, for ordering */
	const char *value, *qualifier, *sources;              /* now */
	const char *old_value, *old_qualifier, *old_sources;  /* before */
};

struct changes {
	struct change *v;
	size_t n, cap;
	size_t count[CHANGE_KINDS];
	int had_old;                      /* an old series.csv was read */
	struct table old;
};

/* The code of a kind in changes.csv (new, revised, withdrawn, stale) and
 * its Chinese label (新增, 修订, 撤回, 未更新). */
const char *change_kind_name(enum change_kind k);
const char *change_kind_label(enum change_kind k);

/* Fills *c with the changes from the series.csv at old_path (a missing
 * file: every point is new) to s (after series_finish).  stale[0..nstale)
 * are doc ids (may be NULL).  Returns 0, or -1 when old_path exists but
 * is not a series.csv (d says why, d->line where; *c then holds every
 * point as new, as for a missing file). */
int changes_compute(struct changes *c, const char *old_path,
		    const struct series_set *s, const char *const *stale,
		    size_t nstale, struct diag *d);

/* Writes changes.csv (above) to f; with excel, for a spreadsheet
 * (table_write_row_excel, a BOM first).  Returns 0, or -1 on a write
 * error. */
int changes_write(const struct changes *c, FILE *f, int excel);

/* Frees what *c holds and zeroes it; NULL and a zeroed struct are fine. */
void changes_free(struct changes *c);

#endif
