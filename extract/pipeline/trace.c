/* trace: the phrases for the reasons of the pipeline's trace events. */
#include "pipeline/trace.h"

const char *trace_why_text(enum trace_why why)
{
	switch (why) {
	case TRACE_OK: return "ok";
	case TRACE_NO_NUMBER: return "no number in the sentence";
	case TRACE_NO_INDICATOR: return "no indicator named in the sentence";
	case TRACE_NO_UNIT_MARK: return "the unit it reads is not written in the sentence";
	case TRACE_NO_LITERAL: return "none of its necessary literals is in the sentence";
	case TRACE_LIMIT: return "hit a PCRE2 limit (match, depth or JIT stack)";
	case TRACE_NO_MATCH: return "ran and matched nothing";
	case TRACE_CLAIMED: return "its value was claimed by another match";
	case TRACE_NO_SUBJECT: return "no indicator in the match nor before it";
	case TRACE_UNIT_MISFIT: return "no number in the value has the rule's unit";
	case TRACE_LIST_MISMATCH: return "the lists of indicators and values differ in length";
	case TRACE_ONE_MANY: return "one indicator with several values";
	case TRACE_NO_SCOPE: return "a rank without its scope (among whom)";
	case TRACE_NEIGHBOUR: return "the subject is a neighbour of an indicator, not one";
	case TRACE_BAD_BASE: return "the comparison base is no period, or its bases do not pair with the values";
	case TRACE_DUPLICATE: return "the same row came earlier in the document";
	}
	return "?";
}
