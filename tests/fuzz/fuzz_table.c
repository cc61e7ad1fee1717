/* fuzz_table: the CSV reader (table_read_stream, used for manifests, gold
 * files and observations) on arbitrary bytes, and the row writer.  Checks:
 * a table that reads has ncols cells per row, none NULL, rows on
 * increasing lines; an error names a line; and a table written back with
 * table_write_row reads back the same (fields with a NUL are cut there,
 * as table.h says, so they compare up to it). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/table.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_table: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static int read_mem(const char *p, size_t n, struct table *t, struct diag *d)
{
	/* fmemopen of 0 bytes fails in some libcs: give it one spare byte */
	FILE *f = fmemopen((void *)p, n ? n : 1, "r");
	int rc;

	CHECK(f != NULL);
	if (!n)
		fgetc(f);
	rc = table_read_stream(f, t, d);
	fclose(f);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct table t, u;
	struct diag d;
	char *copy = malloc(size + 1);

	memcpy(copy, data, size);
	copy[size] = '\0';
	if (read_mem(copy, size, &t, &d) != 0) {
		CHECK(d.msg[0] != '\0');
		CHECK(t.ncols == 0 && t.nrows == 0 && !t.cells && !t.header);
		free(copy);
		return 0;
	}
	CHECK(t.ncols > 0 && t.header);
	long prev = 0;
	for (size_t r = 0; r < t.nrows; r++) {
		CHECK(t.line[r] > prev);
		prev = t.line[r];
		for (size_t c = 0; c < t.ncols; c++)
			CHECK(table_get(&t, r, (int)c) != NULL);
	}
	CHECK(table_col(&t, t.header[0]) == 0);

	/* written back, it reads back the same */
	char *out = NULL;
	size_t outlen = 0;
	FILE *w = open_memstream(&out, &outlen);
	CHECK(w != NULL);
	CHECK(table_write_row(w, (const char *const *)t.header, t.ncols) == 0);
	for (size_t r = 0; r < t.nrows; r++)
		CHECK(table_write_row(w, (const char *const *)t.cells + r * t.ncols,
				      t.ncols) == 0);
	fclose(w);
	int rc = read_mem(out, outlen, &u, &d);
	if (rc != 0)
		fprintf(stderr, "fuzz_table: written table does not read back: %ld: %s\n",
			d.line, d.msg);
	CHECK(rc == 0);
	/* a header of one empty field and blank rows are the one thing the
	 * format cannot say twice: rows that are all empty may vanish */
	CHECK(u.ncols == t.ncols);
	if (u.nrows == t.nrows) {
		for (size_t c = 0; c < t.ncols; c++)
			CHECK(strcmp(t.header[c], u.header[c]) == 0);
		for (size_t i = 0; i < t.nrows * t.ncols; i++)
			CHECK(strcmp(t.cells[i], u.cells[i]) == 0);
	} else {
		CHECK(t.ncols == 1 && u.nrows < t.nrows);
	}
	table_free(&u);
	free(out);
	table_free(&t);
	free(copy);
	return 0;
}
