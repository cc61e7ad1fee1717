/* manifest: read an input manifest (SCHEMA.md, Manifest: doc,path,date,
 * region; paths relative to the manifest's folder, or absolute) and check
 * each row.  Manifests are read as spreadsheets save them: UTF-8 with or
 * without BOM, or GB18030/GBK; dates as 2025-05-09, 2025/5/9, 2025-5-9,
 * 2025.5.9 or 2025年5月9日. */
#ifndef EXTRACT_MANIFEST_H
#define EXTRACT_MANIFEST_H

#include <stdio.h>

#include "base/table.h"
#include "pipeline/period.h"

struct manifest_row {
	const char *doc;
	const char *path;         /* joined to the manifest's folder */
	const char *rel;          /* as written */
	const char *region;       /* "" when empty */
	const char *date_s;       /* YYYY-MM-DD, "" when empty */
	struct date date;         /* all zero when empty */
	long line;                /* of the manifest */
	/* NULL, or why the row is unusable (empty doc or path, a bad date, a
	 * path that does not exist, or a relative one that climbs out of the
	 * manifest's folder); already reported */
	const char *why;
};

/* Reads the manifest (or any CSV an analyst saved) at path into *t,
 * decoding it to UTF-8 as ingest does.  Returns 0, or -1 with d set (a
 * bad byte's offset, or the CSV line); free *t with table_free either
 * way. */
int manifest_table(const char *path, struct table *t, struct diag *d);

/* A manifest being read, one row at a time. */
struct manifest;

/* Opens the manifest at path and reads it through once: a manifest that
 * cannot be used at all (unreadable, not UTF-8 or GB18030, a CSV error, a
 * missing column) is refused, and its bad rows are reported to err
 * ("FILE:LINE: error: …; skipped"), before any row is handed on.  Memory
 * does not grow with the number of rows (but for the bad ones), except
 * for a manifest that is not UTF-8, whose decoded text is held.  Returns
 * the manifest, or NULL after reporting why it cannot be used. */
struct manifest *manifest_open(const char *path, FILE *err);

/* The next row, in order: returns 1 with *r set (bad rows with why set;
 * the strings live until the next call), 0 at the end, or -1 when the
 * file can no longer be read (it changed since it was opened; reported to
 * err). */
int manifest_next(struct manifest *m, struct manifest_row *r);

/* Closes m; NULL is fine. */
void manifest_close(struct manifest *m);

/* Reads the manifest at path and calls row() for every row, in order;
 * bad rows are reported to err ("FILE:LINE: error: …; skipped") and
 * handed over with why set.  The row's strings live for the call only.
 * Returns 0, or -1 when the manifest cannot be used at all (unreadable,
 * a missing column), reported to err (manifest_open, manifest_next). */
int manifest_read(const char *path, FILE *err,
		  void (*row)(void *ctx, const struct manifest_row *r), void *ctx);

#endif
