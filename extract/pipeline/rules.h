/* rules: load, check and compile the rule files that say what is extracted.
 *
 * A rule file is read line by line.  '#' starts a comment line.  A stanza
 * starts at column 1; indented "key: value" lines belong to the stanza above.
 *
 *   macro NAME = PATTERN          a named pattern piece; %{NAME} expands it
 *   scope CODE = 全市 | 市          words that name a ranking scope
 *   qualifier CODE = 以上 | 及以上    words that qualify a value (>=, >, ~, <=)
 *   status target = 预期 | 力争      words that make a figure a target
 *   indicator ID KIND = 名称 | 别名   an indicator and its synonyms (literal
 *     example: TEXT => ROWS         text, or /regex/); KIND groups indicators
 *     display: 万元                  how its amounts are shown (default: by size)
 *   rule ID                         for patterns (%{IND:money})
 *     measure: growth
 *     unit: percent
 *     pattern: PCRE2 pattern        (several pattern: lines are alternatives)
 *     sign: -                       negate (下降, 回落)
 *     multiply: 100                 scale (增长2倍 -> 200)
 *     subject: each                 a figure without an indicator applies to
 *                                   every subject of the clauses before (均)
 *     status: target                its figures are goals for the year
 *                                   (完成年度目标任务160亿元的50%)
 *     example: TEXT => ROWS
 *
 * Built-in macros: %{IND} / %{IND:KIND[,KIND]} is the named group "ind"
 * matching one synonym; %{INDS...} a list of them joined by 、和及与; %{QUAL},
 * %{SCOPE} and %{TARGET} the words declared above.  A pattern captures the
 * value(s) in the group "v" and may capture "scope".  See rules/README.md.
 *
 * Ownership: a rule_set owns everything it holds; callers borrow. */
#ifndef EXTRACT_RULES_H
#define EXTRACT_RULES_H

#include <pcre2.h>
#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"
#include "pipeline/litset.h"
#include "pipeline/number.h"

enum subject_mode {
	SUBJECT_LAST,     /* no indicator in the match: the clause's subject */
	SUBJECT_EACH,     /* 均: every subject of the clauses before */
};

struct example {
	const char *file;
	long line;
	char *text;       /* normalized input clause */
	char *expect;     /* expected rows as written after "=>" */
};

/* Where a pattern's matches start: with one of lit (litset_prefixes), or,
 * after, right after one of the characters lit (litset_after) or at the
 * start of the text (at_start). */
struct pattern_starts {
	struct litset lit;
	int after, at_start;
};

struct rule {
	char *id;
	const char *file;
	long line;
	enum measure measure;
	enum unit unit;
	int sign;                 /* 1 or -1 */
	int scale;                /* power of ten applied to values (multiply: 100 -> 2) */
	enum subject_mode subject;
	int goal;                 /* status: target: its figures are goals for the year */
	int has_ind;              /* the pattern captures "ind" */
	/* compiled patterns: match pattern k through rules_pattern(r, k),
	 * which JIT-compiles it first; re[k] itself serves pcre2_pattern_info
	 * and the group names */
	pcre2_code **re;
	struct jit_once *jit;     /* per pattern: JIT-compiled yet (rules.c) */
	size_t nre;
	/* the unit marks (number.h unit_marks) of which a sentence must hold
	 * one for the rule to be tried; 0 = always tried */
	unsigned need;
	/* per pattern, the keywords (indices, rules_keyword) of which a
	 * sentence must hold one for the pattern to be run (litset.h);
	 * nkw[k] == 0: always run */
	size_t **kw;
	size_t *nkw;
	/* per pattern, where its matches can start (n == 0 in lit, and no
	 * at_start: anywhere).  The patterns are compiled with
	 * PCRE2_USE_OFFSET_LIMIT, so that the matcher can try one only
	 * there. */
	struct pattern_starts *starts;
	struct example *ex;
	size_t nex;
};

/* Pattern k of rule r, ready to match: JIT-compiled (when PCRE2 can) on
 * its first use, so that a run pays only for the patterns its documents
 * reach.  Safe from several threads at once: the first caller compiles
 * while the others wait, and no code is matched while it is compiled. */
const pcre2_code *rules_pattern(const struct rule *r, size_t k);

struct indicator {
	char *id;
	char *kind;
	const char *name;         /* the first literal synonym: its Chinese name */
	/* KIND "none": a neighbour of indicators (人均地区生产总值, 税收收入)
	 * whose name every %{IND} matches, so that it wins over the shorter
	 * indicator name inside it and is the subject of the clauses after
	 * it, but whose figures are no rows */
	int neighbour;
	char *display;            /* display: how amounts are shown (万元, 家), or NULL */
	const char *file;
	long line;
	size_t layer;             /* the rules layer that declared it (0 first) */
	struct example *ex;
	size_t nex;
};

struct word {
	char *text;               /* normalized literal, or "/regex/" */
	size_t len;
	int code;                 /* index into the table's codes (qualifier, scope) */
	pcre2_code *re;           /* a /regex/ word, compiled to match at the end */
};

struct rule_set;

/* Called once for every error found while loading (file and position in d). */
typedef void (*rules_error_fn)(void *ctx, const char *file,
			       const struct diag *d);

/* Loads path: a directory (every *.rules file in it, in name order) or one
 * file.  Every error is reported through err; returns NULL when there was
 * any, else the compiled set (free with rules_free). */
struct rule_set *rules_load(const char *path, rules_error_fn err, void *ctx);

/* Loads rules in layers: paths[0] (a directory or file, as for
 * rules_load), then each later one adding indicators, words, macros and
 * rules to it; a later layer's indicator, macro or rule of an id already
 * declared replaces the earlier one (in its place).  Within a layer an id
 * declared twice is an error.  A layer may hold only indicators, or only
 * words; the set as a whole needs an indicator or a rule.  Returns as
 * rules_load. */
struct rule_set *rules_load_layers(const char *const *paths, size_t n,
				   rules_error_fn err, void *ctx);

void rules_free(struct rule_set *rs);

size_t rules_count(const struct rule_set *rs);
const struct rule *rules_get(const struct rule_set *rs, size_t i);
size_t rules_indicator_count(const struct rule_set *rs);
const struct indicator *rules_indicator(const struct rule_set *rs, size_t i);
/* The indicator of an id (rs may be NULL) and its place in the rules
 * (index may be NULL), or NULL. */
const struct indicator *rules_indicator_find(const struct rule_set *rs,
					     const char *id, size_t *index);
size_t rules_file_count(const struct rule_set *rs);

/* The keywords of the prefilter, each once: rule->kw holds indices. */
size_t rules_keyword_count(const struct rule_set *rs);
const char *rules_keyword(const struct rule_set *rs, size_t i);

/* Prints each pattern's prefilter keywords to out, a line per pattern:
 * "ID pattern K: KEYWORD..." or "ID pattern K: (always run)". */
void rules_print_keywords(const struct rule_set *rs, FILE *out);

/* The regex matching any synonym of any indicator (no groups). */
const pcre2_code *rules_any_indicator(const struct rule_set *rs);

/* The sentence prefilter of the set (scan.h), built once when it loads. */
struct scan;
const struct scan *rules_scan(const struct rule_set *rs);

/* The indicator a matched synonym p[0..n) names, or NULL. */
const struct indicator *rules_lookup(const struct rule_set *rs, const char *p,
				     size_t n);
/* The same for the synonym matched at t[s, e) of a text of len bytes, so
 * that the lookarounds of /regex/ synonyms see its context; md is the
 * caller's match data for the /regex/ synonyms (one per thread, as the
 * rule set is shared), or NULL to make one per call. */
const struct indicator *rules_lookup_in(const struct rule_set *rs,
					const char *t, size_t len, size_t s,
					size_t e, pcre2_match_data *md);

/* The synonyms of every indicator, in file order: the normalized literal,
 * or "/regex/" as written; *ind (when not NULL) gets the indicator's
 * index. */
size_t rules_synonym_count(const struct rule_set *rs);
const char *rules_synonym(const struct rule_set *rs, size_t i, size_t *ind);
/* A /regex/ synonym's pattern, compiled anchored; NULL for a literal. */
const pcre2_code *rules_synonym_code(const struct rule_set *rs, size_t i);

/* Word tables.  *_at return the code of the longest word of the table that
 * starts at p (ends at p+n for the _before form) and set *wlen, or -1. */
int rules_qualifier_at(const struct rule_set *rs, const char *p, size_t n,
		       size_t *wlen);
int rules_qualifier_before(const struct rule_set *rs, const char *p, size_t n,
			   size_t *wlen);
int rules_scope_before(const struct rule_set *rs, const char *p, size_t n,
		       size_t *wlen);
/* The regex of the target (status) words, or NULL when none are declared. */
const pcre2_code *rules_target_re(const struct rule_set *rs);
const char *rules_scope_code(const struct rule_set *rs, int code);
/* The Chinese label of a scope code: the first word its declaration lists
 * (scope city = 全市 | 市域 gives 全市); the code itself when the rules
 * (may be NULL) do not declare it. */
const char *rules_scope_label(const struct rule_set *rs, const char *code);

/* PCRE2 limits applied to every match (a pathological pattern fails the
 * match instead of hanging); defaults 1000000 and 10000. */
void rules_match_limits(pcre2_match_context *mc);

#endif
