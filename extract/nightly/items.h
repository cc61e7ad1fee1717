/* items: the documents a run's input lists (gathered by inputs.h: the
 * *.txt of a folder or the rows of a manifest), each with what the job
 * learns about it. */
#ifndef EXTRACT_NIGHTLY_ITEMS_H
#define EXTRACT_NIGHTLY_ITEMS_H

#include <stddef.h>
#include <stdio.h>

#include "nightly/state.h"
#include "base/schema.h"
#include "pipeline/inputs.h"

enum item_status { ITEM_PENDING, ITEM_OK, ITEM_FAILED };

/* One document the input lists. */
struct item {
	/* borrowed from the gathered input */
	char *path;               /* the file to read */
	char *rel;                /* as the input names it (state.csv path) */
	char *doc;
	char *region;             /* NULL: none */
	const char *date_s;       /* "" or YYYY-MM-DD */
	struct date date;
	int bad;                  /* already reported: failed */
	int dup;                  /* its doc id is listed before: failed */
	long line;                /* its manifest line, 0 for a folder */
	const struct run_entry *old;
	int todo;                 /* to be read */
	int extracted;
	enum item_status status;
	struct run_entry now;     /* when ITEM_OK; strings borrowed */
};

/* The documents, in input order; their strings belong to src. */
struct items {
	struct item *v;
	size_t n;
	struct inputs src;        /* as gathered (inputs.h): problems and
				   * skipped files are counted there */
};

/* Gathers the documents of the folder dir (the *.txt, the suffix in any
 * case, sorted by name, recursively, named by their path below it) or of
 * a manifest (the other NULL), with o's defaults; problems go to o->err.
 * Bad rows and dangling *.txt are added as failed (bad).  Returns 0, or
 * -1 when the manifest cannot be used at all (reported). */
int items_gather(struct items *in, const char *dir, const char *manifest,
		 const struct inputs_opts *o);

/* A doc id listed again (a manifest) is reported and its later rows
 * fail: each document has one store file and one place in the output. */
void items_mark_duplicates(struct items *in, const char *manifest, FILE *err);

void items_free(struct items *in);

#endif
