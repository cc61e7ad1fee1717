/* test_utf8: the validator's block-at-a-time path against a reading one
 * character at a time, at every place relative to its 64-byte blocks. */
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

#include "check.h"

/* What utf8_valid must answer: 1, or 0 with *bad the first bad byte. */
static int slow_valid(const char *p, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n;) {
		size_t k = utf8_seq((const unsigned char *)p + i, n - i);
		if (!k) {
			*bad = i;
			return 0;
		}
		i += k;
	}
	return 1;
}

/* utf8_valid and slow_valid agree on p[0..n); returns 1 when they do. */
static int agree(const char *p, size_t n)
{
	size_t bad = (size_t)-1, want = (size_t)-2;
	int ok = utf8_valid(p, n, &bad);
	int ok_want = slow_valid(p, n, &want);

	return ok == ok_want && (ok || bad == want);
}

static void test_pieces(void)
{
	/* what a block may hold (ASCII, three-byte characters that need no
	 * range check) and what sends it to the slow path: E0 and ED with
	 * their ranges, two- and four-byte characters, bad bytes, cut ones */
	static const char *const piece[] = {
		"a", "7", " ", "\n", "增", "长", "。", "，", "\xef\xbf\xbf",
		"\xe0\xa0\x80", "\xed\x9f\xbf", "\xc3\xa9", "𠮷", "\xf4\x8f\xbf\xbf",
		"\xed\xa0\x80", "\xe0\x9f\xbf", "\xc0\xaf", "\xf4\x90\x80\x80",
		"\xff", "\x80", "\xbf", "\xe5\xa2", "\xe5", "\xf0\x9f\x98",
	};
	const size_t npiece = sizeof piece / sizeof piece[0];
	unsigned seed = 2024;
	int fails = 0;

	for (int k = 0; k < 20000; k++) {
		char text[600];
		size_t n = 0, cnt = (size_t)rand_r(&seed) % 150;
		/* mostly good pieces, so that bad ones fall anywhere */
		size_t ngood = 9 + (size_t)rand_r(&seed) % (npiece - 9);

		for (size_t j = 0; j < cnt && n + 8 < sizeof text; j++) {
			size_t w = rand_r(&seed) % 4 ? (size_t)rand_r(&seed) % 9 :
				   (size_t)rand_r(&seed) % ngood;
			const char *s = piece[w];
			memcpy(text + n, s, strlen(s));
			n += strlen(s);
		}
		if (!agree(text, n) && fails++ < 5)
			CHECK(0, "random text %d (%zu bytes) read otherwise", k, n);
	}
	CHECK(fails == 0, "random texts: %d read otherwise", fails);
}

/* One character or bad byte x placed at every offset 0..200 of Chinese
 * text, or of ASCII: across every block boundary, in every position. */
static void test_places(void)
{
	static const char *const x[] = {
		"\xff", "\x80", "\xe5\xa2", "\xe5\xa2x", "\xed\xa0\x80",
		"\xe0\x80\x80", "\xc3\xa9", "𠮷", "\xe0\xa0\x80", "\xed\x9f\xbf",
		"\xf0\x9f\x98",
	};
	int fails = 0;

	for (size_t w = 0; w < sizeof x / sizeof x[0]; w++)
		for (size_t at = 0; at < 200; at++)
			for (int cjk = 0; cjk < 2; cjk++) {
				char text[400];
				size_t n = 0;

				while (n < at) {
					/* a Chinese character, cut where it would
					 * pass at */
					size_t l = cjk && at - n >= 3 ? 3 : 1;
					memcpy(text + n, l == 3 ? "长" : "b", l);
					n += l;
				}
				memcpy(text + n, x[w], strlen(x[w]));
				n += strlen(x[w]);
				for (size_t tail = 0; tail < 80; tail += 3) {
					memcpy(text + n + tail, "增", 3);
					if (!agree(text, n + tail) && fails++ < 5)
						CHECK(0, "piece %zu at %zu (%s) + %zu: read otherwise",
						      w, at, cjk ? "CJK" : "ASCII", tail);
				}
			}
	CHECK(fails == 0, "placed pieces: %d read otherwise", fails);
}

int main(void)
{
	test_pieces();
	test_places();
	return CHECK_DONE();
}
