/* fuzz_normalize: norm_build on arbitrary bytes, and the map back to the
 * original.  Checks: the text is NUL-terminated with no NUL inside and is
 * valid UTF-8; norm_orig_offset is monotonic, inside the original, lands
 * on a character boundary, and maps ASCII letters and digits to the same
 * letter (or its full-width form) and line breaks to line breaks;
 * norm_line agrees with the line breaks before that offset; a struct norm
 * reused for a second document gives what a fresh one gives. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/normalize.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_normalize: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

static int valid_utf8(const unsigned char *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = p[i];
		size_t k;
		unsigned cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c < 0xE0)
			k = 2, cp = c & 0x1F;
		else if (c >= 0xE0 && c < 0xF0)
			k = 3, cp = c & 0x0F;
		else if (c >= 0xF0 && c < 0xF5)
			k = 4, cp = c & 0x07;
		else
			return 0;
		if (n - i < k)
			return 0;
		for (size_t j = 1; j < k; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + j] & 0x3Fu);
		}
		if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
		    (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += k;
	}
	return 1;
}

static void check(const struct norm *n, const unsigned char *orig, size_t len)
{
	const unsigned char *t = (const unsigned char *)n->text;
	int orig_valid = valid_utf8(orig, len);
	size_t prev = 0, newlines = 0, counted = 0;
	long prev_line = 1;

	CHECK(t != NULL);
	CHECK(t[n->len] == '\0');
	CHECK(memchr(t, '\0', n->len) == NULL);
	CHECK(valid_utf8(t, n->len));
	CHECK(norm_orig_offset(n, n->len) == len);
	for (size_t off = 0; off <= n->len; off++) {
		size_t o = norm_orig_offset(n, off);
		long line = norm_line(n, off);

		CHECK(o <= len);
		CHECK(o >= prev);
		CHECK(line >= prev_line);
		/* the line is one more than the line breaks before o */
		for (; counted < o; counted++)
			newlines += orig[counted] == '\n';
		CHECK(line == (long)newlines + 1);
		prev = o;
		prev_line = line;
		if (off == n->len)
			break;
		/* a character start maps to a character start */
		if (orig_valid && (t[off] & 0xC0) != 0x80 && o < len)
			CHECK((orig[o] & 0xC0) != 0x80);
		/* 0-9 A-Z a-z % came from themselves or their full-width form */
		unsigned char c = t[off];
		if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
		    c == '%') {
			unsigned fw = 0xFEE0u + c;   /* U+FF10 .. */
			int same = o < len && orig[o] == c;
			int wide = o + 2 < len && orig[o] == 0xEF &&
				   orig[o + 1] == (0x80 | ((fw >> 6) & 0x3F)) &&
				   orig[o + 2] == (0x80 | (fw & 0x3F));
			CHECK(same || wide);
		}
		if (c == '\n')
			CHECK(o < len && orig[o] == '\n');
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct norm reused;
	struct norm fresh;
	/* two documents: the input cut at its first 0xFF byte, or whole */
	const uint8_t *cut = memchr(data, 0xFF, size);
	size_t n1 = cut ? (size_t)(cut - data) : size;
	size_t n2 = cut ? size - n1 - 1 : 0;
	char *a = malloc(n1 + 1), *b = malloc(n2 + 1);

	memcpy(a, data, n1);
	if (n2)
		memcpy(b, cut + 1, n2);

	norm_build(&reused, a, n1);
	check(&reused, (const unsigned char *)a, n1);
	norm_build(&reused, b, n2);
	check(&reused, (const unsigned char *)b, n2);

	memset(&fresh, 0, sizeof fresh);
	norm_build(&fresh, b, n2);
	CHECK(fresh.len == reused.len && memcmp(fresh.text, reused.text, fresh.len) == 0);
	for (size_t off = 0; off <= fresh.len; off++) {
		CHECK(norm_orig_offset(&fresh, off) == norm_orig_offset(&reused, off));
		CHECK(norm_line(&fresh, off) == norm_line(&reused, off));
	}
	norm_free(&fresh);

	/* norm_string on the first document up to its first NUL */
	a[n1] = '\0';
	char *s = norm_string(a);
	CHECK(valid_utf8((const unsigned char *)s, strlen(s)));
	free(s);
	free(a);
	free(b);
	return 0;
}
