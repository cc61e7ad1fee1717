/* test_resolve: the values of a match (lists, units, qualifiers, scopes,
 * sign and scale) and target words. */
#include "pipeline/resolve.h"

#include <stdlib.h>
#include <string.h>
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

/* resolve_items reads the value text of a candidate whatever the pattern
 * was; the patterns here only have to compile. */
#define RULE(id, measure, unit, extra)                                  \
	"rule " id "\n  measure: " measure "\n  unit: " unit "\n" extra \
	"  pattern: (?<v>x)\n"

static const char rules_text[] =
	"macro NUM = \\d+(?:\\.\\d+)?\n"
	"qualifier >= = 以上 | 及以上\n"
	"qualifier > = 超过 | 余\n"
	"qualifier ~ = 约\n"
	"qualifier <= = 不超过\n"
	"scope city = 全市\n"
	"scope province = 全省\n"
	"status target = 力争 | 预期 | /目标(?!任务)/\n"
	"indicator gdp money = GDP\n"
	RULE("pct", "growth", "percent", "")
	RULE("cny", "level", "CNY", "")
	RULE("pp", "change", "pp", "")
	RULE("rank", "rank", "rank", "")
	RULE("count", "level", "count", "")
	RULE("down", "growth", "percent", "  sign: -\n")
	RULE("times", "growth", "percent", "  multiply: 100\n")
	RULE("cnydown", "level", "CNY", "  sign: -\n  multiply: 10\n");

static const struct rule *rule_by_id(const struct rule_set *rs, const char *id,
				     size_t *idx)
{
	for (size_t i = 0; i < rules_count(rs); i++)
		if (strcmp(rules_get(rs, i)->id, id) == 0) {
			*idx = i;
			return rules_get(rs, i);
		}
	return NULL;
}

/* The items as one string: "value[ qual][ @scope]" joined by "; ". */
static void describe(const struct rule_set *rs, const struct item *it, size_t n,
		     char *out, size_t size)
{
	struct buf b = {0};
	char v[64];

	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_adds(&b, "; ");
		buf_adds(&b, decimal_format(it[i].value, v, sizeof v));
		if (it[i].qual >= 0)
			buf_printf(&b, " %s", qualifier_code(it[i].qual));
		if (it[i].scope >= 0)
			buf_printf(&b, " @%s", rules_scope_code(rs, it[i].scope));
	}
	snprintf(out, size, "%s", b.p ? b.p : "");
	buf_free(&b);
}

static const struct {
	const char *rule;
	const char *text;        /* the sentence */
	const char *v;           /* the value group: first occurrence in text */
	const char *scope;       /* the scope group, or NULL */
	const char *want;        /* describe() of the items */
} cases[] = {
	/* value lists */
	{ "pct", "增长9.1%、4.5%和29%", "9.1%、4.5%和29%", NULL, "9.1; 4.5; 29" },
	{ "pct", "分别增长3.1%,6.4%", "3.1%,6.4%", NULL, "3.1; 6.4" },
	{ "cny", "分别为14.2亿元、436.7亿元", "14.2亿元、436.7亿元", NULL,
	  "1420000000; 43670000000" },
	/* units */
	{ "cny", "完成161.9亿元", "161.9亿元", NULL, "16190000000" },
	{ "cny", "完成3000万元", "3000万元", NULL, "30000000" },
	{ "cny", "完成1,234.5万元", "1,234.5万元", NULL, "12345000" },
	{ "cny", "完成两千万元", "两千万元", NULL, "20000000" },
	{ "cny", "完成12元", "12元", NULL, "12" },
	{ "pp", "提高1.4个百分点", "1.4个百分点", NULL, "1.4" },
	{ "pp", "提高0.25百分点", "0.25百分点", NULL, "0.25" },
	{ "pct", "增长三成", "三成", NULL, "30" },
	{ "pct", "增长100%", "100%", NULL, "100" },
	{ "rank", "位居第一", "第一", NULL, "1" },
	{ "rank", "位居第12位", "第12位", NULL, "12" },
	{ "count", "新增161家", "161家", NULL, "161" },
	{ "count", "新增十二家", "十二家", NULL, "12" },
	{ "count", "共5", "5", NULL, "5" },
	/* a unit that does not fit the rule is dropped */
	{ "pct", "完成5亿元", "5亿元", NULL, "" },
	{ "pct", "分别为9.1%、5亿元和3%", "9.1%、5亿元和3%", NULL, "9.1; 3" },
	{ "cny", "增长5%", "5%", NULL, "" },
	{ "cny", "完成5", "5", NULL, "" },
	{ "pp", "增长5%", "5%", NULL, "" },
	{ "rank", "共5家", "5家", NULL, "" },
	{ "pct", "增长2倍", "2倍", NULL, "" },     /* 倍 needs multiply */
	{ "pct", "增长5", "5", NULL, "" },
	/* text that is no number */
	{ "pct", "增长较快", "较快", NULL, "" },
	/* qualifiers before the number */
	{ "pct", "增长超过5%", "5%", NULL, "5 >" },
	{ "pct", "增长约5%", "5%", NULL, "5 ~" },
	{ "pct", "增速不超过5%", "5%", NULL, "5 <=" },
	/* ... after it and its unit */
	{ "pct", "增长5%以上", "5%", NULL, "5 >=" },
	{ "pct", "增长5%及以上", "5%", NULL, "5 >=" },
	{ "cny", "完成75.7亿元以上", "75.7亿元", NULL, "7570000000 >=" },
	/* ... between the number and its classifier */
	{ "count", "拥有3600余家", "3600余家", NULL, "3600 >" },
	{ "cny", "投入3600余万元", "3600余万元", NULL, "36000000 >" },
	/* only the item it stands by */
	{ "pct", "分别增长超过5%、6%和7%以上", "5%、6%和7%", NULL, "5 >; 6; 7 >=" },
	/* scopes: per rank item, else the scope group */
	{ "rank", "排名全省第5、全市第2", "全省第5、全市第2", NULL, "5 @province; 2 @city" },
	{ "rank", "排名全省第5、第2", "全省第5、第2", NULL, "5 @province; 2" },
	{ "rank", "全省增幅居第3", "第3", "全省", "3 @province" },
	{ "rank", "全市增幅位居全省第3", "全省第3", "全市", "3 @province" },
	{ "rank", "位列第3", "第3", NULL, "3" },
	/* sign and multiply */
	{ "down", "下降2.5%", "2.5%", NULL, "-2.5" },
	{ "down", "分别下降3.1%和2.4%", "3.1%和2.4%", NULL, "-3.1; -2.4" },
	{ "times", "增长2倍", "2倍", NULL, "200" },
	{ "times", "增长1.5倍", "1.5倍", NULL, "150" },
	{ "times", "增长1.5%", "1.5%", NULL, "150" },
	{ "cnydown", "减少3亿元", "3亿元", NULL, "-3000000000" },
};

static void test_cases(const struct rule_set *rs)
{
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		const char *t = cases[k].text;
		size_t idx = 0;
		const struct rule *r = rule_by_id(rs, cases[k].rule, &idx);
		const char *v = strstr(t, cases[k].v);
		const char *sc = cases[k].scope ? strstr(t, cases[k].scope) : NULL;

		if (!r || !v || (cases[k].scope && !sc)) {
			CHECK(0, "case %zu: bad test data", k);
			continue;
		}
		struct cand c = {
			.rule = r, .rule_index = idx, .start = 0, .end = strlen(t),
			.ind_s = 0, .ind_e = 0,
			.v_s = (size_t)(v - t), .v_e = (size_t)(v - t) + strlen(cases[k].v),
			.scope_s = sc ? (size_t)(sc - t) : 0,
			.scope_e = sc ? (size_t)(sc - t) + strlen(cases[k].scope) : 0,
		};
		struct item items[8];
		char got[256];
		size_t n = resolve_items(rs, &c, t, 0, strlen(t), items, 8);
		describe(rs, items, n, got, sizeof got);
		CHECK(strcmp(got, cases[k].want) == 0, "%s \"%s\" [%s]: \"%s\", want \"%s\"",
		      cases[k].rule, t, cases[k].v, got, cases[k].want);
	}
}

/* Offsets of the items: at is the number (or its 第), end past its unit
 * and a qualifier after it; max bounds the items written. */
static void test_offsets(const struct rule_set *rs)
{
	size_t idx;
	const struct rule *pct = rule_by_id(rs, "pct", &idx);
	const char *t = "增长5%以上、6.5%和7%";
	struct cand c = { .rule = pct, .rule_index = idx, .start = 0, .end = strlen(t),
			  .v_s = 6, .v_e = strlen(t) };
	struct item it[3];
	size_t n = resolve_items(rs, &c, t, 0, strlen(t), it, 3);

	CHECK(n == 3, "three items, got %zu", n);
	if (n == 3) {
		CHECK(it[0].at == 6 && it[0].end == strlen("增长5%以上"),
		      "item 0 [%zu,%zu)", it[0].at, it[0].end);
		CHECK(it[1].at == strlen("增长5%以上、") && it[1].end == strlen("增长5%以上、6.5%"),
		      "item 1 [%zu,%zu)", it[1].at, it[1].end);
		CHECK(it[2].at == strlen("增长5%以上、6.5%和") && it[2].end == strlen(t),
		      "item 2 [%zu,%zu)", it[2].at, it[2].end);
	}
	n = resolve_items(rs, &c, t, 0, strlen(t), it, 2);
	CHECK(n == 2 && decimal_to_double(it[1].value) == 6.5, "max 2: %zu items", n);
	n = resolve_items(rs, &c, t, 0, strlen(t), it, 0);
	CHECK(n == 0, "max 0: %zu items", n);

	const struct rule *rank = rule_by_id(rs, "rank", &idx);
	t = "排名全省第5、全市第2";
	c = (struct cand){ .rule = rank, .rule_index = idx, .start = 0, .end = strlen(t),
			   .v_s = 6, .v_e = strlen(t) };
	n = resolve_items(rs, &c, t, 0, strlen(t), it, 3);
	CHECK(n == 2 && it[0].at == strlen("排名全省") && it[1].at == strlen("排名全省第5、全市"),
	      "a rank item starts at its 第: %zu, %zu", n ? it[0].at : 0, n > 1 ? it[1].at : 0);

	/* a sentence that does not start at 0: the qualifier before is looked
	 * for inside the sentence only */
	t = "超过。5%";
	c = (struct cand){ .rule = pct, .rule_index = 0, .start = 9, .end = strlen(t),
			   .v_s = 9, .v_e = strlen(t) };
	c.rule_index = idx;
	n = resolve_items(rs, &c, t, 9, strlen(t), it, 3);
	CHECK(n == 1 && it[0].qual == -1, "超过 in the sentence before: qual %d",
	      n ? it[0].qual : -9);
	/* the qualifier after the unit may stand past the value group, inside
	 * the sentence */
	t = "增长5%以上";
	c = (struct cand){ .rule = pct, .rule_index = idx, .start = 0, .end = 10,
			   .v_s = 6, .v_e = 10 };
	n = resolve_items(rs, &c, t, 0, strlen(t), it, 3);
	CHECK(n == 1 && it[0].qual == 0 && it[0].end == strlen(t),
	      "以上 after the value group: qual %d end %zu", n ? it[0].qual : -9,
	      n ? it[0].end : 0);
	n = resolve_items(rs, &c, t, 0, 10, it, 3);
	CHECK(n == 1 && it[0].qual == -1, "以上 past the sentence end: qual %d",
	      n ? it[0].qual : -9);
}

/* 排名 right before 第, with the scope outside the value: the scope word
 * is looked for before 排名. */
static void test_rank_after_paiming(const struct rule_set *rs)
{
	size_t idx;
	const struct rule *rank = rule_by_id(rs, "rank", &idx);
	struct item it[2];
	char got[128];

	/* with the scope in the scope group (the default rules' rank.named) */
	const char *t = "GDP全省排名第3";
	struct cand c = { .rule = rank, .rule_index = idx, .start = 0, .end = strlen(t),
			  .v_s = strlen("GDP全省排名"), .v_e = strlen(t),
			  .scope_s = 3, .scope_e = 9 };
	size_t n = resolve_items(rs, &c, t, 0, strlen(t), it, 2);
	describe(rs, it, n, got, sizeof got);
	CHECK(strcmp(got, "3 @province") == 0, "GDP全省排名第3: %s", got);

	/* Fixed bug: when 排名 stands right before the value's 第, resolve.c looks
	 * for a scope in text + prev_end with length ns - 6 - prev_end; when
	 * the value starts at that 第 (prev_end == ns) the length is
	 * (size_t)-6, so rules_scope_before compares the bytes that end 6
	 * bytes before the value, whatever the bounds: before the sentence
	 * start s, and before the text itself when 排名第 opens it.
	 * 1. Visible: with the sentence starting at 排名 (s 6 in "全市排名第1")
	 *    the rank gets the scope city from outside [s, e).
	 * 2. ASan: "排名第1" alone in a heap buffer reads text[-6..0)
	 *    (heap-buffer-overflow); in the pipeline a document that starts
	 *    with "GDP排名第1" does the same with the default rules (see
	 *    test_extract.c).
	 */
	t = "全市排名第1";
	c = (struct cand){ .rule = rank, .rule_index = idx, .start = 6, .end = strlen(t),
			   .v_s = strlen("全市排名"), .v_e = strlen(t) };
	n = resolve_items(rs, &c, t, 6, strlen(t), it, 2);
	describe(rs, it, n, got, sizeof got);
	CHECK(strcmp(got, "1") == 0, "全市|排名第1: \"%s\", want \"1\" (no scope)", got);
	char *heap = xstrdup("排名第1");
	c = (struct cand){ .rule = rank, .rule_index = idx, .start = 0, .end = strlen(heap),
			   .v_s = 6, .v_e = strlen(heap) };
	n = resolve_items(rs, &c, heap, 0, strlen(heap), it, 2);
	CHECK(n == 1 && it[0].scope == -1, "排名第1 at the text start: %zu items", n);
	free(heap);
	(void)n;
}

static void test_target(const struct rule_set *rs)
{
	pcre2_match_data *md = pcre2_match_data_create(4, NULL);
	static const struct {
		const char *text, *at;  /* the figure: first occurrence */
		size_t s;               /* sentence start */
		int target;
	} targets[] = {
		{ "全年力争增长5%", "5%", 0, 1 },
		{ "预期5%", "5%", 0, 1 },
		{ "目标增长5%", "5%", 0, 1 },
		{ "目标任务增长5%", "5%", 0, 0 },
		{ "增长5%,力争增长6%", "5%", 0, 0 },       /* after the figure */
		{ "增长5%,力争增长6%", "6%", 0, 1 },
		{ "预计增长5%", "5%", 0, 0 },
		{ "力争。增长5%", "5%", 9, 0 },            /* before the sentence */
		{ "力争", "力争", 0, 0 },                  /* at == s */
	};

	for (size_t k = 0; k < sizeof targets / sizeof *targets; k++) {
		const char *t = targets[k].text;
		size_t at = (size_t)(strstr(t, targets[k].at) - t);
		int got = resolve_is_target(rs, md, t, targets[k].s, at);
		CHECK(got == targets[k].target, "target \"%s\" at %s: %d, want %d", t,
		      targets[k].at, got, targets[k].target);
	}

	/* no status words declared: never a target.  Not under ASan/UBSan:
	 * loading a rule file without status words calls qsort(NULL, 0) (the
	 * BUG described at test_empty_tables in test_rules.c). */
	struct rule_set *none = load_text("qualifier >= = 以上\nscope city = 全市\n"
					  "rule r\n  measure: level\n  unit: CNY\n"
					  "  pattern: (?<v>x)\n");
	if (none) {
		const char *t = "全年力争增长5%";
		CHECK(resolve_is_target(none, md, t, 0, strlen(t)) == 0,
		      "no status words: no target");
		rules_free(none);
	}
	pcre2_match_data_free(md);
}

int main(void)
{
	struct rule_set *rs = load_text(rules_text);

	if (!rs)
		return CHECK_DONE();
	test_cases(rs);
	test_offsets(rs);
	test_rank_after_paiming(rs);
	test_target(rs);
	rules_free(rs);
	return CHECK_DONE();
}
