/* match: run the rules over one sentence and keep the matches that do not
 * fight over the same value.
 *
 * Every pattern of every rule is run over the sentence, but for rules
 * whose unit is not written in it (no 元 for an amount rule).  A match claims the bytes of its
 * value group "v".  Matches that name their indicator are placed before
 * those that take it from the context; within each group earlier rules
 * win; a match whose value overlaps a value already claimed is dropped.
 * The kept matches come back in text order. */
#ifndef EXTRACT_MATCH_H
#define EXTRACT_MATCH_H

#include <stddef.h>

#include "pipeline/rules.h"

struct cand {
	const struct rule *rule;
	size_t rule_index;
	size_t pattern;           /* which of the rule's patterns matched */
	size_t start, end;        /* the whole match */
	size_t ind_s, ind_e;      /* group "ind"; equal when absent */
	size_t v_s, v_e;          /* group "v" */
	size_t scope_s, scope_e;  /* group "scope"; equal when absent */
};

struct matcher;

/* A workspace for one thread; borrows rs, which must outlive it. */
struct matcher *matcher_new(const struct rule_set *rs);
void matcher_free(struct matcher *m);

/* Matches text[s, e).  Returns the number of kept candidates and points
 * *out at them (valid until the next call).  A rule whose match fails on a
 * PCRE2 limit is skipped for this sentence and, when limit_rule is not
 * NULL, named there. */
size_t matcher_run(struct matcher *m, const char *text, size_t s, size_t e,
		   const struct cand **out, const struct rule **limit_rule);

struct trace;

/* Hands what matcher_run decides (rules not run, matches, values claimed
 * by another match) to tr, or to nobody when tr is NULL (the default). */
void matcher_set_trace(struct matcher *m, const struct trace *tr);

#endif
