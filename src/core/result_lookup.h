/* result_lookup.h — look-ups of the answers a result has collected, for whoever needs an
 * address: the planner (is a family known yet?) and the candidates (which addresses to try). */
#ifndef RESULT_LOOKUP_H
#define RESULT_LOOKUP_H

#include "result.h"

/* Up to max distinct addresses r's queries hold for host (address-stage answers or an SRV's
 * additional section), in the order they came, of the families r's policy allows; never
 * those of an autodiscover lookup, a diagnostic query or the federation's
 * own queries (SPEC §5.2: federation never feeds sign-in). Returns how many. */
size_t result_addresses_for(const struct result *r, const char *host, struct address *out, size_t max);

/* host as an IP literal: fills *a (source ADDR_LITERAL) and returns true; false, *a
 * untouched, for anything else. */
bool result_literal_address(const char *host, struct address *a);

#endif
