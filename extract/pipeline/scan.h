/* scan: one pass over a sentence that tells whether the rules can give a
 * row there, before any regex runs; and one that finds which of the rules'
 * keywords it holds.
 *
 * A row needs a figure site (an ASCII digit, one of number.h's
 * number_site_marks, or a numeral pair number_cn_pair reads) and an
 * indicator: a literal synonym, or
 * one of the necessary literals (litset.h) of a /regex/ synonym.  Those
 * literals are hashed once, when the scanner is built from the rule set,
 * on their first two characters (or first one, or first byte for ASCII
 * ones shorter than three bytes); the pass looks every character up in a
 * bitmap of first characters and compares bytes only where a bit is set.
 * It is a strict prefilter: a sentence it drops holds no match of the
 * any-indicator pattern, or no site.  What cannot be looked for (a regex
 * synonym without a necessary literal, a literal of one two-byte
 * character) is taken as always there.
 *
 * Ownership: a scanner copies what it needs from the rule set; it is
 * read-only once built and may be shared by threads.  rules_load builds
 * one (rules_scan). */
#ifndef EXTRACT_SCAN_H
#define EXTRACT_SCAN_H

#include <stddef.h>
#include <stdint.h>

#include <pcre2.h>

#include "pipeline/rules.h"

enum {
	SCAN_SITE = 1,            /* a literal that makes a figure site */
	SCAN_IND = 2,             /* an indicator literal */
	SCAN_KW = 4,              /* a rule keyword (rules_keyword) */
	SCAN_START = 8,           /* where a synonym's match may start */
	SCAN_PAT = 16,            /* where a rule pattern's match may start */
	SCAN_AFTER = 32,          /* what a rule pattern's match may start after */
};

struct scan;

/* Builds the scanner of the rule set's synonyms and number.h's site
 * marks.  Never fails (out of memory exits). */
struct scan *scan_new(const struct rule_set *rs);
void scan_free(struct scan *sc);

/* 1 when text[s, e) holds both a site and an indicator literal (lying
 * whole inside), else 0.  This function is hot: it sees every byte of
 * every document. */
int scan_sentence(const struct scan *sc, const char *t, size_t s, size_t e);

/* The SCAN_SITE and SCAN_IND flags of text[s, e); it stops once it has
 * both (scan_sentence is this == both).  For explain: which one is
 * missing. */
unsigned scan_flags(const struct scan *sc, const char *t, size_t s, size_t e);

/* Marks in seen[0 .. rules_keyword_count) the rule keywords (the
 * patterns' prefilter literals, litset.h) that text[s, e) holds whole: 1,
 * else 0.  One pass, whatever the number of keywords. */
void scan_keywords(const struct scan *sc, const char *t, size_t s, size_t e,
		   signed char *seen);

/* The first offset in [from, e) at which a match of the any-indicator
 * pattern (rules_any_indicator) may start: where a literal synonym, or
 * one of a /regex/ synonym's prefixes (litset_prefixes), lies whole
 * before lim (>= e); e when there is none.  `from` itself when some
 * synonym may start anywhere (scan_starts_anywhere: then the scanner
 * cannot tell, and the other two functions must not be used). */
size_t scan_next_start(const struct scan *sc, const char *t, size_t from,
		       size_t e, size_t lim);
int scan_starts_anywhere(const struct scan *sc);

/* The next match of the any-indicator pattern (rules_any_indicator, of
 * the rule set the scanner was built from) that starts in t[at, e), the
 * subject ending at lim (>= e: lookaheads see that far): 1 and its bounds
 * in *ms and *me, else 0.  The same match as pcre2_match of that pattern
 * from at, found at the offsets scan_next_start gives.  md is the
 * caller's (one per thread). */
int scan_next_mention(const struct scan *sc, const struct rule_set *rs,
		      const char *t, size_t at, size_t e, size_t lim,
		      pcre2_match_data *md, size_t *ms, size_t *me);

/* Where rule patterns may start.  Patterns whose matches start with the
 * same texts (rule.starts) share a class; scan_pattern_class gives
 * pattern k of rule ri's, or -1 when its matches may start anywhere.
 * scan_pattern_starts lists, in order, the offsets in [s, e) where one of
 * those texts lies whole before e, each with the classes (bit c) that may
 * start there; *v grows as needed and is the caller's to free. */
struct scan_pos {
	size_t at;
	uint64_t cls;
};

int scan_pattern_class(const struct scan *sc, size_t ri, size_t k);
size_t scan_pattern_starts(const struct scan *sc, const char *t, size_t s,
			   size_t e, struct scan_pos **v, size_t *cap);

/* How many literals the scanner holds, and whether it lets every sentence
 * through as naming an indicator (a /regex/ synonym without a necessary
 * literal): for tests and check-rules. */
size_t scan_literal_count(const struct scan *sc);
int scan_always_indicator(const struct scan *sc);

#endif
