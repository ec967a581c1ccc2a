/* fix.h — SPEC §7.1: which change each hint asks for, derived from the result. Pure. */
#ifndef FIX_H
#define FIX_H

#include "result.h"

/*
 * Fills the fix of each of r's hints (verdict_build ran): the address record of a target
 * that does not resolve (its address the placeholder ADDRESS), an SRV record repointed at
 * a host the naming rule allows that resolves (and, when the run connected, validated),
 * the SRV record the host fallback stands in for, the names a certificate must carry.
 * A hint whose change would need a guess keeps an empty fix.
 */
void fix_attach(struct result *r);

/* The zone name belongs to in r: the deepest SOA owner r's answers named, else the sign-in domain. */
void fix_zone(const struct result *r, const char *name, char *zone, size_t size);

/* Whether text names host as a whole name (not as part of a longer one). */
bool fix_mentions(const char *text, const char *host);

#endif
