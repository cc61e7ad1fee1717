/* manifest: read an input manifest (SCHEMA.md, Manifest: doc,path,date,
 * region; paths relative to the manifest's folder) and check each row. */
#ifndef EXTRACT_MANIFEST_H
#define EXTRACT_MANIFEST_H

#include <stdio.h>

#include "pipeline/period.h"

struct manifest_row {
	const char *doc;
	const char *path;         /* joined to the manifest's folder */
	const char *rel;          /* as written */
	const char *region;       /* "" when empty */
	const char *date_s;       /* as written, "" when empty */
	struct date date;         /* all zero when empty */
	long line;                /* of the manifest */
	/* NULL, or why the row is unusable (empty doc or path, a bad date, a
	 * path that does not exist or escapes the folder); already reported */
	const char *why;
};

/* Reads the manifest at path and calls row() for every row, in order;
 * bad rows are reported to err ("FILE:LINE: error: …; skipped") and
 * handed over with why set.  The row's strings live for the call only.
 * Returns 0, or -1 when the manifest cannot be used at all (unreadable,
 * a missing column), reported to err. */
int manifest_read(const char *path, FILE *err,
		  void (*row)(void *ctx, const struct manifest_row *r), void *ctx);

#endif
