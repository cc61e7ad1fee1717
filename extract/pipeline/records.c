/* records: one document a line, for streaming engines. */
#include "pipeline/records.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/period.h"

static int put_escaped(FILE *f, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *esc = p[i] == '\\' ? "\\\\" : p[i] == '\t' ? "\\t" :
				  p[i] == '\n' ? "\\n" : p[i] == '\r' ? "\\r" : NULL;
		if (esc ? fputs(esc, f) == EOF : putc(p[i], f) == EOF)
			return -1;
	}
	return 0;
}

int records_write(FILE *f, const char *doc, const char *date,
		  const char *region, const char *text, size_t len)
{
	if (put_escaped(f, doc, strlen(doc)) || putc('\t', f) == EOF ||
	    put_escaped(f, date, strlen(date)) || putc('\t', f) == EOF ||
	    put_escaped(f, region, strlen(region)) || putc('\t', f) == EOF ||
	    put_escaped(f, text, len) || putc('\n', f) == EOF)
		return -1;
	return 0;
}

/* Appends the unescaped p[0..n) and a NUL to b; returns its offset. */
static size_t add_field(struct buf *b, const char *p, size_t n)
{
	size_t at = b->len;

	for (size_t i = 0; i < n; i++) {
		char c = p[i];
		if (c == '\\' && i + 1 < n) {
			char e = p[++i];
			c = e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e;
		}
		buf_addc(b, c);
	}
	buf_addc(b, '\0');
	return at;
}

int records_next(void *ctx, struct job_input *in, struct buf *store, FILE *err)
{
	struct record_reader *r = ctx;
	ssize_t n;

	do {
		n = getline(&r->lbuf, &r->lcap, r->f);
		if (n < 0) {
			if (ferror(r->f)) {
				fprintf(err, "zhibiao: %s: read error\n", r->path);
				return -1;
			}
			return 0;
		}
		r->line++;
		while (n > 0 && (r->lbuf[n - 1] == '\n' || r->lbuf[n - 1] == '\r'))
			n--;
	} while (n == 0);

	const char *f[4];
	size_t len[4], k = 0;
	const char *p = r->lbuf, *end = r->lbuf + n;
	while (k < 3) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		if (!tab)
			break;
		f[k] = p;
		len[k++] = (size_t)(tab - p);
		p = tab + 1;
	}
	f[k] = p;
	len[k] = (size_t)(end - p);
	buf_clear(store);
	memset(in, 0, sizeof *in);
	size_t o_doc = add_field(store, f[0], len[0]);
	const char *why = NULL;
	if (k < 3) {
		why = "a record is DOC<TAB>DATE<TAB>REGION<TAB>TEXT";
	} else {
		size_t o_date = add_field(store, f[1], len[1]);
		size_t o_reg = add_field(store, f[2], len[2]);
		size_t o_text = add_field(store, f[3], len[3]);
		in->doc = store->p + o_doc;
		in->region = store->p + o_reg;
		in->text = store->p + o_text;
		in->len = store->len - o_text - 1;
		if (store->p[o_date] && !date_parse(store->p + o_date, &in->date))
			why = "the date is not a valid YYYY-MM-DD";
	}
	in->doc = store->p + o_doc;
	in->path = in->doc;
	if (why) {
		fprintf(err, "zhibiao: %s:%ld: error: %s; skipped\n", r->path,
			r->line, why);
		in->failed = 1;
		in->text = "";
	}
	return 1;
}

void records_reader_free(struct record_reader *r)
{
	free(r->lbuf);
	r->lbuf = NULL;
	r->lcap = 0;
}
