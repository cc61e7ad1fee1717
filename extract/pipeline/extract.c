/* extract: the per-document pipeline, from text to observations. */
#include "pipeline/extract.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/match.h"
#include "pipeline/normalize.h"
#include "pipeline/resolve.h"
#include "pipeline/scan.h"
#include "pipeline/segment.h"
#include "pipeline/trace.h"
#include "base/clock.h"
#include "base/xalloc.h"

#define MAX_ITEMS 16
#define MAX_INDS 16
#define MAX_HITS 32

/* A processed match of the current sentence: what a later 均 or a clause
 * without an indicator may refer back to. */
struct done {
	size_t clause;
	size_t start, end;
	const struct indicator *ind[MAX_INDS];
	size_t nind;
	int named;                /* the match named its indicators */
};

struct mention {
	size_t start, end;
	const struct indicator *ind;
};

struct seen {
	const struct indicator *ind;
	enum measure measure;
	double value;
	char period[32];
	int target;
	const char *scope;
	const char *qualifier;
};

struct extractor {
	const struct rule_set *rs;
	struct matcher *m;
	const struct scan *sc;    /* the rule set's */
	pcre2_match_data *md;
	pcre2_match_data *lmd;    /* for rules_lookup_md */
	struct norm norm;
	struct sentence *sent;    /* the document's sentences so far */
	size_t nsent, capsent;
	size_t *brk;              /* the clause breaks of the sentence matched */
	size_t capbrk;
	struct done *done;
	size_t ndone, capdone;
	struct mention *men;
	size_t nmen, capmen;
	struct seen *seen;
	size_t nseen, capseen;
	struct date date;
	int list_target;          /* under a target heading (主要预期目标是:) */
	int timing;
	struct extract_stats st;
	const struct trace *trace;
};

struct extractor *extractor_new(const struct rule_set *rs)
{
	struct extractor *x = xcalloc(1, sizeof *x);

	x->rs = rs;
	x->m = matcher_new(rs);
	x->sc = rules_scan(rs);
	x->md = pcre2_match_data_create(16, NULL);
	x->lmd = pcre2_match_data_create(1, NULL);
	if (!x->md || !x->lmd)
		xalloc_die(0);
	return x;
}

void extractor_free(struct extractor *x)
{
	if (!x)
		return;
	matcher_free(x->m);
	pcre2_match_data_free(x->md);
	pcre2_match_data_free(x->lmd);
	free(x->sent);
	free(x->brk);
	norm_free(&x->norm);
	free(x->done);
	free(x->men);
	free(x->seen);
	free(x);
}

struct date extractor_doc_date(const struct extractor *x)
{
	return x->date;
}

const struct extract_stats *extractor_stats(struct extractor *x, int enable)
{
	x->timing = enable;
	return &x->st;
}

void extractor_set_trace(struct extractor *x, const struct trace *tr)
{
	x->trace = tr;
	matcher_set_trace(x->m, tr);
}

long extractor_line(const struct extractor *x, size_t off)
{
	return norm_line(&x->norm, off);
}

/* ---- trace events (trace.h), only ever called when x->trace is set ---- */

static void trace_emit(struct extractor *x, struct trace_event *ev)
{
	ev->text = x->norm.text;
	x->trace->event(x->trace->ctx, ev);
}

static void trace_cand(struct extractor *x, enum trace_kind kind,
		       enum trace_why why, const struct cand *c,
		       const struct obs *o)
{
	struct trace_event ev = {.kind = kind, .why = why, .s = c->start,
				 .e = c->end, .rule = c->rule, .cand = c,
				 .obs = o};

	trace_emit(x, &ev);
}

static void trace_sentence(struct extractor *x, enum trace_kind kind,
			   enum trace_why why, const struct sentence *s,
			   long rows)
{
	struct trace_event ev = {.kind = kind, .why = why, .s = s->start,
				 .e = s->end, .line = norm_line(&x->norm, s->start),
				 .rows = rows};

	trace_emit(x, &ev);
}


/* The indicators named in text[s, e), in order, each once. */
static size_t scan_indicators(struct extractor *x, const char *t, size_t s,
			      size_t e, size_t lim, const struct indicator **out,
			      size_t max)
{
	size_t n = 0, at = s, ms, me;

	/* the subject runs to lim, the sentence's end, so that a synonym's
	 * lookahead sees past the group (第一(?=、二、三产业增加值)) without a
	 * failed search running on to the end of the document */
	while (at < e && n < max && scan_next_mention(x->sc, x->rs, t, at, e, lim, x->md, &ms, &me)) {
		const struct indicator *ind = rules_lookup_in(x->rs, t, x->norm.len,
							      ms, me, x->lmd);
		int dup = 0;
		for (size_t i = 0; i < n; i++)
			dup |= out[i] == ind;
		if (ind && !dup)
			out[n++] = ind;
		at = me > at ? me : at + 1;
	}
	return n;
}

/* Indicators mentioned in the sentence, found once: the sentence gate and
 * the subjects of later clauses.  Returns how many times the any-indicator
 * pattern matched (x->men keeps those that name an indicator); 0 means no
 * rule can give a row here (a figure without its indicator takes it from
 * the same sentence). */
static size_t find_mentions(struct extractor *x, const char *t, size_t s,
			    size_t e)
{
	size_t at = s, hits = 0, ms, me;

	x->nmen = 0;
	while (at < e && scan_next_mention(x->sc, x->rs, t, at, e, e, x->md, &ms, &me)) {
		hits++;
		const struct indicator *ind = rules_lookup_in(x->rs, t, x->norm.len,
							      ms, me, x->lmd);
		if (ind) {
			VEC_GROW(x->men, x->nmen + 1, x->capmen);
			x->men[x->nmen++] = (struct mention){ms, me, ind};
		}
		at = me > at ? me : at + 1;
	}
	return hits;
}

/* The subject of a match at offset p without an indicator: the indicators
 * of the last match before p that named them, unless an indicator is
 * mentioned after it (outside every match) and before p. */
static size_t subject_last(struct extractor *x, const struct cand *kept,
			   size_t nkept, size_t p, const struct indicator **out)
{
	const struct done *last = NULL;
	size_t n = 0;

	for (size_t i = 0; i < x->ndone; i++)
		if (x->done[i].named && x->done[i].end <= p)
			last = &x->done[i];
	const struct mention *men = NULL;
	for (size_t i = 0; i < x->nmen; i++) {
		const struct mention *mm = &x->men[i];
		if (mm->end > p || (last && mm->start < last->end))
			continue;
		int inside = 0;
		for (size_t k = 0; k < nkept && !inside; k++)
			inside = mm->start >= kept[k].start && mm->start < kept[k].end;
		if (!inside)
			men = mm;
	}
	if (men) {
		out[n++] = men->ind;
		return n;
	}
	if (last)
		for (size_t i = 0; i < last->nind && n < MAX_INDS; i++)
			out[n++] = last->ind[i];
	return n;
}

/* 均: every subject of the matches before, in this clause and the unbroken
 * run of clauses before it that produced figures. */
static size_t subject_each(struct extractor *x, const char *t,
			   const struct sentence *s, size_t clause,
			   const struct indicator **out)
{
	size_t n = 0, c = clause;

	for (;;) {
		int any = 0;
		for (size_t i = x->ndone; i-- > 0;) {
			const struct done *d = &x->done[i];
			if (d->clause != c)
				continue;
			any = 1;
			for (size_t k = d->nind; k-- > 0;) {
				int dup = 0;
				for (size_t j = 0; j < n; j++)
					dup |= out[j] == d->ind[k];
				if (!dup && n < MAX_INDS)
					out[n++] = d->ind[k];
			}
		}
		if ((!any && c != clause) || c == 0)
			break;
		c--;
	}
	/* A、B和C保持增长,分别增长…: no figure before, the indicators named
	 * in the nearest clause before that names any */
	if (!n && clause > 0) {
		size_t best = 0, cs, ce;
		int found = 0;
		for (size_t i = 0; i < x->nmen; i++) {
			size_t k = segment_clause(t, s, x->men[i].start, &cs, &ce);
			if (k < clause && (!found || k > best))
				best = k, found = 1;
		}
		for (size_t i = x->nmen; found && i-- > 0;) {
			int dup = 0;
			if (segment_clause(t, s, x->men[i].start, &cs, &ce) != best)
				continue;
			for (size_t j = 0; j < n; j++)
				dup |= out[j] == x->men[i].ind;
			if (!dup && n < MAX_INDS)
				out[n++] = x->men[i].ind;
		}
	}
	/* collected backwards: restore text order */
	for (size_t i = 0; i < n / 2; i++) {
		const struct indicator *tmp = out[i];
		out[i] = out[n - 1 - i];
		out[n - 1 - i] = tmp;
	}
	return n;
}

static int seen_before(struct extractor *x, const struct obs *o,
		       const struct indicator *ind)
{
	double v = decimal_to_double(o->value);

	for (size_t i = 0; i < x->nseen; i++) {
		const struct seen *s = &x->seen[i];
		if (s->ind == ind && s->measure == o->measure && s->value == v &&
		    s->target == o->target && strcmp(s->period, o->period) == 0 &&
		    strcmp(s->scope, o->scope) == 0 &&
		    strcmp(s->qualifier, o->qualifier) == 0)
			return 1;
	}
	VEC_GROW(x->seen, x->nseen + 1, x->capseen);
	struct seen *s = &x->seen[x->nseen++];
	s->ind = ind;
	s->measure = o->measure;
	s->value = v;
	s->target = o->target;
	size_t n = strnlen(o->period, sizeof s->period - 1);
	memcpy(s->period, o->period, n);
	s->period[n] = '\0';
	s->scope = o->scope;
	s->qualifier = o->qualifier;
	return 0;
}

/* Copies at most EVIDENCE_MAX code points of t[s, e) into o->evidence. */
static void set_evidence(struct obs *o, const char *t, size_t s, size_t e)
{
	size_t i = s, cps = 0;

	/* without the sentence's terminator (。 is three bytes) */
	while (e > s && strchr("!?;\n", t[e - 1]))
		e--;
	if (e >= s + 3 && memcmp(t + e - 3, "。", 3) == 0)
		e -= 3;

	while (i < e && cps < EVIDENCE_MAX) {
		unsigned char c = (unsigned char)t[i];
		i += c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		cps++;
	}
	if (i > e)
		i = e;
	memcpy(o->evidence, t + s, i - s);
	o->evidence[i - s] = '\0';
}

static const struct period *period_at(const struct period_hit *hits,
				      size_t nhits, size_t at,
				      const struct period *before)
{
	const struct period *p = before;

	for (size_t i = 0; i < nhits; i++)
		if (hits[i].end <= at)
			p = &hits[i].p;
	return p;
}

/* The periods named in a change's base group (比一季度, 分别较1-2月、1-3月),
 * each as a period code, resolved in the year of the figure: at most max.
 * The rules put in that group only bases other than the same period of the
 * year before (whose code is ""). */
static size_t change_bases(const struct extractor *x, const struct cand *c,
			   const char *t, int year, char (*codes)[32], size_t max)
{
	struct period_ctx bc;
	struct period_hit bh[MAX_ITEMS];
	size_t n = 0;

	if (c->base_e <= c->base_s)
		return 0;
	period_ctx_init(&bc, x->date);
	bc.year = year;
	size_t nh = period_scan(&bc, t + c->base_s, c->base_e - c->base_s, bh,
				MAX_ITEMS);
	for (size_t i = 0; i < nh && i < MAX_ITEMS && n < max; i++) {
		struct period p = period_final(bh[i].p, x->date, 0);
		if (period_format(&p, codes[n], sizeof codes[n])[0])
			n++;
	}
	return n;
}

/* Whether the ni indicators, nv values and nb bases of c pair up:
 * TRACE_OK, or why not. */
static enum trace_why pairing(const struct cand *c, size_t ni, size_t nv,
			      size_t nb)
{
	if (ni != nv && ni != 1 && nv != 1)
		return TRACE_LIST_MISMATCH;  /* a list whose lengths disagree */
	/* a base that is no period (较年初), or a list of bases that does not
	 * pair with the values */
	if (c->base_e > c->base_s && nb != 1 && nb != nv)
		return TRACE_BAD_BASE;
	/* several values for one indicator only when they differ in scope
	 * (排名全省第5、全市第2) or in base (分别较1-2月、1-3月回落0.5、0.8个
	 * 百分点): one growth is not 3.1%、6.4% */
	if (ni == 1 && nv > 1 && c->rule->measure != MEASURE_RANK && nb != nv)
		return TRACE_ONE_MANY;
	return TRACE_OK;
}

/* The row of candidate c for indicator ind and value it: status, period,
 * qualifier, scope (line, evidence and base are the caller's). */
static void make_obs(struct extractor *x, const struct doc *d,
		     const struct sentence *s, const struct cand *c,
		     const struct indicator *ind, const struct item *it,
		     const struct period_hit *hits, size_t nhits,
		     const struct period *before, struct obs *o)
{
	o->doc = d->id;
	o->indicator = ind->id;
	o->measure = c->rule->measure;
	o->value = it->value;
	o->unit = c->rule->unit;
	o->target = x->list_target || c->rule->goal ||
		    resolve_is_target(x->rs, x->md, x->norm.text, s->start, it->at);
	struct period pf = *period_at(hits, nhits, it->at, before);
	if (c->rule->goal && pf.kind != PERIOD_NONE)
		pf.kind = PERIOD_YEAR;  /* the year's goal */
	/* a target whose sentence states no period is a goal for the year in
	 * context, not for a quarter carried over from the review before it */
	if (o->target && period_at(hits, nhits, it->at, NULL) == NULL &&
	    pf.kind != PERIOD_NONE && pf.kind != PERIOD_YEAR)
		pf.kind = PERIOD_YEAR;
	pf = period_final(pf, x->date, o->target);
	period_format(&pf, o->period, sizeof o->period);
	o->qualifier = qualifier_code(it->qual);
	o->scope = c->rule->measure == MEASURE_RANK ?
		   rules_scope_code(x->rs, it->scope) : "";
	o->region = d->region ? d->region : "";
	o->rule = c->rule->id;
}

static long run_sentence(struct extractor *x, const struct doc *d,
			 const struct sentence *s, const struct period_hit *hits,
			 size_t nhits, const struct period *before,
			 const struct sink *sink)
{
	const char *t = x->norm.text;
	const struct cand *kept;
	const struct rule *limit = NULL;
	double t0 = x->timing ? clock_seconds() : 0, emit = 0;
	long rows = 0, dups = 0;

	size_t nk = matcher_run(x->m, t, s->start, s->end, &kept, &limit);
	if (limit && sink->warn) {
		char msg[256];
		snprintf(msg, sizeof msg, "rule %s (%s:%ld) hit the PCRE2 match limit (or its depth or JIT stack limit); skipped for this sentence",
			 limit->id, limit->file, limit->line);
		sink->warn(sink->ctx, norm_line(&x->norm, s->start), msg);
	}
	double t1 = x->timing ? clock_seconds() : 0;
	x->ndone = 0;
	size_t nbrk = nk ? segment_breaks(t, s, &x->brk, &x->capbrk) : 0;
	for (size_t k = 0; k < nk; k++) {
		const struct cand *c = &kept[k];
		const struct indicator *inds[MAX_INDS];
		struct item items[MAX_ITEMS];
		size_t ni, cs, ce, cs2, ce2;
		size_t clause = segment_clause_in(x->brk, nbrk, s, c->v_s, &cs, &ce);

		if (c->rule->has_ind)
			ni = scan_indicators(x, t, c->ind_s, c->ind_e, s->end,
					     inds, MAX_INDS);
		else if (c->rule->subject == SUBJECT_EACH)
			ni = subject_each(x, t, s, clause, inds);
		else
			ni = subject_last(x, kept, nk, c->v_s, inds);
		size_t nv = resolve_items(x->rs, c, t, s->start, s->end, items,
					  MAX_ITEMS);
		if (!ni || !nv) {
			if (x->trace)
				trace_cand(x, TRACE_DROP, !ni ? TRACE_NO_SUBJECT :
					   TRACE_UNIT_MISFIT, c, NULL);
			continue;
		}
		VEC_GROW(x->done, x->ndone + 1, x->capdone);
		struct done *dn = &x->done[x->ndone++];
		dn->clause = clause;
		dn->start = c->start;
		dn->end = c->end;
		dn->named = c->rule->has_ind;
		dn->nind = ni;
		memcpy(dn->ind, inds, ni * sizeof *inds);
		char bases[MAX_ITEMS][32];
		struct period cp = period_final(*period_at(hits, nhits, c->v_s, before),
						x->date, 0);
		size_t nb = change_bases(x, c, t, cp.year, bases, MAX_ITEMS);
		enum trace_why bad = pairing(c, ni, nv, nb);
		if (bad) {
			if (x->trace) {
				struct trace_event ev = {.kind = TRACE_DROP, .why = bad,
							 .s = c->start, .e = c->end,
							 .rule = c->rule, .cand = c,
							 .ninds = ni, .nvalues = nv};
				trace_emit(x, &ev);
			}
			continue;
		}
		segment_clause_in(x->brk, nbrk, s, c->start, &cs2, &ce2);
		segment_clause_in(x->brk, nbrk, s, c->end > c->start ? c->end - 1 : c->end,
				  &cs, &ce);
		size_t npairs = ni > nv ? ni : nv;
		for (size_t p = 0; p < npairs; p++) {
			const struct indicator *ind = inds[ni == 1 ? 0 : p];
			const struct item *it = &items[nv == 1 ? 0 : p];
			struct obs o;
			if (c->rule->measure == MEASURE_RANK && it->scope < 0) {
				if (x->trace)
					trace_cand(x, TRACE_DROP, TRACE_NO_SCOPE, c, NULL);
				continue;       /* a rank among whom is not said */
			}
			if (ind->neighbour) {
				if (x->trace) {
					struct trace_event ev = {.kind = TRACE_DROP,
								 .why = TRACE_NEIGHBOUR,
								 .s = c->start, .e = c->end,
								 .rule = c->rule, .cand = c,
								 .ind = ind};
					trace_emit(x, &ev);
				}
				continue;       /* 人均地区生产总值: not the indicator */
			}
			make_obs(x, d, s, c, ind, it, hits, nhits, before, &o);
			o.line = norm_line(&x->norm, cs2);
			set_evidence(&o, x->norm.text, cs2, ce);
			strcpy(o.base, nb ? bases[nb == 1 ? 0 : p] : "");
			if (seen_before(x, &o, ind)) {
				if (x->trace)
					trace_cand(x, TRACE_DROP, TRACE_DUPLICATE, c, &o);
				dups++;
				continue;
			}
			double e0 = x->timing ? clock_seconds() : 0;
			if (sink->obs && sink->obs(sink->ctx, &o))
				return -1;
			if (x->timing)
				emit += clock_seconds() - e0;
			if (x->trace)
				trace_cand(x, TRACE_ROW, TRACE_OK, c, &o);
			rows++;
		}
	}
	if (x->trace)
		trace_sentence(x, TRACE_SENTENCE_END, TRACE_OK, s, rows + dups);
	if (x->timing) {
		x->st.match += t1 - t0;
		x->st.resolve += clock_seconds() - t1 - emit;
		x->st.emit += emit;
	}
	return rows;
}

static int period_within(const struct period *p, const struct period *q);

/* Scans sentence s's periods into pc; its hits (offsets in the text, at
 * most MAX_HITS) into hits.  一季度…增长3.9%,其中1-2月…,3月…: months that
 * break down a period stated before them in the sentence hold for that
 * sentence only; the next one is about the quarter again. */
static size_t scan_periods(struct extractor *x, struct period_ctx *pc,
			   const struct sentence *s, struct period_hit *hits)
{
	size_t nh = period_scan(pc, x->norm.text + s->start, s->end - s->start,
				hits, MAX_HITS);

	if (nh > MAX_HITS)
		nh = MAX_HITS;
	for (size_t i = 0; i < nh; i++) {
		hits[i].start += s->start;
		hits[i].end += s->start;
	}
	for (size_t i = 0; nh > 1 && i + 1 < nh; i++)
		if (period_within(&hits[nh - 1].p, &hits[i].p)) {
			pc->cur = hits[i].p;
			break;
		}
	return nh;
}

/* The period context at sentence g and the periods it states (into hits,
 * offsets in the text; returns how many), scanning the sentences from
 * *next on first: periods are read only where a matched sentence needs
 * the context they carry.  A heading resets the context, so what lies
 * before the last heading is never scanned.  Sets *before to the period in
 * force at the start of g. */
static size_t periods_at(struct extractor *x, struct period_ctx *pc,
			 size_t *next, size_t g, struct period *before,
			 struct period_hit *hits)
{
	for (size_t i = *next; i < g; i++)
		scan_periods(x, pc, &x->sent[i], hits);
	*before = pc->cur;
	*next = g + 1;
	return scan_periods(x, pc, &x->sent[g], hits);
}

/* The sentence, its period and the indicators it names, to the trace. */
static void trace_start(struct extractor *x, const struct sentence *s,
			const struct period *before,
			const struct period_hit *hits, size_t nh)
{
	struct trace_event ev = {.kind = TRACE_SENTENCE, .s = s->start,
				 .e = s->end, .line = norm_line(&x->norm, s->start),
				 .period = period_final(*before, x->date, 0),
				 .hits = hits, .nhits = nh};

	trace_emit(x, &ev);
	find_mentions(x, x->norm.text, s->start, s->end);
	for (size_t i = 0; i < x->nmen; i++) {
		struct trace_event m = {.kind = TRACE_MENTION, .s = x->men[i].start,
					.e = x->men[i].end, .ind = x->men[i].ind,
					.line = norm_line(&x->norm, x->men[i].start)};
		trace_emit(x, &m);
	}
}

/* 1 when p is a strict part of q (3月 of 一季度, 1-2月 of 一季度). */
static int period_within(const struct period *p, const struct period *q)
{
	struct date ps, pe, qs, qe;

	if (p->kind == PERIOD_NONE || q->kind == PERIOD_NONE || !p->year ||
	    !q->year)
		return 0;
	period_bounds(p, &ps, &pe);
	period_bounds(q, &qs, &qe);
	return date_key(ps) >= date_key(qs) && date_key(pe) <= date_key(qe) &&
	       !period_same_span(p, q);
}

/* A target heading (主要预期目标是:, 今年的目标: ...) makes the figures of
 * the list after it targets: the sentences after it while they end with
 * ';' or ':', or with 。 and the line goes on; the list ends at a line
 * break after 。 (normalize keeps those).  Returns whether the sentence
 * after s is under a heading, given whether s was. */
static int list_target_after(struct extractor *x, const char *t, size_t n,
			     const struct sentence *s, int under)
{
	const pcre2_code *re = rules_target_re(x->rs);
	size_t e = s->end;

	/* a heading ends in ':' after its target word: without one the
	 * pattern need not run (most sentences) */
	if (re && memchr(t + s->start, ':', s->end - s->start) &&
	    pcre2_match(re, (PCRE2_SPTR)t, s->end, s->start,
			PCRE2_NO_UTF_CHECK, x->md, NULL) > 0) {
		size_t w = pcre2_get_ovector_pointer(x->md)[1];
		if (memchr(t + w, ':', s->end - w))
			return 1;
	}
	if (!under || s->heading)
		return 0;
	while (e > s->start && t[e - 1] == '\n')
		e--;
	if (e > s->start && (t[e - 1] == ';' || t[e - 1] == ':'))
		return 1;
	return e >= s->start + 3 && memcmp(t + e - 3, "。", 3) == 0 &&
	       s->end < n && t[s->end] != '\n' && e == s->end;
}

long extractor_run(struct extractor *x, const struct doc *d, const char *text,
		   size_t len, const struct sink *sink)
{
	double t0 = x->timing ? clock_seconds() : 0, t1;
	norm_build(&x->norm, text, len);
	const char *t = x->norm.text;
	size_t n = x->norm.len, pos = 0, pnext = 0;
	struct sentence s;
	struct period_ctx pc;
	struct period_hit hits[MAX_HITS];
	long rows = 0;

	x->date = d->date;
	if (!x->date.y && !period_find_date(t, n, &x->date) && d->name)
		date_from_name(d->name, &x->date);
	period_ctx_init(&pc, x->date);
	x->nseen = 0;
	x->nsent = 0;
	if (x->timing) {
		t1 = clock_seconds();
		x->st.normalize += t1 - t0;
		t0 = t1;
	}
	x->list_target = 0;
	while (segment_next(t, n, &pos, &s)) {
		VEC_GROW(x->sent, x->nsent + 1, x->capsent);
		size_t g = x->nsent++;
		x->sent[g] = s;
		if (s.heading) {
			period_ctx_init(&pc, x->date);
			pnext = g;
		}
		x->st.sentences++;
		struct period before;
		size_t nh = 0;
		int traced = x->trace != NULL;
		/* a target heading (主要预期目标是:) holds for the list after it */
		int under = x->list_target;
		x->list_target = list_target_after(x, t, n, &s, under);
		if (traced) {
			/* explain shows every sentence with its period */
			nh = periods_at(x, &pc, &pnext, g, &before, hits);
			trace_start(x, &s, &before, hits, nh);
		}
		if (!scan_sentence(x->sc, t, s.start, s.end) ||
		    !find_mentions(x, t, s.start, s.end)) {
			if (traced)
				trace_sentence(x, TRACE_SENTENCE_END,
					       scan_flags(x->sc, t, s.start, s.end) &
					       SCAN_SITE ? TRACE_NO_INDICATOR :
					       TRACE_NO_NUMBER, &s, 0);
			continue;
		}
		x->st.matched++;
		if (x->timing) {
			t1 = clock_seconds();
			x->st.gate += t1 - t0;
			t0 = t1;
		}
		if (!traced)
			nh = periods_at(x, &pc, &pnext, g, &before, hits);
		if (x->timing) {
			t1 = clock_seconds();
			x->st.periods += t1 - t0;
		}
		/* this sentence's figures: under the heading before it */
		int next = x->list_target;
		x->list_target = under;
		long r = run_sentence(x, d, &s, hits, nh, &before, sink);
		x->list_target = next;
		if (r < 0)
			return -1;
		rows += r;
		if (x->timing)
			t0 = clock_seconds();
	}
	if (x->timing)
		x->st.gate += clock_seconds() - t0;
	x->st.docs++;
	x->st.rows += rows;
	return rows;
}
