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

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct litset ls;
		char got[256] = "";
		const char *p = cases[i].pattern;
		if (litset_of(p, strlen(p), macro, NULL, &ls)) {
			qsort(ls.lit, ls.n, sizeof *ls.lit, cmp);
			for (size_t k = 0; k < ls.n; k++) {
				if (k)
					strcat(got, " ");
				strcat(got, ls.lit[k]);
			}
			litset_free(&ls);
		}
		char want[256];
		strcpy(want, cases[i].want);
		CHECK(strcmp(got, want) == 0, "%s: got '%s', want '%s'", p, got, want);
	}
	return CHECK_DONE();
}
