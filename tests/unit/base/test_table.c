/* test_table: CSV reading and writing through extract/table.c. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/table.h"
#include "base/xalloc.h"

/* Reads the bytes s[0..n) as a CSV file into *t. */
static int read_bytes(const char *s, size_t n, struct table *t,
		      struct diag *d)
{
	FILE *f = tmpfile();
	int rc;

	if (!f) {
		perror("tmpfile");
		exit(2);
	}
	if (n)
		fwrite(s, 1, n, f);
	rewind(f);
	rc = table_read_stream(f, t, d);
	fclose(f);
	return rc;
}

static int read_str(const char *s, struct table *t, struct diag *d)
{
	return read_bytes(s, strlen(s), t, d);
}

/* What table_write_row writes for fields[0..n). */
static char *written(const char *const *fields, size_t n)
{
	char *p = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&p, &len);

	if (!f || table_write_row(f, fields, n) != 0) {
		perror("open_memstream");
		exit(2);
	}
	fclose(f);
	return p;
}

static void test_writer_quotes_only_when_needed(void)
{
	static const struct {
		const char *fields[4];
		size_t n;
		const char *want;
	} cases[] = {
		{{"abc", "1.5", "中文"}, 3, "abc,1.5,中文\n"},
		{{"a,b", "say \"hi\"", " x"}, 3,
		 "\"a,b\",\"say \"\"hi\"\"\",\" x\"\n"},
		{{"x ", "\tt", "in side"}, 3, "\"x \",\"\tt\",in side\n"},
		{{"1\n2", "1\r2", ""}, 3, "\"1\n2\",\"1\r2\",\n"},
		{{"", ""}, 2, ",\n"},
		{{""}, 1, "\"\"\n"},
		{{NULL, "x"}, 2, ",x\n"},
		{{"a"}, 0, "\n"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *got = written(cases[i].fields, cases[i].n);

		CHECK(strcmp(got, cases[i].want) == 0,
		      "write case %zu: got [%s] want [%s]", i, got,
		      cases[i].want);
		free(got);
	}
}

static void test_round_trip(void)
{
	static const char *const rows[][3] = {
		{"a", "b", "c"},
		{"plain", "with,comma", "with \"quotes\""},
		{"line\nbreak", " lead", "trail "},
		{"", "中文，全角“引号”", "crlf\r\nx"},
		{"\ttab", "\"", ","},
		{"", "", ""},
	};
	static const long want_line[] = {2, 3, 5, 7, 8};
	size_t nrows = sizeof rows / sizeof rows[0];
	char *p = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&p, &len);
	struct table t;
	struct diag d;

	for (size_t i = 0; i < nrows; i++)
		CHECK(table_write_row(f, rows[i], 3) == 0, "write row %zu", i);
	fclose(f);
	int rc = read_bytes(p, len, &t, &d);
	CHECK(rc == 0, "round trip read: %s (line %ld)", d.msg, d.line);
	if (rc == 0) {
		CHECK(t.ncols == 3 && t.nrows == nrows - 1,
		      "shape %zu x %zu", t.nrows, t.ncols);
		for (size_t c = 0; c < 3 && c < t.ncols; c++)
			CHECK(strcmp(t.header[c], rows[0][c]) == 0,
			      "header %zu: %s", c, t.header[c]);
		for (size_t r = 0; r + 1 < nrows && r < t.nrows; r++) {
			for (int c = 0; c < 3; c++)
				CHECK(strcmp(table_get(&t, r, c),
					     rows[r + 1][c]) == 0,
				      "cell %zu,%d: [%s] want [%s]", r, c,
				      table_get(&t, r, c), rows[r + 1][c]);
			CHECK(t.line[r] == want_line[r],
			      "row %zu starts on line %ld, want %ld", r,
			      t.line[r], want_line[r]);
		}
	}
	table_free(&t);
	free(p);
}

static void test_reading(void)
{
	struct table t;
	struct diag d;

	/* BOM skipped, spaces kept, blank lines skipped, no final newline */
	CHECK(read_str("\xEF\xBB\xBFid,name\n x , y \n\n\r\nz,\"q\"", &t,
		       &d) == 0,
	      "bom read: %s", d.msg);
	CHECK(t.ncols == 2 && t.nrows == 2, "bom shape %zu x %zu", t.nrows,
	      t.ncols);
	CHECK(table_col(&t, "id") == 0 && table_col(&t, "name") == 1 &&
		      table_col(&t, "nope") == -1,
	      "bom columns: first header [%s]", t.header[0]);
	if (t.nrows == 2) {
		CHECK(strcmp(table_get(&t, 0, 0), " x ") == 0 &&
			      strcmp(table_get(&t, 0, 1), " y ") == 0,
		      "spaces kept: [%s] [%s]", table_get(&t, 0, 0),
		      table_get(&t, 0, 1));
		CHECK(strcmp(table_get(&t, 1, 1), "q") == 0, "quoted last");
		CHECK(t.line[0] == 2 && t.line[1] == 5, "lines %ld %ld",
		      t.line[0], t.line[1]);
		CHECK(strcmp(table_get(&t, 1, -1), "") == 0, "col -1");
	}
	table_free(&t);
	CHECK(t.ncols == 0 && t.nrows == 0 && !t.cells && !t.header,
	      "table_free zeroes");
	table_free(&t);
	table_free(NULL);

	/* lone CR line ends; a header alone; repeated names */
	CHECK(read_str("a,b\r1,2\r3,4\r", &t, &d) == 0 && t.nrows == 2 &&
		      t.line[1] == 3,
	      "CR line ends: %s", d.msg);
	table_free(&t);
	CHECK(read_str("a,a,b\n", &t, &d) == 0 && t.nrows == 0 &&
		      table_col(&t, "a") == 0 && table_col(&t, "b") == 2,
	      "header only: %s", d.msg);
	table_free(&t);

	/* a file on disk, with a BOM and quoted commas and quotes */
	CHECK(table_read("tests/eval/gold.csv", &t, &d) == 0,
	      "gold.csv: %s", d.msg);
	CHECK(t.nrows == 12 && table_col(&t, "doc") == 0,
	      "gold.csv shape %zu, first column [%s]", t.nrows,
	      t.ncols ? t.header[0] : "");
	if (t.nrows == 12) {
		int note = table_col(&t, "note");
		CHECK(strcmp(table_get(&t, 10, note),
			     "研发投入强度达到3.1%\"左右\"") == 0,
		      "gold.csv note [%s]", table_get(&t, 10, note));
		CHECK(strcmp(table_get(&t, 1, note),
			     "完成固定资产投资161.9亿元, 同比增长59.2%") == 0,
		      "gold.csv note [%s]", table_get(&t, 1, note));
	}
	table_free(&t);
}

static void test_errors(void)
{
	static const struct {
		const char *text;
		long line, col;
		const char *msg;
	} cases[] = {
		{"a,b\n1,2\n3\n", 3, 0, "expected 2 fields as in the header, got 1"},
		{"a,b\n1,2\n3,4,5", 3, 0, "expected 2 fields as in the header, got 3"},
		{"a,b\n\"x\ny\",2\n1,2,3\n", 4, 0, "expected 2 fields"},
		{"a,b\n\"x\ny\"\n", 2, 0, "expected 2 fields"},
		{"a,b\n1,\"open\n2,3\n", 2, 0, "unterminated quoted field"},
		{"a,b\n1,2\n\"", 3, 0, "unterminated quoted field"},
		{"a,b\n\"1\n\",\"x\"\"\n2,3\n", 3, 0, "unterminated quoted field"},
		{"a,b\n1,x\"y\n", 2, 4, "quote inside an unquoted field"},
		{"a,b\n中文,\"x\"y\n", 2, 7, "text after the closing quote"},
		{"a,b\n1, \"x\"\n", 2, 4, "quote inside an unquoted field"},
		{"", 1, 0, "empty file"},
		{"\xEF\xBB\xBF", 1, 0, "empty file"},
		{"\n\r\n\n", 1, 0, "empty file"},
	};
	struct table t;
	struct diag d;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		int rc = read_str(cases[i].text, &t, &d);

		CHECK(rc == -1, "error case %zu: accepted", i);
		CHECK(d.line == cases[i].line,
		      "error case %zu: line %ld, want %ld (%s)", i, d.line,
		      cases[i].line, d.msg);
		CHECK(cases[i].col == 0 || d.col == cases[i].col,
		      "error case %zu: col %ld, want %ld", i, d.col,
		      cases[i].col);
		CHECK(strstr(d.msg, cases[i].msg) != NULL,
		      "error case %zu: message [%s], want [%s]", i, d.msg,
		      cases[i].msg);
		CHECK(t.nrows == 0 && t.cells == NULL && t.header == NULL,
		      "error case %zu: table not emptied", i);
	}

	/* the echoed line and caret of a stray quote */
	read_str("a,b\n中文,\"x\"y\n", &t, &d);
	CHECK(strcmp(d.src, "中文,\"x\"y") == 0 && d.caret == 9 &&
		      d.byte == 14,
	      "src [%s] caret %ld byte %lld", d.src, d.caret, d.byte);

	CHECK(table_read("tests/eval/no-such-file.csv", &t, &d) == -1 &&
		      d.line == 0 && strcmp(d.msg, strerror(ENOENT)) == 0,
	      "missing file: line %ld [%s]", d.line, d.msg);

	FILE *full = fopen("/dev/full", "w");
	if (full) {
		static const char *const row[] = {"a", "b,c"};
		setvbuf(full, NULL, _IONBF, 0);
		CHECK(table_write_row(full, row, 2) == -1, "write error");
		fclose(full);
	}
}

/* A stream holding s[0..n), rewound. */
static FILE *stream_of(const char *s, size_t n)
{
	FILE *f = tmpfile();

	if (!f) {
		perror("tmpfile");
		exit(2);
	}
	fwrite(s, 1, n, f);
	rewind(f);
	return f;
}

/* table_rows: rows one at a time, the rows before a bad line first. */
static void test_rows(void)
{
	static const char text[] = "a,b\n1,2\n\n\"3\n\",4\n5\n6,7\n";
	FILE *f = stream_of(text, strlen(text));
	struct diag d;
	const char *const *v;
	long line;
	struct table_rows *r = table_rows_open(f, &d);

	CHECK(r && table_rows_col(r, "b") == 1 && table_rows_col(r, "c") == -1,
	      "rows: header (%s)", d.msg);
	if (!r)
		return;
	CHECK(table_rows_next(r, &v, &line, &d) == 1 && line == 2 &&
		      strcmp(v[0], "1") == 0 && strcmp(v[1], "2") == 0,
	      "rows: first row");
	CHECK(table_rows_next(r, &v, &line, &d) == 1 && line == 4 &&
		      strcmp(v[0], "3\n") == 0 && strcmp(v[1], "4") == 0,
	      "rows: a quoted line break, after a blank line (line %ld)", line);
	CHECK(table_rows_next(r, &v, &line, &d) == -1 && d.line == 6 &&
		      strstr(d.msg, "expected 2 fields") != NULL,
	      "rows: the short row: line %ld [%s]", d.line, d.msg);
	CHECK(table_rows_next(r, &v, &line, &d) == -1 && d.line == 6,
	      "rows: the error again");
	table_rows_free(r);
	fclose(f);

	/* lines across the reader's 64 KB pieces: a CR LF split by a piece's
	 * end, a lone CR at a piece's end, a line longer than a piece */
	for (int lone = 0; lone < 2; lone++) {
		struct buf b = {0};
		long rows = 0, want = 0, last = 0;
		buf_adds(&b, "a,b\n");
		while (b.len < 65535 - 16) {
			buf_printf(&b, "%ld,x\r\n", want++);
		}
		while (b.len < 65535 - 2)
			buf_addc(&b, 'y');
		buf_adds(&b, ",z");          /* a row ends with the piece */
		buf_adds(&b, lone ? "\r" : "\r\n");
		want++;
		buf_adds(&b, "long,");
		for (int i = 0; i < 50000; i++)
			buf_adds(&b, "中");
		buf_adds(&b, "\r\nend,1");
		want += 2;
		f = stream_of(b.p, b.len);
		r = table_rows_open(f, &d);
		int got;
		while (r && (got = table_rows_next(r, &v, &line, &d)) == 1) {
			rows++;
			last = line;
			if (strcmp(v[0], "long") == 0)
				CHECK(strlen(v[1]) == 150000, "rows: a long line cut");
		}
		CHECK(r && got == 0 && rows == want && last == want + 1,
		      "rows across pieces (%s): %ld rows, want %ld; last line %ld [%s]",
		      lone ? "lone CR" : "CR LF", rows, want, last, d.msg);
		table_rows_free(r);
		fclose(f);
		/* the same as the whole table */
		struct table t;
		CHECK(read_bytes(b.p, b.len, &t, &d) == 0 && (long)t.nrows == want,
		      "table across pieces: %zu rows", t.nrows);
		table_free(&t);
		buf_free(&b);
	}
}

int main(void)
{
	test_writer_quotes_only_when_needed();
	test_round_trip();
	test_reading();
	test_errors();
	test_rows();
	return CHECK_DONE();
}
