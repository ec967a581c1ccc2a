/* autodiscover_decide.h — what the client makes of the autodiscover answers (SPEC §4.7).
 * Pure: no I/O, no clocks, no globals. */
#ifndef AUTODISCOVER_DECIDE_H
#define AUTODISCOVER_DECIDE_H

#include "result.h"

/*
 * Marks, in the client's URL order, the URL whose answer the client uses (winner: the first
 * usable answer, or a 401 the client would authenticate to) and which URLs it would not have
 * needed: for a profile whose URLs go one at a time, every URL after the winner; for
 * lockstep groups (sipe), every URL of a later group. Called once the stage is done.
 */
void autodiscover_choose(struct result *r);

/*
 * What the client of a profile with TLS behaviour tls does with an https autodiscover URL
 * whose certificate report is t (NULL: http://, or no report), SPEC §4.7: AD_CERT_ACCEPTED
 * without a failure class; else, for each class of t->failures, the action of the profile's
 * column in the class table, the most severe winning (rejected over prompt over warning).
 */
enum ad_cert_action autodiscover_cert_action(enum profile_ad_tls tls, const struct tls_report *t);

/*
 * Appends the SIP servers of the winning User document as candidates (origin autodiscover,
 * TLS at the given port, internal then external, AccessLocation External keeping only the
 * external one, naming rule reported but not enforced), with the addresses stage 2 found.
 * decide_candidates calls it first, so that DNS discovery comes after them.
 */
enum sd_status autodiscover_candidates(struct result *r);

/* The host names stage 2 must resolve for autodiscover_candidates: n of them into names. */
size_t autodiscover_server_names(const struct result *r, const char **names, size_t max);

/*
 * The verdict rules, hints and client time of SPEC §4.7 over a result whose DNS verdict is
 * built: --no-connect with a resolving name (at best WARNING); a 401 the check cannot pass
 * (at least WARNING when DNS discovery fails); certificate prompts and warnings; the two
 * security hints; the packaged-client note. Adds the client's sequential autodiscover time
 * to client_estimate_ms. SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status autodiscover_verdict(struct result *r);

/* One line saying what the client does with the stage's answers, for the trace ("" if none). */
void autodiscover_summary(const struct result *r, char *buf, size_t n);

#endif
