/* items: the documents of a run's input, from a folder walk or a
 * manifest. */
#include "nightly/items.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/fs.h"
#include "base/xalloc.h"
#include "pipeline/manifest.h"

static struct item *items_add(struct items *in, const char *path,
			      const char *rel, const char *doc,
			      const char *region, struct date date)
{
	VEC_GROW(in->v, in->n + 1, in->cap);
	struct item *it = &in->v[in->n++];
	memset(it, 0, sizeof *it);
	it->path = xstrdup(path);
	it->rel = xstrdup(rel);
	it->doc = xstrdup(doc);
	it->region = region && *region ? xstrdup(region) : NULL;
	it->date = date;
	if (date.y)
		snprintf(it->date_s, sizeof it->date_s, "%04d-%02d-%02d", date.y,
			 date.m, date.d);
	return it;
}

void items_free(struct items *in)
{
	for (size_t i = 0; i < in->n; i++) {
		free(in->v[i].path);
		free(in->v[i].rel);
		free(in->v[i].doc);
		free(in->v[i].region);
	}
	free(in->v);
	memset(in, 0, sizeof *in);
}

struct walk_ctx {
	struct items *in;
	const struct items_defaults *def;
	FILE *err;
};

/* Is name a document's: *.txt, the suffix in any case (b.TXT)? */
static int is_txt(const char *name)
{
	size_t l = strlen(name);

	return l > 4 && strcasecmp(name + l - 4, ".txt") == 0;
}

/* A file of the input folder: the *.txt are documents, the others are
 * counted as skipped. */
static void walk_file(void *ctx, const char *path, const char *rel,
		      const char *name)
{
	struct walk_ctx *w = ctx;

	if (is_txt(name))
		items_add(w->in, path, rel, rel, w->def->region, w->def->date);
	else
		w->in->skipped++;
}

static void walk_problem(void *ctx, const char *path, const char *rel,
			 const char *name, enum fs_problem what, int err)
{
	struct walk_ctx *w = ctx;

	switch (what) {
	case FS_LOOP:
		fprintf(w->err, "zhibiao: %s: error: folder loop (symlink?); skipped\n", path);
		break;
	case FS_TOO_DEEP:
		fprintf(w->err, "zhibiao: %s: error: folders nested too deep; skipped\n", path);
		break;
	case FS_UNREADABLE:
		fprintf(w->err, "zhibiao: %s: error: %s\n", path, strerror(err));
		break;
	case FS_DANGLING:
		/* a dangling *.txt is a document that cannot be read */
		if (is_txt(name)) {
			fprintf(w->err, "zhibiao: %s: error: %s (dangling symlink?); skipped\n",
				path, strerror(err));
			items_add(w->in, path, rel, rel, w->def->region, w->def->date)->bad = 1;
		} else {
			w->in->skipped++;
		}
		return;
	}
	w->in->problems++;
}

void items_walk(struct items *in, const char *dir,
		const struct items_defaults *def, FILE *err)
{
	struct walk_ctx w = {in, def, err};
	struct fs_walk_ops ops = {walk_file, walk_problem, &w};

	fs_walk(dir, &ops);
}

struct manifest_ctx {
	struct items *in;
	const struct items_defaults *def;
};

static void manifest_item(void *ctx, const struct manifest_row *r)
{
	struct manifest_ctx *m = ctx;
	struct date none = {0, 0, 0};
	struct date date = r->why ? none : r->date.y ? r->date : m->def->date;
	struct item *it = items_add(m->in, r->path, r->rel, *r->doc ? r->doc : r->rel,
				    *r->region ? r->region : m->def->region, date);

	it->line = r->line;
	it->bad = r->why != NULL;
}

int items_read_manifest(struct items *in, const char *manifest,
			const struct items_defaults *def, FILE *err)
{
	struct manifest_ctx m = {in, def};

	return manifest_read(manifest, err, manifest_item, &m);
}

static int item_doc_cmp(const void *a, const void *b)
{
	const struct item *x = *(struct item *const *)a;
	const struct item *y = *(struct item *const *)b;
	int c = strcmp(x->doc, y->doc);

	return c ? c : x < y ? -1 : x > y;
}

void items_mark_duplicates(struct items *in, const char *manifest, FILE *err)
{
	struct item **v = xcalloc(in->n + 1, sizeof *v);

	for (size_t i = 0; i < in->n; i++)
		v[i] = &in->v[i];
	if (in->n)
		qsort(v, in->n, sizeof *v, item_doc_cmp);
	for (size_t i = 1; i < in->n; i++) {
		size_t first = i - 1;
		while (i < in->n && strcmp(v[i]->doc, v[first]->doc) == 0) {
			if (!v[i]->bad)
				fprintf(err, "zhibiao: %s:%ld: error: doc %s is listed twice (first on line %ld); skipped\n",
					manifest ? manifest : "", v[i]->line, v[i]->doc,
					v[first]->line);
			v[i]->bad = v[i]->dup = 1;
			i++;
		}
	}
	free(v);
}

