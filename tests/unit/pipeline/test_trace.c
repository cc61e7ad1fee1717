/* test_trace: the pipeline's trace (trace.h) — one event for each decision,
 * with its reason: the sentence gates, rules not run, matches, values
 * claimed by another match, no subject, a unit that does not fit, lists of
 * different lengths, one indicator with several values, a rank without
 * scope, duplicates, rows, periods and mentions; the rows are the same with
 * the trace as without; and the unclaimed figures (unclaimed.h) read from it. */
#include "pipeline/trace.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "base/xalloc.h"
#include "pipeline/extract.h"
#include "pipeline/unclaimed.h"

static const char rules_text[] =
	"macro NUM = \\d+(?:\\.\\d+)?\n"
	"scope city = 全市\n"
	"indicator gdp money = GDP | 地区生产总值\n"
	"indicator inv money = 固定资产投资\n"
	"indicator ind_inv money = 工业投资\n"
	"indicator primary money = 第一产业\n"
	"rule level\n"
	"  measure: level\n"
	"  unit: CNY\n"
	"  pattern: %{INDS}(?:完成|实现)?(?<v>%{NUM}亿元)\n"
	"rule growth\n"
	"  measure: growth\n"
	"  unit: percent\n"
	"  pattern: %{INDS}(?:分别)?增长(?<v>%{NUM}%(?:、%{NUM}%)*)\n"
	"rule growth.bare\n"
	"  measure: growth\n"
	"  unit: percent\n"
	"  pattern: 增长(?<v>%{NUM}%)\n"
	"rule rank\n"
	"  measure: rank\n"
	"  unit: rank\n"
	"  pattern: %{IND}排名(?<v>(?:全市)?第%{NUM})\n"
	"rule share.misfit\n"
	"  measure: share\n"
	"  unit: percent\n"
	"  pattern: %{IND}占(?<v>%{NUM}亿元)\n";

static const struct date D = {2025, 6, 30};

/* Every event as a line of text, in order. */
struct record {
	struct buf b;
	long rows, ends;
};

static void on_event(void *ctx, const struct trace_event *ev)
{
	struct record *r = ctx;
	char p[32];

	switch (ev->kind) {
	case TRACE_SENTENCE:
		period_format(&ev->period, p, sizeof p);
		buf_printf(&r->b, "SENTENCE line=%ld period=%s hits=%zu", ev->line,
			   p, ev->nhits);
		for (size_t i = 0; i < ev->nhits; i++) {
			struct period f = period_final(ev->hits[i].p, D, 0);
			period_format(&f, p, sizeof p);
			buf_printf(&r->b, " %.*s=%s",
				   (int)(ev->hits[i].end - ev->hits[i].start),
				   ev->text + ev->hits[i].start, p);
		}
		buf_addc(&r->b, '\n');
		break;
	case TRACE_MENTION:
		buf_printf(&r->b, "MENTION %s %.*s\n", ev->ind->id,
			   (int)(ev->e - ev->s), ev->text + ev->s);
		break;
	case TRACE_RULE_SKIPPED:
		buf_printf(&r->b, "SKIPPED %s %d %d\n", ev->rule->id, ev->why,
			   (int)ev->pattern);
		break;
	case TRACE_MATCH:
		buf_printf(&r->b, "MATCH %s %.*s v=%.*s\n", ev->rule->id,
			   (int)(ev->e - ev->s), ev->text + ev->s,
			   (int)(ev->cand->v_e - ev->cand->v_s),
			   ev->text + ev->cand->v_s);
		break;
	case TRACE_DROP:
		buf_printf(&r->b, "DROP %s %d", ev->rule->id, ev->why);
		if (ev->why == TRACE_CLAIMED)
			buf_printf(&r->b, " by %s", ev->by->rule->id);
		if (ev->why == TRACE_LIST_MISMATCH || ev->why == TRACE_ONE_MANY ||
		    ev->why == TRACE_BAD_BASE)
			buf_printf(&r->b, " %zu/%zu", ev->ninds, ev->nvalues);
		if (ev->obs)
			buf_printf(&r->b, " %s", ev->obs->indicator);
		buf_addc(&r->b, '\n');
		break;
	case TRACE_ROW:
		buf_printf(&r->b, "ROW %s %s %s\n", ev->rule->id, ev->obs->indicator,
			   ev->obs->period);
		r->rows++;
		break;
	case TRACE_SENTENCE_END:
		buf_printf(&r->b, "END %d rows=%ld\n", ev->why, ev->rows);
		r->ends++;
		break;
	}
}

static int count_rows(void *ctx, const struct obs *o)
{
	(void)o;
	++*(long *)ctx;
	return 0;
}

/* Runs text with the trace on; returns the rows the sink got. */
static long traced(struct extractor *x, const char *text, struct record *r)
{
	struct trace tr = {on_event, r};
	long n = 0;
	struct sink sink = {count_rows, NULL, &n};
	struct doc d = {"doc", "", D, NULL};

	buf_clear(&r->b);
	r->rows = r->ends = 0;
	extractor_set_trace(x, &tr);
	long got = extractor_run(x, &d, text, strlen(text), &sink);
	extractor_set_trace(x, NULL);
	CHECK(got == n, "returned %ld rows, the sink got %ld", got, n);
	return n;
}

#define HAS(r, s) CHECK(strstr((r)->b.p ? (r)->b.p : "", s) != NULL,         \
			"no \"%s\" in the trace:\n%s", s, (r)->b.p)
#define HASNT(r, s) CHECK(strstr((r)->b.p ? (r)->b.p : "", s) == NULL,       \
			  "\"%s\" in the trace:\n%s", s, (r)->b.p)

static char want[256];
#define WHY(fmt, ...) (snprintf(want, sizeof want, fmt, __VA_ARGS__), want)

static void test_events(struct extractor *x)
{
	struct record r = {{0}, 0, 0};

	/* the gates: no number, no indicator */
	traced(x, "GDP平稳增长。", &r);
	HAS(&r, WHY("END %d rows=0", TRACE_NO_NUMBER));
	HASNT(&r, "MATCH");
	traced(x, "今天气温25度。", &r);
	HAS(&r, WHY("END %d rows=0", TRACE_NO_INDICATOR));

	/* a row; the bare rule's value is claimed; rules not run and why */
	CHECK(traced(x, "一季度,GDP增长5%。", &r) == 1, "one row");
	HAS(&r, "SENTENCE line=1 period=2025-Q1 hits=1 一季度=2025-Q1\n");
	HAS(&r, "MENTION gdp GDP\n");
	HAS(&r, "MATCH growth GDP增长5% v=5%\n");
	HAS(&r, "MATCH growth.bare 增长5% v=5%\n");
	HAS(&r, WHY("DROP growth.bare %d by growth\n", TRACE_CLAIMED));
	HAS(&r, "ROW growth gdp 2025-Q1\n");
	HAS(&r, WHY("SKIPPED level %d 0\n", TRACE_NO_UNIT_MARK));
	HAS(&r, WHY("SKIPPED rank %d 0\n", TRACE_NO_UNIT_MARK));
	HAS(&r, WHY("SKIPPED share.misfit %d 0\n", TRACE_NO_LITERAL));
	HAS(&r, WHY("END %d rows=1\n", TRACE_OK));
	CHECK(r.rows == 1 && r.ends == 1, "rows %ld, sentences %ld", r.rows, r.ends);

	/* a rule run without a match */
	traced(x, "GDP占比5%,约5亿元。", &r);
	HAS(&r, WHY("SKIPPED share.misfit %d 0\n", TRACE_NO_MATCH));
	HASNT(&r, WHY("SKIPPED growth.bare %d", TRACE_NO_MATCH));

	/* the period in force is carried to the next sentence */
	traced(x, "一季度,GDP增长5%。固定资产投资增长6%。", &r);
	HAS(&r, "SENTENCE line=1 period=2025-Q1 hits=0\n");

	/* no subject: the indicator comes after the value */
	traced(x, "增长5%,GDP待定。", &r);
	HAS(&r, WHY("DROP growth.bare %d\n", TRACE_NO_SUBJECT));
	/* a value in 亿元 for a percent rule */
	traced(x, "GDP占5亿元,比重5%。", &r);
	HAS(&r, WHY("DROP share.misfit %d\n", TRACE_UNIT_MISFIT));
	/* three indicators, two values; one indicator, two values */
	traced(x, "GDP、固定资产投资、工业投资分别增长5%、6%。", &r);
	HAS(&r, WHY("DROP growth %d 3/2\n", TRACE_LIST_MISMATCH));
	traced(x, "GDP增长5%、6%。", &r);
	HAS(&r, WHY("DROP growth %d 1/2\n", TRACE_ONE_MANY));
	/* a rank among whom is not said; with its scope it is a row */
	traced(x, "GDP排名第2,工业投资排名全市第1。", &r);
	HAS(&r, WHY("DROP rank %d\n", TRACE_NO_SCOPE));
	HAS(&r, "ROW rank ind_inv");
	/* the same row twice: the second is a duplicate, and the sentence
	 * still made a row */
	CHECK(traced(x, "GDP增长5%。GDP增长5%。", &r) == 1, "one row of two");
	HAS(&r, WHY("DROP growth %d gdp\n", TRACE_DUPLICATE));
	HAS(&r, WHY("END %d rows=1\nSENTENCE", TRACE_OK));
	buf_free(&r.b);
}

/* The trace changes nothing: the same rows with it as without, on the
 * default rules and a sentence of every kind. */
static void test_same_rows(void)
{
	struct rule_set *rs = rules_load("rules", NULL, NULL);
	static const char text[] =
		"一季度,全区实现地区生产总值301.2亿元,同比增长3.2%;规上工业增加值增长6.9%,排名全市第2。\n"
		"固定资产投资增长5.6%,其中工业投资增长21.3%。今天天气很好。";
	struct record r = {{0}, 0, 0};

	CHECK(rs != NULL, "the default rules load");
	if (!rs)
		return;
	struct extractor *x = extractor_new(rs);
	long plain = 0;
	struct sink sink = {count_rows, NULL, &plain};
	struct doc d = {"doc", "", D, NULL};
	extractor_run(x, &d, text, strlen(text), &sink);
	long with = traced(x, text, &r);
	CHECK(plain == with && with == r.rows && with >= 6,
	      "rows without the trace %ld, with it %ld, traced %ld", plain, with, r.rows);
	CHECK(r.ends == 4, "4 sentences ended, got %ld", r.ends);
	/* a neighbour of an indicator (KIND none), and bases that do not
	 * pair with the values, in the default rules */
	traced(x, "全区人均地区生产总值增长5%。", &r);
	HAS(&r, WHY(" %d\n", TRACE_NEIGHBOUR));
	traced(x, "GDP增速分别比一季度、上半年回落0.5、0.3、0.2个百分点。", &r);
	HAS(&r, WHY(" %d 1/3\n", TRACE_BAD_BASE));
	extractor_free(x);
	rules_free(rs);
	buf_free(&r.b);
}

/* Unclaimed figures: of sentences naming an indicator without a row. */
static void test_unclaimed(struct extractor *x)
{
	static const char text[] =
		"GDP增长5%。\n"                            /* a row: nothing */
		"GDP规模约为12亿元,比上年多3个百分点,居全市第一,有两个方面。\n"
		"第一产业有35家企业。\n"                    /* 第一 is the name */
		"固定资产投资约为百分之六点五,近三成,是前年的2倍。\n"
		"全镇有企业40家。\n";                       /* no indicator */
	char *p = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&p, &n);
	struct unclaimed *u = unclaimed_new(x);
	struct sink sink = {NULL, NULL, NULL};
	struct doc d = {"doc", "", D, NULL};
	long figures, sentences;
	int bad;

	unclaimed_next_doc(u, "d1", f);
	unclaimed_header(f);
	extractor_run(x, &d, text, strlen(text), &sink);
	fclose(f);
	unclaimed_counts(u, &figures, &sentences, &bad);
	static const char want_csv[] =
		"doc,line,figure,value,unit,indicators,sentence\n"
		"d1,2,12亿元,1200000000,CNY,gdp,GDP规模约为12亿元,比上年多3个百分点,居全市第一,有两个方面。\n"
		"d1,2,3个百分点,3,pp,gdp,GDP规模约为12亿元,比上年多3个百分点,居全市第一,有两个方面。\n"
		"d1,2,第一,1,rank,gdp,GDP规模约为12亿元,比上年多3个百分点,居全市第一,有两个方面。\n"
		"d1,3,35家,35,count,primary,第一产业有35家企业。\n"
		"d1,4,百分之六点五,6.5,percent,inv,固定资产投资约为百分之六点五,近三成,是前年的2倍。\n"
		"d1,4,三成,30,percent,inv,固定资产投资约为百分之六点五,近三成,是前年的2倍。\n"
		"d1,4,2倍,2,times,inv,固定资产投资约为百分之六点五,近三成,是前年的2倍。\n";
	/* the sentence holds commas: libcsv quotes it */
	struct buf w = {0};
	for (const char *l = want_csv; *l;) {
		const char *e = strchr(l, '\n');
		const char *s = l;
		int commas = 0;
		for (int k = 0; k < 6; k++)
			s = strchr(s, ',') + 1;
		for (const char *q = s; q < e; q++)
			commas += *q == ',';
		if (commas)
			buf_printf(&w, "%.*s\"%.*s\"\n", (int)(s - l), l, (int)(e - s), s);
		else
			buf_printf(&w, "%.*s\n", (int)(e - l), l);
		l = e + 1;
	}
	CHECK(p && strcmp(p, w.p) == 0, "unclaimed rows:\n%s\nwant:\n%s", p, w.p);
	CHECK(figures == 7 && sentences == 3 && !bad,
	      "figures %ld sentences %ld bad %d", figures, sentences, bad);
	unclaimed_free(u);
	buf_free(&w);
	free(p);
}

int main(void)
{
	struct rule_set *rs = fixture_rules(rules_text, NULL, NULL);

	CHECK(rs != NULL, "the test rules load");
	if (rs) {
		struct extractor *x = extractor_new(rs);
		test_events(x);
		test_unclaimed(x);
		extractor_free(x);
		rules_free(rs);
	}
	test_same_rows();
	CHECK(strcmp(trace_why_text(TRACE_CLAIMED), "its value was claimed by another match") == 0,
	      "reason text");
	return CHECK_DONE();
}
