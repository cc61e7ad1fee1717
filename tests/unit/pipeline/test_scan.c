/* test_scan: the sentence prefilter — sites (digits and number.h's site
 * marks), indicator literals (synonyms, the necessary literals of /regex/
 * synonyms, ASCII and one-character synonyms), literals that must lie whole
 * inside the range, and that it never drops a sentence the any-indicator
 * pattern matches. */
#include "pipeline/scan.h"

#include <pcre2.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "pipeline/number.h"

static struct rule_set *load_text(const char *text)
{
	return fixture_rules(text, NULL, NULL);
}

#define RULES                                                           \
	"indicator gdp money = GDP | 地区生产总值\n"                     \
	"indicator inv money = 固定资产投资\n"                           \
	"indicator tax money = 税\n"                                     \
	"indicator exports money = /(?<!进)出口(?:额)?(?!企业)/\n"       \
	"rule level\n"                                                   \
	"  measure: level\n"                                             \
	"  unit: CNY\n"                                                  \
	"  pattern: %{IND}(?<v>\\d+)亿元\n"

/* 1 when the any-indicator pattern matches somewhere in s. */
static int any_match(const struct rule_set *rs, const char *s)
{
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	int rc = pcre2_match(rules_any_indicator(rs), (PCRE2_SPTR)s, strlen(s),
			     0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

static void test_sentences(void)
{
	struct rule_set *rs = load_text(RULES);
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	static const struct {
		const char *s;
		int want;
	} cases[] = {
		{"全区地区生产总值增长5.2%", 1},            /* two-character key */
		{"GDP达到300亿元", 1},                      /* ASCII synonym */
		{"全年税收收入12亿元", 1},                  /* one-character synonym */
		{"出口额增长三成", 1},                       /* regex literal; 成 site */
		{"排名全省第一的是固定资产投资", 1},        /* 第 site */
		{"增长两倍的固定资产投资", 1},              /* 倍 site */
		{"占地区生产总值的百分之十", 1},            /* 百分 site */
		{"固定资产投资两千", 1},                    /* numeral pair */
		{"固定资产投资百强", 1},                    /* 百 */
		{"固定资产投资一半", 1},                    /* 半 */
		{"GDP%", 1},                                /* % */
		{"固定资产投资元旦", 1},                    /* 元 */
		{"地区生产总值稳步增长", 0},                /* no site */
		{"地区生产总值千家万户", 0},                /* 千家: no pair */
		{"今年完成了3个项目", 0},                   /* no indicator */
		{"百", 0},
		{"", 0},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *s = cases[i].s;
		CHECK(scan_sentence(sc, s, 0, strlen(s)) == cases[i].want,
		      "scan_sentence(%s): want %d", s, cases[i].want);
	}

	/* a literal counts only whole inside [s, e) */
	const char *t = "地区生产总值5亿元";
	size_t cut = strlen("地区生产");
	CHECK(scan_sentence(sc, t, 0, strlen(t)) == 1, "whole text");
	CHECK(scan_sentence(sc, t, cut, strlen(t)) == 0, "synonym cut at the start");
	CHECK(scan_sentence(sc, "5亿元GDP", 0, strlen("5亿元GD")) == 0,
	      "synonym cut at the end");
	CHECK(scan_sentence(sc, "第", 0, 2) == 0, "site mark cut");

	/* strict: every text the any-indicator pattern matches (with a site)
	 * passes, however the synonym sits among other characters */
	static const char *const texts[] = {
		"1出口", "进出口额5", "出口企业3家", "3GDPX", "xGDP1", "税1",
		"1地区生产总值", "地区生产总值", "固定资产投资1", "1固定资产",
	};
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		const char *s = texts[i];
		if (any_match(rs, s) && strpbrk(s, "0123456789"))
			CHECK(scan_sentence(sc, s, 0, strlen(s)) == 1,
			      "%s: the pattern matches, the scan drops it", s);
	}
	CHECK(!scan_always_indicator(sc), "every regex synonym has a literal");
	CHECK(scan_literal_count(sc) >= 9, "literals: %zu", scan_literal_count(sc));
	rules_free(rs);
}

/* The rules of one indicator with the synonym syn, and one rule. */
static struct rule_set *one_indicator(const char *syn)
{
	char text[512];

	snprintf(text, sizeof text,
		 "indicator x money = %s\n"
		 "rule level\n"
		 "  measure: level\n"
		 "  unit: CNY\n"
		 "  pattern: %%{IND}(?<v>\\d+)亿元\n", syn);
	return load_text(text);
}

/* A regex synonym without a necessary literal lets every sentence with a
 * site through; so does a synonym of one two-byte character, which is not
 * hashed. */
static void test_always(void)
{
	struct rule_set *rs = one_indicator("/[一-龥]{3}/");
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	CHECK(scan_always_indicator(sc), "no literal: always");
	CHECK(scan_sentence(sc, "营收额5亿元", 0, strlen("营收额5亿元")) == 1,
	      "a site is enough");
	CHECK(scan_sentence(sc, "营收额", 0, strlen("营收额")) == 0,
	      "but a site is needed");
	rules_free(rs);

	rs = one_indicator("µ");
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	sc = rules_scan(rs);
	CHECK(scan_always_indicator(sc), "a two-byte synonym: always");
	CHECK(scan_sentence(sc, "µ5亿元", 0, strlen("µ5亿元")) == 1, "µ5亿元");
	scan_free(NULL);
	rules_free(rs);
}

/* scan_keywords marks exactly the keywords the text holds (as strstr
 * finds them), ASCII and CJK, at the ends and cut at the range's end. */
static void test_keywords(void)
{
	struct rule_set *rs = load_text(
		"indicator gdp money = GDP | 地区生产总值\n"
		"rule level\n"
		"  measure: level\n"
		"  unit: CNY\n"
		"  pattern: %{IND}(?:达到|实现)(?<v>\\d+)亿元\n"
		"rule growth\n"
		"  measure: growth\n"
		"  unit: percent\n"
		"  pattern: %{IND}(?:增长|up)(?<v>\\d+%)\n");
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	size_t nkw = rules_keyword_count(rs);
	signed char seen[64];
	static const char *const texts[] = {
		"GDP达到5亿元", "地区生产总值增长5%", "up5%", "实现增长", "亿元",
		"没有关键词", "", "达到up",
	};
	CHECK(nkw >= 4 && nkw < sizeof seen, "keywords: %zu", nkw);
	for (size_t i = 0; i < sizeof texts / sizeof texts[0] && nkw < sizeof seen; i++) {
		const char *t = texts[i];
		scan_keywords(sc, t, 0, strlen(t), seen);
		for (size_t k = 0; k < nkw; k++) {
			const char *w = rules_keyword(rs, k);
			CHECK(seen[k] == (strstr(t, w) != NULL), "%s: keyword %s: %d",
			      t, w, seen[k]);
		}
	}
	/* a keyword that crosses the end of the range is not held */
	const char *t = "增长5亿元";
	scan_keywords(sc, t, 0, strlen(t) - 3, seen);
	for (size_t k = 0; k < nkw; k++)
		if (strcmp(rules_keyword(rs, k), "亿元") == 0)
			CHECK(!seen[k], "亿元 cut at the end");
	rules_free(rs);
}

/* The contract, on random sentences: a sentence with a site (a digit, a
 * number_site_marks mark, or a place where number_cn_pair reads a numeral)
 * in which the any-indicator pattern matches always passes; one without a
 * site never does (one with a literal the pattern then rejects, 进出口,
 * may).  Sentences are drawn from digits, numerals, marks, pieces of
 * synonyms and other characters, with a fixed seed. */
static int has_site(const char *t)
{
	size_t n = strlen(t);

	if (strpbrk(t, "0123456789"))
		return 1;
	for (size_t k = 0; number_site_marks[k]; k++)
		if (strstr(t, number_site_marks[k]))
			return 1;
	for (size_t i = 0; i + 6 <= n; i++)
		if ((unsigned char)t[i] >= 0xE4 && number_cn_pair(t + i, n - i))
			return 1;
	return 0;
}

static void test_random(void)
{
	struct rule_set *rs = load_text(RULES);
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	static const char *const pieces[] = {
		"1", "%", "两", "千", "十", "二", "万", "家", "第", "成", "倍", "百",
		"分", "之", "半", "元", "亿", "地区", "生产", "总值", "GDP", "G",
		"固定资产", "投资", "税", "出口", "进", "额", "企业", "增长", "。",
		"的", "和", "全年", "a", " ", "〇", "µ",
	};
	unsigned seed = 20251201;
	long passed = 0;
	for (int round = 0; round < 20000; round++) {
		char t[256] = "";
		int len = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 8;
		for (int k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(t, pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])]);
		}
		int site = has_site(t), match = site && any_match(rs, t);
		int got = scan_sentence(sc, t, 0, strlen(t));
		passed += match;
		if ((match && !got) || (got && !site)) {
			CHECK(0, "%s: scan %d, site %d, pattern %d", t, got, site,
			      match);
			break;
		}
	}
	CHECK(passed > 100, "%ld of 20000 random sentences must pass", passed);
	rules_free(rs);
}

/* scan_next_start never passes over an offset where the any-indicator
 * pattern's leftmost match starts, whatever the synonym's shape:
 * lookbehinds reaching before the start, alternatives, classes, a
 * literal that only fits whole. */
static void test_starts(void)
{
	struct rule_set *rs = load_text(
		"indicator a money = 地区生产总值 | GDP\n"
		"indicator b money = /(?<=一、)二(?=、三产业)/ | /(?:加|化)工产值/\n"
		"indicator c money = /[甲乙]级产值/ | /\\d+号工程/ | 税\n"
		"rule level\n"
		"  measure: level\n"
		"  unit: CNY\n"
		"  pattern: %{IND}(?<v>\\d+)亿元\n");
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	static const char *const texts[] = {
		"全区地区生产总值和GDP", "第一、二、三产业", "一、二产业", "加工产值与化工产值",
		"乙级产值", "丙级产值", "12号工程", "号工程", "税", "地区生产总", "无关的文字",
		"xGDPx化工产值12号工程", "一、二、三产业产值", "地区生产总值地区生产总值",
		"甲级产值乙级产值税", "GD", "化工产",
	};
	pcre2_match_data *md = pcre2_match_data_create(1, NULL);
	CHECK(!scan_starts_anywhere(sc), "every synonym has prefixes");
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *t = texts[i];
		size_t n = strlen(t);
		for (size_t from = 0; from < n; from++) {
			if ((t[from] & 0xC0) == 0x80)
				continue;
			size_t got = scan_next_start(sc, t, from, n, n);
			int rc = pcre2_match(rules_any_indicator(rs), (PCRE2_SPTR)t, n,
					     from, 0, md, NULL);
			size_t want = rc > 0 ? pcre2_get_ovector_pointer(md)[0] : n;
			size_t want_e = rc > 0 ? pcre2_get_ovector_pointer(md)[1] : n;
			CHECK(got <= want, "%s from %zu: next start %zu, match at %zu",
			      t, from, got, want);
			if (rc > 0)
				CHECK(scan_next_start(sc, t, want, n, n) == want,
				      "%s: a match starts at %zu, not a start", t, want);
			/* and the match it finds is the pattern's */
			size_t ms = 0, me = 0;
			int got_m = scan_next_mention(sc, rs, t, from, n, n, md, &ms, &me);
			CHECK(got_m == (rc > 0), "%s from %zu: mention %d, pattern %d",
			      t, from, got_m, rc);
			if (rc > 0 && got_m)
				CHECK(ms == want && me == want_e,
				      "%s from %zu: [%zu, %zu), the pattern [%zu, %zu)", t,
				      from, ms, me, want, want_e);
		}
	}
	CHECK(scan_next_start(sc, "无关的文字", 0, strlen("无关的文字"),
			      strlen("无关的文字")) == strlen("无关的文字"),
	      "no synonym: none");
	CHECK(scan_next_start(sc, "地区生产总值", 0, 6, 6) == 6,
	      "a synonym must lie whole before the end");
	CHECK(scan_next_start(sc, "地区生产总值", 0, 6, 18) == 0,
	      "before lim, starting before e");
	{
		size_t ms, me;
		const char *t = "一、二、三产业";
		CHECK(scan_next_mention(sc, rs, t, 0, 9, 9, md, &ms, &me) == 0,
		      "the lookahead stops at lim");
		CHECK(scan_next_mention(sc, rs, t, 0, 9, strlen(t), md, &ms, &me) == 1 &&
		      ms == 6 && me == 9, "it sees to lim: [%zu, %zu)", ms, me);
	}
	pcre2_match_data_free(md);
	rules_free(rs);

	rs = one_indicator("/\\p{Han}{2}产值/");
	CHECK(rs != NULL, "rules load");
	if (!rs)
		return;
	CHECK(scan_starts_anywhere(rules_scan(rs)), "\\p{Han}: anywhere");
	CHECK(scan_next_start(rules_scan(rs), "abc", 1, 3, 3) == 1, "from itself");
	rules_free(rs);
}

/* Every match of a rule pattern that has a start class starts at an
 * offset scan_pattern_starts lists with that class: the default rules,
 * on made-up sentences of many shapes, from every offset. */
static void test_pattern_starts(void)
{
	struct rule_set *rs = rules_load("rules", NULL, NULL);
	CHECK(rs != NULL, "the default rules load");
	if (!rs)
		return;
	const struct scan *sc = rules_scan(rs);
	static const char *const texts[] = {
		"全县地区生产总值完成88.6亿元,同比增长6.1%,增速居全市第二位。",
		"规上工业增加值增长一成半,工业投资和制造业投资分别增长3%、4%",
		"新增市场主体1200余户,其中新增企业三百家",
		"一、二、三产业增加值分别增长2.1%、5.2%和6.3%",
		"社会消费品零售总额降幅比一季度收窄1.2个百分点",
		"完成固定资产投资的百分之九十五,位列第3",
		"\"7优享\"工程落地率达到96%,GDP增长5%",
	};
	struct scan_pos *pos = NULL;
	size_t cap = 0, classed = 0;
	pcre2_match_data *md = pcre2_match_data_create(32, NULL);
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		const char *t = texts[i];
		size_t n = strlen(t);
		size_t npos = scan_pattern_starts(sc, t, 0, n, &pos, &cap);
		for (size_t ri = 0; ri < rules_count(rs); ri++) {
			const struct rule *r = rules_get(rs, ri);
			for (size_t k = 0; k < r->nre; k++) {
				int c = scan_pattern_class(sc, ri, k);
				if (c < 0)
					continue;
				classed++;
				for (size_t from = 0; from < n; from++) {
					if (pcre2_match(r->re[k], (PCRE2_SPTR)t, n, from, 0,
							md, NULL) < 0)
						break;
					size_t at = pcre2_get_ovector_pointer(md)[0];
					int listed = 0;
					for (size_t j = 0; j < npos && !listed; j++)
						listed = pos[j].at == at && (pos[j].cls >> c & 1);
					CHECK(listed, "%s pattern %zu matches %s at %zu, not a start",
					      r->id, k + 1, t, at);
					from = at;
				}
			}
		}
	}
	CHECK(classed > 0, "some patterns have a start class");
	free(pos);
	pcre2_match_data_free(md);
	rules_free(rs);
}

int main(void)
{
	test_random();
	test_pattern_starts();
	test_starts();
	test_sentences();
	test_keywords();
	test_always();
	return CHECK_DONE();
}
