/* table: whole-file CSV reading and row writing through libcsv. */
#include "base/table.h"
#include "base/utf8.h"

#include <assert.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "base/schema.h"
#include "base/xalloc.h"

/* The state the libcsv callbacks build the table in. */
struct reader {
	struct table *t;
	size_t cells_cap, rows_cap;
	char **row;           /* fields of the row being read */
	size_t nrow, row_cap;
	long row_line;        /* line where the row being read started */
	long next_line;       /* line where the next row would start */
	unsigned long fields; /* fields delivered so far, all rows */
	int have_header;
	int bad_count;        /* a row had the wrong number of fields */
	size_t bad_got;
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
	struct reader *r = data;

	r->fields++;
	if (r->bad_count)
		return;
	if (r->nrow == 0)
		r->row_line = r->next_line;
	VEC_GROW(r->row, r->nrow + 1, r->row_cap);
	/* s is NULL only if libcsv never allocated its buffer */
	r->row[r->nrow++] = s ? xstrndup(s, strnlen(s, len)) : xstrdup("");
}

static void drop_row(struct reader *r)
{
	for (size_t i = 0; i < r->nrow; i++)
		free(r->row[i]);
	r->nrow = 0;
}

static void on_row(int c, void *data)
{
	struct reader *r = data;
	struct table *t = r->t;

	(void)c;
	if (r->bad_count)
		return;
	if (!r->have_header) {
		t->ncols = r->nrow;
		t->header = xmalloc(r->nrow * sizeof *t->header);
		memcpy(t->header, r->row, r->nrow * sizeof *r->row);
		r->nrow = 0;
		r->have_header = 1;
		return;
	}
	if (r->nrow != t->ncols) {
		r->bad_count = 1;
		r->bad_got = r->nrow;
		drop_row(r);
		return;
	}
	VEC_GROW(t->cells, (t->nrows + 1) * t->ncols, r->cells_cap);
	VEC_GROW(t->line, t->nrows + 1, r->rows_cap);
	memcpy(t->cells + t->nrows * t->ncols, r->row,
	       t->ncols * sizeof *r->row);
	t->line[t->nrows++] = r->row_line;
	r->nrow = 0;
}

/* Reads all of f into b.  Returns 0, or -1 with errno set. */
static int slurp(FILE *f, struct buf *b)
{
	char tmp[65536];
	size_t n;

	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(b, tmp, n);
	if (ferror(f)) {
		if (!errno)
			errno = EIO;
		return -1;
	}
	if (!b->p)
		buf_add(b, "", 0);
	return 0;
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

/* Feeds the text to libcsv one line at a time, so that row starts and error
 * positions are known by line.  Returns 0, or -1 with d set. */
/* When a row had the wrong number of fields: says so in d, returns 1. */
static int bad_row(const struct reader *r, struct diag *d)
{
	if (!r->bad_count)
		return 0;
	d->line = r->row_line;
	diag_set(d, "expected %zu fields as in the header, got %zu",
		 r->t->ncols, r->bad_got);
	return 1;
}

static int parse(const char *text, size_t len, size_t bom, struct reader *r,
		 struct diag *d)
{
	struct csv_parser p;
	long line = 1, open_line = 1;
	size_t pos = bom;
	int rc = -1;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		diag_set(d, "cannot start the CSV parser");
		return -1;
	}
	csv_set_space_func(&p, no_space);
	while (pos < len) {
		size_t n = line_end(text + pos, len - pos);
		unsigned long fields = r->fields;
		/* Between lines, libcsv holds text only inside a quoted field
		 * (the line break itself is kept), so an empty entry with no
		 * field of this row seen means the next row starts here. */
		int in_field = p.entry_pos > 0;

		if (!in_field && r->nrow == 0)
			r->next_line = line;
		size_t k = csv_parse(&p, text + pos, n, on_field, on_row, r);
		if (k < n) {
			d->line = line;
			d->byte = (long long)(pos + k);
			if (csv_error(&p) == CSV_EPARSE)
				quote_error(d, text + pos, n, k);
			else
				diag_set(d, "%s", csv_strerror(csv_error(&p)));
			goto out;
		}
		if (bad_row(r, d))
			goto out;
		if (!in_field || r->fields != fields)
			open_line = line;
		pos += n;
		line++;
	}
	if (csv_fini(&p, on_field, on_row, r) != 0) {
		d->line = open_line;
		diag_set(d, "unterminated quoted field");
		goto out;
	}
	if (bad_row(r, d))
		goto out;
	if (!r->have_header) {
		d->line = 1;
		diag_set(d, "empty file: no header row");
		goto out;
	}
	rc = 0;
out:
	csv_free(&p);
	return rc;
}

int table_read_stream(FILE *f, struct table *t, struct diag *d)
{
	struct diag scratch;
	struct buf b = {0};
	struct reader r = {0};
	int rc = -1;

	if (!d)
		d = &scratch;
	diag_clear(d);
	memset(t, 0, sizeof *t);
	r.t = t;
	if (slurp(f, &b) != 0) {
		diag_set(d, "%s", strerror(errno));
		goto out;
	}
	size_t bom = b.len >= 3 && memcmp(b.p, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
	rc = parse(b.p, b.len, bom, &r, d);
out:
	drop_row(&r);
	free(r.row);
	buf_free(&b);
	if (rc != 0)
		table_free(t);
	return rc;
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
	for (size_t i = 0; i < t->ncols; i++)
		if (strcmp(t->header[i], name) == 0)
			return (int)i;
	return -1;
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
