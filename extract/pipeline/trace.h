/* trace: what the pipeline decided about each sentence, as events handed to
 * an optional sink — the period in force, the indicators mentioned, every
 * rule run or not run, every match kept or dropped and why, every row made.
 *
 * zhibiao explain prints them; extract --unclaimed reads them to list the
 * figures of sentences that gave no row.  An extractor without a trace
 * (the default) does none of this work: each decision point costs one test
 * of a NULL pointer.
 *
 * Ownership: every pointer of an event is borrowed and valid only during
 * the call; offsets are bytes into ev->text, the normalized document. */
#ifndef EXTRACT_TRACE_H
#define EXTRACT_TRACE_H

#include <stddef.h>

#include "pipeline/emit.h"
#include "pipeline/match.h"
#include "pipeline/period.h"
#include "pipeline/rules.h"

enum trace_kind {
	TRACE_SENTENCE,       /* a sentence starts: s, e, line, period, hits */
	TRACE_MENTION,        /* an indicator named at [s, e): ind */
	TRACE_RULE_SKIPPED,   /* rule (pattern) not run, or run without a
			       * match (TRACE_NO_MATCH), on the sentence: why */
	TRACE_MATCH,          /* a match of rule at [s, e), value at cand */
	TRACE_DROP,           /* a match that gives no row: cand, why, by */
	TRACE_ROW,            /* a row made: obs (cand is the match) */
	TRACE_SENTENCE_END,   /* rows made (duplicates too); why: the gate that
			       * kept the rules off it, or TRACE_OK */
};

enum trace_why {
	TRACE_OK,
	TRACE_NO_NUMBER,      /* sentence gate: no digit nor numeral a value is read from */
	TRACE_NO_INDICATOR,   /* sentence gate: no indicator named in the sentence */
	TRACE_NO_UNIT_MARK,   /* rule: the unit it reads is not written (元, 第 …) */
	TRACE_NO_LITERAL,     /* rule: none of a pattern's necessary literals */
	TRACE_LIMIT,          /* rule: PCRE2 match, depth or JIT stack limit */
	TRACE_NO_MATCH,       /* rule: the pattern ran and matched nothing */
	TRACE_CLAIMED,        /* its value overlaps the value of match by */
	TRACE_NO_SUBJECT,     /* no indicator in the match nor before it */
	TRACE_UNIT_MISFIT,    /* no number in the value with the rule's unit */
	TRACE_LIST_MISMATCH,  /* so many indicators, so many values */
	TRACE_ONE_MANY,       /* one indicator, several values (not a rank) */
	TRACE_NO_SCOPE,       /* a rank among whom is not said */
	TRACE_NEIGHBOUR,      /* ind names a neighbour (KIND none), no indicator */
	TRACE_BAD_BASE,       /* the base group is no period, or its bases do
			       * not pair with the values */
	TRACE_DUPLICATE,      /* the same row came earlier in the document */
};

struct trace_event {
	enum trace_kind kind;
	enum trace_why why;
	const char *text;             /* the normalized document */
	size_t s, e;                  /* sentence, mention or match */
	long line;                    /* original line of s */
	const struct rule *rule;      /* RULE_SKIPPED, MATCH, DROP, ROW */
	size_t pattern;               /* RULE_SKIPPED, MATCH: 0-based pattern */
	const struct cand *cand;      /* MATCH, DROP, ROW */
	const struct cand *by;        /* DROP CLAIMED: the match that won */
	const struct indicator *ind;  /* MENTION, DROP NEIGHBOUR */
	const struct obs *obs;        /* ROW, DROP DUPLICATE */
	size_t ninds, nvalues;        /* DROP LIST_MISMATCH, ONE_MANY */
	/* SENTENCE: the period in force before it (finalized against the
	 * document date) and the period expressions in it, resolved */
	struct period period;
	const struct period_hit *hits;
	size_t nhits;
	long rows;                    /* SENTENCE_END */
};

struct trace {
	void (*event)(void *ctx, const struct trace_event *ev);
	void *ctx;
};

/* A short English phrase for why ("no number", "claimed by another match"). */
const char *trace_why_text(enum trace_why why);

#endif
