/* segment: cut normalized text into sentences and clauses.
 *
 * A sentence ends after 。！？!?; (full-width forms are folded by normalize)
 * or at a line break; a line starting with '#' is a heading sentence of its
 * own.  Clauses are the parts of a sentence between ',' and ':' (a comma
 * between digits with exactly three digits after it is a thousands
 * separator, not a clause break).  Offsets are bytes into the text. */
#ifndef EXTRACT_SEGMENT_H
#define EXTRACT_SEGMENT_H

#include <stddef.h>

struct sentence {
	size_t start, end;        /* [start, end), terminator included */
	int heading;              /* a '#' line */
};

/* Finds the sentence starting at or after *pos (skipping line breaks);
 * returns 1 and advances *pos past it, or 0 at the end of the text. */
int segment_next(const char *t, size_t len, size_t *pos, struct sentence *s);

/* 1 when t[i] starts a clause break inside [start, end). */
int segment_is_clause_break(const char *t, size_t start, size_t end, size_t i);

/* The clause of sentence s that holds offset off: [*cs, *ce), without the
 * break characters.  Returns the clause's 0-based index in the sentence. */
size_t segment_clause(const char *t, const struct sentence *s, size_t off,
		      size_t *cs, size_t *ce);

/* The clause breaks of sentence s, in order, into brk (grown as needed,
 * *cap its capacity; the caller frees it).  Returns how many. */
size_t segment_breaks(const char *t, const struct sentence *s, size_t **brk,
		      size_t *cap);

/* segment_clause, given the breaks segment_breaks found for s: a binary
 * search instead of a walk from the sentence start. */
size_t segment_clause_in(const size_t *brk, size_t nbrk,
			 const struct sentence *s, size_t off, size_t *cs,
			 size_t *ce);

#endif
