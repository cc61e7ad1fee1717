/* table: CSV reading (row by row, or whole) and row writing through
 * libcsv. */
#include "base/table.h"
#include "base/utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "base/schema.h"
#include "base/xalloc.h"

/* A CSV read line by line from a stream: the parser, the text read but
 * not parsed yet (buf[at..len)), and the row libcsv's callbacks are
 * building.  One line holds at most one row's end, so at most one row is
 * ever complete and waiting. */
struct table_rows {
	FILE *f;
	struct csv_parser p;
	char *buf;
	size_t at, len, cap;
	int eof;
	long long pos;        /* byte offset of buf[at] in the stream */
	long line;            /* line number of buf[at] */
	long open_line;       /* line where an unterminated quote began */
	int started;          /* the byte order mark was looked for */
	int ended;            /* csv_fini done: no more rows */
	int failed;           /* err holds the error, returned from now on */
	struct diag err;
	char **header;
	size_t ncols;
	char **row;           /* fields of the row being read */
	size_t nrow, row_cap;
	int ready;            /* row holds a complete row of ncols fields */
	long row_line;        /* line where the row being read started */
	long next_line;       /* line where the next row would start */
	unsigned long fields; /* fields delivered so far, all rows */
	int bad_count;        /* a row had the wrong number of fields */
	size_t bad_got;
	char **out;           /* the row handed out by table_rows_next */
	size_t nout, nout_cap;
	int have_header;
};

/* Python's csv module and RFC 4180 keep spaces; libcsv trims spaces and
 * tabs around unquoted fields unless told that nothing is a space. */
static int no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static void on_field(void *s, size_t len, void *data)
{
	struct table_rows *r = data;

	r->fields++;
	if (r->bad_count)
		return;
	if (r->nrow == 0)
		r->row_line = r->next_line;
	VEC_GROW(r->row, r->nrow + 1, r->row_cap);
	/* s is NULL only if libcsv never allocated its buffer */
	r->row[r->nrow++] = s ? xstrndup(s, strnlen(s, len)) : xstrdup("");
}

static void free_fields(char **v, size_t *n)
{
	for (size_t i = 0; i < *n; i++)
		free(v[i]);
	*n = 0;
}

static void on_row(int c, void *data)
{
	struct table_rows *r = data;

	(void)c;
	if (r->bad_count)
		return;
	if (!r->have_header) {
		r->have_header = 1;
		r->ncols = r->nrow;
		r->header = xmalloc((r->nrow + 1) * sizeof *r->header);
		memcpy(r->header, r->row, r->nrow * sizeof *r->row);
		r->nrow = 0;
		return;
	}
	if (r->nrow != r->ncols) {
		r->bad_count = 1;
		r->bad_got = r->nrow;
		free_fields(r->row, &r->nrow);
		return;
	}
	assert(!r->ready);
	r->ready = 1;
}

/* End of the line starting at p: just past "\n", "\r\n" or a lone "\r". */
static size_t line_end(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\n')
			return i + 1;
		if (p[i] == '\r')
			return (i + 1 < n && p[i + 1] == '\n') ? i + 2 : i + 1;
	}
	return n;
}

/* Fills d for libcsv's strict error at byte k of the line s[0..n). */
static void quote_error(struct diag *d, const char *s, size_t n, size_t k)
{
	size_t shown = n;

	while (shown > 0 && (s[shown - 1] == '\n' || s[shown - 1] == '\r'))
		shown--;
	d->col = utf8_count(s, k) + 1;
	diag_set(d, s[k] == '"' ? "quote inside an unquoted field"
				: "text after the closing quote of a field");
	if (shown < sizeof d->src && !memchr(s, '\0', shown)) {
		memcpy(d->src, s, shown);
		d->src[shown] = '\0';
		d->caret = utf8_width(s, k) + 1;
	}
}

/* When a row had the wrong number of fields: says so in d, returns 1. */
static int bad_row(const struct table_rows *r, struct diag *d)
{
	if (!r->bad_count)
		return 0;
	d->line = r->row_line;
	diag_set(d, "expected %zu fields as in the header, got %zu",
		 r->ncols, r->bad_got);
	return 1;
}

/* Makes buf[at..) hold a whole line (a lone "\r" at its end is known not
 * to start "\r\n"), or the rest of the stream; returns that line's length,
 * 0 at the end.  A read error fails the reader. */
static size_t next_line(struct table_rows *r)
{
	for (;;) {
		size_t avail = r->len - r->at;
		size_t n = line_end(r->buf + r->at, avail);
		if (r->eof || n < avail ||
		    (n > 0 && r->buf[r->at + n - 1] == '\n'))
			return n;
		if (r->at) {
			memmove(r->buf, r->buf + r->at, avail);
			r->len = avail;
			r->at = 0;
		}
		if (r->len == r->cap) {         /* a line longer than buf */
			r->cap *= 2;
			r->buf = xrealloc(r->buf, r->cap);
		}
		errno = 0;
		size_t got = fread(r->buf + r->len, 1, r->cap - r->len, r->f);
		r->len += got;
		if (got == 0) {
			if (ferror(r->f)) {
				diag_set(&r->err, "%s", strerror(errno ? errno : EIO));
				r->failed = 1;
				return 0;
			}
			r->eof = 1;
		}
	}
}

/* Feeds libcsv the next line (so that row starts and error positions are
 * known by line), or ends the parse at the end of the stream; sets
 * r->ready, r->ended or r->failed. */
static void step(struct table_rows *r)
{
	struct diag *d = &r->err;
	size_t n = next_line(r);

	if (r->failed)
		return;
	if (!r->started) {
		r->started = 1;
		if (n >= 3 && memcmp(r->buf + r->at, "\xEF\xBB\xBF", 3) == 0) {
			r->at += 3;
			r->pos += 3;
			n -= 3;
			if (n == 0)
				n = next_line(r);
		}
	}
	if (n == 0) {
		r->ended = 1;
		if (csv_fini(&r->p, on_field, on_row, r) != 0) {
			d->line = r->open_line;
			diag_set(d, "unterminated quoted field");
			r->failed = 1;
		} else if (bad_row(r, d)) {
			r->failed = 1;
		} else if (!r->have_header) {
			d->line = 1;
			diag_set(d, "empty file: no header row");
			r->failed = 1;
		}
		return;
	}
	const char *text = r->buf + r->at;
	unsigned long fields = r->fields;
	/* Between lines, libcsv holds text only inside a quoted field (the
	 * line break itself is kept), so an empty entry with no field of
	 * this row seen means the next row starts here. */
	int in_field = r->p.entry_pos > 0;

	if (!in_field && r->nrow == 0)
		r->next_line = r->line;
	size_t k = csv_parse(&r->p, text, n, on_field, on_row, r);
	if (k < n) {
		d->line = r->line;
		d->byte = r->pos + (long long)k;
		if (csv_error(&r->p) == CSV_EPARSE)
			quote_error(d, text, n, k);
		else
			diag_set(d, "%s", csv_strerror(csv_error(&r->p)));
		r->failed = 1;
		return;
	}
	if (bad_row(r, d)) {
		r->failed = 1;
		return;
	}
	if (!in_field || r->fields != fields)
		r->open_line = r->line;
	r->at += n;
	r->pos += (long long)n;
	r->line++;
}

/* Reads on until a row is complete (1), the end (0) or an error (-1). */
static int fill(struct table_rows *r)
{
	while (!r->ready && !r->failed && !r->ended)
		step(r);
	return r->failed ? -1 : r->ready;
}

void table_rows_free(struct table_rows *r)
{
	if (!r)
		return;
	csv_free(&r->p);
	free_fields(r->row, &r->nrow);
	free_fields(r->out, &r->nout);
	if (r->header)
		free_fields(r->header, &r->ncols);
	free(r->row);
	free(r->out);
	free(r->header);
	free(r->buf);
	free(r);
}

struct table_rows *table_rows_open(FILE *f, struct diag *d)
{
	struct table_rows *r = xcalloc(1, sizeof *r);
	struct diag scratch;

	if (!d)
		d = &scratch;
	diag_clear(d);
	diag_clear(&r->err);
	r->f = f;
	r->line = r->open_line = 1;
	r->cap = 65536;
	r->buf = xmalloc(r->cap);
	if (csv_init(&r->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		free(r);
		diag_set(d, "cannot start the CSV parser");
		return NULL;
	}
	csv_set_space_func(&r->p, no_space);
	while (!r->have_header && !r->failed && !r->ended)
		step(r);
	if (r->failed) {
		*d = r->err;
		table_rows_free(r);
		return NULL;
	}
	return r;
}

/* Index of the first of names[0..n) equal to name, or -1. */
static int col_of(char *const *names, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return (int)i;
	return -1;
}

int table_rows_col(const struct table_rows *r, const char *name)
{
	return col_of(r->header, r->ncols, name);
}

int table_rows_next(struct table_rows *r, const char *const **fields,
		    long *line, struct diag *d)
{
	free_fields(r->out, &r->nout);
	int got = fill(r);
	if (got < 0) {
		if (d)
			*d = r->err;
		return -1;
	}
	if (!got)
		return 0;
	/* the row's array becomes the one handed out, and the other way */
	char **v = r->out;
	r->out = r->row;
	r->nout = r->nrow;
	r->row = v;
	size_t cap = r->row_cap;
	r->row_cap = r->nout_cap;
	r->nout_cap = cap;
	r->nrow = 0;
	r->ready = 0;
	*fields = (const char *const *)r->out;
	*line = r->row_line;
	return 1;
}

int table_read_stream(FILE *f, struct table *t, struct diag *d)
{
	struct diag scratch;
	size_t cells_cap = 0, rows_cap = 0;
	int got;

	if (!d)
		d = &scratch;
	memset(t, 0, sizeof *t);
	struct table_rows *r = table_rows_open(f, d);
	if (!r)
		return -1;
	/* the header and the rows move from the reader to the table */
	t->ncols = r->ncols;
	t->header = r->header;
	r->header = NULL;
	while ((got = fill(r)) > 0) {
		VEC_GROW(t->cells, (t->nrows + 1) * t->ncols, cells_cap);
		VEC_GROW(t->line, t->nrows + 1, rows_cap);
		memcpy(t->cells + t->nrows * t->ncols, r->row,
		       t->ncols * sizeof *r->row);
		t->line[t->nrows++] = r->row_line;
		r->nrow = 0;
		r->ready = 0;
	}
	if (got < 0)
		*d = r->err;
	table_rows_free(r);
	if (got < 0)
		table_free(t);
	return got < 0 ? -1 : 0;
}

int table_read(const char *path, struct table *t, struct diag *d)
{
	struct diag scratch;
	FILE *f;
	int rc;

	if (!d)
		d = &scratch;
	memset(t, 0, sizeof *t);
	f = fopen(path, "rb");
	if (!f) {
		diag_clear(d);
		diag_set(d, "%s", strerror(errno));
		return -1;
	}
	rc = table_read_stream(f, t, d);
	fclose(f);
	return rc;
}

int table_col(const struct table *t, const char *name)
{
	return col_of(t->header, t->ncols, name);
}

const char *table_get(const struct table *t, size_t row, int col)
{
	if (col < 0)
		return "";
	assert(row < t->nrows && (size_t)col < t->ncols);
	return t->cells[row * t->ncols + (size_t)col];
}

void table_free(struct table *t)
{
	if (!t)
		return;
	if (t->header)
		for (size_t i = 0; i < t->ncols; i++)
			free(t->header[i]);
	if (t->cells)
		for (size_t i = 0; i < t->nrows * t->ncols; i++)
			free(t->cells[i]);
	free(t->header);
	free(t->cells);
	free(t->line);
	memset(t, 0, sizeof *t);
}

/* libcsv's own reader trims unquoted spaces and tabs, so those are quoted
 * too when they start or end a field. */
static int needs_quotes(const char *s, size_t n)
{
	if (n == 0)
		return 0;
	if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t')
		return 1;
	/* a field that starts with U+FEFF would read back, first in a file,
	 * as the byte order mark the reader skips */
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0)
		return 1;
	return strpbrk(s, ",\"\r\n") != NULL;
}

int table_write_row(FILE *f, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *s = fields[i] ? fields[i] : "";
		size_t len = strlen(s);

		if (i > 0 && putc(',', f) == EOF)
			return -1;
		if (needs_quotes(s, len) || (n == 1 && len == 0)) {
			if (csv_fwrite(f, s, len) != 0)
				return -1;
		} else if (len > 0 && fwrite(s, 1, len, f) != len) {
			return -1;
		}
	}
	if (putc('\n', f) == EOF)
		return -1;
	return ferror(f) ? -1 : 0;
}

int table_write_row_excel(FILE *f, const char *const *fields, size_t n,
			  const char *numeric)
{
	const char **v = xcalloc(n + 1, sizeof *v);
	struct buf *fixed = xcalloc(n + 1, sizeof *fixed);

	for (size_t i = 0; i < n; i++) {
		const char *c = fields[i] ? fields[i] : "";
		v[i] = c;
		if (*c && strchr("=+-@\t\r", *c) &&
		    !(numeric && numeric[i] == 'n' && schema_is_decimal(c))) {
			buf_addc(&fixed[i], '\'');
			buf_adds(&fixed[i], c);
			v[i] = fixed[i].p;
		}
	}
	int rc = table_write_row(f, v, n);
	for (size_t i = 0; i < n; i++)
		buf_free(&fixed[i]);
	free(fixed);
	free(v);
	return rc;
}

int table_write_bom(FILE *f)
{
	return fputs("\xEF\xBB\xBF", f) == EOF ? -1 : 0;
}
