/* fuzz_extract: one document through the whole extract path, as
 * zhibiao extract runs it: ingest_bytes, then extractor_run with the
 * default rules (loaded once).  Each row is written with emit_row and the
 * CSV read back with table_read_stream.  Checks: every row is sane (line
 * inside the document, evidence valid UTF-8 of at most EVIDENCE_MAX code
 * points, a well-formed period), the CSV reads back with as many rows as
 * were handed over, and a second run of the same extractor over the same
 * document gives the same rows (no state left from one document). */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/emit.h"
#include "pipeline/extract.h"
#include "pipeline/ingest.h"
#include "pipeline/rules.h"
#include "base/table.h"

#ifndef ZHIBIAO_RULES_DIR
#define ZHIBIAO_RULES_DIR "rules"
#endif

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_extract: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static struct rule_set *rs;
static struct extractor *x;

static void on_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	diag_print(stderr, file, d, "error");
}

int LLVMFuzzerInitialize(int *argc, char ***argv);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *env = getenv("ZHIBIAO_RULES");

	(void)argc;
	(void)argv;
	rs = rules_load(env && *env ? env : ZHIBIAO_RULES_DIR, on_error, NULL);
	if (!rs) {
		fprintf(stderr, "fuzz_extract: cannot load the default rules\n");
		exit(1);
	}
	x = extractor_new(rs);
	return 0;
}

struct rows {
	FILE *csv;
	long n, lines;
	unsigned long sum;        /* a digest of the rows, for the rerun */
};

static int utf8_ok(const char *s, long *cps)
{
	const unsigned char *p = (const unsigned char *)s;

	*cps = 0;
	while (*p) {
		size_t k = *p < 0x80 ? 1 : *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 :
			   *p >= 0xC2 ? 2 : 0;
		if (!k)
			return 0;
		for (size_t j = 1; j < k; j++)
			if ((p[j] & 0xC0) != 0x80)
				return 0;
		p += k;
		(*cps)++;
	}
	return 1;
}

static int on_obs(void *ctx, const struct obs *o)
{
	struct rows *r = ctx;
	long cps;

	CHECK(o->doc && o->indicator && o->rule && o->qualifier && o->scope &&
	      o->region);
	CHECK(o->line >= 1 && o->line <= r->lines);
	CHECK(utf8_ok(o->evidence, &cps) && cps <= EVIDENCE_MAX);
	CHECK(memchr(o->period, '\0', sizeof o->period) != NULL);
	/* "", YYYY, YYYY-Qn, YYYY-Hn, YYYY-MM, YYYY-MM-DD, YYYY-MM/YYYY-MM */
	size_t pl = strlen(o->period);
	CHECK(pl == 0 || pl == 4 || pl == 7 || pl == 10 || pl == 15);
	CHECK(emit_row(r->csv, o, 0) == 0);
	r->n++;
	for (const char *p = o->evidence; *p; p++)
		r->sum = r->sum * 31 + (unsigned char)*p;
	r->sum = r->sum * 31 + (unsigned long)o->value.mant + (unsigned)o->value.exp;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct date dates[] = {{0, 0, 0}, {2025, 5, 9}, {2024, 1, 8}};
	struct buf text = {0};
	struct diag d;
	char *csv = NULL;
	size_t csvlen = 0;

	diag_clear(&d);
	if (ingest_bytes((const char *)data, size, &text, NULL, &d) < 0) {
		CHECK(d.msg[0] && d.byte >= 0 && (size_t)d.byte <= size);
		buf_free(&text);
		return 0;
	}
	struct rows r = {open_memstream(&csv, &csvlen), 0, 1, 0};
	CHECK(r.csv != NULL);
	for (size_t i = 0; i < text.len; i++)
		r.lines += text.p[i] == '\n';
	struct doc doc = {"fuzz.txt", "区", dates[size % 3], NULL};
	struct sink sink = {on_obs, NULL, &r};
	CHECK(emit_header(r.csv) == 0);
	long got = extractor_run(x, &doc, text.p ? text.p : "", text.len, &sink);
	CHECK(got == r.n);
	fflush(r.csv);

	/* the CSV reads back: a header and one record per row */
	FILE *in = fmemopen(csv, csvlen, "r");
	struct table t;
	struct diag td;
	CHECK(in != NULL);
	if (table_read_stream(in, &t, &td) != 0) {
		fprintf(stderr, "fuzz_extract: the CSV does not read back: %ld: %s\n",
			td.line, td.msg);
		abort();
	}
	CHECK(t.ncols == EMIT_COLUMNS && t.nrows == (size_t)r.n);
	table_free(&t);
	fclose(in);

	/* the same document again: the same rows */
	long first = r.n;
	unsigned long sum = r.sum;
	r.n = 0;
	r.sum = 0;
	rewind(r.csv);
	got = extractor_run(x, &doc, text.p ? text.p : "", text.len, &sink);
	CHECK(got == first && r.n == first && r.sum == sum);
	fclose(r.csv);
	free(csv);
	buf_free(&text);
	return 0;
}
