/* manifest: input manifests, read through libcsv and checked row by row. */
#include "pipeline/manifest.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/table.h"
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

int manifest_read(const char *path, FILE *err,
		  void (*row)(void *ctx, const struct manifest_row *r), void *ctx)
{
	static const char *const cols[] = {"doc", "path", "date", "region"};
	struct table t;
	struct diag d;
	int c[4];

	if (manifest_table(path, &t, &d) < 0) {
		diag_print(err, path, &d, "error");
		return -1;
	}
	for (int i = 0; i < 4; i++)
		if ((c[i] = table_col(&t, cols[i])) < 0) {
			fprintf(err, "zhibiao: %s:1: error: manifest lacks the column '%s' (needs doc,path,date,region)\n",
				path, cols[i]);
			table_free(&t);
			return -1;
		}
	/* the folder, and its real path to tell a path that escapes it */
	char *dir = xstrdup(path);
	char *slash = strrchr(dir, '/');
	if (slash)
		slash[1] = '\0';
	else
		dir[0] = '\0';
	char *rdir = realpath(dir[0] ? dir : ".", NULL);
	size_t rl = rdir ? strlen(rdir) : 0;
	for (size_t r = 0; r < t.nrows; r++) {
		char date_s[16] = "";
		struct manifest_row m = {
			.doc = table_get(&t, r, c[0]), .rel = table_get(&t, r, c[1]),
			.date_s = table_get(&t, r, c[2]), .region = table_get(&t, r, c[3]),
			.line = t.line[r],
		};
		struct buf p = {0};
		if (m.rel[0] == '/')
			buf_adds(&p, m.rel);
		else
			buf_printf(&p, "%s%s", dir, m.rel);
		m.path = p.p;
		if (!*m.doc)
			m.why = "empty doc";
		else if (!*m.rel)
			m.why = "empty path";
		else if (*m.date_s && !date_parse_loose(m.date_s, &m.date))
			m.why = "date is not a valid date (2025-05-09, 2025/5/9, 2025.5.9 or 2025年5月9日)";
		if (!m.why && *m.date_s) {
			date_format(m.date, date_s);
			m.date_s = date_s;
		}
		struct stat ls;
		if (!m.why && plain_name(m.rel) && lstat(p.p, &ls) == 0 &&
		    !S_ISLNK(ls.st_mode)) {
			/* a name in the folder itself, not a symlink: inside,
			 * without realpath's walk of every component */
		} else if (!m.why) {
			char *real = realpath(p.p, NULL);
			if (!real) {
				/* a dangling symlink is reported when it is read */
				if (lstat(p.p, &ls) != 0)
					m.why = "path does not exist";
			} else if (m.rel[0] != '/' && rdir && strcmp(rdir, "/") != 0 &&
				   (strncmp(real, rdir, rl) != 0 ||
				    (real[rl] != '/' && real[rl]))) {
				m.why = "path escapes the manifest's folder";
			}
			free(real);
		}
		if (m.why) {
			fprintf(err, "zhibiao: %s:%ld: error: %s (doc %s, path %s); skipped\n",
				path, m.line, m.why, m.doc, m.rel);
			m.date = (struct date){0, 0, 0};
		}
		row(ctx, &m);
		buf_free(&p);
	}
	free(rdir);
	free(dir);
	table_free(&t);
	return 0;
}
