/* manifest: input manifests, read through libcsv row by row (twice: to
 * check them, then to hand the rows on) and checked row by row. */
#include "pipeline/manifest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/table.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "pipeline/ingest.h"

int manifest_table(const char *path, struct table *t, struct diag *d)
{
	struct buf text = {0};
	int rc = -1;

	memset(t, 0, sizeof *t);
	diag_clear(d);
	/* as Excel saves it: UTF-8 with or without BOM, or GBK/GB18030 */
	if (ingest_file(path, &text, NULL, d) < 0)
		goto out;
	FILE *f = fmemopen(text.p ? text.p : "", text.len, "r");
	if (!f)
		xalloc_die(text.len);
	rc = table_read_stream(f, t, d);
	fclose(f);
out:
	buf_free(&text);
	return rc;
}

/* 1 when rel names an entry of the manifest's folder itself: no '/',
 * not "." or "..". */
static int plain_name(const char *rel)
{
	return !strchr(rel, '/') && strcmp(rel, ".") != 0 && strcmp(rel, "..") != 0;
}

/* A manifest row that is bad and why, as the first reading found it. */
struct bad_row {
	long line;
	const char *why;
};

struct manifest {
	const char *path;
	FILE *err;
	FILE *f;                  /* the file, or the decoded text in memory */
	long start;               /* where the text starts in f (past a BOM) */
	struct buf text;          /* the decoded text of a manifest that is not
				   * plain UTF-8 */
	struct table_rows *rows;
	int c[4];                 /* the columns doc, path, date, region */
	char *dir;                /* the manifest's folder, "" or ending in '/' */
	char *rdir;               /* its real path, NULL if unknown */
	size_t rl;
	int dirfd;                /* the folder open, or -1 */
	struct bad_row *bad;      /* in file order */
	size_t nbad, badcap, ibad;
	struct buf p;             /* the current row's joined path */
	char date_s[16];
};

/* 1 when f holds UTF-8 with no NUL byte and no bad sequence, which ingest
 * would hand on as it is (but for a BOM); read in pieces, so that memory
 * does not grow with the file. */
static int plain_utf8(FILE *f)
{
	unsigned char b[65536 + 4];
	size_t keep = 0, n;

	while ((n = fread(b + keep, 1, sizeof b - keep, f)) > 0) {
		size_t i = 0, k;
		n += keep;
		while (i < n) {
			if (b[i] == 0)
				return 0;
			if (b[i] < 0x80) {
				i++;
				continue;
			}
			if ((k = utf8_seq(b + i, n - i)) != 0) {
				i += k;
				continue;
			}
			if (n - i >= 4)
				return 0;
			break;          /* perhaps cut by the piece: read on */
		}
		keep = n - i;
		memmove(b, b + i, keep);
	}
	return keep == 0 && !ferror(f);
}

/* Opens the manifest's text as a stream in m->f: the file itself when it
 * is plain UTF-8, else what ingest decodes it to (GB18030, UTF-16: in
 * memory).  Returns 0, or -1 with d set as ingest sets it. */
static int open_text(struct manifest *m, struct diag *d)
{
	/* O_NONBLOCK: opening a FIFO would wait for a writer */
	int fd = open(m->path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	struct stat st;

	if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    (m->f = fdopen(fd, "rb")) != NULL) {
		unsigned char bom[3];
		if (plain_utf8(m->f) && fseek(m->f, 0, SEEK_SET) == 0) {
			m->start = fread(bom, 1, 3, m->f) == 3 &&
				   memcmp(bom, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
			if (fseek(m->f, m->start, SEEK_SET) == 0)
				return 0;
		}
		fclose(m->f);
		m->f = NULL;
	} else if (fd >= 0) {
		close(fd);
	}
	/* everything else, errors included, as ingest reads a document */
	if (ingest_file(m->path, &m->text, NULL, d) < 0)
		return -1;
	m->f = fmemopen(m->text.p, m->text.len, "r");
	if (!m->f)
		xalloc_die(m->text.len);
	m->start = 0;
	return 0;
}

/* Fills r from a row's fields: the path joined to the folder, the date
 * read, and why it is unusable when that shows it. */
static void row_fill(struct manifest *m, const char *const *f, long line,
		     struct manifest_row *r)
{
	const int *c = m->c;

	*r = (struct manifest_row){
		.doc = f[c[0]], .rel = f[c[1]], .date_s = f[c[2]],
		.region = f[c[3]], .line = line,
	};
	buf_clear(&m->p);
	if (r->rel[0] == '/')
		buf_adds(&m->p, r->rel);
	else {
		buf_adds(&m->p, m->dir);
		buf_adds(&m->p, r->rel);
	}
	r->path = m->p.p;
	if (!*r->doc)
		r->why = "empty doc";
	else if (!*r->rel)
		r->why = "empty path";
	else if (*r->date_s && !date_parse_loose(r->date_s, &r->date))
		r->why = "date is not a valid date (2025-05-09, 2025/5/9, 2025.5.9 or 2025年5月9日)";
	if (!r->why && *r->date_s) {
		date_format(r->date, m->date_s);
		r->date_s = m->date_s;
	}
}

/* Why the row's file cannot be used: missing, or outside the manifest's
 * folder; NULL when it can. */
static const char *row_file_check(const struct manifest *m,
				  const struct manifest_row *r)
{
	struct stat ls;
	const char *why = NULL;

	/* a name in the folder itself, not a symlink: inside, without
	 * realpath's walk of every component (and, from the open folder,
	 * without a walk of the folder's own path for every row) */
	if (plain_name(r->rel) &&
	    (m->dirfd >= 0 ? fstatat(m->dirfd, r->rel, &ls, AT_SYMLINK_NOFOLLOW) :
	     lstat(r->path, &ls)) == 0 && !S_ISLNK(ls.st_mode))
		return NULL;
	char *real = realpath(r->path, NULL);
	if (!real) {
		/* a dangling symlink is reported when it is read */
		if (lstat(r->path, &ls) != 0)
			why = "path does not exist";
	} else if (r->rel[0] != '/' && m->rdir && strcmp(m->rdir, "/") != 0 &&
		   (strncmp(real, m->rdir, m->rl) != 0 ||
		    (real[m->rl] != '/' && real[m->rl]))) {
		why = "path escapes the manifest's folder";
	}
	free(real);
	return why;
}

/* Reports the bad row r to f. */
static void report_row(FILE *f, const struct manifest *m,
		       const struct manifest_row *r)
{
	fprintf(f, "zhibiao: %s:%ld: error: %s (doc %s, path %s); skipped\n",
		m->path, r->line, r->why, r->doc, r->rel);
}

/* Starts reading the rows from the top; 0, or -1 with d set. */
static int rows_open(struct manifest *m, struct diag *d)
{
	table_rows_free(m->rows);
	m->rows = NULL;
	if (fseek(m->f, m->start, SEEK_SET) != 0) {
		diag_clear(d);
		diag_set(d, "%s", strerror(errno));
		return -1;
	}
	m->rows = table_rows_open(m->f, d);
	return m->rows ? 0 : -1;
}

/* The first reading: the whole file is read and each row checked before
 * any row is handed on, so that a manifest that cannot be used is refused
 * before any document is read, and the bad rows are reported first, as
 * when the manifest was held whole.  Returns 0 or -1, reported. */
static int check_all(struct manifest *m, FILE *err)
{
	static const char *const cols[] = {"doc", "path", "date", "region"};
	const char *missing = NULL;
	const char *const *f;
	char *msg = NULL;
	size_t msglen = 0;
	struct diag d;
	long line;
	int got;

	if (rows_open(m, &d) < 0) {
		diag_print(err, m->path, &d, "error");
		return -1;
	}
	for (int i = 0; i < 4; i++)
		if ((m->c[i] = table_rows_col(m->rows, cols[i])) < 0 && !missing)
			missing = cols[i];
	FILE *ms = open_memstream(&msg, &msglen);
	if (!ms)
		xalloc_die(0);
	while ((got = table_rows_next(m->rows, &f, &line, &d)) > 0) {
		if (missing)
			continue;       /* a CSV error later still comes first */
		struct manifest_row r;
		row_fill(m, f, line, &r);
		if (!r.why)
			r.why = row_file_check(m, &r);
		if (!r.why)
			continue;
		report_row(ms, m, &r);
		VEC_GROW(m->bad, m->nbad + 1, m->badcap);
		m->bad[m->nbad++] = (struct bad_row){r.line, r.why};
	}
	fclose(ms);
	if (got < 0)
		diag_print(err, m->path, &d, "error");
	else if (missing)
		fprintf(err, "zhibiao: %s:1: error: manifest lacks the column '%s' (needs doc,path,date,region)\n",
			m->path, missing);
	else
		fwrite(msg, 1, msglen, err);
	free(msg);
	return got < 0 || missing ? -1 : 0;
}

struct manifest *manifest_open(const char *path, FILE *err)
{
	struct manifest *m = xcalloc(1, sizeof *m);
	struct diag d;

	m->dirfd = -1;
	m->path = path;
	m->err = err;
	if (open_text(m, &d) < 0) {
		diag_print(err, path, &d, "error");
		goto fail;
	}
	/* the folder, and its real path to tell a path that escapes it */
	m->dir = xstrdup(path);
	char *slash = strrchr(m->dir, '/');
	if (slash)
		slash[1] = '\0';
	else
		m->dir[0] = '\0';
	m->rdir = realpath(m->dir[0] ? m->dir : ".", NULL);
	m->rl = m->rdir ? strlen(m->rdir) : 0;
	m->dirfd = open(m->dir[0] ? m->dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ok = check_all(m, err);
	if (m->dirfd >= 0)
		close(m->dirfd);
	m->dirfd = -1;
	if (ok < 0)
		goto fail;
	/* the second reading hands the rows on */
	if (rows_open(m, &d) < 0) {
		diag_print(err, path, &d, "error");
		goto fail;
	}
	return m;
fail:
	manifest_close(m);
	return NULL;
}

int manifest_next(struct manifest *m, struct manifest_row *r)
{
	const char *const *f;
	struct diag d;
	long line;
	int got = table_rows_next(m->rows, &f, &line, &d);

	if (got < 0)
		diag_print(m->err, m->path, &d, "error");
	if (got <= 0)
		return got;
	row_fill(m, f, line, r);
	while (m->ibad < m->nbad && m->bad[m->ibad].line < line)
		m->ibad++;
	if (m->ibad < m->nbad && m->bad[m->ibad].line == line)
		r->why = m->bad[m->ibad++].why;
	else if (r->why)        /* the file changed since it was checked */
		report_row(m->err, m, r);
	if (r->why)
		r->date = (struct date){0, 0, 0};
	return 1;
}

void manifest_close(struct manifest *m)
{
	if (!m)
		return;
	table_rows_free(m->rows);
	if (m->f)
		fclose(m->f);
	buf_free(&m->text);
	buf_free(&m->p);
	free(m->bad);
	free(m->rdir);
	free(m->dir);
	free(m);
}

int manifest_read(const char *path, FILE *err,
		  void (*row)(void *ctx, const struct manifest_row *r), void *ctx)
{
	struct manifest *m = manifest_open(path, err);
	struct manifest_row r;
	int got;

	if (!m)
		return -1;
	while ((got = manifest_next(m, &r)) > 0)
		row(ctx, &r);
	manifest_close(m);
	return got < 0 ? -1 : 0;
}
