/* unclaimed: the figures the rules left alone — every number with a unit
 * (as number.c reads it: 161.9亿元, 4.6%, 1.4个百分点, 第一, 三成, 36家) of a
 * sentence that names an indicator but gave no row — as CSV rows
 *   doc,line,figure,value,unit,indicators,sentence
 * the list an analyst reads to find what the rules miss on articles nobody
 * labeled.  A count needs Arabic digits (一个, 两项 are words, not figures);
 * a number inside an indicator's name (第一产业) is not a figure.
 * It reads the pipeline's trace (trace.h): no second copy of the pipeline.
 *
 * Ownership: an unclaimed scanner borrows the extractor it is attached to
 * and the stream it writes to. */
#ifndef EXTRACT_UNCLAIMED_H
#define EXTRACT_UNCLAIMED_H

#include <stdio.h>

#include "pipeline/extract.h"

struct unclaimed;

/* A scanner attached to x (it takes x's trace) for the life of both. */
struct unclaimed *unclaimed_new(struct extractor *x);
void unclaimed_free(struct unclaimed *u);

/* Rows of the next documents go to out with doc as their doc column
 * (borrowed until the next call). */
void unclaimed_next_doc(struct unclaimed *u, const char *doc, FILE *out);

/* Figures and sentences listed so far; write_failed is set when a row
 * could not be written. */
void unclaimed_counts(const struct unclaimed *u, long *figures,
		      long *sentences, int *write_failed);

/* Writes the header row.  Returns 0, or -1 on a write error. */
int unclaimed_header(FILE *f);

#endif
