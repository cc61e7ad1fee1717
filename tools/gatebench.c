/* gatebench: the sentence gate measured two ways on the same normalized
 * sentences — scan.c (literals hashed by their first characters) against
 * Hyperscan (one block-mode database of the same literals, each
 * HS_FLAG_SINGLEMATCH, stopped once a site and an indicator are seen).
 * The counts of sentences let through must agree; the times (best of 3)
 * and Hyperscan's compile time are printed.  It is how scan.c was chosen
 * over Hyperscan; `make gatebench` builds it where libhyperscan-dev is
 * installed.
 *
 * usage: gatebench RULES MANIFEST   (e.g. build/bench/news-16/manifest.csv) */
#include <hs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/clock.h"
#include "base/fs.h"
#include "base/table.h"
#include "base/xalloc.h"
#include "pipeline/litset.h"
#include "pipeline/normalize.h"
#include "pipeline/number.h"
#include "pipeline/scan.h"
#include "pipeline/segment.h"

struct lits {
	char **pat;               /* as Hyperscan patterns: \xNN escapes */
	unsigned *flags, *ids, *kind;
	size_t n;
};

static void lit_add(struct lits *l, const char *s, size_t n, unsigned kind)
{
	struct buf b = {0};

	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "\\x%02x", (unsigned char)s[i]);
	l->pat = xrealloc(l->pat, (l->n + 1) * sizeof *l->pat);
	l->flags = xrealloc(l->flags, (l->n + 1) * sizeof *l->flags);
	l->ids = xrealloc(l->ids, (l->n + 1) * sizeof *l->ids);
	l->kind = xrealloc(l->kind, (l->n + 1) * sizeof *l->kind);
	l->pat[l->n] = b.p;
	l->flags[l->n] = HS_FLAG_SINGLEMATCH;
	l->ids[l->n] = (unsigned)l->n;
	l->kind[l->n] = kind;
	l->n++;
}

static const char *no_macro(void *ctx, const char *name, size_t n)
{
	(void)ctx;
	(void)name;
	(void)n;
	return NULL;
}

/* The literals scan.c looks for: synonyms, regex synonyms' necessary
 * literals, site marks and the digits. */
static void gate_literals(const struct rule_set *rs, struct lits *l)
{
	for (size_t i = 0; i < rules_synonym_count(rs); i++) {
		const char *s = rules_synonym(rs, i, NULL);
		size_t n = strlen(s);
		struct litset ls;
		if (s[0] != '/') {
			lit_add(l, s, n, SCAN_IND);
		} else if (litset_of(s + 1, n - 2, no_macro, NULL, &ls)) {
			for (size_t k = 0; k < ls.n; k++)
				lit_add(l, ls.lit[k], strlen(ls.lit[k]), SCAN_IND);
			litset_free(&ls);
		}
	}
	for (size_t i = 0; number_site_marks[i]; i++)
		lit_add(l, number_site_marks[i], strlen(number_site_marks[i]),
			SCAN_SITE);
	for (char c = '0'; c <= '9'; c++)
		lit_add(l, &c, 1, SCAN_SITE);
}

struct hs_ctx {
	unsigned f;
	const unsigned *kind;
};

static int on_match(unsigned id, unsigned long long from,
		    unsigned long long to, unsigned flags, void *ctx)
{
	struct hs_ctx *c = ctx;

	(void)from;
	(void)to;
	(void)flags;
	c->f |= c->kind[id];
	return c->f == (SCAN_SITE | SCAN_IND);   /* non-zero stops */
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: gatebench RULES MANIFEST\n");
		return 2;
	}
	struct rule_set *rs = rules_load(argv[1], NULL, NULL);
	struct table t;
	struct diag d;
	if (!rs || table_read(argv[2], &t, &d) < 0) {
		fprintf(stderr, "gatebench: cannot load %s or %s\n", argv[1], argv[2]);
		return 2;
	}
	struct lits l = {0};
	gate_literals(rs, &l);
	double t0 = clock_seconds();
	hs_database_t *db;
	hs_compile_error_t *ce;
	if (hs_compile_multi((const char *const *)l.pat, l.flags, l.ids,
			     (unsigned)l.n, HS_MODE_BLOCK, NULL, &db, &ce) != HS_SUCCESS) {
		fprintf(stderr, "gatebench: hyperscan: %s\n", ce->message);
		return 2;
	}
	double compile = clock_seconds() - t0;
	hs_scratch_t *scratch = NULL;
	hs_alloc_scratch(db, &scratch);

	/* every document normalized into one buffer, and its sentences */
	char *dir = fs_dir_of(argv[2]);
	struct buf all = {0}, raw = {0};
	struct norm nz = {0};
	size_t *ss = NULL, *se = NULL, ns = 0, cap = 0;
	int pc = table_col(&t, "path");
	for (size_t r = 0; r < t.nrows; r++) {
		struct buf p = {0};
		struct stat st;
		buf_printf(&p, "%s/%s", dir[0] ? dir : ".", table_get(&t, r, pc));
		if (fs_read_all(p.p, &raw, &st) == 0) {
			norm_build(&nz, raw.p, raw.len);
			size_t base = all.len, pos = 0;
			struct sentence s;
			buf_add(&all, nz.text, nz.len);
			while (segment_next(nz.text, nz.len, &pos, &s)) {
				if (ns == cap) {
					cap = cap ? 2 * cap : 1024;
					ss = xrealloc(ss, cap * sizeof *ss);
					se = xrealloc(se, cap * sizeof *se);
				}
				ss[ns] = base + s.start;
				se[ns++] = base + s.end;
			}
		}
		buf_free(&p);
	}
	const struct scan *sc = rules_scan(rs);
	double best_scan = 1e9, best_hs = 1e9;
	long n_scan = 0, n_hs = 0;
	for (int round = 0; round < 3; round++) {
		t0 = clock_seconds();
		n_scan = 0;
		for (size_t i = 0; i < ns; i++)
			n_scan += scan_sentence(sc, all.p, ss[i], se[i]);
		double a = clock_seconds() - t0;
		t0 = clock_seconds();
		n_hs = 0;
		for (size_t i = 0; i < ns; i++) {
			struct hs_ctx c = {0, l.kind};
			hs_scan(db, all.p + ss[i], (unsigned)(se[i] - ss[i]), 0,
				scratch, on_match, &c);
			n_hs += c.f == (SCAN_SITE | SCAN_IND);
		}
		double b = clock_seconds() - t0;
		best_scan = a < best_scan ? a : best_scan;
		best_hs = b < best_hs ? b : best_hs;
	}
	printf("%zu literals, %zu sentences, %.1f MB normalized\n", l.n, ns,
	       (double)all.len / 1048576);
	printf("scan.c     %ld let through, %.4f s (built with the rules)\n",
	       n_scan, best_scan);
	printf("hyperscan  %ld let through, %.4f s, compile %.4f s\n", n_hs,
	       best_hs, compile);
	return n_scan == n_hs ? 0 : 1;
}
