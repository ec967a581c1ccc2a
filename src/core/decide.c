/* decide.c — the candidates in the client's order, the naming rule applied (SPEC §4.1–4.4, §5),
 * and where the default profile would choose differently (SPEC §4.4). Pure. */
#include "decide.h"

#include "autodiscover_decide.h"
#include "candidate.h"
#include "federation.h"
#include "plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


struct srv_ref {
	int rank, srv_index;
	size_t query, record;
	const struct srv_record *rec;
};

int decide_srv_order(const struct srv_record *x, const struct srv_record *y)
{
	if (x->priority != y->priority)
		return x->priority < y->priority ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return strcmp(x->target, y->target);
}

/* SPEC §4.2: by rank (the profile's name order), then decide_srv_order. */
static int srv_ref_cmp(const void *a, const void *b)
{
	const struct srv_ref *x = a, *y = b;
	if (x->rank != y->rank)
		return x->rank < y->rank ? -1 : 1;
	int c = decide_srv_order(x->rec, y->rec);
	if (c)
		return c;
	return x->record < y->record ? -1 : x->record > y->record;
}

static enum sd_status add_manual(struct result *r)
{
	const struct policy *pol = r->policy;
	static const struct {
		bool external;
		enum sd_transport t;
		uint16_t port;
	} order[] = { { false, SD_TLS, 5061 }, { false, SD_TCP, 5060 }, { true, SD_TLS, 443 } };
	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		const struct manual_server *m = order[i].external ? &pol->external : &pol->internal;
		if (!m->host[0] || (order[i].t == SD_TCP && pol->no_tcp))
			continue;
		struct candidate *c = candidate_add(r, m->host, m->port ? m->port : order[i].port, order[i].t,
						    order[i].external ? ORIGIN_MANUAL_EXTERNAL : ORIGIN_MANUAL_INTERNAL);
		enum sd_status st = c ? candidate_resolve(r, c, false) : SD_ERR_NOMEM;
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

/* Every SRV record of a name the profile asks for, in the order the client tries them. */
static enum sd_status sorted_srv_refs(const struct result *r, struct srv_ref **refs, size_t *n)
{
	*refs = NULL;
	*n = 0;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		int k = q->role == QUERY_SRV ? profile_srv_index(r->profile, q->name) : -1;
		for (size_t j = 0; k >= 0 && j < q->n_srv; j++) {
			struct srv_ref *ref = sd_push(refs, n, sizeof *ref);
			if (!ref)
				return SD_ERR_NOMEM;
			*ref = (struct srv_ref){ r->profile->srv[k].rank, k, i, j, &q->srv[j] };
		}
	}
	if (*n)
		qsort(*refs, *n, sizeof **refs, srv_ref_cmp);
	return SD_OK;
}

/* The candidate of one SRV record; first_of_name: the first of its name in the client's order. */
static enum sd_status add_srv_candidate(struct result *r, const struct srv_ref *ref, bool first_of_name)
{
	const struct srv_record *rec = ref->rec;
	struct candidate *c = candidate_add(r, rec->target, rec->port, r->profile->srv[ref->srv_index].transport,
					    ORIGIN_SRV);
	if (!c)
		return SD_ERR_NOMEM;
	c->srv_query = (int)ref->query;
	c->priority = rec->priority;
	c->weight = rec->weight;
	c->naming_enforced = r->profile->naming != NAMING_MODEL_NONE;
	c->state = plan_srv_target(r, rec->target); /* unless usable: never resolved, never sent as SNI */
	if (c->state != CAND_USABLE)
		return SD_OK;
	enum sd_status st = candidate_resolve(r, c, false);
	if (st == SD_OK && r->profile->srv_use == SRV_FIRST_RECORD_PER_NAME && !first_of_name)
		c->state = CAND_NOT_TRIED;
	return st;
}

static enum sd_status add_srv(struct result *r)
{
	struct srv_ref *refs;
	size_t n;
	enum sd_status st = sorted_srv_refs(r, &refs, &n);
	for (size_t i = 0; i < n && st == SD_OK; i++)
		st = add_srv_candidate(r, &refs[i], i == 0 || refs[i - 1].query != refs[i].query);
	free(refs);
	return st;
}

static enum sd_status add_fallback(struct result *r)
{
	char host[SD_QNAME_MAX];
	for (size_t i = 0; i < r->profile->n_fallback; i++) {
		const struct profile_host *h = &r->profile->fallback[i];
		if (h->transport == SD_TCP && r->policy->no_tcp)
			continue;
		profile_host_name(h, r->uri.domain, host, sizeof host);
		/* SPEC §4.3 Decision: fallback names are built, not discovered: reported, not enforced. */
		struct candidate *c = candidate_add(r, host, h->port, h->transport, ORIGIN_FALLBACK);
		enum sd_status st = c ? candidate_resolve(r, c, h->only_if_resolves) : SD_ERR_NOMEM;
		if (st != SD_OK)
			return st;
	}
	return SD_OK;
}

/* r->candidates for r->profile, from r's answers and r->fallback. */
static enum sd_status own_candidates(struct result *r)
{
	r->n_candidates = 0;
	r->n_addrs = 0;
	if (r->fallback == FALLBACK_NOT_APPLICABLE)
		return add_manual(r);
	enum sd_status st = autodiscover_candidates(r); /* SPEC §4.7: before DNS discovery */
	if (st == SD_OK)
		st = add_srv(r);
	if (st == SD_OK && (r->fallback == FALLBACK_RAN || r->fallback == FALLBACK_RAN_ALWAYS))
		st = add_fallback(r);
	return st;
}

/*
 * r->alt: the default profile's candidates on r's answers (SPEC §4.4). The planner's rules
 * (plan_fallback, plan_srv_target) read the profile from the result, so r's own profile,
 * fallback and lists are set aside while the default profile's are built, then put back.
 */
static enum sd_status default_candidates(struct result *r)
{
	const struct profile *own_profile = r->profile;
	enum fallback_state own_fallback = r->fallback;
	struct candidate *cands = r->candidates;
	struct address *addrs = r->addrs;
	size_t n_cands = r->n_candidates, n_addrs = r->n_addrs;
	SD_CLEAR(r->alt.candidates, r->alt.n_candidates);
	SD_CLEAR(r->alt.addrs, r->alt.n_addrs);
	r->profile = profile_default();
	r->fallback = plan_fallback(r);
	r->candidates = NULL;
	r->addrs = NULL;
	enum sd_status st = own_candidates(r);
	r->alt = (struct alt_decision){ r->profile, r->fallback, r->candidates, r->n_candidates, r->addrs, r->n_addrs };
	r->profile = own_profile;
	r->fallback = own_fallback;
	r->candidates = cands;
	r->n_candidates = n_cands;
	r->addrs = addrs;
	r->n_addrs = n_addrs;
	return st;
}

enum sd_status decide_candidates(struct result *r)
{
	enum sd_status st = own_candidates(r);
	r->alt.profile = NULL;
	if (st == SD_OK && r->profile->compare_with_default && r->fallback != FALLBACK_NOT_APPLICABLE)
		st = default_candidates(r);
	if (st == SD_OK)
		federation_decide(r); /* SPEC §5.2: beside the candidates, never among them */
	return st;
}

int decide_first_usable(const struct result *r)
{
	for (size_t i = 0; i < r->n_candidates; i++)
		if (r->candidates[i].state == CAND_USABLE)
			return (int)i;
	return -1;
}

/* Why the default profile does not choose mine (a candidate of another profile). */
static void why_not(const struct result *r, int chosen, const struct candidate *mine, char *buf, size_t n)
{
	const struct alt_decision *alt = &r->alt;
	for (size_t i = 0; i < alt->n_candidates; i++) {
		const struct candidate *c = &alt->candidates[i];
		if (!candidate_same_server(c, mine))
			continue;
		if (c->state == CAND_REJECTED)
			snprintf(buf, n, "the naming rule rejects %s (%s)", c->host, naming_rule_text(c->naming.rule));
		else if (chosen >= 0 && (int)i > chosen)
			snprintf(buf, n, "it tries %s:%u first", alt->candidates[chosen].host, alt->candidates[chosen].port);
		else
			snprintf(buf, n, "%s is %s for it", c->host, candidate_state_name(c->state));
		return;
	}
	if (mine->origin == ORIGIN_FALLBACK && alt->fallback == FALLBACK_NOT_RUN)
		snprintf(buf, n, "SRV records exist for %s, so it never falls back to host records", r->uri.domain);
	else if (mine->origin == ORIGIN_SRV)
		snprintf(buf, n, "it never queries %s", r->queries[mine->srv_query].name);
	else if (mine->origin == ORIGIN_AUTODISCOVER)
		snprintf(buf, n, "it does not ask the Lync autodiscover service, which named %s:%u", mine->host, mine->port);
	else
		snprintf(buf, n, "it has no fallback to %s:%u", mine->host, mine->port);
}

/*
 * The default profile's server on the same answers: its first usable candidate,
 * passing over those that the run saw fail. *unprobed: no attempt was made to it.
 * *first_fail: the first candidate it tries when that one failed (else -1), and *why its attempt.
 */
static int default_choice(const struct result *r, bool *unprobed, int *first_fail, const struct attempt **why)
{
	const struct alt_decision *alt = &r->alt;
	*unprobed = false;
	*first_fail = -1;
	for (size_t i = 0; i < alt->n_candidates; i++) {
		if (alt->candidates[i].state != CAND_USABLE)
			continue;
		const struct attempt *last = NULL;
		enum server_outcome outcome = r->policy->connect ? result_server_outcome(r, &alt->candidates[i], &last)
								 : SERVER_CONNECTED;
		if (outcome == SERVER_FAILED) {
			if (*first_fail < 0) {
				*first_fail = (int)i;
				*why = last;
			}
			continue; /* it would fail there too, and move on */
		}
		*unprobed = outcome == SERVER_NOT_TRIED;
		return (int)i;
	}
	return -1;
}

/* "OUTCOME (detail)": how an attempt failed, for the comparison line. */
static void failure_text(const struct attempt *a, char *buf, size_t n)
{
	if (a->detail[0])
		snprintf(buf, n, "%s (%s)", attempt_outcome_name(a), a->detail);
	else
		snprintf(buf, n, "%s", attempt_outcome_name(a));
}

/* The comparison line when both profiles reach a verdict of their own (mine or other non-NULL). */
static void describe_both(struct result *r, int theirs, bool unprobed, const struct candidate *mine,
			  const struct candidate *other, const char *mine_text)
{
	const char *me = r->profile->client, *them = r->alt.profile->client;
	char why[512];
	if (other && unprobed)
		snprintf(r->compare, sizeof r->compare, "%s %s; %s would try %s:%u first (not probed here)", me, mine_text,
			 them, other->host, other->port);
	else if (!mine)
		snprintf(r->compare, sizeof r->compare, "%s would not sign in; %s would, to %s:%u over %s", me, them,
			 other->host, other->port, other->transport == SD_TLS ? "TLS" : "TCP");
	else {
		why_not(r, theirs, mine, why, sizeof why);
		snprintf(r->compare, sizeof r->compare, "%s %s; %s would not, because %s", me, mine_text, them, why);
	}
}

/* The comparison line, empty when both profiles end on the same server (or neither signs in). */
static void describe(struct result *r, int theirs, bool unprobed, int first_fail, const struct attempt *fail)
{
	const struct alt_decision *alt = &r->alt;
	const struct candidate *mine = r->server >= 0 ? &r->candidates[r->server] : NULL;
	const struct candidate *other = theirs >= 0 ? &alt->candidates[theirs] : NULL;
	char mine_text[SD_QNAME_MAX + 64], failed[320];
	if ((!mine && !other) || (mine && other && candidate_same_server(mine, other)))
		return;
	if (mine)
		snprintf(mine_text, sizeof mine_text, "would sign in to %s:%u", mine->host, mine->port);
	else
		snprintf(mine_text, sizeof mine_text, "would not sign in");
	if (other || !mine || first_fail < 0 || !fail) {
		describe_both(r, theirs, unprobed, mine, other, mine_text);
		return;
	}
	failure_text(fail, failed, sizeof failed);
	snprintf(r->compare, sizeof r->compare, "%s %s; %s would try %s:%u first and fail: %s", r->profile->client,
		 mine_text, alt->profile->client, alt->candidates[first_fail].host, alt->candidates[first_fail].port,
		 failed);
}

enum sd_status decide_compare(struct result *r)
{
	r->compare[0] = '\0';
	if (!r->alt.profile)
		return SD_OK;
	bool unprobed;
	int first_fail;
	const struct attempt *fail = NULL;
	int theirs = default_choice(r, &unprobed, &first_fail, &fail); /* before unprobed is read */
	describe(r, theirs, unprobed, first_fail, fail);
	return r->compare[0] ? result_hint(r, HINT_PROFILE_DIFFERS, "%s.", r->compare) : SD_OK;
}
