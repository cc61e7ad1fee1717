/* match: all rules over one sentence, overlaps resolved. */
#include "pipeline/match.h"

#include <stdlib.h>
#include <string.h>

#include "pipeline/scan.h"
#include "base/xalloc.h"
#include "pipeline/trace.h"

enum { G_IND, G_V, G_SCOPE, G_BASE, NGROUPS };
static const char *const group_names[NGROUPS] = { "ind", "v", "scope", "base" };

struct matcher {
	const struct rule_set *rs;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct cand *all, *kept;
	size_t nall, capall, nkept, capkept;
	signed char *kw_seen;     /* per keyword: held by the sentence */
	size_t nkw;
	/* the numbers of the groups "ind", "v" and "scope" (0: absent) of
	 * pattern k of rule ri: grp[first[ri] + k], looked up once */
	int (*grp)[NGROUPS];
	size_t *first;
	const struct trace *trace;
	const char *text;         /* of the current call, for trace events */
	struct scan_pos *pos;     /* where patterns may start (scan.h) */
	size_t cappos;
};

void matcher_set_trace(struct matcher *m, const struct trace *tr)
{
	m->trace = tr;
}

static void trace_rule(struct matcher *m, enum trace_kind kind,
		       enum trace_why why, const struct rule *r, size_t k,
		       const struct cand *c, const struct cand *by)
{
	struct trace_event ev = {.kind = kind, .why = why, .text = m->text,
				 .rule = r, .pattern = k, .cand = c, .by = by};

	if (c) {
		ev.s = c->start;
		ev.e = c->end;
	}
	m->trace->event(m->trace->ctx, &ev);
}

/* 1 when the sentence holds one of the pattern's keywords (or it has
 * none): m->kw_seen, filled by one scan of the sentence. */
static int keywords_met(const struct matcher *m, const struct rule *r,
			size_t k)
{
	if (!r->nkw[k])
		return 1;
	for (size_t i = 0; i < r->nkw[k]; i++)
		if (m->kw_seen[r->kw[k][i]])
			return 1;
	return 0;
}

struct matcher *matcher_new(const struct rule_set *rs)
{
	struct matcher *m = xcalloc(1, sizeof *m);

	m->rs = rs;
	m->md = pcre2_match_data_create(32, NULL);
	m->mc = pcre2_match_context_create(NULL);
	if (!m->md || !m->mc)
		xalloc_die(0);
	rules_match_limits(m->mc);
	m->nkw = rules_keyword_count(rs);
	m->kw_seen = xmalloc(m->nkw + 1);
	size_t nr = rules_count(rs), np = 0;
	m->first = xmalloc((nr + 1) * sizeof *m->first);
	for (size_t ri = 0; ri < nr; ri++) {
		m->first[ri] = np;
		np += rules_get(rs, ri)->nre;
	}
	m->grp = xcalloc(np + 1, sizeof *m->grp);
	for (size_t ri = 0; ri < nr; ri++) {
		const struct rule *r = rules_get(rs, ri);
		for (size_t k = 0; k < r->nre; k++)
			for (int g = 0; g < NGROUPS; g++) {
				int n = pcre2_substring_number_from_name(
					r->re[k], (PCRE2_SPTR)group_names[g]);
				m->grp[m->first[ri] + k][g] = n > 0 ? n : 0;
			}
	}
	return m;
}

void matcher_free(struct matcher *m)
{
	if (!m)
		return;
	pcre2_match_data_free(m->md);
	pcre2_match_context_free(m->mc);
	free(m->all);
	free(m->kept);
	free(m->kw_seen);
	free(m->pos);
	free(m->grp);
	free(m->first);
	free(m);
}

/* The bounds of group n (0: the pattern has none) of the last match. */
static void group(pcre2_match_data *md, int n, size_t *s, size_t *e)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);

	*s = *e = 0;
	if (n > 0 && (uint32_t)n < pcre2_get_ovector_count(md) &&
	    ov[2 * n] != PCRE2_UNSET) {
		*s = ov[2 * n];
		*e = ov[2 * n + 1];
	}
}

static int cand_priority(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	int ex = x->rule->has_ind, ey = y->rule->has_ind;

	if (ex != ey)
		return ey - ex;
	if (x->rule_index != y->rule_index)
		return x->rule_index < y->rule_index ? -1 : 1;
	return x->v_s < y->v_s ? -1 : x->v_s > y->v_s;
}

static int cand_position(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	return x->v_s < y->v_s ? -1 : x->v_s > y->v_s;
}

/* Runs pattern k of rule ri over text[s, e), adding its candidates to
 * m->all; npos starts listed in m->pos.  Returns 1 when it stopped at a
 * PCRE2 limit (reported in *limit_rule), else 0. */
static int run_pattern(struct matcher *m, const char *text, size_t s,
		       size_t e, size_t ri, size_t k, size_t npos,
		       const struct rule **limit_rule)
{
	const struct rule *r = rules_get(m->rs, ri);
	int cls = scan_pattern_class(rules_scan(m->rs), ri, k);
	size_t at = s, pi = 0;

	while (at < e) {
		/* a pattern with a start class is tried only where one of
		 * its starts is, one offset per search (the offset limit):
		 * the same leftmost match */
		size_t from = at;
		if (cls >= 0) {
			while (pi < npos && (m->pos[pi].at < at ||
					     !(m->pos[pi].cls >> cls & 1)))
				pi++;
			if (pi == npos)
				break;
			from = m->pos[pi++].at;
		}
		pcre2_set_offset_limit(m->mc, cls >= 0 ? from : PCRE2_UNSET);
		int rc = pcre2_match(rules_pattern(r, k), (PCRE2_SPTR)text, e,
				     from, PCRE2_NO_UTF_CHECK, m->md, m->mc);
		if (rc == PCRE2_ERROR_NOMATCH && cls >= 0)
			continue;       /* the next start */
		if (rc == PCRE2_ERROR_MATCHLIMIT ||
		    rc == PCRE2_ERROR_DEPTHLIMIT ||
		    rc == PCRE2_ERROR_HEAPLIMIT ||
		    rc == PCRE2_ERROR_JIT_STACKLIMIT) {
			if (limit_rule)
				*limit_rule = r;
			if (m->trace)
				trace_rule(m, TRACE_RULE_SKIPPED, TRACE_LIMIT, r, k, NULL, NULL);
			return 1;
		}
		if (rc <= 0)
			break;
		PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
		struct cand c = {.rule = r, .rule_index = ri, .pattern = k,
				 .start = ov[0], .end = ov[1]};
		const int *g = m->grp[m->first[ri] + k];
		group(m->md, g[G_IND], &c.ind_s, &c.ind_e);
		group(m->md, g[G_V], &c.v_s, &c.v_e);
		group(m->md, g[G_SCOPE], &c.scope_s, &c.scope_e);
		group(m->md, g[G_BASE], &c.base_s, &c.base_e);
		if (c.v_e > c.v_s) {
			VEC_GROW(m->all, m->nall + 1, m->capall);
			m->all[m->nall++] = c;
			if (m->trace)
				trace_rule(m, TRACE_MATCH, TRACE_OK, r, k, &c, NULL);
		}
		/* step past the match; an empty match steps one character */
		size_t next = ov[1] > at ? ov[1] : at + 1;
		while (next < e && ((unsigned char)text[next] & 0xC0) == 0x80)
			next++;
		at = next;
	}
	return 0;
}

size_t matcher_run(struct matcher *m, const char *text, size_t s, size_t e,
		   const struct cand **out, const struct rule **limit_rule)
{
	size_t nrules = rules_count(m->rs);
	unsigned marks = unit_marks_in(text + s, e - s);
	const struct scan *sc = rules_scan(m->rs);

	m->nall = m->nkept = 0;
	m->text = text;
	scan_keywords(sc, text, s, e, m->kw_seen);
	size_t npos = scan_pattern_starts(sc, text, s, e, &m->pos, &m->cappos);
	for (size_t ri = 0; ri < nrules; ri++) {
		const struct rule *r = rules_get(m->rs, ri);
		if (r->need && !(r->need & marks)) {
			if (m->trace)
				trace_rule(m, TRACE_RULE_SKIPPED, TRACE_NO_UNIT_MARK, r, 0, NULL, NULL);
			continue;       /* no 元 for an amount, no 第 for a rank ... */
		}
		for (size_t k = 0; k < r->nre; k++) {
			size_t before = m->nall;
			if (!keywords_met(m, r, k)) {
				if (m->trace)
					trace_rule(m, TRACE_RULE_SKIPPED, TRACE_NO_LITERAL, r, k, NULL, NULL);
				continue;       /* none of its literals is here */
			}
			if (!run_pattern(m, text, s, e, ri, k, npos, limit_rule) &&
			    m->trace && m->nall == before)
				trace_rule(m, TRACE_RULE_SKIPPED, TRACE_NO_MATCH, r, k, NULL, NULL);
		}
	}
	if (m->nall > 1)
		qsort(m->all, m->nall, sizeof *m->all, cand_priority);
	for (size_t i = 0; i < m->nall; i++) {
		const struct cand *c = &m->all[i];
		size_t j = 0;
		while (j < m->nkept && !(c->v_s < m->kept[j].v_e &&
					 m->kept[j].v_s < c->v_e))
			j++;
		if (j < m->nkept) {
			if (m->trace)
				trace_rule(m, TRACE_DROP, TRACE_CLAIMED, c->rule, 0, c, &m->kept[j]);
			continue;
		}
		VEC_GROW(m->kept, m->nkept + 1, m->capkept);
		m->kept[m->nkept++] = *c;
	}
	if (m->nkept > 1)
		qsort(m->kept, m->nkept, sizeof *m->kept, cand_position);
	*out = m->kept;
	return m->nkept;
}
