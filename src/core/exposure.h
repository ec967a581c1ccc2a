/* exposure.h — SPEC §7.2: Internet-facing names that resolve to private addresses, in any run. Pure. */
#ifndef EXPOSURE_H
#define EXPOSURE_H

#include "result.h"

/* Whether name is one clients on the Internet use for domain: a _sip._tls target in r,
 * sipexternal.D or lyncdiscover.D. */
bool exposure_internet_facing(const struct result *r, const char *name);

/* Whether name is one only internal clients use: _sipinternaltls._tcp.D, _sipinternal._tcp.D,
 * lyncdiscoverinternal.D, sipinternal.D. */
bool exposure_internal_only(const char *name, const char *domain);

/*
 * A hint (with its fix: the private record deleted, the public one ADDRESS) for each
 * Internet-facing name of r that resolves to a private address (RFC 1918, RFC 6598,
 * RFC 4193); label, when not NULL, names the view ("the view of 127.0.0.1#53").
 * SD_ERR_NOMEM when a hint could not be stored.
 */
enum sd_status exposure_hints(struct result *r, const char *label);

/* The hint of r whose text is text, or NULL (after result_hint, which keeps each text once). */
struct hint *exposure_find_hint(struct result *r, const char *text);

#endif
