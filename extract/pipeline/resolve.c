/* resolve: values, units, qualifiers, scopes and status of a match. */
#include "pipeline/resolve.h"

#include <string.h>

static size_t char_len(unsigned char c)
{
	return c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
}

/* Units fit when the text's unit is the rule's, or when a count rule meets
 * a bare number, or a 倍 rule (multiply) meets 倍, or a percent rule a part
 * of a whole (占比五分之二: 40 percent, turned so by the caller). */
static int unit_fits(const struct rule *r, const struct quantity *q)
{
	if (q->unit == r->unit)
		return !(q->ratio && r->unit == UNIT_COUNT);
	if (r->unit == UNIT_PERCENT && q->unit == UNIT_NONE && r->scale > 0)
		return 1;
	if (r->unit == UNIT_PERCENT && q->ratio)
		return 1;
	return 0;
}

/* The unit written after the last ASCII digit of text[s, e): 个百分点 of
 * 0.6和0.2个百分点.  Sets *us and returns its length, or 0. */
static size_t list_unit(const char *text, size_t s, size_t e, size_t *us)
{
	size_t i = e;

	while (i > s && !(text[i - 1] >= '0' && text[i - 1] <= '9'))
		i--;
	*us = i;
	return i > s ? e - i : 0;
}

/* The length of a list separator (、 和 及 与), after an optional 个, at
 * text[i, e), or 0. */
static size_t list_sep(const char *text, size_t i, size_t e)
{
	static const char *const seps[] = { "、", "和", "及", "与" };
	size_t k = 0;

	if (e - i >= 3 && memcmp(text + i, "个", 3) == 0)
		k = 3;
	for (size_t j = 0; j < sizeof seps / sizeof *seps; j++)
		if (e - i >= k + 3 && memcmp(text + i + k, seps[j], 3) == 0)
			return k + 3;
	return 0;
}

size_t resolve_items(const struct rule_set *rs, const struct cand *c,
		     const char *text, size_t s, size_t e, struct item *items,
		     size_t max)
{
	const struct rule *r = c->rule;
	size_t n = 0, i = c->v_s, prev_end = c->v_s;

	while (i < c->v_e && n < max) {
		/* 居全市首位: a rank with no numeral */
		size_t used = number_rank_word(text + i, c->v_e - i);
		if (!used && (!number_start(text + i, c->v_e - i) ||
			      number_char_before(text + s, i - s))) {
			i += char_len((unsigned char)text[i]);
			continue;
		}
		struct decimal d;
		if (!used && !number_parse(text + i, c->v_e - i, &d, &used)) {
			i += char_len((unsigned char)text[i]);
			continue;
		}
		size_t ns = i, ne = i + used;
		/* 第 before a rank; in the value group, a sign or 百分之
		 * (增长-3.5%, 负1.1%, 百分之五) */
		if (ns >= s + 3 && memcmp(text + ns - 3, "第", 3) == 0)
			ns -= 3;
		else
			ns -= number_prefix_len(text + c->v_s, ns - c->v_s);
		/* qualifier between number and unit (3600余家) */
		size_t ql, qmid = 0;
		int qual = rules_qualifier_at(rs, text + ne, e - ne, &ql);
		if (qual >= 0)
			qmid = ql;
		/* the longest quantity: the number and the unit after it */
		struct quantity best;
		size_t best_end = 0, got, ul = 0;
		char tmp[128];          /* the number, then up to nine characters */
		size_t nl = ne - ns < 96 ? ne - ns : 96;
		memcpy(tmp, text + ns, nl);
		for (size_t k = ne + qmid, steps = 0; k < e && steps < 9; steps++) {
			size_t cl = char_len((unsigned char)text[k]);
			if (nl + ul + cl > sizeof tmp || k + cl > e)
				break;
			ul += cl;
			k += cl;
		}
		memcpy(tmp + nl, text + ne + qmid, ul);
		got = number_read_quantity(tmp, nl + ul, &best);
		if (got >= nl)
			best_end = ne + qmid + (got - nl);
		/* 1.7、5.2和2.4个百分点: a number of a list that has no unit of
		 * its own takes the one written after the list's last number */
		size_t us, lu = list_unit(text, c->v_s, c->v_e, &us);
		if ((!best_end || !unit_fits(r, &best)) && us > ne && lu &&
		    list_sep(text, ne, c->v_e) && nl + lu <= sizeof tmp) {
			struct quantity q;
			memcpy(tmp + nl, text + us, lu);
			if (number_read_quantity(tmp, nl + lu, &q) == nl + lu &&
			    unit_fits(r, &q)) {
				best = q;
				best_end = ne;
				qual = -1;
			}
		}
		if (!best_end || !unit_fits(r, &best)) {
			i = ne;
			continue;
		}
		struct item *it = &items[n];
		it->value = best.value;
		if (best.ratio && r->unit == UNIT_PERCENT)
			it->value = decimal_scale(it->value, 2);
		it->value = decimal_scale(it->value, r->scale);
		/* 下降3% → -3; a sign written after 下降 (下降-3%) stays a fall */
		if (r->sign < 0 && decimal_to_double(it->value) > 0)
			it->value = decimal_neg(it->value);
		it->at = ns;
		it->end = best_end;
		/* the number's own (十余万), right before it, or right after
		 * the unit */
		if (qual < 0)
			qual = best.qual;
		if (qual < 0)
			qual = rules_qualifier_before(rs, text + s, ns - s, &ql);
		if (qual < 0 && best_end < e)
			qual = rules_qualifier_at(rs, text + best_end, e - best_end, &ql),
			it->end = qual >= 0 ? best_end + ql : best_end;
		it->qual = qual;
		/* scope right before, within this item's share of the value text */
		size_t sl;
		if (prev_end > ns)      /* 第 stood before the value group */
			prev_end = ns;
		it->scope = rules_scope_before(rs, text + prev_end, ns - prev_end, &sl);
		if (it->scope < 0 && c->scope_e > c->scope_s)
			it->scope = rules_scope_before(rs, text + c->scope_s,
						       c->scope_e - c->scope_s, &sl);
		n++;
		prev_end = best_end;
		i = best_end > i ? best_end : i + 1;
	}
	return n;
}

int resolve_is_target(const struct rule_set *rs, pcre2_match_data *md,
		      const char *text, size_t s, size_t at)
{
	const pcre2_code *re = rules_target_re(rs);

	if (!re || at <= s)
		return 0;
	return pcre2_match(re, (PCRE2_SPTR)text, at, s, PCRE2_NO_UTF_CHECK, md,
			   NULL) > 0;
}
