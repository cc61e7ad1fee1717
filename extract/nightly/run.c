/* run: the nightly job — the input's documents planned against the last
 * state, the new and changed ones extracted into the store a batch at a
 * time, the outputs rebuilt when anything changed, the state recorded
 * last; see run.h. */
#include "nightly/run.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/atomic.h"
#include "base/fs.h"
#include "base/xalloc.h"
#include "nightly/items.h"
#include "nightly/lock.h"
#include "nightly/log.h"
#include "nightly/outputs.h"
#include "nightly/progress.h"
#include "nightly/store.h"
#include "pipeline/emit.h"
#include "pipeline/ingest.h"
#include "pipeline/job.h"
#include "pipeline/rules.h"


void run_summary_format(const struct run_summary *s, char *buf, size_t n)
{
	snprintf(buf, n,
		 "documents=%ld new=%ld changed=%ld removed=%ld failed=%ld skipped=%ld extracted=%ld rows=%ld series=%ld conflicts=%ld points_new=%ld points_revised=%ld points_withdrawn=%ld charts=%ld elapsed=%.2fs",
		 s->seen, s->added, s->changed, s->removed, s->failed,
		 s->skipped, s->extracted, s->rows, s->series, s->conflicts,
		 s->points_new, s->points_revised, s->points_withdrawn,
		 s->charts, s->elapsed);
}

static double now_mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- fingerprints ---- */

/* The files of a folder whose names end in ext, in name order (for rules,
 * what rules_load reads), or one file: names and bytes. */
static uint64_t folder_fingerprint(const char *path, const char *ext)
{
	uint64_t h = run_hash_str(RUN_HASH_INIT, ext);
	struct stat st;
	char **names = NULL;
	size_t n = 0;
	DIR *d;

	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		/* dot files too: they are part of what is fingerprinted */
		if ((d = opendir(path)))
			names = fs_list(d, ext, 1, &n);
	} else {
		names = xmalloc(sizeof *names);
		names[n++] = xstrdup("");
	}
	for (size_t i = 0; i < n; i++) {
		char *p = *names[i] ? path_join(path, names[i]) : xstrdup(path);
		FILE *f = fopen(p, "rb");
		char tmp[8192];
		size_t got;
		h = run_hash_str(h, names[i]);
		while (f && (got = fread(tmp, 1, sizeof tmp, f)) > 0)
			h = run_hash(h, tmp, got);
		if (f)
			fclose(f);
		free(p);
		free(names[i]);
	}
	free(names);
	return h;
}

/* What the derived outputs depend on beyond the rows. */
static uint64_t settings_fingerprint(const struct run_config *c,
				     uint64_t extraction)
{
	uint64_t h = run_hash(RUN_HASH_INIT, &extraction, sizeof extraction);

	h = run_hash_str(h, c->charts_all ? "all" : c->ncharts ? "ids" : "none");
	for (size_t i = 0; i < c->ncharts; i++)
		h = run_hash_str(h, c->charts[i]);
	h = run_hash_str(h, c->manifest ? c->manifest : "");
	h = run_hash_str(h, c->excel ? "excel" : "");
	h = run_hash_str(h, c->report ? "report" : "");
	/* the gnuplot scripts: an edited one draws the charts again */
	char *plots = outputs_plots_dir(c);
	h = run_hash(h, &(uint64_t){folder_fingerprint(plots, ".gp")},
		     sizeof(uint64_t));
	free(plots);
	return h;
}

/* The store key of a document: its bytes, its doc id, region and date,
 * and the extraction (rules, program). */
static uint64_t doc_key(uint64_t extraction, const struct item *it,
			uint64_t hash)
{
	uint64_t h = run_hash(RUN_HASH_INIT, &extraction, sizeof extraction);

	h = run_hash_str(h, it->doc);
	h = run_hash_str(h, it->region);
	h = run_hash_str(h, it->date_s);
	return run_hash(h, &hash, sizeof hash);
}

/* ---- the job ---- */

struct run_ctx {
	const struct run_config *c;
	const struct run_opts *o;
	FILE *err;
	struct diag_sink sink;    /* err as a sink for base/ */
	struct run_progress pg;
	struct run_store store;
	char *out, *state_file;
	struct rule_set *rs;
	int lock;
	uint64_t extraction, settings;
	struct run_state old, now;
	struct items in;
	struct run_summary *sum;
	/* the source of job_run: the items to read, a batch at a time */
	size_t *todo, ntodo, next;
	struct item **batch;
	size_t nbatch, batch_max;
	struct buf raw;
	long done;                /* items read (for the progress bar) */
};

static void set_now(struct item *it, const struct stat *st, uint64_t hash,
		    uint64_t key)
{
	struct timespec t;

	it->now.path = it->rel;
	it->now.doc = it->doc;
	it->now.size = (long long)st->st_size;
	it->now.mtime_sec = (long long)st->st_mtim.tv_sec;
	it->now.mtime_nsec = st->st_mtim.tv_nsec;
	/* changed within a moment of being read: a later change could keep
	 * the same mtime (coarse clocks), so do not trust it next time */
	clock_gettime(CLOCK_REALTIME, &t);
	if (it->now.mtime_sec >= (long long)t.tv_sec - 2)
		it->now.mtime_sec = it->now.mtime_nsec = 0;
	it->now.hash = hash;
	it->now.key = key;
}

/* job_source.next: the next item of the batch that must be extracted.
 * Items whose bytes turn out unchanged are done here; unreadable ones are
 * reported and marked failed. */
static int source_next(void *ctx, struct job_input *in, struct buf *store,
		       FILE *err_unused)
{
	struct run_ctx *x = ctx;

	(void)err_unused;
	while (x->next < x->ntodo && x->nbatch < x->batch_max) {
		struct item *it = &x->in.v[x->todo[x->next++]];
		struct stat st;
		struct diag d;
		x->done++;
		buf_clear(&x->raw);
		if (fs_read_all(it->path, &x->raw, &st) < 0) {
			int e = errno;
			progress_clear(&x->pg);
			fprintf(x->err, "zhibiao: %s: error: %s; skipped\n",
				it->path, strerror(e));
			it->status = ITEM_FAILED;
			continue;
		}
		uint64_t hash = run_hash(RUN_HASH_INIT, x->raw.p ? x->raw.p : "",
					 x->raw.len);
		uint64_t key = doc_key(x->extraction, it, hash);
		const struct run_entry *old = it->old;
		if (!x->o->full && old && old->hash == hash && old->key == key &&
		    store_exists(&x->store, key)) {
			/* touched, not changed */
			set_now(it, &st, hash, key);
			it->now.rows = old->rows;
			it->status = ITEM_OK;
			continue;
		}
		diag_clear(&d);
		buf_clear(store);
		if (ingest_bytes(x->raw.p ? x->raw.p : "", x->raw.len, store, NULL,
				 &d) < 0) {
			struct diag e = d;
			snprintf(e.msg, sizeof e.msg, "%.480s; skipped", d.msg);
			progress_clear(&x->pg);
			diag_print(x->err, it->path, &e, "error");
			it->status = ITEM_FAILED;
			continue;
		}
		set_now(it, &st, hash, key);
		it->extracted = 1;
		x->batch[x->nbatch++] = it;
		*in = (struct job_input){.path = it->path,
					 .text = store->p ? store->p : "",
					 .len = store->len, .doc = it->doc,
					 .region = it->region, .date = it->date};
		return 1;
	}
	return 0;
}

/* Splits the rows a batch produced (header first, documents in batch
 * order) into one store file per document.  Returns 0 or -1 (reported). */
static int store_batch(struct run_ctx *x, const char *rows, size_t len)
{
	const char **docs = xcalloc(x->nbatch + 1, sizeof *docs);
	uint64_t *keys = xcalloc(x->nbatch + 1, sizeof *keys);
	long *nrows = xcalloc(x->nbatch + 1, sizeof *nrows);

	for (size_t b = 0; b < x->nbatch; b++) {
		docs[b] = x->batch[b]->doc;
		keys[b] = x->batch[b]->now.key;
	}
	int rc = store_split(&x->store, rows, len, x->nbatch, docs, keys, nrows);
	for (size_t b = 0; rc == 0 && b < x->nbatch; b++) {
		x->batch[b]->now.rows = nrows[b];
		x->batch[b]->status = ITEM_OK;
	}
	free(docs);
	free(keys);
	free(nrows);
	return rc;
}

/* Extracts the items to read, a batch at a time.  Returns 0 or -1. */
static int extract_todo(struct run_ctx *x)
{
	struct job_source src = {source_next, x};
	struct job_opts jo = {.jobs = x->c->jobs};

	x->batch_max = 32 * (size_t)(x->c->jobs > 0 ? x->c->jobs : 1);
	x->batch = xcalloc(x->batch_max, sizeof *x->batch);
	progress_bar(&x->pg, x->done, (long)x->ntodo);
	while (x->next < x->ntodo) {
		char *rows = NULL;
		size_t len = 0;
		FILE *out = open_memstream(&rows, &len);
		struct job_result res;
		if (!out)
			xalloc_die(0);
		x->nbatch = 0;
		int rc = emit_header(out);
		if (rc == 0)
			rc = job_run(x->rs, &src, &jo, out, x->err, &res);
		fclose(out);
		if (rc == 0 && res.failed) {
			/* cannot happen: source_next hands over checked UTF-8 */
			fprintf(x->err, "zhibiao: internal error: %ld documents failed after their check\n",
				res.failed);
			rc = -1;
		}
		if (rc == 0)
			rc = store_batch(x, rows, len);
		free(rows);
		if (rc != 0) {
			for (size_t b = 0; b < x->nbatch; b++)
				x->batch[b]->status = ITEM_FAILED;
			return -1;
		}
		progress_bar(&x->pg, x->done, (long)x->ntodo);
	}
	progress_clear(&x->pg);
	return 0;
}

/* Which items must be read: not in the state, or another size or mtime,
 * or their store file is gone. */
static void plan(struct run_ctx *x)
{
	x->todo = xcalloc(x->in.n + 1, sizeof *x->todo);
	for (size_t i = 0; i < x->in.n; i++) {
		struct item *it = &x->in.v[i];
		struct stat st;
		it->old = run_state_find(&x->old, it->doc);
		if (it->bad) {
			it->status = ITEM_FAILED;
			continue;
		}
		const struct run_entry *e = it->old;
		if (!x->o->full && e && strcmp(e->path, it->rel) == 0 &&
		    (e->mtime_sec || e->mtime_nsec) && stat(it->path, &st) == 0 &&
		    (long long)st.st_size == e->size &&
		    (long long)st.st_mtim.tv_sec == e->mtime_sec &&
		    st.st_mtim.tv_nsec == e->mtime_nsec &&
		    doc_key(x->extraction, it, e->hash) == e->key &&
		    store_exists(&x->store, e->key)) {
			it->now = *e;
			it->now.path = it->rel;
			it->now.doc = it->doc;
			it->status = ITEM_OK;
			continue;
		}
		x->todo[x->ntodo++] = i;
	}
}

/* Checks what the config names before anything is touched.  Returns 0 or
 * -1 (reported with the config's file and line). */
static int check_config(const struct run_config *c, FILE *err)
{
	struct stat st;
	const char *what = c->input ? "input folder" : "manifest";
	const char *p = c->input ? c->input : c->manifest;
	long line = c->input ? c->input_line : c->manifest_line;

	if (!p || !c->output) {
		fprintf(err, "zhibiao: %s: error: no %s\n", c->file,
			!p ? "input or manifest" : "output folder");
		return -1;
	}
	if (stat(p, &st) != 0) {
		fprintf(err, "zhibiao: %s:%ld: error: %s %s: %s\n", c->file, line,
			what, p, strerror(errno));
		return -1;
	}
	if (c->input && !S_ISDIR(st.st_mode)) {
		fprintf(err, "zhibiao: %s:%ld: error: input %s is not a folder (for a list of files use 'manifest =')\n",
			c->file, line, p);
		return -1;
	}
	if (c->manifest && S_ISDIR(st.st_mode)) {
		fprintf(err, "zhibiao: %s:%ld: error: manifest %s is a folder (for a folder of articles use 'input =')\n",
			c->file, line, p);
		return -1;
	}
	if (c->plots && stat(c->plots, &st) != 0) {
		fprintf(err, "zhibiao: %s:%ld: error: plots %s: %s\n", c->file,
			c->plots_line, c->plots, strerror(errno));
		return -1;
	}
	for (size_t i = 0; i < c->nrules; i++)
		if (stat(c->rules[i], &st) != 0) {
			fprintf(err, "zhibiao: %s:%ld: error: rules %s: %s\n", c->file,
				c->rules_line, c->rules[i], strerror(errno));
			return -1;
		}
	return 0;
}

/* Every chart id must be an indicator of the rules. */
static int check_charts(const struct run_config *c, const struct rule_set *rs,
			FILE *err)
{
	int rc = 0;

	for (size_t i = 0; i < c->ncharts; i++) {
		size_t k, n = rules_indicator_count(rs);
		for (k = 0; k < n; k++)
			if (strcmp(rules_indicator(rs, k)->id, c->charts[i]) == 0)
				break;
		if (k == n) {
			fprintf(err, "zhibiao: %s:%ld: error: charts: '%s' is not an indicator of the rules\n",
				c->file, c->charts_line, c->charts[i]);
			rc = -1;
		}
	}
	return rc;
}

static void print_rule_error(void *ctx, const char *file, const struct diag *d)
{
	diag_print(ctx, file, d, "error");
}

/* Checks the config, loads the rules, takes the lock, clears what a
 * killed run left and reads the last state.  Returns 0 or -1 (reported;
 * nothing of the outputs touched). */
static int job_open(struct run_ctx *x)
{
	const struct run_config *c = x->c;
	struct diag d;

	if (check_config(c, x->err) < 0)
		return -1;
	x->out = xstrdup(c->output);
	store_init(&x->store, c->output, &x->sink, x->err);
	x->rs = rules_load_layers((const char *const *)c->rules, c->nrules,
				  print_rule_error, x->err);
	if (!x->rs) {
		fprintf(x->err, "zhibiao: rules in ");
		for (size_t i = 0; i < c->nrules; i++)
			fprintf(x->err, "%s%s", i ? ", " : "", c->rules[i]);
		fprintf(x->err, " have errors; nothing done\n");
		return -1;
	}
	if (check_charts(c, x->rs, x->err) < 0)
		return -1;
	if (fs_make_dirs(x->out, &x->sink) < 0 ||
	    (x->lock = run_lock_take(x->out, x->o->wait, &x->pg, x->err)) < 0 ||
	    fs_make_dirs(x->store.dir, &x->sink) < 0)
		return -1;

	/* under the lock: what a killed run left, then the last state */
	static const char *const dirs[] = {"", "store", "series", "series/data"};
	for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
		char *p = path_join(x->out, dirs[i]);
		atomic_remove_stale(p);
		free(p);
	}
	x->state_file = path_join(x->out, "state.csv");
	if (run_state_read(x->state_file, &x->old, &d) < 0) {
		diag_print(x->err, x->state_file, &d, "warning");
		fprintf(x->err, "zhibiao: %s: warning: not usable; every document is extracted again\n",
			x->state_file);
	}
	return 0;
}

/* The documents of the input and the fingerprints they are keyed with.
 * Returns 0 or -1 (a manifest that cannot be used; reported). */
static int job_inputs(struct run_ctx *x)
{
	const struct run_config *c = x->c;

	struct inputs_opts io = {.region = c->region, .date = c->date,
				 .doc_rel = 1, .err = x->err};

	if (items_gather(&x->in, c->input, c->manifest, &io) < 0)
		return -1;
	items_mark_duplicates(&x->in, c->manifest, x->err);
	/* the program and every layer of rules */
	x->extraction = run_hash_str(RUN_HASH_INIT, x->o->version);
	for (size_t i = 0; i < c->nrules; i++)
		x->extraction = run_hash(x->extraction,
					 &(uint64_t){folder_fingerprint(c->rules[i], ".rules")},
					 sizeof(uint64_t));
	x->settings = settings_fingerprint(c, x->extraction);
	return 0;
}

/* A document still listed that failed keeps the rows of its last good
 * read, marked stale, until it reads again: a bad byte overnight must not
 * withdraw published figures.  Its mtime is not trusted, so it is read
 * again next run. */
static void keep_stale(struct run_ctx *x, const struct item *it)
{
	if (!it->old || it->dup || !store_exists(&x->store, it->old->key))
		return;
	struct run_entry e = *it->old;
	e.path = it->rel;
	e.doc = it->doc;
	e.mtime_sec = e.mtime_nsec = 0;
	e.stale = 1;
	run_state_add(&x->now, &e);
	x->sum->rows += e.rows;
	x->sum->stale++;
	fprintf(x->err, "zhibiao: %s: warning: its %ld rows of the last good read are kept (stale) until it reads again\n",
		it->path, e.rows);
}

/* The new state (every document done, in input order) and the counts of
 * the summary.  A stale document counts as failed. */
static void job_tally(struct run_ctx *x)
{
	struct run_summary *sum = x->sum;
	struct run_state cur;

	for (size_t i = 0; i < x->in.n; i++) {
		struct item *it = &x->in.v[i];
		if (it->status != ITEM_OK) {
			sum->failed++;
			keep_stale(x, it);
			continue;
		}
		run_state_add(&x->now, &it->now);
		sum->rows += it->now.rows;
		sum->extracted += it->extracted;
		if (!it->old)
			sum->added++;
		else if (it->old->key != it->now.key)
			sum->changed++;
	}
	sum->seen = (long)x->in.n;
	sum->failed += x->in.src.problems;
	sum->skipped = x->in.src.skipped;
	memset(&cur, 0, sizeof cur);
	for (size_t i = 0; i < x->in.n; i++) {
		struct run_entry e = {.path = x->in.v[i].rel, .doc = x->in.v[i].doc};
		run_state_add(&cur, &e);
	}
	for (size_t i = 0; i < x->old.n; i++)
		sum->removed += !run_state_find(&cur, x->old.v[i].doc);
	run_state_free(&cur);
}

/* Were the outputs built from exactly these documents, in this order,
 * with the same stale marks? */
static int same_documents(const struct run_state *a, const struct run_state *b)
{
	if (a->n != b->n)
		return 0;
	/* a document going stale (or reading again) changes no row, but
	 * changes.csv and the page say which figures are stale */
	for (size_t i = 0; i < a->n; i++)
		if (a->v[i].key != b->v[i].key || a->v[i].stale != b->v[i].stale ||
		    strcmp(a->v[i].doc, b->v[i].doc) != 0)
			return 0;
	return 1;
}

/* The outputs, when anything they are made of changed (else the counts
 * of the last rebuild).  Returns 0 or -1 (reported). */
static int job_outputs(struct run_ctx *x)
{
	struct run_summary *sum = x->sum;

	if (x->o->full || !same_documents(&x->old, &x->now) ||
	    x->old.settings != x->settings || !outputs_present(x->out, x->c) ||
	    outputs_dirty(x->out)) {
		char when[32];
		time_t t = time(NULL);
		struct tm tm;
		localtime_r(&t, &tm);
		strftime(when, sizeof when, "%Y-%m-%d %H:%M", &tm);
		struct run_build b = {x->c, x->out, &x->store, &x->pg, &x->sink,
				      x->err, when};
		if (outputs_rebuild(&b, &x->now, x->rs, sum) < 0)
			return -1;
		sum->rebuilt = 1;
	} else {
		sum->series = x->old.series;
		sum->conflicts = x->old.conflicts;
		sum->charts = x->old.charts;
	}
	return 0;
}

/* Writes state.csv, last, then removes the store files it does not name.
 * Returns 0 or -1 (reported). */
static int job_record(struct run_ctx *x)
{
	struct run_summary *sum = x->sum;
	struct run_state *now = &x->now;
	struct atomic_file a;

	/* charts that failed are drawn again next run: the outputs are rebuilt
	 * when the settings differ */
	now->settings = sum->charts_failed ? ~x->settings : x->settings;
	now->rows = sum->rows;
	now->series = sum->series;
	now->conflicts = sum->conflicts;
	now->charts = sum->charts;
	if (sum->extracted)
		store_sync(&x->store);
	if (!atomic_open(&a, x->state_file, &x->sink))
		return -1;
	int ok = run_state_write(now, a.f) == 0;
	if (atomic_close(&a, ok, 1, &x->sink) < 0)
		return -1;
	outputs_clean(x->out);
	uint64_t *keys = xcalloc(now->n + 1, sizeof *keys);
	for (size_t i = 0; i < now->n; i++)
		keys[i] = now->v[i].key;
	store_prune(&x->store, keys, now->n);
	free(keys);
	return 0;
}

static void job_close(struct run_ctx *x)
{
	progress_clear(&x->pg);
	if (x->lock >= 0)
		close(x->lock);
	rules_free(x->rs);
	run_state_free(&x->now);
	run_state_free(&x->old);
	items_free(&x->in);
	store_free(&x->store);
	buf_free(&x->raw);
	free(x->todo);
	free(x->batch);
	free(x->out);
	free(x->state_file);
}

/* The steps: open (config, rules, lock, last state), inputs, plan (what
 * to read), extract (into the store), tally (the new state, the counts),
 * outputs (rebuilt from the store when anything changed), record (the
 * state, last).  A further output made of the old and new state (such as
 * a list of changes) belongs with the outputs, before the record, so that
 * a run that dies before the state is written makes it again. */
int run_job(const struct run_config *c, const struct run_opts *o,
	    struct run_summary *sum)
{
	struct run_ctx x;
	double t0 = now_mono();
	int rc = -1;

	memset(&x, 0, sizeof x);
	memset(sum, 0, sizeof *sum);
	x.c = c;
	x.o = o;
	FILE *raw = o->err ? o->err : stderr;
	FILE *log = o->stamp ? run_log_open(raw) : NULL;
	x.err = log ? log : raw;
	x.sink = (struct diag_sink){diag_print_report, x.err};
	x.pg = (struct run_progress){raw, o->progress, 0};
	x.sum = sum;
	x.lock = -1;
	if (job_open(&x) < 0 || job_inputs(&x) < 0)
		goto out;
	plan(&x);
	int ext = extract_todo(&x);
	job_tally(&x);
	if (ext < 0 || job_outputs(&x) < 0 || job_record(&x) < 0)
		goto out;
	rc = sum->failed ? 1 : 0;
out:
	job_close(&x);
	if (log)
		fclose(log);
	sum->elapsed = now_mono() - t0;
	return rc;
}
