/* test_litset: the necessary literals derived from patterns. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pipeline/litset.h"

static const char *macro(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	if (n == 2 && memcmp(name, "UP", 2) == 0)
		return "(?:增长|增速达到?|提高)";
	if (n == 3 && memcmp(name, "NUM", 3) == 0)
		return "\\d+(?:\\.\\d+)?";
	if (n == 3 && memcmp(name, "PCT", 3) == 0)
		return "%{NUM}%";
	return NULL;                    /* %{IND} and unknown ones */
}

static const struct {
	const char *pattern;
	const char *want;               /* the set, sorted by the test, or "" */
} cases[] = {
	{"增长(?<v>\\d+%)", "增长"},
	{"%{IND}%{UP}(?<v>%{PCT})", "增速达 增长 提高"},
	{"(?:排名|位居|居)第\\d+", "位居 居 排名"},   /* 第 is shorter */
	{"(?<v>%{PCT})", "%"},
	{"\\d+元?", ""},                               /* 元 may be absent */
	{"(?:较上年)?增长", "增长"},
	{"占[^,]{1,30}?比重", "比重"},
	{"增长|下降\\d", "下降 增长"},
	{"增长|\\d+", ""},                             /* one branch has none */
	{"(?<=,)完成率", "完成率"},
	{"第(?:一|二)名?", "第"},
	{"%{IND}", ""},
	{"a+b", "a"},
	{"x{0,3}yz", "yz"},
};

/* litset_prefixes: what every match starts with ("" when it cannot be
 * told). */
static const struct {
	const char *pattern;
	const char *want;
} prefixes[] = {
	{"增长", "增长"},
	{"规模以上工业增加值", "规模以上"},         /* 12 bytes kept */
	{"(?<=一、)二(?=、三产业)", "二、三产"},    /* a lookahead follows */
	{"(?<![第\\d])一(?=、)", "一、"},
	{"第一(?=(?:、[二三])+产业)", "第一、三 第一、二"},
	{"一(?=产|、)业", "一、 一产"},              /* not what follows it */
	{"一(?=\\p{Han})", "一"},                 /* told nothing */
	{"一(?!二)", "一"},
	{"(?:加|手|化)工业增加值", "加工业增 化工业增 手工业增"},
	{"规(?:模以上|上)工业企业(?=完成)", "规上工业 规模以上"},
	{"\\d+元", "0 1 2 3 4 5 6 7 8 9"},
	{"\"?\\d+\"?工程", "\"0 \"1 \"2 \"3 \"4 \"5 \"6 \"7 \"8 \"9 0 1 2 3 4 5 6 7 8 9"},
	{"(?:公共)?七优享", "七优享 公共七优"},
	{"出口(?<=^出口|全市出口)(?:额|总值)?(?!企业)", "出口"},
	{"兑(?:付|现)[^,]{0,12}?资金", "兑付 兑现"},
	{"[一二三]产业", "一产业 三产业 二产业"},
	{"a{2,3}b", "a"},
	{"ab{0}c", "ac"},
	{"(?<v>增长|下降)", "下降 增长"},
	{"\\p{Han}{2}区县", ""},                  /* any character */
	{"(?:(?![全居])\\p{Han}){2,4}?区", ""},
	{"[^,]增长", ""},
	{".增长", ""},
	{"增长|\\p{Han}", ""},                   /* one branch any */
	{"(?:增长)?", ""},                        /* may match no text */
	{"x*", ""},
	{"%{UP}", ""},                            /* a macro */
	{"(?i)gdp", ""},                          /* an option */
	{"(?=增长)", "增长"},
	{"[一二", ""},                            /* unterminated */
	{"[]二]产", "]产 二产"},                   /* ] first is a member */                    /* no text, but only there */
};

/* litset_after: what every match starts right after ("-" when it cannot
 * be told; "^" first when the document start is allowed too). */
static const struct {
	const char *pattern;
	const char *want;
} afters[] = {
	{"(?<=,)完成", ","},
	{"(?:^|(?<=[,、;\\n]|。))增长", "^ \n , ; 、 。"},
	{"(?:(?:^|(?<=[,;])))(?:但|而)?增长", "^ , ;"},
	{"^增长", "^"},
	{"(?<=,)完成|(?<=;)实现", ", ;"},
	{"(?<=分之.)增长", "-"},                  /* more than one character */
	{"(?<=,)?完成", "-"},                     /* optional */
	{"(?<=,)完成|增长", "-"},                  /* one branch without */
	{"增长(?<=长)", "-"},
	{"(?<!,)增长", "-"},
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The set, sorted, joined by spaces into got (of size n). */
static void joined(struct litset *ls, char *got, size_t n)
{
	if (ls->n > 1)
		qsort(ls->lit, ls->n, sizeof *ls->lit, cmp);
	for (size_t k = 0; k < ls->n; k++) {
		if (*got)
			strncat(got, " ", n - strlen(got) - 1);
		strncat(got, ls->lit[k], n - strlen(got) - 1);
	}
	litset_free(ls);
}

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct litset ls;
		char got[256] = "";
		const char *p = cases[i].pattern;
		if (litset_of(p, strlen(p), macro, NULL, &ls))
			joined(&ls, got, sizeof got);
		char want[256];
		strcpy(want, cases[i].want);
		CHECK(strcmp(got, want) == 0, "%s: got '%s', want '%s'", p, got, want);
	}
	for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
		struct litset ls;
		char got[512] = "";
		const char *p = prefixes[i].pattern;
		if (litset_prefixes(p, strlen(p), &ls))
			joined(&ls, got, sizeof got);
		CHECK(strcmp(got, prefixes[i].want) == 0, "prefixes of %s: got '%s', want '%s'",
		      p, got, prefixes[i].want);
	}
	for (size_t i = 0; i < sizeof afters / sizeof *afters; i++) {
		struct litset ls;
		int at_start;
		char got[512] = "";
		const char *p = afters[i].pattern;
		if (litset_after(p, strlen(p), &ls, &at_start)) {
			if (at_start)
				strcat(got, "^");
			joined(&ls, got, sizeof got);
		} else {
			strcpy(got, "-");
		}
		CHECK(strcmp(got, afters[i].want) == 0, "after %s: got '%s', want '%s'",
		      p, got, afters[i].want);
	}
	return CHECK_DONE();
}
