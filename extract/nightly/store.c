/* store: one CSV file per document, written atomically, read back into
 * observations.csv. */
#define _GNU_SOURCE               /* syncfs */
#include "nightly/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "base/table.h"
#include "nightly/state.h"
#include "pipeline/emit.h"

void store_init(struct run_store *s, const char *out,
		const struct diag_sink *sink, FILE *err)
{
	memset(s, 0, sizeof *s);
	s->dir = path_join(out, "store");
	s->sink = sink;
	s->err = err;
}

void store_free(struct run_store *s)
{
	free(s->dir);
	buf_free(&s->raw);
	s->dir = NULL;
}

char *store_path(const struct run_store *s, uint64_t key)
{
	char name[32];

	snprintf(name, sizeof name, "%016" PRIx64 ".csv", key);
	return path_join(s->dir, name);
}

int store_exists(const struct run_store *s, uint64_t key)
{
	char *p = store_path(s, key);
	int ok = fs_is_file(p);

	free(p);
	return ok;
}

/* Writes the header and the rows of doc from *r on to the store file of
 * key; *r moves past them, *n counts them.  Returns 0 or -1 (reported). */
static int store_doc(struct run_store *s, const struct table *t, size_t *r,
		     const char *doc, uint64_t key, long *n)
{
	struct atomic_file a;
	char *p = store_path(s, key);
	int rc = -1;

	*n = 0;
	if (!atomic_open(&a, p, s->sink))
		goto out;
	int ok = table_write_row(a.f, (const char *const *)t->header,
				 t->ncols) == 0;
	while (ok && *r < t->nrows && strcmp(table_get(t, *r, 0), doc) == 0) {
		ok = table_write_row(a.f, (const char *const *)&t->cells[*r * t->ncols],
				     t->ncols) == 0;
		++*r;
		++*n;
	}
	if (atomic_close(&a, 1, 0, s->sink) < 0 || !ok)
		goto out;
	rc = 0;
out:
	free(p);
	return rc;
}

int store_split(struct run_store *s, const char *rows, size_t len,
		size_t n, const char *const *docs, const uint64_t *keys,
		long *nrows)
{
	struct table t;
	struct diag d;
	FILE *f = fmemopen((void *)rows, len, "r");
	int rc = 0;

	if (!f || table_read_stream(f, &t, &d) < 0) {
		fprintf(s->err, "zhibiao: internal error: the rows of a batch do not parse back: %s\n",
			f ? d.msg : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	fclose(f);
	size_t r = 0;
	for (size_t b = 0; b < n && rc == 0; b++)
		rc = store_doc(s, &t, &r, docs[b], keys[b], &nrows[b]);
	if (!rc && r != t.nrows) {
		fprintf(s->err, "zhibiao: internal error: rows of document '%s' out of order\n",
			table_get(&t, r, 0));
		rc = -1;
	}
	table_free(&t);
	return rc;
}

/* The rows of raw (a store file) written for a spreadsheet; 0 or -1
 * when they cannot be read back (d says why). */
static int copy_excel(const struct buf *raw, FILE *out, struct diag *d)
{
	struct table t;
	FILE *in = fmemopen(raw->p, raw->len, "r");

	if (!in)
		xalloc_die(0);
	int rc = table_read_stream(in, &t, d);
	fclose(in);
	if (rc == 0 && t.ncols != EMIT_COLUMNS) {
		diag_set(d, "%zu columns, not %d", t.ncols, EMIT_COLUMNS);
		rc = -1;
	}
	/* a short write shows in out's error flag, which its owner checks */
	for (size_t r = 0; rc == 0 && r < t.nrows; r++)
		if (emit_fields(out, (const char *const *)t.cells + r * t.ncols, 1) < 0)
			break;
	table_free(&t);
	return rc;
}

int store_copy_body(struct run_store *s, uint64_t key, const char *header,
		    int excel, FILE *out)
{
	struct diag d;
	struct stat st;
	char *path = store_path(s, key);
	int rc = -1;

	buf_clear(&s->raw);
	if (fs_read_all(path, &s->raw, &st) < 0) {
		fprintf(s->err, "zhibiao: %s: error: %s (run with --full to rebuild the store)\n",
			path, strerror(errno));
		goto out;
	}
	size_t hl = strlen(header);
	if (s->raw.len < hl || memcmp(s->raw.p, header, hl) != 0) {
		fprintf(s->err, "zhibiao: %s:1: error: not a store file of this version (run with --full to rebuild the store)\n",
			path);
		goto out;
	}
	diag_clear(&d);
	if (excel) {
		if (copy_excel(&s->raw, out, &d) < 0) {
			fprintf(s->err, "zhibiao: %s:%ld: error: %s (run with --full to rebuild the store)\n",
				path, d.line, d.msg);
			goto out;
		}
	} else if (s->raw.len > hl) {
		/* a short write shows in out's error flag, which its owner
		 * checks */
		(void)fwrite(s->raw.p + hl, 1, s->raw.len - hl, out);
	}
	rc = 0;
out:
	free(path);
	return rc;
}

static int key_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

void store_prune(const struct run_store *s, const uint64_t *keys, size_t n)
{
	DIR *d = opendir(s->dir);
	struct dirent *de;
	uint64_t *sorted = xcalloc(n + 1, sizeof *sorted);

	if (n)
		memcpy(sorted, keys, n * sizeof *keys);
	if (n > 1)
		qsort(sorted, n, sizeof *sorted, key_cmp);
	while (d && (de = readdir(d))) {
		uint64_t k;
		char hex[17];
		if (strlen(de->d_name) != 20 || strcmp(de->d_name + 16, ".csv") != 0)
			continue;
		memcpy(hex, de->d_name, 16);
		hex[16] = '\0';
		if (!run_parse_hex64(hex, &k) ||
		    (n && bsearch(&k, sorted, n, sizeof *sorted, key_cmp)))
			continue;
		char *p = path_join(s->dir, de->d_name);
		unlink(p);
		free(p);
	}
	if (d)
		closedir(d);
	free(sorted);
}

void store_sync(const struct run_store *s)
{
	int fd = open(s->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd >= 0) {
		syncfs(fd);
		close(fd);
	}
}
