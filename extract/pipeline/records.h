/* records: documents as one line each, for streaming engines (Hadoop
 * Streaming, Spark's RDD.pipe) that hand a program lines, not files.
 *
 *   DOC <TAB> DATE <TAB> REGION <TAB> TEXT <LF>
 *
 * DATE is YYYY-MM-DD or empty (then found in the text), REGION may be
 * empty; in every field a backslash, tab, line feed and carriage return are
 * written \\ \t \n \r.  TEXT is the article in UTF-8. */
#ifndef EXTRACT_RECORDS_H
#define EXTRACT_RECORDS_H

#include <stddef.h>
#include <stdio.h>

#include "pipeline/job.h"

/* Writes one record.  Returns 0, or -1 on a write error. */
int records_write(FILE *f, const char *doc, const char *date,
		  const char *region, const char *text, size_t len);

/* Reads records from a stream, as a job_source (job.h). */
struct record_reader {
	FILE *f;
	const char *path;         /* for messages */
	long line;
	char *lbuf;
	size_t lcap;
};

/* job_source.next over a record_reader: a malformed record (too few
 * fields, a bad date) is reported as FILE:LINE and handed on as a failed
 * input, so it is counted and the others go on.  Free with
 * records_reader_free. */
int records_next(void *ctx, struct job_input *in, struct buf *store, FILE *err);
void records_reader_free(struct record_reader *r);

#endif
