/* fuzz_number: number_parse, number_parse_quantity, number_read_quantity,
 * the helpers of number.h and decimal_format on arbitrary bytes.  Checks
 * beyond "no crash, no UB": what is consumed lies inside the input, parsed
 * values are canonical and fit, a parsed value formatted and parsed again
 * is the same value, the longest quantity is a quantity by itself, a text
 * read as a unit holds that unit's mark, and decimal_format of any decimal
 * into any buffer is NUL-terminated inside it and well formed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pipeline/number.h"

#define CHECK(c) do { if (!(c)) { fprintf(stderr, "fuzz_number: %s:%d: %s\n", \
	__FILE__, __LINE__, #c); abort(); } } while (0)

/* A plain decimal as decimal_format writes it: -?D+(.D*[1-9])? */
static int well_formed(const char *s)
{
	const char *p = s, *dot;

	if (*p == '-')
		p++;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	if (!*p)
		return 1;
	if (*p != '.')
		return 0;
	dot = p++;
	if (!(*p >= '0' && *p <= '9'))
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return !*p && p[-1] != '0' && p - dot > 1;
}

static void check_value(struct decimal d)
{
	char buf[64], again[64];
	struct decimal e;
	size_t used;

	/* canonical: no trailing zero in mant, zero is {0, 0}; it fits */
	CHECK(d.mant != 0 || d.exp == 0);
	CHECK(d.mant == 0 || d.mant % 10 != 0);
	CHECK(d.exp >= -40 && d.exp <= 40);
	decimal_format(d, buf, sizeof buf);
	CHECK(well_formed(buf));
	/* the formatted form reads back as the same value */
	if (d.mant >= 0 && strlen(buf) < 40) {
		CHECK(number_parse(buf, strlen(buf), &e, &used));
		CHECK(used == strlen(buf));
		CHECK(e.mant == d.mant && e.exp == d.exp);
		decimal_format(e, again, sizeof again);
		CHECK(strcmp(buf, again) == 0);
	}
	(void)decimal_to_double(d);
	(void)decimal_neg(d);
	(void)decimal_scale(d, 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* a copy of exactly size bytes, so reading past the end is caught */
	char *p = malloc(size ? size : 1);
	struct decimal d;
	struct quantity q;
	size_t used = 0;

	if (size)
		memcpy(p, data, size);
	if (number_parse(p, size, &d, &used)) {
		CHECK(used > 0 && used <= size);
		check_value(d);
		/* the prefix it used is a number by itself */
		struct decimal d2;
		size_t used2;
		CHECK(number_parse(p, used, &d2, &used2));
		CHECK(used2 == used && d2.mant == d.mant && d2.exp == d.exp);
	}
	if (number_parse_quantity(p, size, &q)) {
		CHECK(q.unit >= UNIT_NONE && q.unit <= UNIT_COUNT);
		struct decimal a = q.value;
		if (a.mant < 0)
			a = decimal_neg(a);
		check_value(a);
		CHECK(unit_from_name(unit_name(q.unit)) == (int)q.unit ||
		      q.unit == UNIT_NONE);
		CHECK(q.qual == QUAL_NONE || q.qual == QUAL_GT);
		/* the unit marks the rules gate sentences with are in any
		 * text read as that unit (a part of a whole: a percent mark) */
		unsigned need = q.ratio ? unit_marks(UNIT_PERCENT, 0)
					: unit_marks(q.unit, 0);
		CHECK(!need || (unit_marks_in(p, size) & need));
	}
	/* the longest quantity at the start is a whole quantity by itself */
	size_t qn = number_read_quantity(p, size, &q);
	CHECK(qn <= size);
	if (qn) {
		struct quantity q2;
		CHECK(number_parse_quantity(p, qn, &q2));
		CHECK(q2.value.mant == q.value.mant && q2.value.exp == q.value.exp &&
		      q2.unit == q.unit && q2.qual == q.qual && q2.ratio == q.ratio);
	}
	(void)number_start(p, size);
	(void)number_cn_pair(p, size);
	(void)number_char_before(p, size);
	CHECK(number_prefix_len(p, size) <= size);

	/* any decimal into any buffer: the first 12 bytes are mant and exp,
	 * the next one the buffer size */
	if (size >= 13) {
		struct decimal r;
		unsigned char n = (unsigned char)p[12];
		char out[300];

		memcpy(&r.mant, p, sizeof r.mant);
		memcpy(&r.exp, p + 8, sizeof r.exp);
		memset(out, 'x', sizeof out);
		decimal_format(r, out, n);
		if (n > 0) {
			CHECK(memchr(out, '\0', n) != NULL);
			CHECK(out[n] == 'x');
			/* with room to spare the result is well formed */
			if (strlen(out) + 1 < n)
				CHECK(well_formed(out));
		}
	}
	free(p);
	return 0;
}
