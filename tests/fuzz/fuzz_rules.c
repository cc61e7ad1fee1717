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

#include "pipeline/extract.h"
#include "pipeline/rules.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_rules: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

/* Bugs this target found, reported to the owner of rules.c and not fixed
 * yet.  With FUZZ_SKIP_KNOWN=1 (run.sh sets it while fuzzing) inputs that
 * could only find them again are skipped, so that the fuzzer gets on with
 * the rest; run.sh replays regress/fuzz_rules/known-* without it, so they
 * keep failing until fixed.  (Fixed since, and no longer skipped: invalid
 * UTF-8 reaching pcre2_compile, a "/" item, "%{" ending a macro body, user
 * macros named IND: regress/fuzz_rules/ without known-.)
 *   1. rules.c utf8_valid() lets through 4-byte forms that are not UTF-8
 *      (overlong F0 80..8F, past U+10FFFF F4 90..BF), which then reach
 *      pcre2_compile with PCRE2_NO_UTF_CHECK.
 *   2. rules.c split_words(): a literal item that becomes "/" once
 *      normalized ("\v/", "\u200B/", "／") is then taken for a /regex/:
 *      strlen - 2 wraps in synonym_alt, wordtab_alt and rules_load; heap
 *      corruption, abort (regress/fuzz_rules/known-slash-normalized). */
static int skip_known = -1;

static int known_bug(const uint8_t *p, size_t n)
{
	size_t i;

	/* 1: F0 80..8F or F4 90..BF */
	for (i = 0; i + 1 < n; i++)
		if ((p[i] == 0xF0 && p[i + 1] >= 0x80 && p[i + 1] < 0x90) ||
		    (p[i] == 0xF4 && p[i + 1] >= 0x90 && p[i + 1] < 0xC0))
			return 1;
	/* 2: a '/' or '／' that is an item once the blanks normalize drops
	 * go: blanks other than space and tab (\v \f, and bytes >= 0x80:
	 * U+3000, zero-width characters) between it and the '=' or '|'
	 * before it, or the full-width form; a plain "/" item is fixed */
	for (i = 0; i < n; i++) {
		size_t after;
		int wide = 0;
		if (p[i] == '/')
			after = i + 1;
		else if (n - i >= 3 && p[i] == 0xEF && p[i + 1] == 0xBC && p[i + 2] == 0x8F)
			after = i + 3, wide = 1;
		else
			continue;
		size_t j = after, k = i;
		int odd = wide;
		while (j < n && (p[j] == ' ' || (p[j] >= '\t' && p[j] <= '\r' && p[j] != '\n') ||
				 p[j] >= 0x80))
			j++;
		while (k > 0 && (p[k - 1] == ' ' || (p[k - 1] >= '\t' && p[k - 1] <= '\r' &&
						     p[k - 1] != '\n') || p[k - 1] >= 0x80)) {
			odd |= p[k - 1] != ' ' && p[k - 1] != '\t';
			k--;
		}
		if (odd && (j == n || p[j] == '\n' || p[j] == '\0' || p[j] == '|') && k > 0 &&
		    (p[k - 1] == '=' || p[k - 1] == '|'))
			return 1;
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
	struct doc doc = {"example", "", {2025, 6, 30}, NULL};
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
	/* a set needs an indicator or a rule (a layer of indicators only is
	 * valid) */
	CHECK(rules_count(rs) > 0 || rules_indicator_count(rs) > 0);
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
