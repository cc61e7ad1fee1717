/* inputs: files, folders, '-' and manifests as one list of documents
 * (inputs.h). */
#include "pipeline/inputs.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "base/fs.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "pipeline/manifest.h"

static FILE *err_of(const struct inputs_opts *o)
{
	return o && o->err ? o->err : stderr;
}

/* Sets *i to copies of the strings (region NULL or "" for none). */
static void input_set(struct input *i, const char *path, const char *rel,
		      const char *doc, const char *region, struct date date)
{
	memset(i, 0, sizeof *i);
	i->path = xstrdup(path);
	i->rel = xstrdup(rel);
	i->doc = xstrdup(doc);
	i->region = region && *region ? xstrdup(region) : NULL;
	i->date = date;
	if (date.y)
		date_format(date, i->date_s);
}

static void input_clear(struct input *i)
{
	free(i->path);
	free(i->rel);
	free(i->doc);
	free(i->region);
	memset(i, 0, sizeof *i);
}

struct input *inputs_add(struct inputs *in, const char *path, const char *rel,
			 const char *doc, const char *region, struct date date)
{
	VEC_GROW(in->v, in->n + 1, in->cap);
	struct input *i = &in->v[in->n++];
	input_set(i, path, rel, doc, region, date);
	return i;
}

void inputs_free(struct inputs *in)
{
	for (size_t i = 0; i < in->n; i++)
		input_clear(&in->v[i]);
	free(in->v);
	input_clear(&in->row);
	manifest_close(in->manifest);
	memset(in, 0, sizeof *in);
}

struct walk_ctx {
	struct inputs *in;
	const struct inputs_opts *o;
};

/* Is name a document's: *.txt, the suffix in any case (b.TXT)? */
static int is_txt(const char *name)
{
	size_t l = strlen(name);

	return l > 4 && strcasecmp(name + l - 4, ".txt") == 0;
}

/* A document of a folder input. */
static void add_found(struct walk_ctx *w, const char *path, const char *rel)
{
	const char *name = w->o && w->o->doc_rel ? rel : path;
	/* the doc column is UTF-8: a name that is not (a GBK file name) is
	 * written with \xNN escapes */
	char *doc = utf8_escaped(name);

	if (strcmp(doc, name) != 0)
		fprintf(err_of(w->o), "zhibiao: %s: warning: the file name is not UTF-8; its doc id is %s\n",
			doc, doc);
	inputs_add(w->in, path, rel, doc, w->o ? w->o->region : NULL,
		   w->o ? w->o->date : (struct date){0});
	free(doc);
}

static void walk_file(void *ctx, const char *path, const char *rel,
		      const char *name)
{
	struct walk_ctx *w = ctx;

	if (is_txt(name))
		add_found(w, path, rel);
	else
		w->in->skipped++;
}

static void walk_problem(void *ctx, const char *path, const char *rel,
			 const char *name, enum fs_problem what, int e)
{
	struct walk_ctx *w = ctx;
	FILE *err = err_of(w->o);

	switch (what) {
	case FS_LOOP:
		fprintf(err, "zhibiao: %s: warning: directory loop (symlink?); skipped\n", path);
		break;
	case FS_TOO_DEEP:
		fprintf(err, "zhibiao: %s: warning: directories nested too deep; skipped\n", path);
		break;
	case FS_UNREADABLE:
		fprintf(err, "zhibiao: %s: error: %s\n", path, strerror(e));
		break;
	case FS_DANGLING:
		fprintf(err, "zhibiao: %s: error: %s (dangling symlink?); skipped\n",
			path, strerror(e));
		/* a dangling *.txt is a document that cannot be read */
		if (is_txt(name)) {
			add_found(w, path, rel);
			w->in->v[w->in->n - 1].failed = 1;
			return;
		}
		break;
	}
	w->in->problems++;
}

void inputs_add_folder(struct inputs *in, const char *dir,
		       const struct inputs_opts *o)
{
	struct walk_ctx w = {in, o};
	struct fs_walk_ops ops = {walk_file, walk_problem, &w};

	fs_walk(dir, &ops);
}

/* *i from a manifest row: its doc (else its path as written), region and
 * date (else o's); a bad row is a failed input. */
static void input_of_row(struct input *i, const struct manifest_row *r,
			 const struct inputs_opts *o)
{
	const char *region = *r->region ? r->region : o ? o->region : NULL;
	struct date none = {0, 0, 0};
	struct date date = r->why ? none : r->date.y ? r->date :
			   o ? o->date : none;

	input_set(i, r->path, r->rel, *r->doc ? r->doc : r->rel, region, date);
	i->line = r->line;
	i->failed = r->why != NULL;
}

struct manifest_ctx {
	struct inputs *in;
	const struct inputs_opts *o;
};

static void manifest_row(void *ctx, const struct manifest_row *r)
{
	struct manifest_ctx *m = ctx;

	VEC_GROW(m->in->v, m->in->n + 1, m->in->cap);
	input_of_row(&m->in->v[m->in->n++], r, m->o);
}

int inputs_add_manifest(struct inputs *in, const char *path,
			const struct inputs_opts *o)
{
	struct manifest_ctx m = {in, o};

	return manifest_read(path, err_of(o), manifest_row, &m);
}

int inputs_stream_manifest(struct inputs *in, const char *path,
			   const struct inputs_opts *o)
{
	assert(!in->manifest);
	if (o)
		in->mo = *o;
	in->manifest = manifest_open(path, err_of(o));
	return in->manifest ? 0 : -1;
}

int inputs_next(struct inputs *in, const struct input **out)
{
	if (in->manifest) {
		struct manifest_row r;
		int got = manifest_next(in->manifest, &r);
		input_clear(&in->row);
		if (got > 0) {
			input_of_row(&in->row, &r, &in->mo);
			*out = &in->row;
			return 1;
		}
		manifest_close(in->manifest);
		in->manifest = NULL;
		if (got < 0)
			return -1;
	}
	if (in->next >= in->n)
		return 0;
	*out = &in->v[in->next++];
	return 1;
}

long inputs_add_arg(struct inputs *in, const char *arg,
		    const struct inputs_opts *o)
{
	struct stat st;
	long before = in->problems;
	const char *region = o ? o->region : NULL;
	struct date date = o ? o->date : (struct date){0};

	if (strcmp(arg, "-") == 0)
		inputs_add(in, "-", "-", "-", region, date);
	else if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		inputs_add_folder(in, arg, o);
	else
		inputs_add(in, arg, arg, arg, region, date);
	return in->problems - before;
}
