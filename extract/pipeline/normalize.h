/* normalize: turn a document's UTF-8 text into the canonical form the rules
 * are written against, keeping a map back to the original text.
 *
 * What it does, in one pass:
 *   - full-width ASCII forms U+FF01..U+FF5E fold to ASCII (１０.５％ -> 10.5%,
 *     ，-> ,  ；-> ;  （）-> ()  ：-> :), U+3000 and NBSP are spaces;
 *   - curly quotes fold to ASCII: “ ” -> "   ‘ ’ -> '; dashes U+2013, U+2014,
 *     U+2015, U+2212, U+FF0D and the wave dash/tilde U+301C, U+FF5E -> '-'
 *     (so 1—11月 and 1～11月 read 1-11月); ℅ (U+2105, OCR's %) -> '%';
 *   - traditional characters fold to simplified (a one-to-one character
 *     table generated from OpenCC's TSCharacters at build time);
 *   - horizontal white space is removed unless it separates two ASCII
 *     letters ("80 0" -> "800", "李 志 龙" -> "李志龙", "Deep Seek" stays);
 *     zero-width characters and CR are dropped;
 *   - line breaks: a line break (with any blank lines after it) is removed,
 *     joining the lines, unless the line before ends a sentence (。！？!?;；:：
 *     after folding) or is a heading (starts with '#'), or the line after is
 *     a heading; then the text gets exactly one '\n' there.  Several blank
 *     lines after a sentence end still give one '\n'.
 *
 * The map answers, for any byte offset into the normalized text, the byte
 * offset in the original text and the 1-based original line.  It is sparse
 * (one entry per place where the two texts stop moving in step), so it costs
 * little for clean text. */
#ifndef EXTRACT_NORMALIZE_H
#define EXTRACT_NORMALIZE_H

#include <stddef.h>

struct norm_span;

struct norm {
	char *text;             /* normalized UTF-8, NUL-terminated; owned */
	size_t len;
	/* private: the offset map and the original line-start table */
	struct norm_span *map;
	size_t nmap, capmap;
	size_t *line_start;     /* byte offsets of original line starts */
	size_t nlines, caplines;
	size_t orig_len;
};

/* Normalizes orig[0..len) (valid UTF-8) into n, replacing what n held
 * (n may be reused across documents to keep its allocations; start from a
 * zeroed struct).  Never fails. */
void norm_build(struct norm *n, const char *orig, size_t len);

/* Byte offset in the original text of normalized offset off
 * (off == n->len maps to the original length). */
size_t norm_orig_offset(const struct norm *n, size_t off);

/* 1-based line of the original text that holds normalized offset off. */
long norm_line(const struct norm *n, size_t off);

/* Frees what n owns; n is then zeroed and may be reused. */
void norm_free(struct norm *n);

/* Normalizes a short string (a command-line argument, a rule example) into
 * a new string the caller frees. */
char *norm_string(const char *s);

#endif
