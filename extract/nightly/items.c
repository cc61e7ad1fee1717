/* items: the documents of a run's input, as inputs.c gathers them. */
#include "nightly/items.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"

int items_gather(struct items *in, const char *dir, const char *manifest,
		 const struct inputs_opts *o)
{
	memset(in, 0, sizeof *in);
	if (dir)
		inputs_add_folder(&in->src, dir, o);
	else if (inputs_add_manifest(&in->src, manifest, o) < 0)
		return -1;
	in->n = in->src.n;
	in->v = xcalloc(in->n + 1, sizeof *in->v);
	for (size_t i = 0; i < in->n; i++) {
		struct input *s = &in->src.v[i];
		struct item *it = &in->v[i];
		it->path = s->path;
		it->rel = s->rel;
		it->doc = s->doc;
		it->region = s->region;
		it->date = s->date;
		it->date_s = s->date_s;
		it->bad = s->failed;
		it->line = s->line;
	}
	return 0;
}

void items_free(struct items *in)
{
	inputs_free(&in->src);
	free(in->v);
	memset(in, 0, sizeof *in);
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

