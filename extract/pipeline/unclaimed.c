/* unclaimed: figures of sentences that name an indicator but gave no row. */
#include "pipeline/unclaimed.h"

#include <stdlib.h>
#include <string.h>

#include "base/table.h"
#include "base/utf8.h"
#include "base/xalloc.h"
#include "pipeline/trace.h"

#define SENTENCE_MAX 600          /* code points written of a sentence */

struct unclaimed {
	struct extractor *x;
	struct trace tr;
	const char *doc;
	FILE *out;
	struct buf inds;          /* ids named in the sentence, ';'-joined */
	size_t (*men)[2];         /* where they are named: [start, end) */
	size_t nmen, capmen;
	long figures, sentences;
	int write_failed;
};

/* The figure starting at t[i] (the sentence starts at s, ends at e): a
 * number, with 第 (a rank) or 百分之 before it, then the longest text of at
 * most six characters that number.c reads as its unit.  Returns the
 * figure's end and sets *start and *q, or returns 0 when no unit follows;
 * *next is where to go on. */
static size_t figure_at(const char *t, size_t s, size_t i, size_t e,
			size_t *start, struct quantity *q, size_t *next)
{
	struct decimal d;
	size_t used, best = 0;

	*next = i + utf8_len((unsigned char)t[i]);
	if (!number_parse(t + i, e - i, &d, &used))
		return 0;
	size_t ns = i, ne = i + used;
	*next = ne;
	if (ns >= s + 3 && memcmp(t + ns - 3, "第", 3) == 0)
		ns -= 3;
	else if (ns >= s + 9 && memcmp(t + ns - 9, "百分之", 9) == 0)
		ns -= 9;
	for (size_t k = ne, steps = 0; k <= e && steps <= 6; steps++) {
		struct quantity tq;
		if (number_parse_quantity(t + ns, k - ns, &tq) &&
		    (k > ne || ns < i)) {
			*q = tq;
			best = k;
		}
		if (k == e)
			break;
		k += utf8_len((unsigned char)t[k]);
	}
	/* 一个, 两项: a count must be written in digits */
	if (best && q->unit == UNIT_COUNT && (t[i] < '0' || t[i] > '9'))
		best = 0;
	if (best)
		*start = ns, *next = best;
	return best;
}

static void put_row(struct unclaimed *u, const char *t, size_t fs, size_t fe,
		    const struct quantity *q, size_t s, size_t e)
{
	char line[24], v[64], sent[SENTENCE_MAX * 4 + 1];
	size_t n = 0, cps = 0;

	/* the sentence without its line break, cut at SENTENCE_MAX */
	while (e > s && (t[e - 1] == '\n' || t[e - 1] == '\r'))
		e--;
	while (s + n < e && cps++ < SENTENCE_MAX)
		n += utf8_len((unsigned char)t[s + n]);
	if (s + n > e)
		n = e - s;
	memcpy(sent, t + s, n);
	sent[n] = '\0';
	char *fig = xstrndup(t + fs, fe - fs);
	snprintf(line, sizeof line, "%ld", extractor_line(u->x, fs));
	const char *row[] = {
		u->doc, line, fig, decimal_format(q->value, v, sizeof v),
		q->unit == UNIT_NONE ? "times" : unit_name(q->unit),
		u->inds.p ? u->inds.p : "", sent,
	};
	if (table_write_row(u->out, row, sizeof row / sizeof *row) < 0)
		u->write_failed = 1;
	free(fig);
	u->figures++;
}

/* 1 when [s, e) overlaps an indicator's name (第一产业 is not a rank). */
static int in_mention(const struct unclaimed *u, size_t s, size_t e)
{
	for (size_t i = 0; i < u->nmen; i++)
		if (s < u->men[i][1] && u->men[i][0] < e)
			return 1;
	return 0;
}

static void on_event(void *ctx, const struct trace_event *ev)
{
	struct unclaimed *u = ctx;

	switch (ev->kind) {
	case TRACE_SENTENCE:
		buf_clear(&u->inds);
		u->nmen = 0;
		break;
	case TRACE_MENTION: {
		VEC_GROW(u->men, u->nmen + 1, u->capmen);
		u->men[u->nmen][0] = ev->s;
		u->men[u->nmen++][1] = ev->e;
		/* each id once */
		size_t l = strlen(ev->ind->id);
		const char *p = u->inds.p;
		while (p && *p) {
			if (strncmp(p, ev->ind->id, l) == 0 && (p[l] == ';' || !p[l]))
				return;
			p = strchr(p, ';');
			p = p ? p + 1 : NULL;
		}
		if (u->inds.len)
			buf_addc(&u->inds, ';');
		buf_adds(&u->inds, ev->ind->id);
		break;
	}
	case TRACE_SENTENCE_END: {
		if (ev->rows || !u->inds.len || !u->out)
			break;
		long before = u->figures;
		for (size_t i = ev->s, next; i < ev->e; i = next) {
			size_t fs, fe;
			struct quantity q;
			if ((fe = figure_at(ev->text, ev->s, i, ev->e, &fs, &q, &next)) &&
			    !in_mention(u, fs, fe))
				put_row(u, ev->text, fs, fe, &q, ev->s, ev->e);
		}
		u->sentences += u->figures > before;
		break;
	}
	default:
		break;
	}
}

struct unclaimed *unclaimed_new(struct extractor *x)
{
	struct unclaimed *u = xcalloc(1, sizeof *u);

	u->x = x;
	u->tr = (struct trace){on_event, u};
	extractor_set_trace(x, &u->tr);
	return u;
}

void unclaimed_free(struct unclaimed *u)
{
	if (!u)
		return;
	extractor_set_trace(u->x, NULL);
	buf_free(&u->inds);
	free(u->men);
	free(u);
}

void unclaimed_next_doc(struct unclaimed *u, const char *doc, FILE *out)
{
	u->doc = doc;
	u->out = out;
}

void unclaimed_counts(const struct unclaimed *u, long *figures,
		      long *sentences, int *write_failed)
{
	*figures = u->figures;
	*sentences = u->sentences;
	*write_failed = u->write_failed;
}

int unclaimed_header(FILE *f)
{
	static const char *const h[] = {
		"doc", "line", "figure", "value", "unit", "indicators", "sentence",
	};

	return table_write_row(f, h, sizeof h / sizeof *h);
}
