/* items: the documents a run's input lists — the *.txt of a folder,
 * recursively and sorted, or the rows of a manifest — each with what the
 * job learns about it. */
#ifndef EXTRACT_NIGHTLY_ITEMS_H
#define EXTRACT_NIGHTLY_ITEMS_H

#include <stddef.h>
#include <stdio.h>

#include "nightly/state.h"
#include "pipeline/period.h"

enum item_status { ITEM_PENDING, ITEM_OK, ITEM_FAILED };

/* One document the input lists. */
struct item {
	char *path;               /* the file to read */
	char *rel;                /* as the input names it (state.csv path) */
	char *doc;
	char *region;             /* NULL: none */
	char date_s[11];          /* "" or YYYY-MM-DD */
	struct date date;
	int bad;                  /* already reported: failed */
	long line;                /* its manifest line, 0 for a folder */
	const struct run_entry *old;
	int todo;                 /* to be read */
	int extracted;
	enum item_status status;
	struct run_entry now;     /* when ITEM_OK; strings borrowed */
};

/* The items own their strings; items_free releases them. */
struct items {
	struct item *v;
	size_t n, cap;
	long problems;            /* folders that could not be walked */
};

/* Adds the *.txt files under dir, sorted by name, recursively, as zhibiao
 * extract does for a folder; region (NULL: none) for each.  Problems are
 * reported to err and counted. */
void items_walk(struct items *in, const char *dir, const char *region,
		FILE *err);

/* Adds the rows of manifest; region for those without one.  Bad rows are
 * reported and added as failed (bad).  Returns 0, or -1 when the
 * manifest cannot be used at all (reported). */
int items_read_manifest(struct items *in, const char *manifest,
			const char *region, FILE *err);

/* A doc id listed again (a manifest) is reported and its later rows
 * fail: each document has one store file and one place in the output. */
void items_mark_duplicates(struct items *in, const char *manifest, FILE *err);

void items_free(struct items *in);

#endif
