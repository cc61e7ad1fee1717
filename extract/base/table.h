/* table: a CSV file read with libcsv, row by row from a stream or whole
 * into memory, and a CSV row writer (RFC 4180, UTF-8, '\n' line ends,
 * fields quoted only when needed).
 *
 * Ownership: a struct table owns every string it points to; table_free
 * releases them all.  Strings returned by table_get are borrowed from the
 * table and die with it; those of table_rows_next from the reader, until
 * its next call.  The writer borrows what it is given. */
#ifndef EXTRACT_TABLE_H
#define EXTRACT_TABLE_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"

struct table {
	size_t ncols, nrows;
	char **header;  /* ncols names, the file's first row */
	char **cells;   /* nrows * ncols, row-major; never NULL, "" when empty */
	long *line;     /* nrows 1-based file lines where each row starts */
};

/* Reads the CSV file at path into *t: the first row is the header, every
 * later row must have as many fields as the header.  Quoted fields may hold
 * commas, doubled quotes and line breaks; spaces are kept as they are; a
 * leading UTF-8 byte order mark is skipped; blank lines are skipped.
 * Returns 0, or -1 with *t empty and *d set: d->msg says what is wrong and,
 * for bad input (empty file, wrong field count, malformed or unterminated
 * quote), d->line the line at fault (and d->col, d->byte for a stray quote);
 * for a system error d->msg is strerror(errno) and d->line is 0.  A field
 * holding a NUL byte is cut there. */
int table_read(const char *path, struct table *t, struct diag *d);

/* Same as table_read, from a stream the caller opened and closes. */
int table_read_stream(FILE *f, struct table *t, struct diag *d);

/* A CSV read one row at a time, in the format of table_read: memory for
 * the header, one row and the longest line, whatever the file's size. */
struct table_rows;

/* Starts reading f (opened by the caller, who closes it after
 * table_rows_free) and reads its header row.  Returns the reader, or NULL
 * with *d set as table_read sets it (an empty file, a bad line before or
 * in the header, a read error). */
struct table_rows *table_rows_open(FILE *f, struct diag *d);

/* Reads the next row.  Returns 1 with *fields (as many as the header's,
 * "" when empty) and *line (where the row starts) set, both valid until
 * the next call; 0 at the end; -1 with *d set as table_read sets it (the
 * same on every later call).  The rows before a bad line have been
 * returned by then: a caller that must not act on a file with an error
 * reads it through once first. */
int table_rows_next(struct table_rows *r, const char *const **fields,
		    long *line, struct diag *d);

/* Index of the first column of r's header called name, or -1. */
int table_rows_col(const struct table_rows *r, const char *name);

/* Frees r (NULL is fine); the stream stays open. */
void table_rows_free(struct table_rows *r);

/* Index of the first column called name, or -1. */
int table_col(const struct table *t, const char *name);

/* The cell at row (0-based, after the header) and col; "" when col < 0. */
const char *table_get(const struct table *t, size_t row, int col);

/* Frees everything *t holds and zeroes it; NULL and an empty table are fine. */
void table_free(struct table *t);

/* Writes fields[0..n) as one CSV row ended by '\n'.  A field is quoted (with
 * libcsv's csv_fwrite, quotes doubled) only when it holds ',', '"', '\r' or
 * '\n', or starts or ends with a space or tab; a lone empty field is
 * written as "" so the row does not read back as a blank line.  NULL fields
 * are written as empty.  Returns 0, or -1 on a write error (errno set by
 * stdio). */
int table_write_row(FILE *f, const char *const *fields, size_t n);

/* Same, for a spreadsheet (Excel, WPS): a text field that begins with
 * = + - @ (or tab, CR) gets a leading ' so it is not run as a formula
 * (formula injection from article text); a field whose numeric[i] is 'n'
 * and that holds a plain decimal stays as it is (-6.8 is a number).
 * numeric may be NULL (no numeric fields).  Returns as table_write_row. */
int table_write_row_excel(FILE *f, const char *const *fields, size_t n,
			  const char *numeric);

/* Writes the UTF-8 byte order mark spreadsheets need to read a CSV as
 * UTF-8.  Returns 0, or -1 on a write error. */
int table_write_bom(FILE *f);

#endif
