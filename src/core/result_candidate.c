/* result_candidate.c — the names of a candidate's origin and state, as JSON spells them. */
#include "result_candidate.h"

#include <string.h>

const char *candidate_origin_name(enum candidate_origin o)
{
	static const char *const names[] = {
		[ORIGIN_MANUAL_INTERNAL] = "manual-internal", [ORIGIN_MANUAL_EXTERNAL] = "manual-external",
		[ORIGIN_SRV] = "srv", [ORIGIN_FALLBACK] = "fallback", [ORIGIN_AUTODISCOVER] = "autodiscover",
		[ORIGIN_REDIRECT] = "redirect",
	};
	return names[o];
}

const char *candidate_state_name(enum candidate_state s)
{
	static const char *const names[] = {
		[CAND_USABLE] = "usable", [CAND_NO_SERVICE] = "no-service", [CAND_INVALID_NAME] = "invalid-host-name",
		[CAND_REJECTED] = "rejected-by-naming", [CAND_UNRESOLVED] = "does-not-resolve",
		[CAND_NOT_TRIED] = "not-tried-by-profile", [CAND_SKIPPED_UNRESOLVED] = "skipped-does-not-resolve",
	};
	return names[s];
}

bool candidate_same_server(const struct candidate *a, const struct candidate *b)
{
	return strcmp(a->host, b->host) == 0 && a->port == b->port && a->transport == b->transport;
}

const char *candidate_tls_name(const struct candidate *c, const struct policy *p)
{
	bool manual = c->origin == ORIGIN_MANUAL_INTERNAL || c->origin == ORIGIN_MANUAL_EXTERNAL;
	return manual && p->tls_name[0] ? p->tls_name : c->host;
}
