/* litset: the literals of which every match of a pattern must contain one.
 *
 * The rules' prefilter: a sentence that holds none of a pattern's literals
 * cannot match it, so the pattern is not run there.  The set is derived from
 * the pattern's structure (through macros and groups), so rule authors
 * list no keywords and cannot get them wrong:
 *   增长(?<v>\d+%)          -> {增长}
 *   (?:排名|位居|居)第\d+    -> {排名, 位居, 居} or {第}, whichever is more selective
 *   %{UP}  with UP = (?:增长|增速达到?) -> {增长, 增速达}
 * A pattern with no mandatory literal (\d+元? alone) has no set: it is
 * always run. */
#ifndef EXTRACT_LITSET_H
#define EXTRACT_LITSET_H

#include <stddef.h>

struct litset {
	char **lit;               /* owned, NUL-terminated */
	size_t n, cap;
};

/* Returns the pattern of macro name[0..n), or NULL when it has none that
 * can be read (unknown, or built in like %{IND}). */
typedef const char *(*litset_macro_fn)(void *ctx, const char *name, size_t n);

/* Computes the set for pat[0..len).  Returns 1 and fills *out (free with
 * litset_free), or 0 when the pattern has no mandatory literal. */
int litset_of(const char *pat, size_t len, litset_macro_fn macro, void *ctx,
	      struct litset *out);

/* The prefixes of pat[0..len): texts (of up to 12 bytes) of which every
 * match of the pattern starts with one, so a match can only begin where
 * one of them does.  Lookarounds and anchors match no text and are passed
 * over:  (?<=一、)二(?=、三) -> {二};  (?:加|化)工业 -> {加工业, 化工业};
 * \d+元 -> {0, 1, ... 9}.  Returns 0 when a match may start with anything
 * (\p{Han}, ., a negated class, a macro) or with no text at all. */
int litset_prefixes(const char *pat, size_t len, struct litset *out);

/* The same, keeping what large groups gave in memo, for the next
 * patterns that hold the same group (the synonyms of %{IND}).  A memo is
 * for one thread. */
struct litset_memo;
struct litset_memo *litset_memo_new(void);
void litset_memo_free(struct litset_memo *m);
int litset_prefixes_memo(const char *pat, size_t len, struct litset_memo *memo,
			 struct litset *out);

/* What every match of pat[0..len) starts right after: when each of its
 * alternatives begins with a lookbehind of one character, (?<=[,、]|。),
 * or with ^ (*at_start set), possibly in groups: 1 and the characters in
 * *out (empty when only ^ is allowed), else 0:
 *   (?:^|(?<=[,;]|。))完成 -> {",", ";", "。"} and *at_start. */
int litset_after(const char *pat, size_t len, struct litset *out, int *at_start);

void litset_free(struct litset *s);

#endif
