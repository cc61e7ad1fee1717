/* check: a tiny table-driven test harness.  Each test program ends with
 * CHECK_DONE(), which prints "N passed, N failed" (tests/run.sh adds them). */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <stdio.h>

static int check_pass, check_fail;

#define CHECK(cond, ...)                                                  \
	do {                                                              \
		if (cond) {                                               \
			check_pass++;                                     \
		} else {                                                  \
			check_fail++;                                     \
			printf("FAIL %s:%d: ", __FILE__, __LINE__);       \
			printf(__VA_ARGS__);                              \
			putchar('\n');                                    \
		}                                                         \
	} while (0)

#define CHECK_DONE()                                                      \
	(printf("%d passed, %d failed\n", check_pass, check_fail),        \
	 check_fail ? 1 : 0)

#endif
