/* job: documents through the pipeline, inline or on worker threads. */
#include "pipeline/job.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/ingest.h"
#include "pipeline/inputs.h"
#include "pipeline/unclaimed.h"
#include "base/clock.h"
#include "base/xalloc.h"

int job_inputs_next(void *ctx, struct job_input *in, struct buf *store, FILE *err)
{
	const struct input *ip;
	int got = inputs_next(ctx, &ip);

	(void)err;
	if (got <= 0)
		return got;
	/* the input's strings die at the next call: copies in store, which
	 * lives until the document is done */
	buf_clear(store);
	size_t o_doc = store->len;
	buf_add(store, ip->doc, strlen(ip->doc) + 1);
	size_t o_path = store->len;
	buf_add(store, ip->path, strlen(ip->path) + 1);
	size_t o_region = store->len;
	if (ip->region)
		buf_add(store, ip->region, strlen(ip->region) + 1);
	*in = (struct job_input){.path = store->p + o_path, .doc = store->p + o_doc,
				 .region = ip->region ? store->p + o_region : NULL,
				 .date = ip->date, .failed = ip->failed};
	return 1;
}

/* A worker takes documents in batches of consecutive ones, up to
 * BATCH_DOCS or BATCH_BYTES of text held in its stores: one lock, one slot
 * and one wake-up per batch, not per document (a page of news takes less
 * time to extract than the synchronisation did). */
#define BATCH_DOCS 32
#define BATCH_BYTES (256 * 1024)

/* What one batch produced, kept until it is its turn to be written. */
struct slot {
	int busy;                 /* taken by a worker, not yet written */
	int done;
	size_t docs;
	long failed, rows;        /* documents unreadable; rows written */
	int write_failed;
	char *out, *msg, *unc;    /* open_memstream buffers */
	size_t outlen, msglen, unclen;
};

struct shared {
	const struct rule_set *rs;
	const struct job_source *src;
	int stats, excel;
	int unclaimed;            /* scan for unclaimed figures */
	long unc_figures, unc_sentences;
	struct slot *slots;
	size_t nslots;
	size_t taken;             /* batches handed to workers */
	int ended;                /* the source has no more */
	int src_error;
	int stop;
	pthread_mutex_t mu;
	/* workers wait on free for the next slot, the writer on done for the
	 * slot it writes; each is signalled only when someone waits there
	 * (documents are small: a broadcast on every change cost more than
	 * the work on a page of news) */
	pthread_cond_t free, done;
	int free_waiters, writer_waits;
	struct extract_stats st;
};

struct doc_ctx {
	FILE *out, *msg;
	const char *path;
	int write_failed;
	int excel;
};

static int on_obs(void *ctx, const struct obs *o)
{
	struct doc_ctx *c = ctx;

	if (emit_row(c->out, o, c->excel) < 0) {
		c->write_failed = 1;
		return -1;
	}
	return 0;
}

static void on_warn(void *ctx, long line, const char *msg)
{
	struct doc_ctx *c = ctx;

	fprintf(c->msg, "zhibiao: %s:%ld: warning: %s\n", c->path, line, msg);
}

/* Reads and extracts one document; rows to out, messages to msg.
 * Returns the rows written, -1 when the document could not be read, -2
 * when writing rows failed.  With read not NULL, adds the seconds spent
 * reading to it. */
static long one_doc(struct extractor *x, const struct job_input *ip,
		    struct buf *text, FILE *out, FILE *msg, int excel,
		    struct unclaimed *u, FILE *unc, double *read)
{
	double t0 = read ? clock_seconds() : 0;
	struct diag d;
	const char *shown = ip->text ? ip->doc :
			    strcmp(ip->path, "-") == 0 ? "<stdin>" : ip->path;
	int rc;

	if (ip->failed)
		return -1;
	diag_clear(&d);
	buf_clear(text);
	if (ip->text)
		rc = ingest_bytes(ip->text, ip->len, text, NULL, &d);
	else if (strcmp(ip->path, "-") == 0)
		rc = ingest_stream(stdin, text, NULL, &d);
	else
		rc = ingest_file(ip->path, text, NULL, &d);
	if (read)
		*read += clock_seconds() - t0;
	if (rc < 0) {
		struct diag e = d;
		snprintf(e.msg, sizeof e.msg, "%.480s; skipped", d.msg);
		diag_print(msg, shown, &e, "error");
		return -1;
	}
	size_t k = 0;
	while (k < text->len && strchr(" \t\r\n", text->p[k]))
		k++;
	if (k == text->len)
		fprintf(msg, "zhibiao: %s: warning: empty document (%s)\n", shown,
			text->len ? "white space only" : "no bytes");
	struct doc doc = {ip->doc, ip->region, ip->date, ip->path};
	if (u)
		unclaimed_next_doc(u, ip->doc, unc);
	struct doc_ctx c = {out, msg, shown, 0, excel};
	struct sink sink = {on_obs, on_warn, &c};
	long rows = extractor_run(x, &doc, text->p ? text->p : "", text->len, &sink);
	if (!extractor_doc_date(x).y)
		fprintf(msg, "zhibiao: %s: warning: no document date (none given, none in the text or the file name), so periods without a year cannot be placed; give one in the manifest's date column, with --date (extract) or 'date =' (run config), or in the file name (2025-05-09 or 20250509)\n",
			shown);
	return c.write_failed ? -2 : rows;
}

static void add_stats(struct extract_stats *a, const struct extract_stats *b)
{
	a->read += b->read;
	a->normalize += b->normalize;
	a->gate += b->gate;
	a->periods += b->periods;
	a->match += b->match;
	a->resolve += b->resolve;
	a->emit += b->emit;
	a->docs += b->docs;
	a->sentences += b->sentences;
	a->matched += b->matched;
	a->rows += b->rows;
}

static void *worker(void *arg)
{
	struct shared *sh = arg;
	struct extractor *x = extractor_new(sh->rs);
	const struct extract_stats *st = extractor_stats(x, sh->stats);
	struct unclaimed *u = sh->unclaimed ? unclaimed_new(x) : NULL;
	struct buf text = {0}, store[BATCH_DOCS] = {{0}};
	struct job_input in[BATCH_DOCS];
	double read = 0;

	pthread_mutex_lock(&sh->mu);
	for (;;) {
		/* the next batch's slot must be free: at most nslots batches
		 * are held at a time */
		while (!sh->stop && !sh->ended &&
		       sh->slots[sh->taken % sh->nslots].busy) {
			sh->free_waiters++;
			pthread_cond_wait(&sh->free, &sh->mu);
			sh->free_waiters--;
		}
		if (sh->stop || sh->ended)
			break;
		/* the source is read under the lock: one reader at a time, in
		 * order */
		double t0 = sh->stats ? clock_seconds() : 0;
		size_t n = 0, bytes = 0;
		while (n < BATCH_DOCS && bytes < BATCH_BYTES) {
			int got = sh->src->next(sh->src->ctx, &in[n], &store[n], stderr);
			if (got <= 0) {
				sh->ended = 1;
				sh->src_error = got < 0;
				pthread_cond_broadcast(&sh->free);
				pthread_cond_broadcast(&sh->done);
				break;
			}
			bytes += store[n].len + 1;
			n++;
		}
		if (sh->stats)
			read += clock_seconds() - t0;
		if (!n)
			break;
		struct slot *s = &sh->slots[sh->taken++ % sh->nslots];
		s->busy = 1;
		s->done = 0;
		/* the next slot may be free too: pass the turn on */
		if (sh->free_waiters && !sh->slots[sh->taken % sh->nslots].busy)
			pthread_cond_signal(&sh->free);
		pthread_mutex_unlock(&sh->mu);

		FILE *out = open_memstream(&s->out, &s->outlen);
		FILE *msg = open_memstream(&s->msg, &s->msglen);
		FILE *unc = u ? open_memstream(&s->unc, &s->unclen) : NULL;
		if (!out || !msg || (u && !unc))
			xalloc_die(0);
		s->docs = n;
		s->failed = s->rows = 0;
		s->write_failed = 0;
		for (size_t i = 0; i < n; i++) {
			long rows = one_doc(x, &in[i], &text, out, msg, sh->excel,
					    u, unc, sh->stats ? &read : NULL);
			s->failed += rows == -1;
			s->write_failed |= rows == -2;
			s->rows += rows > 0 ? rows : 0;
		}
		fclose(out);
		fclose(msg);
		if (unc)
			fclose(unc);

		pthread_mutex_lock(&sh->mu);
		s->done = 1;
		if (sh->writer_waits)
			pthread_cond_signal(&sh->done);
	}
	if (sh->stats) {
		add_stats(&sh->st, st);
		sh->st.read += read;
	}
	if (u) {
		long f, n;
		int bad;
		unclaimed_counts(u, &f, &n, &bad);
		sh->unc_figures += f;
		sh->unc_sentences += n;
	}
	pthread_mutex_unlock(&sh->mu);
	unclaimed_free(u);
	buf_free(&text);
	for (size_t i = 0; i < BATCH_DOCS; i++)
		buf_free(&store[i]);
	extractor_free(x);
	return NULL;
}

static int run_threads(const struct rule_set *rs, const struct job_source *src,
		       const struct job_opts *o, FILE *out, FILE *err,
		       struct job_result *res)
{
	struct shared sh = {.rs = rs, .src = src, .stats = o->stats,
			    .excel = o->excel, .unclaimed = o->unclaimed != NULL};
	size_t nw = (size_t)o->jobs;
	pthread_t *tid = xcalloc(nw, sizeof *tid);
	int rc = 0;

	sh.nslots = 2 * nw;
	sh.slots = xcalloc(sh.nslots, sizeof *sh.slots);
	pthread_mutex_init(&sh.mu, NULL);
	pthread_cond_init(&sh.free, NULL);
	pthread_cond_init(&sh.done, NULL);
	for (size_t i = 0; i < nw; i++)
		if (pthread_create(&tid[i], NULL, worker, &sh) != 0) {
			fprintf(stderr, "zhibiao: cannot start a thread\n");
			exit(2);
		}
	/* write in input order, as each batch's turn comes */
	pthread_mutex_lock(&sh.mu);
	for (size_t i = 0;; i++) {
		struct slot *s = &sh.slots[i % sh.nslots];
		while (!(i < sh.taken && s->done) && !(sh.ended && i >= sh.taken)) {
			sh.writer_waits = 1;
			pthread_cond_wait(&sh.done, &sh.mu);
			sh.writer_waits = 0;
		}
		if (i >= sh.taken)
			break;          /* the source ended and all is written */
		pthread_mutex_unlock(&sh.mu);
		if (s->msglen)
			fwrite(s->msg, 1, s->msglen, err);
		if (s->write_failed || (s->outlen &&
					fwrite(s->out, 1, s->outlen, out) != s->outlen))
			rc = -1;
		if (s->unclen && fwrite(s->unc, 1, s->unclen, o->unclaimed) != s->unclen)
			rc = -1;
		res->docs += s->docs;
		res->failed += s->failed;
		res->rows += s->rows;
		free(s->out);
		free(s->msg);
		free(s->unc);
		s->out = s->msg = s->unc = NULL;
		s->outlen = s->msglen = s->unclen = 0;
		pthread_mutex_lock(&sh.mu);
		s->busy = 0;
		s->done = 0;
		if (sh.free_waiters)
			pthread_cond_signal(&sh.free);
		if (rc) {
			sh.stop = 1;
			break;
		}
	}
	sh.stop = 1;
	pthread_cond_broadcast(&sh.free);
	pthread_cond_broadcast(&sh.done);
	pthread_mutex_unlock(&sh.mu);
	for (size_t i = 0; i < nw; i++)
		pthread_join(tid[i], NULL);
	for (size_t i = 0; i < sh.nslots; i++) {
		free(sh.slots[i].out);
		free(sh.slots[i].msg);
		free(sh.slots[i].unc);
	}
	res->st = sh.st;
	res->unclaimed = sh.unc_figures;
	res->unclaimed_sentences = sh.unc_sentences;
	if (!rc && sh.src_error)
		rc = 1;
	pthread_mutex_destroy(&sh.mu);
	pthread_cond_destroy(&sh.free);
	pthread_cond_destroy(&sh.done);
	free(sh.slots);
	free(tid);
	return rc;
}

int job_run(const struct rule_set *rs, const struct job_source *src,
	    const struct job_opts *o, FILE *out, FILE *err,
	    struct job_result *res)
{
	memset(res, 0, sizeof *res);
	if (o->jobs > 1)
		return run_threads(rs, src, o, out, err, res);

	struct extractor *x = extractor_new(rs);
	const struct extract_stats *st = extractor_stats(x, o->stats);
	struct unclaimed *u = o->unclaimed ? unclaimed_new(x) : NULL;
	struct buf text = {0}, store = {0};
	struct job_input in;
	int rc = 0, got, unc_bad = 0;
	double read = 0, t0 = o->stats ? clock_seconds() : 0;

	while (!rc && (got = src->next(src->ctx, &in, &store, err)) > 0) {
		if (o->stats)
			read += clock_seconds() - t0;
		long rows = one_doc(x, &in, &text, out, err, o->excel, u,
				    o->unclaimed, o->stats ? &read : NULL);
		if (o->stats)
			t0 = clock_seconds();
		if (u)
			unclaimed_counts(u, &res->unclaimed,
					 &res->unclaimed_sentences, &unc_bad);
		if (unc_bad)
			rc = -1;
		res->docs++;
		if (rows == -1)
			res->failed++;
		else if (rows == -2)
			rc = -1;
		else
			res->rows += rows;
	}
	if (!rc && got < 0)
		rc = 1;
	res->st = *st;
	res->st.read += read;
	unclaimed_free(u);
	buf_free(&text);
	buf_free(&store);
	extractor_free(x);
	return rc;
}
