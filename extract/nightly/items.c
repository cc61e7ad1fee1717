/* items: the documents of a run's input, from a folder walk or a
 * manifest. */
#include "nightly/items.h"

#include <stdlib.h>
#include <string.h>

#include "base/fs.h"
#include "base/xalloc.h"
#include "pipeline/manifest.h"

static struct item *items_add(struct items *in, const char *path,
			      const char *rel, const char *doc,
			      const char *region)
{
	VEC_GROW(in->v, in->n + 1, in->cap);
	struct item *it = &in->v[in->n++];
	memset(it, 0, sizeof *it);
	it->path = xstrdup(path);
	it->rel = xstrdup(rel);
	it->doc = xstrdup(doc);
	it->region = region && *region ? xstrdup(region) : NULL;
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
	const char *region;
	FILE *err;
};

/* A file of the input folder: the *.txt are documents. */
static void walk_file(void *ctx, const char *path, const char *rel,
		      const char *name)
{
	struct walk_ctx *w = ctx;
	size_t l = strlen(name);

	if (l > 4 && strcmp(name + l - 4, ".txt") == 0)
		items_add(w->in, path, rel, rel, w->region);
}

static void walk_problem(void *ctx, const char *path, const char *rel,
			 const char *name, enum fs_problem what, int err)
{
	struct walk_ctx *w = ctx;
	size_t l = strlen(name);

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
		if (l > 4 && strcmp(name + l - 4, ".txt") == 0) {
			fprintf(w->err, "zhibiao: %s: error: %s (dangling symlink?); skipped\n",
				path, strerror(err));
			items_add(w->in, path, rel, rel, w->region)->bad = 1;
		}
		return;
	}
	w->in->problems++;
}

void items_walk(struct items *in, const char *dir, const char *region,
		 FILE *err)
{
	struct walk_ctx w = {in, region, err};
	struct fs_walk_ops ops = {walk_file, walk_problem, &w};

	fs_walk(dir, &ops);
}

struct manifest_ctx {
	struct items *in;
	const char *region;
};

static void manifest_item(void *ctx, const struct manifest_row *r)
{
	struct manifest_ctx *m = ctx;
	struct item *it = items_add(m->in, r->path, r->rel, *r->doc ? r->doc : r->rel,
				    *r->region ? r->region : m->region);

	it->line = r->line;
	if (!r->why) {
		it->date = r->date;
		snprintf(it->date_s, sizeof it->date_s, "%s", r->date_s);
	} else {
		it->bad = 1;
	}
}

int items_read_manifest(struct items *in, const char *manifest,
			const char *region, FILE *err)
{
	struct manifest_ctx m = {in, region};

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
			v[i]->bad = 1;
			i++;
		}
	}
	free(v);
}

