/* extract: one document through the pipeline — normalize, segment, periods,
 * match, resolve — handing each observation to a callback.
 *
 * Ownership: an extractor borrows the rule set (which must outlive it) and
 * owns its workspaces, reused from one document to the next; one extractor
 * per thread. */
#ifndef EXTRACT_EXTRACT_H
#define EXTRACT_EXTRACT_H

#include <stddef.h>

#include "pipeline/emit.h"
#include "pipeline/period.h"
#include "pipeline/rules.h"

struct doc {
	const char *id;           /* the doc column */
	const char *region;       /* may be NULL */
	struct date date;         /* all zero when unknown: found in the text
				   * (a masthead), else in name */
	const char *name;         /* the file read, for a date in its name
				   * (2025-05-09, 20250509); may be NULL */
};

struct sink {
	/* called for every observation, in text order; a non-zero return
	 * stops the document */
	int (*obs)(void *ctx, const struct obs *o);
	/* called for a warning about the document at an original line */
	void (*warn)(void *ctx, long line, const char *msg);
	void *ctx;
};

/* Time spent per stage (seconds, summed over documents) and counters.
 * The extractor fills normalize (with the masthead date), gate (segmenting
 * and the sentence prefilter, scan.h, with the indicator mentions of the
 * sentences it lets through), periods, match, resolve and emit (the
 * sink); read is for the caller (job.c: the source and ingest). */
struct extract_stats {
	double read, normalize, gate, periods, match, resolve, emit;
	long docs, sentences, matched, rows;
};

struct extractor;

struct extractor *extractor_new(const struct rule_set *rs);
void extractor_free(struct extractor *x);

/* Runs the pipeline over text[0..len) (valid UTF-8).  Returns the number of
 * observations handed to the sink, or -1 when the sink stopped it. */
long extractor_run(struct extractor *x, const struct doc *d, const char *text,
		   size_t len, const struct sink *sink);

/* The date the last document was resolved against (from the doc, or found
 * in its text); all zero when unknown. */
struct date extractor_doc_date(const struct extractor *x);

/* Enables stage timing (costs a clock read per stage and sentence) and
 * returns the counters, which the extractor keeps adding to. */
const struct extract_stats *extractor_stats(struct extractor *x, int enable);

struct trace;

/* Hands every decision of later runs (sentences, periods, mentions, rules
 * run or not, matches kept or dropped and why, rows) to tr, which must
 * outlive the runs (trace.h); NULL (the default) turns it off. */
void extractor_set_trace(struct extractor *x, const struct trace *tr);

/* The original line of offset off of the current document's normalized
 * text (trace event offsets). */
long extractor_line(const struct extractor *x, size_t off);

#endif
