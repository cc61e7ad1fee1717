/* inputs: the documents a command is given — files, folders (searched
 * recursively for *.txt, the suffix in any case, in name order), '-' for
 * standard input, and manifests (manifest.h) — gathered into one list in
 * input order, or a manifest read as the documents go followed by such a
 * list, with problems reported GNU style to a stream as they are met.
 *
 * Ownership: an inputs list owns its strings and its manifest;
 * inputs_free releases them (a zeroed list is empty and fine to free). */
#ifndef EXTRACT_INPUTS_H
#define EXTRACT_INPUTS_H

#include <stddef.h>
#include <stdio.h>

#include "pipeline/period.h"

/* One document. */
struct input {
	char *path;               /* the file to read; "-": standard input */
	char *rel;                /* as the input names it: the argument, the
				   * path below the folder, the manifest's
				   * path column */
	char *doc;                /* the doc column */
	char *region;             /* NULL: none */
	struct date date;         /* all zero: none */
	char date_s[11];          /* "" or the date as YYYY-MM-DD */
	long line;                /* its manifest line; 0 otherwise */
	int failed;               /* already reported as bad: count, skip */
};

struct manifest;

/* What a gathering applies to the inputs it adds. */
struct inputs_opts {
	const char *region;       /* for inputs without one; NULL: none */
	struct date date;         /* for inputs without one (manifest rows
				   * with an empty date too); all zero: none */
	int doc_rel;              /* a folder's documents are named by their
				   * path below it (else by their path) */
	FILE *err;                /* messages; NULL: stderr */
};

struct inputs {
	struct input *v;
	size_t n, cap;
	/* a manifest whose rows are read as inputs_next goes, before v's
	 * (inputs_stream_manifest), what applies to them, and the row handed
	 * out last */
	struct manifest *manifest;
	struct inputs_opts mo;
	struct input row;
	size_t next;              /* v's next input for inputs_next */
	long problems;            /* reported problems that are not inputs
				   * (folders that could not be walked) */
	long skipped;             /* files of folders that are not *.txt */
};

/* Appends one input (copies of the strings; region NULL or "" for none)
 * and returns it. */
struct input *inputs_add(struct inputs *in, const char *path, const char *rel,
			 const char *doc, const char *region, struct date date);

/* Appends the *.txt files under the folder dir (b.TXT too), sorted by name,
 * recursively; the other files are counted in in->skipped.
 * A dangling symlink named *.txt is a failed input; folder loops, folders
 * too deep or unreadable and other dangling symlinks are reported and
 * counted in in->problems.  A path that is not UTF-8 is named by its
 * escaped form (utf8_escaped) in the doc column, with a warning. */
void inputs_add_folder(struct inputs *in, const char *dir,
		       const struct inputs_opts *o);

/* Appends the rows of a manifest; a row manifest_read finds bad is a
 * failed input.  Returns 0, or -1 when the manifest cannot be used at all
 * (reported). */
int inputs_add_manifest(struct inputs *in, const char *path,
			const struct inputs_opts *o);

/* Opens the manifest at path (manifest_open: checked through, its bad
 * rows reported) for inputs_next to read its rows as they are needed,
 * before the inputs of the list; at most one per list.  o is copied (its
 * strings are borrowed).  Returns 0, or -1 when the manifest cannot be
 * used at all (reported). */
int inputs_stream_manifest(struct inputs *in, const char *path,
			   const struct inputs_opts *o);

/* The next input, in input order: the streamed manifest's rows (a bad
 * one failed), then v[0..n).  Returns 1 with *out set, borrowed until the
 * next call; 0 at the end; -1 when the manifest could no longer be read
 * (reported; the inputs of the list still follow). */
int inputs_next(struct inputs *in, const struct input **out);

/* Appends what a command-line argument names: "-", a folder or a file.
 * Returns the problems it reported (in->problems grows by as many). */
long inputs_add_arg(struct inputs *in, const char *arg,
		    const struct inputs_opts *o);

void inputs_free(struct inputs *in);

#endif
