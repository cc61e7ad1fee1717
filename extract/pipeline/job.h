/* job: extract a list of documents — read, run the pipeline, write rows —
 * on one thread or several, with rows and messages always in input order,
 * so the output of -j N is byte-identical to -j 1.
 *
 * Ownership: the caller keeps the inputs and the rule set; job_run borrows
 * them for the call. */
#ifndef EXTRACT_JOB_H
#define EXTRACT_JOB_H

#include <stddef.h>
#include <stdio.h>

#include "pipeline/extract.h"
#include "pipeline/rules.h"
#include "base/xalloc.h"

struct job_input {
	const char *path;         /* file to read, "-" for standard input */
	const char *text;         /* or the document itself (len bytes), when set */
	size_t len;
	const char *doc;          /* the doc column */
	const char *region;
	struct date date;
	int failed;               /* already reported as bad: count, skip */
};

struct job_opts {
	int jobs;                 /* worker threads; 1 (or less) runs inline */
	int stats;                /* time the stages */
	int excel;                /* rows for a spreadsheet (emit_row) */
	/* when set, the figures of sentences that gave no row (unclaimed.h,
	 * rows without header), in input order like the observations */
	FILE *unclaimed;
};

struct job_result {
	long docs, failed, rows;
	long unclaimed, unclaimed_sentences;  /* figures written to o->unclaimed */
	struct extract_stats st;  /* summed over the workers when stats is set */
};

/* Where the inputs come from.  next fills *in with the next document and
 * returns 1, or 0 at the end, or -1 after reporting a read error to err
 * (the end too).  Text it hands over through in->text must live in store,
 * which belongs to the caller of next until the document is done; next
 * is called by one thread at a time. */
struct job_source {
	int (*next)(void *ctx, struct job_input *in, struct buf *store, FILE *err);
	void *ctx;
};

/* A source over the inputs of an inputs list (inputs_next: a streamed
 * manifest's rows, then the list's); ctx is the struct inputs. */
int job_inputs_next(void *ctx, struct job_input *in, struct buf *store, FILE *err);

/* Extracts the documents of src in order: rows (no header) to out,
 * messages ("zhibiao: FILE:…: error: …; skipped", warnings) to err.  A
 * document that cannot be read is reported and counted in res->failed;
 * the others go on.  With N threads, workers take batches of up to 32
 * consecutive documents (or 256 KB of record text); at most two batches'
 * outputs per worker, and one document's text at a time (plus a batch of
 * record texts), are in memory.  Returns 0, -1 when writing to out (or
 * o->unclaimed) failed (then it stops), or 1
 * when the source reported a read error. */
int job_run(const struct rule_set *rs, const struct job_source *src,
	    const struct job_opts *o, FILE *out, FILE *err,
	    struct job_result *res);

#endif
