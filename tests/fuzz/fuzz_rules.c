/* fuzz_rules: the rule-file parser (rules_load) on arbitrary bytes, and,
 * when the file loads, its examples through the pipeline as check-rules
 * runs them.  The input is written to a memfd and loaded by its
 * /proc/self/fd path.  Errors are expected; crashes, undefined behaviour,
 * leaks and hangs are not. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "extract.h"
#include "rules.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_rules: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

/* Bugs this target found, reported to the owners of rules.c and litset.c
 * and not fixed yet.  With FUZZ_SKIP_KNOWN=1 (run.sh sets it while
 * fuzzing) inputs that could only find them again are skipped, so that
 * the fuzzer gets on with the rest; run.sh replays regress/fuzz_rules/known-*
 * without it, so they keep failing until fixed.
 *   1. rules.c compile(): PCRE2_NO_UTF_CHECK on a pattern never checked
 *      for UTF-8: invalid UTF-8 in a rule file crashes pcre2_compile
 *      (regress/fuzz_rules/known-invalid-utf8-pattern).
 *   2. rules.c: a word-list item that is "/", or becomes "/" once
 *      normalized ("\v/", "／"), is taken for a /regex/ and strlen - 2
 *      wraps in rules_load, synonym_alt and wordtab_alt
 *      (regress/fuzz_rules/known-slash-word, known-slash-normalized).
 *   3. litset.c sequence(): memchr(name, ':', p + end - 1 - name) wraps
 *      when "%{" ends a macro body (macro IND = %{ is accepted and read
 *      by litset for %{IND}): a read past the body
 *      (regress/fuzz_rules/known-litset-unterminated-macro).
 *   4. rules.c accepts a macro named like a built-in (IND, INDS, QUAL,
 *      SCOPE, TARGET); expand() never uses it but litset does, through
 *      macro_body(): one that refers to itself is analysed 16 levels deep
 *      with every branch, exponential time (macro IND = (?:%{IND}|%{IND}
 *      |%{IND}|%{IND})a hangs rules_load; regress/fuzz_rules/
 *      known-macro-named-IND). */
static int skip_known = -1;

static int known_bug(const uint8_t *p, size_t n)
{
	size_t i = 0;

	/* 1: any byte sequence that is not UTF-8 (strict: no overlong
	 * forms, surrogates or code points past U+10FFFF) */
	while (i < n) {
		unsigned c = p[i];
		size_t k = c < 0x80 ? 1 : c >= 0xC2 && c < 0xE0 ? 2 :
			   c >= 0xE0 && c < 0xF0 ? 3 : c >= 0xF0 && c < 0xF5 ? 4 : 0;
		if (!k || n - i < k)
			return 1;
		for (size_t j = 1; j < k; j++)
			if ((p[i + j] & 0xC0) != 0x80)
				return 1;
		if ((c == 0xE0 && p[i + 1] < 0xA0) || (c == 0xED && p[i + 1] > 0x9F) ||
		    (c == 0xF0 && p[i + 1] < 0x90) || (c == 0xF4 && p[i + 1] > 0x8F))
			return 1;
		i += k;
	}
	/* 2: an item that is, or normalizes to, a lone '/': a '/' (or
	 * '／') with only blanks between it and the '=' or '|' before it and
	 * the end of the item after it; bytes >= 0x80 count as blanks
	 * (U+3000, zero-width characters), which skips a little more */
	for (i = 0; i < n; i++) {
		size_t after;
		if (p[i] == '/')
			after = i + 1;
		else if (n - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] == 0x8F)
			after = i + 3;
		else
			continue;
		size_t j = after, k = i;
		while (j < n && (p[j] == ' ' || (p[j] >= '\t' && p[j] <= '\r' && p[j] != '\n') ||
				 p[j] >= 0x80))
			j++;
		while (k > 0 && (p[k - 1] == ' ' || (p[k - 1] >= '\t' && p[k - 1] <= '\r' &&
						     p[k - 1] != '\n') || p[k - 1] >= 0x80))
			k--;
		if ((j == n || p[j] == '\n' || p[j] == '\0' || p[j] == '|') && k > 0 &&
		    (p[k - 1] == '=' || p[k - 1] == '|'))
			return 1;
	}
	/* 3: "%{" with nothing after it on its line (a macro body that ends
	 * in an unterminated reference, read by litset) */
	for (i = 0; i + 1 < n; i++) {
		if (p[i] != '%' || p[i + 1] != '{')
			continue;
		size_t j = i + 2;
		while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r'))
			j++;
		if (j == n || p[j] == '\n' || p[j] == '\0')
			return 1;
	}
	/* 4: a user macro named like a built-in (macro IND = ...) */
	static const char *const builtin[] = {"IND", "INDS", "QUAL", "SCOPE", "TARGET"};
	for (i = 0; i + 6 < n; i++) {
		if ((i && p[i - 1] != '\n') || memcmp(p + i, "macro", 5) != 0 ||
		    (p[i + 5] != ' ' && p[i + 5] != '\t'))
			continue;
		size_t j = i + 5;
		while (j < n && (p[j] == ' ' || p[j] == '\t'))
			j++;
		for (size_t b = 0; b < sizeof builtin / sizeof *builtin; b++) {
			size_t l = strlen(builtin[b]);
			if (n - j >= l && memcmp(p + j, builtin[b], l) == 0 &&
			    (n - j == l || p[j + l] == ' ' || p[j + l] == '\t' ||
			     p[j + l] == '='))
				return 1;
		}
	}
	return 0;
}

static int fd = -1;
static char path[64];
static long nerrors;

static void on_error(void *ctx, const char *file, const struct diag *d)
{
	(void)ctx;
	(void)file;
	/* every message says something, and positions are sane */
	CHECK(d->msg[0] != '\0');
	CHECK(d->line >= 0 && d->col >= 0);
	CHECK(memchr(d->msg, '\0', sizeof d->msg) != NULL);
	CHECK(memchr(d->src, '\0', sizeof d->src) != NULL);
	nerrors++;
}

static int count_obs(void *ctx, const struct obs *o)
{
	(void)o;
	(*(long *)ctx)++;
	return 0;
}

static void run_examples(struct extractor *x, const struct example *ex, size_t n)
{
	struct doc doc = {"example", "", {2025, 6, 30}};
	long rows = 0;
	struct sink sink = {count_obs, NULL, &rows};

	/* a few short ones: a long example of a slow pattern is only slow */
	for (size_t k = 0; k < n && k < 8; k++) {
		size_t len = strlen(ex[k].text);
		if (len <= 512)
			extractor_run(x, &doc, ex[k].text, len, &sink);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (skip_known < 0) {
		const char *e = getenv("FUZZ_SKIP_KNOWN");
		skip_known = e && *e == '1';
	}
	if (skip_known && known_bug(data, size))
		return 0;
	if (fd < 0) {
		fd = memfd_create("fuzz.rules", 0);
		CHECK(fd >= 0);
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	}
	CHECK(ftruncate(fd, 0) == 0);
	CHECK(pwrite(fd, data, size, 0) == (ssize_t)size);
	nerrors = 0;
	struct rule_set *rs = rules_load(path, on_error, NULL);
	/* NULL exactly when an error was reported */
	CHECK((rs == NULL) == (nerrors > 0));
	if (!rs)
		return 0;
	CHECK(rules_count(rs) > 0);
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		CHECK(r->id && r->nre > 0);
		CHECK(measure_name(r->measure) != NULL);
	}
	struct extractor *x = extractor_new(rs);
	for (size_t i = 0; i < rules_indicator_count(rs); i++) {
		const struct indicator *ind = rules_indicator(rs, i);
		run_examples(x, ind->ex, ind->nex);
	}
	for (size_t i = 0; i < rules_count(rs); i++) {
		const struct rule *r = rules_get(rs, i);
		run_examples(x, r->ex, r->nex);
	}
	extractor_free(x);
	rules_free(rs);
	return 0;
}
