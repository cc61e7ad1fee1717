/* test_match: all rules over one sentence, overlapping values resolved
 * (rules naming their indicator first, then file order), results in text
 * order, and PCRE2 limits instead of a hang. */
#include "pipeline/match.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "fixture.h"
#include "base/xalloc.h"

/* Loads text as a rule file (the shared fixture). */
static struct rule_set *load_text(const char *text)
{
	struct rule_set *rs = fixture_rules(text, NULL, NULL);

	CHECK(rs != NULL, "the test rules load");
	return rs;
}

/* every word table declared (an empty one is a BUG, see test_rules.c) */
#define HEAD                                                            \
	"macro NUM = \\d+(?:\\.\\d+)?\n"                                \
	"qualifier >= = 以上\n"                                          \
	"status target = 力争\n"                                         \
	"scope city = 全市\n"                                            \
	"indicator gdp money = GDP | 地区生产总值\n"                       \
	"indicator inv money = 投资\n"

/* Byte offset of the first needle in hay. */
static size_t at(const char *hay, const char *needle)
{
	const char *p = strstr(hay, needle);

	return p ? (size_t)(p - hay) : (size_t)-1;
}

/* One kept candidate as expected: rule id, value text, indicator text
 * ("" none), scope text ("" none) and the whole match. */
struct want {
	const char *rule, *v, *ind, *scope, *whole;
};

static int span_is(const char *text, size_t s, size_t e, const char *want)
{
	return e >= s && e - s == strlen(want) && memcmp(text + s, want, e - s) == 0;
}

/* Runs m over text[s, e) and compares the kept candidates with want[0..n). */
static void expect(const struct rule_set *rs, struct matcher *m, const char *text,
		   size_t s, size_t e, const struct want *want, size_t n, int line)
{
	const struct cand *c;
	const struct rule *lim = NULL;
	size_t got = matcher_run(m, text, s, e, &c, &lim);

	CHECK(got == n, "line %d: \"%s\": %zu kept, want %zu", line, text + s, got, n);
	CHECK(lim == NULL, "line %d: no limit hit", line);
	for (size_t i = 0; i < got && i < n; i++) {
		const struct want *w = &want[i];
		CHECK(strcmp(c[i].rule->id, w->rule) == 0, "line %d: cand %zu from %s, want %s",
		      line, i, c[i].rule->id, w->rule);
		CHECK(rules_get(rs, c[i].rule_index) == c[i].rule,
		      "line %d: cand %zu rule_index %zu", line, i, c[i].rule_index);
		CHECK(span_is(text, c[i].v_s, c[i].v_e, w->v),
		      "line %d: cand %zu v \"%.*s\", want \"%s\"", line, i,
		      (int)(c[i].v_e - c[i].v_s), text + c[i].v_s, w->v);
		CHECK(span_is(text, c[i].ind_s, c[i].ind_e, w->ind),
		      "line %d: cand %zu ind \"%.*s\", want \"%s\"", line, i,
		      (int)(c[i].ind_e - c[i].ind_s), text + c[i].ind_s, w->ind);
		CHECK(span_is(text, c[i].scope_s, c[i].scope_e, w->scope),
		      "line %d: cand %zu scope \"%.*s\", want \"%s\"", line, i,
		      (int)(c[i].scope_e - c[i].scope_s), text + c[i].scope_s, w->scope);
		CHECK(span_is(text, c[i].start, c[i].end, w->whole),
		      "line %d: cand %zu match \"%.*s\", want \"%s\"", line, i,
		      (int)(c[i].end - c[i].start), text + c[i].start, w->whole);
	}
}

#define EXPECT(rs, m, text, ...)                                              \
	do {                                                                  \
		static const struct want w_[] = { __VA_ARGS__ };              \
		expect(rs, m, text, 0, strlen(text), w_, sizeof w_ / sizeof *w_, \
		       __LINE__);                                             \
	} while (0)

#define EXPECT_NONE(rs, m, text) expect(rs, m, text, 0, strlen(text), NULL, 0, __LINE__)

/* Two rules without an indicator claim the same value: the earlier rule
 * in the file wins, whichever it is. */
static void test_same_value(void)
{
	static const char ab[] = HEAD
		"rule first\n  measure: growth\n  unit: percent\n"
		"  pattern: 增长(?<v>%{NUM}%)\n"
		"rule second\n  measure: growth\n  unit: percent\n"
		"  pattern: 长(?<v>%{NUM}%)\n";
	static const char ba[] = HEAD
		"rule second\n  measure: growth\n  unit: percent\n"
		"  pattern: 长(?<v>%{NUM}%)\n"
		"rule first\n  measure: growth\n  unit: percent\n"
		"  pattern: 增长(?<v>%{NUM}%)\n";
	struct rule_set *rs = load_text(ab);
	if (rs) {
		struct matcher *m = matcher_new(rs);
		EXPECT(rs, m, "增长5%", { "first", "5%", "", "", "增长5%" });
		/* each value once, both from the first rule */
		EXPECT(rs, m, "增长5%,增长6%", { "first", "5%", "", "", "增长5%" },
		       { "first", "6%", "", "", "增长6%" });
		matcher_free(m);
		rules_free(rs);
	}
	rs = load_text(ba);
	if (rs) {
		struct matcher *m = matcher_new(rs);
		EXPECT(rs, m, "增长5%", { "second", "5%", "", "", "长5%" });
		matcher_free(m);
		rules_free(rs);
	}
}

/* A rule that names its indicator beats an earlier rule that does not. */
static void test_named_wins(void)
{
	static const char text[] = HEAD
		"rule bare\n  measure: growth\n  unit: percent\n"
		"  pattern: 增长(?<v>%{NUM}%)\n"
		"rule wide\n  measure: growth\n  unit: percent\n"
		"  pattern: (?<v>%{NUM}%以上)\n"
		"rule named\n  measure: growth\n  unit: percent\n"
		"  pattern: %{IND}增长(?<v>%{NUM}%)\n"
		"rule rank\n  measure: rank\n  unit: rank\n"
		"  pattern: %{IND}(?<scope>全市)?排名(?<v>第%{NUM})\n";
	struct rule_set *rs = load_text(text);
	if (!rs)
		return;
	struct matcher *m = matcher_new(rs);

	EXPECT(rs, m, "GDP增长5%", { "named", "5%", "GDP", "", "GDP增长5%" });
	/* non-overlapping values: both kept, in text order */
	EXPECT(rs, m, "GDP增长5%,投资增长6%", { "named", "5%", "GDP", "", "GDP增长5%" },
	       { "named", "6%", "投资", "", "投资增长6%" });
	/* text order although the named match was kept first */
	EXPECT(rs, m, "增长5%,投资增长6%", { "bare", "5%", "", "", "增长5%" },
	       { "named", "6%", "投资", "", "投资增长6%" });
	/* a value that overlaps one already claimed is dropped, even partly:
	 * bare (earlier) takes 5%, wide's 5%以上 overlaps it */
	EXPECT(rs, m, "增长5%以上", { "bare", "5%", "", "", "增长5%" });
	/* no overlap: wide keeps its value */
	EXPECT(rs, m, "达到5%以上", { "wide", "5%以上", "", "", "5%以上" });
	/* the scope group */
	EXPECT(rs, m, "GDP全市排名第3", { "rank", "第3", "GDP", "全市", "GDP全市排名第3" });
	EXPECT(rs, m, "GDP排名第3", { "rank", "第3", "GDP", "", "GDP排名第3" });
	EXPECT_NONE(rs, m, "GDP总量较大");
	EXPECT_NONE(rs, m, "");

	/* the results stay valid until the next call, which replaces them */
	const struct cand *c1, *c2;
	size_t n1 = matcher_run(m, "GDP增长5%", 0, strlen("GDP增长5%"), &c1, NULL);
	size_t n2 = matcher_run(m, "增长7%", 0, strlen("增长7%"), &c2, NULL);
	CHECK(n1 == 1 && n2 == 1 && c2[0].v_s == 6 && strcmp(c2[0].rule->id, "bare") == 0,
	      "a second run: %zu %zu", n1, n2);
	matcher_free(m);
	rules_free(rs);
}

/* A sentence inside a longer text: offsets are into the text, the match
 * stays inside [s, e) but lookbehind sees before s. */
static void test_bounds(void)
{
	static const char rules[] = HEAD
		"rule start\n  measure: growth\n  unit: percent\n"
		"  pattern: (?:^|(?<=。))增长(?<v>%{NUM}%)\n"
		"rule named\n  measure: growth\n  unit: percent\n"
		"  pattern: %{IND}增长(?<v>%{NUM}%)\n"
		"rule empty\n  measure: level\n  unit: count\n"
		"  pattern: 共(?<v>\\d*)个\n";
	struct rule_set *rs = load_text(rules);
	if (!rs)
		return;
	struct matcher *m = matcher_new(rs);
	const char *t = "GDP增长1%。增长5%。投资增长6%";
	size_t s = at(t, "增长5%"), e = at(t, "投资");
	static const struct want second[] = { { "start", "5%", "", "", "增长5%" } };

	expect(rs, m, t, s, e, second, 1, __LINE__);
	const struct cand *c;
	size_t n = matcher_run(m, t, s, e, &c, NULL);
	CHECK(n == 1 && c[0].v_s == at(t, "5%") && c[0].start == s,
	      "offsets into the text: v_s %zu start %zu", n ? c[0].v_s : 0, n ? c[0].start : 0);
	/* the end bounds the match: "6%" cut to "6" */
	n = matcher_run(m, t, at(t, "投资"), strlen(t) - 1, &c, NULL);
	CHECK(n == 0, "a value cut by e is not matched (%zu)", n);
	/* the first sentence, up to its terminator */
	n = matcher_run(m, t, 0, s, &c, NULL);
	CHECK(n == 1 && strcmp(c[0].rule->id, "named") == 0 && c[0].v_s == at(t, "1%"),
	      "first sentence: %zu", n);
	/* an empty value group is no candidate */
	EXPECT_NONE(rs, m, "共个");
	EXPECT(rs, m, "共3个", { "empty", "3", "", "", "共3个" });
	matcher_free(m);
	rules_free(rs);
}

/* A pathological pattern hits the PCRE2 match limit: reported through
 * limit_rule and skipped, and the other rules still run. */
static void test_limit(void)
{
	static const char rules[] = HEAD
		"rule ok\n  measure: growth\n  unit: percent\n"
		"  pattern: 增长(?<v>%{NUM}%)\n"
		"rule bomb\n  measure: level\n  unit: count\n"
		"  pattern: (?<v>(a+)+b)\n";
	struct rule_set *rs = load_text(rules);
	if (!rs)
		return;
	struct matcher *m = matcher_new(rs);
	struct buf b = {0};

	const struct cand *c;
	const struct rule *lim = NULL;
	/* "aaa...c": PCRE2 sees first that the 'b' it requires is absent and
	 * fails at once (no limit involved) */
	buf_adds(&b, "增长5%,");
	for (int i = 0; i < 64; i++)
		buf_addc(&b, 'a');
	buf_adds(&b, "c");
	time_t t0 = time(NULL);
	size_t n = matcher_run(m, b.p, 0, b.len, &c, &lim);
	time_t t1 = time(NULL);
	CHECK(t1 - t0 < 10, "aaa...c: no hang (%ld s)", (long)(t1 - t0));
	CHECK(n == 1 && lim == NULL, "aaa...c: %zu kept, limit %s", n, lim ? lim->id : "none");
	/* "aaa...cb": the 'b' is there, so (a+)+ backtracks exponentially
	 * before each start position gives up */
	buf_adds(&b, "b");
	t0 = time(NULL);
	n = matcher_run(m, b.p, 0, b.len, &c, &lim);
	t1 = time(NULL);

	CHECK(t1 - t0 < 10, "the limit stops the match quickly (%ld s)", (long)(t1 - t0));
	CHECK(lim != NULL && strcmp(lim->id, "bomb") == 0, "limit_rule is %s, want bomb",
	      lim ? lim->id : "NULL");
	CHECK(n == 1 && strcmp(c[0].rule->id, "ok") == 0, "the other rule still matches (%zu)", n);
	/* limit_rule may be NULL */
	n = matcher_run(m, b.p, 0, b.len, &c, NULL);
	CHECK(n == 1, "without limit_rule: %zu kept", n);
	/* a text the pattern handles leaves limit_rule alone */
	lim = NULL;
	n = matcher_run(m, "aaab", 0, 4, &c, &lim);
	CHECK(n == 1 && lim == NULL && strcmp(c[0].rule->id, "bomb") == 0 &&
	      c[0].v_s == 0 && c[0].v_e == 4, "aaab: %zu kept, limit %s", n,
	      lim ? lim->id : "none");
	buf_free(&b);
	matcher_free(m);
	rules_free(rs);
	matcher_free(NULL);
}

/* The prefilters: a rule whose unit mark (元 for CNY, % 成 百分之 for
 * percent, 百分点 for pp, 第 for rank) is absent from the sentence is not
 * run, nor a pattern none of whose necessary literals is there; neither
 * may hide a match PCRE2 would find. */
static void test_prefilter(void)
{
	static const char rules[] = HEAD
		"rule amount\n  measure: level\n  unit: CNY\n"
		"  pattern: 共(?<v>%{NUM})\n"
		"rule behind\n  measure: growth\n  unit: percent\n"
		"  pattern: (?<=增长)(?<v>%{NUM}%)\n"
		"rule times\n  measure: growth\n  unit: percent\n  multiply: 100\n"
		"  pattern: 翻(?<v>%{NUM})\n"
		"rule ahead\n  measure: growth\n  unit: pp\n"
		"  pattern: 提高(?<v>%{NUM})(?=个百分点)\n"
		"rule caseless\n  measure: growth\n  unit: percent\n"
		"  pattern: (?i)gdp上升(?<v>%{NUM}%)\n"
		"rule verb\n  measure: growth\n  unit: percent\n"
		"  pattern: (*UCP)升(?<v>%{NUM}%)\n";
	struct rule_set *rs = load_text(rules);
	if (!rs)
		return;
	struct matcher *m = matcher_new(rs);
	const struct cand *c;

	/* no 元 in the sentence: the CNY rule is not run */
	EXPECT_NONE(rs, m, "共5");
	/* 元 anywhere in the sentence lets it run */
	EXPECT(rs, m, "共5,合计3元", { "amount", "5", "", "", "共5" });
	/* a percent rule with multiply runs on 倍 */
	EXPECT_NONE(rs, m, "翻2番");
	EXPECT(rs, m, "翻2倍", { "times", "2", "", "", "翻2" });
	/* a lookahead's text is in the sentence */
	EXPECT(rs, m, "提高1.4个百分点", { "ahead", "1.4", "", "", "提高1.4" });
	/* a lookbehind may look before the sentence start s */
	const char *t = "GDP增长5%";
	size_t n = matcher_run(m, t, at(t, "5%"), strlen(t), &c, NULL);
	CHECK(n == 1 && strcmp(c[0].rule->id, "behind") == 0 && c[0].v_s == at(t, "5%"),
	      "a lookbehind before s: %zu kept", n);
	/* Fixed bug: the keyword prefilter (litset.c) ignores inline options: for
	 * (?i)gdp上升(?<v>...) it requires the literal "gdp上升" byte for byte,
	 * so "GDP上升5%", which PCRE2 matches, is never tried (0 kept).
	 */
	EXPECT(rs, m, "GDP上升5%", { "caseless", "5%", "", "", "GDP上升5%" });
	EXPECT(rs, m, "gdp上升5%", { "caseless", "5%", "", "", "gdp上升5%" });
	/* Fixed bug: a leading verb such as (*UCP) is read as the literal "*UCP"
	 * (litset.c treats the group "(*UCP)" as text), and being longer than
	 * 升 it becomes the pattern's only keyword: (*UCP)升(?<v>...) never
	 * runs, "升5%" gives 0 kept.
	 */
	EXPECT(rs, m, "升5%", { "verb", "5%", "", "", "升5%" });
	matcher_free(m);
	rules_free(rs);
}

/* ---- patterns JIT-compiled on their first use, from two threads ---- */

static const char lazy_rules[] = HEAD
	"rule up\n  measure: growth\n  unit: percent\n"
	"  pattern: %{IND}增长(?<v>%{NUM}%)\n"
	"  pattern: %{IND}上升(?<v>%{NUM}%)\n"
	"rule down\n  measure: growth\n  unit: percent\n  sign: -\n"
	"  pattern: %{IND}下降(?<v>%{NUM}%)\n"
	"rule amount\n  measure: level\n  unit: CNY\n"
	"  pattern: %{IND}达(?<v>%{NUM}亿元)\n"
	"rule unused\n  measure: rank\n  unit: rank\n"
	"  pattern: %{IND}列第(?<v>%{NUM})\n";

/* sentences reaching every pattern but unused's */
static const char *const lazy_texts[] = {
	"GDP增长5%",
	"投资下降2.5%,GDP上升1%",
	"地区生产总值达120亿元",
	"投资增长3%,GDP下降1%",
	"没有数字的句子",
	"GDP上升0.5%,投资达8亿元",
};
#define NLAZY (sizeof lazy_texts / sizeof *lazy_texts)
#define LAZY_ROUNDS 200

/* What matcher_run keeps for text, as "rule v_s-v_e ind_s-ind_e;...". */
static void lazy_rows(struct matcher *m, const char *text, struct buf *out)
{
	const struct cand *c;
	size_t n = matcher_run(m, text, 0, strlen(text), &c, NULL);

	buf_clear(out);
	for (size_t i = 0; i < n; i++)
		buf_printf(out, "%s %zu-%zu %zu-%zu;", c[i].rule->id, c[i].v_s,
			   c[i].v_e, c[i].ind_s, c[i].ind_e);
}

struct lazy_worker {
	const struct rule_set *rs;
	pthread_barrier_t *start;
	int reverse;              /* the second thread starts from the end */
	char *want[NLAZY];        /* one thread's rows, checked */
	int mismatches;
};

static void *lazy_run(void *arg)
{
	struct lazy_worker *w = arg;
	struct matcher *m = matcher_new(w->rs);
	struct buf b = {0};

	pthread_barrier_wait(w->start);
	for (int r = 0; r < LAZY_ROUNDS; r++)
		for (size_t k = 0; k < NLAZY; k++) {
			size_t i = w->reverse ? NLAZY - 1 - k : k;
			lazy_rows(m, lazy_texts[i], &b);
			if (strcmp(b.p ? b.p : "", w->want[i]) != 0)
				w->mismatches++;
		}
	buf_free(&b);
	matcher_free(m);
	return NULL;
}

/* The JIT code size of every pattern of rs, rule by rule, into sizes. */
static size_t jit_sizes(const struct rule_set *rs, size_t *sizes, size_t max)
{
	size_t n = 0;

	for (size_t ri = 0; ri < rules_count(rs); ri++) {
		const struct rule *r = rules_get(rs, ri);
		for (size_t k = 0; k < r->nre && n < max; k++)
			pcre2_pattern_info(r->re[k], PCRE2_INFO_JITSIZE, &sizes[n++]);
	}
	return n;
}

static void test_lazy_jit(void)
{
	struct rule_set *ref = load_text(lazy_rules), *rs = load_text(lazy_rules);
	uint32_t jit = 0;
	size_t sz[8], np;

	if (!ref || !rs)
		goto out;
	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	/* loading compiles no pattern to machine code */
	np = jit_sizes(rs, sz, 8);
	CHECK(np == 5, "%zu patterns", np);
	for (size_t i = 0; i < np; i++)
		CHECK(sz[i] == 0, "pattern %zu is JIT-compiled before its first use", i);

	/* the rows of one thread, on a set of its own */
	struct lazy_worker w[2] = {{.rs = rs}, {.rs = rs, .reverse = 1}};
	struct matcher *m = matcher_new(ref);
	struct buf b = {0};
	for (size_t i = 0; i < NLAZY; i++) {
		lazy_rows(m, lazy_texts[i], &b);
		w[0].want[i] = w[1].want[i] = xstrdup(b.p ? b.p : "");
	}
	buf_free(&b);
	matcher_free(m);
	CHECK(strcmp(w[0].want[1], "down 12-16 0-6;up 26-28 17-20;") == 0,
	      "one thread: %s", w[0].want[1]);

	/* two threads meet every pattern's first use at once */
	pthread_barrier_t start;
	pthread_t tid[2];
	pthread_barrier_init(&start, NULL, 2);
	for (int t = 0; t < 2; t++) {
		w[t].start = &start;
		if (pthread_create(&tid[t], NULL, lazy_run, &w[t]) != 0)
			CHECK(0, "cannot start thread %d", t);
	}
	for (int t = 0; t < 2; t++)
		pthread_join(tid[t], NULL);
	pthread_barrier_destroy(&start);
	CHECK(w[0].mismatches == 0 && w[1].mismatches == 0,
	      "two threads: %d and %d sentences with other rows than one thread's",
	      w[0].mismatches, w[1].mismatches);

	/* the patterns run are compiled now, the one never reached is not */
	np = jit_sizes(rs, sz, 8);
	for (size_t i = 0; jit && i < np; i++)
		CHECK((sz[i] > 0) == (i < 4), "pattern %zu: JIT size %zu", i, sz[i]);
	for (size_t i = 0; i < NLAZY; i++)
		free(w[0].want[i]);
out:
	rules_free(ref);
	rules_free(rs);
}

int main(void)
{
	test_same_value();
	test_named_wins();
	test_bounds();
	test_limit();
	test_prefilter();
	test_lazy_jit();
	return CHECK_DONE();
}
