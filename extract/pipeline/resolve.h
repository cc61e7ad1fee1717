/* resolve: turn a match's value text into values in the schema's units,
 * with their qualifier, scope and status.
 *
 * The value group may hold one value or a list (9.1%、4.5%和29%; 全省第5、
 * 全市第2).  Each number in it is read with number.c together with the
 * unit written after it (and 第 before it for ranks); a value whose unit
 * does not fit the rule (亿元 in a percent rule) is dropped.  Qualifier
 * words are looked for right before the number and right after the number
 * or its unit; a scope word right before the value (or its 第), else the
 * match's "scope" group. */
#ifndef EXTRACT_RESOLVE_H
#define EXTRACT_RESOLVE_H

#include <stddef.h>

#include "pipeline/match.h"
#include "pipeline/number.h"
#include "pipeline/rules.h"

struct item {
	struct decimal value;     /* in the rule's unit, sign and scale applied */
	int qual;                 /* qualifier code, -1 none */
	int scope;                /* scope code, -1 none */
	size_t at;                /* offset of the number (or its 第) */
	size_t end;               /* end of its unit and qualifier */
};

/* Reads the values of candidate c in text (sentence [s, e)).  Writes at
 * most max items; returns the number written. */
size_t resolve_items(const struct rule_set *rs, const struct cand *c,
		     const char *text, size_t s, size_t e, struct item *items,
		     size_t max);

/* 1 when a target word (status target = ...) occurs in text[s, at). */
int resolve_is_target(const struct rule_set *rs, pcre2_match_data *md,
		      const char *text, size_t s, size_t at);

#endif
