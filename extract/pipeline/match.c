/* match: all rules over one sentence, overlaps resolved. */
#include "pipeline/match.h"

#include <stdlib.h>
#include <string.h>

#include "base/xalloc.h"
#include "pipeline/trace.h"

struct matcher {
	const struct rule_set *rs;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	struct cand *all, *kept;
	size_t nall, capall, nkept, capkept;
	signed char *kw_seen;     /* per keyword: -1 not looked up yet, 0, 1 */
	size_t nkw;
	const struct trace *trace;
	const char *text;         /* of the current call, for trace events */
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

/* 1 when text[s, e) holds the keyword p[0..n). */
static int contains(const char *t, size_t s, size_t e, const char *p, size_t n)
{
	const char *q = t + s, *end = t + e;

	while ((size_t)(end - q) >= n) {
		q = memchr(q, p[0], (size_t)(end - q) - n + 1);
		if (!q)
			return 0;
		if (memcmp(q, p, n) == 0)
			return 1;
		q++;
	}
	return 0;
}

/* 1 when the sentence holds one of the pattern's keywords (or it has
 * none); each keyword is looked up once per sentence. */
static int keywords_met(struct matcher *m, const struct rule *r, size_t k,
			const char *t, size_t s, size_t e)
{
	if (!r->nkw[k])
		return 1;
	for (size_t i = 0; i < r->nkw[k]; i++) {
		size_t id = r->kw[k][i];
		if (m->kw_seen[id] < 0) {
			const char *w = rules_keyword(m->rs, id);
			m->kw_seen[id] = (signed char)contains(t, s, e, w, strlen(w));
		}
		if (m->kw_seen[id])
			return 1;
	}
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
	free(m);
}

static void group(const pcre2_code *re, pcre2_match_data *md, const char *name,
		  size_t *s, size_t *e)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
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

size_t matcher_run(struct matcher *m, const char *text, size_t s, size_t e,
		   const struct cand **out, const struct rule **limit_rule)
{
	size_t nrules = rules_count(m->rs);

	unsigned marks = unit_marks_in(text + s, e - s);

	m->nall = m->nkept = 0;
	m->text = text;
	memset(m->kw_seen, -1, m->nkw);
	for (size_t ri = 0; ri < nrules; ri++) {
		const struct rule *r = rules_get(m->rs, ri);
		if (r->need && !(r->need & marks)) {
			if (m->trace)
				trace_rule(m, TRACE_RULE_SKIPPED, TRACE_NO_UNIT_MARK, r, 0, NULL, NULL);
			continue;       /* no 元 for an amount, no 第 for a rank ... */
		}
		for (size_t k = 0; k < r->nre; k++) {
			size_t at = s, before = m->nall;
			int hit_limit = 0;
			if (!keywords_met(m, r, k, text, s, e)) {
				if (m->trace)
					trace_rule(m, TRACE_RULE_SKIPPED, TRACE_NO_LITERAL, r, k, NULL, NULL);
				continue;       /* none of its literals is here */
			}
			while (at < e) {
				int rc = pcre2_match(r->re[k], (PCRE2_SPTR)text, e, at,
						     PCRE2_NO_UTF_CHECK, m->md, m->mc);
				if (rc == PCRE2_ERROR_MATCHLIMIT ||
				    rc == PCRE2_ERROR_DEPTHLIMIT ||
				    rc == PCRE2_ERROR_HEAPLIMIT ||
				    rc == PCRE2_ERROR_JIT_STACKLIMIT) {
					if (limit_rule)
						*limit_rule = r;
					if (m->trace)
						trace_rule(m, TRACE_RULE_SKIPPED, TRACE_LIMIT, r, k, NULL, NULL);
					hit_limit = 1;
					break;
				}
				if (rc <= 0)
					break;
				PCRE2_SIZE *ov = pcre2_get_ovector_pointer(m->md);
				struct cand c = {.rule = r, .rule_index = ri, .pattern = k,
						 .start = ov[0], .end = ov[1]};
				group(r->re[k], m->md, "ind", &c.ind_s, &c.ind_e);
				group(r->re[k], m->md, "v", &c.v_s, &c.v_e);
				group(r->re[k], m->md, "scope", &c.scope_s, &c.scope_e);
				if (c.v_e > c.v_s) {
					if (m->nall == m->capall) {
						m->capall = m->capall ? m->capall * 2 : 32;
						m->all = xrealloc(m->all, m->capall * sizeof *m->all);
					}
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
			if (m->trace && m->nall == before && !hit_limit)
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
		if (m->nkept == m->capkept) {
			m->capkept = m->capkept ? m->capkept * 2 : 16;
			m->kept = xrealloc(m->kept, m->capkept * sizeof *m->kept);
		}
		m->kept[m->nkept++] = *c;
	}
	if (m->nkept > 1)
		qsort(m->kept, m->nkept, sizeof *m->kept, cand_position);
	*out = m->kept;
	return m->nkept;
}
