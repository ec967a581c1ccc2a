/* m365.h — SPEC §5.1: the records of a domain that points at Microsoft 365, recognised by name. Pure. */
#ifndef M365_H
#define M365_H

#include "result.h"

enum m365_place {
	M365_NOT_SEEN,               /* not queried by this profile, or no record */
	M365_ONLINE,                 /* Microsoft's documented value */
	M365_ON_PREMISES,            /* a record that points elsewhere */
};

#define M365_RECORDS 5

/* One record of the domain, as the run saw it. */
struct m365_record {
	char name[SD_QNAME_MAX];     /* "_sip._tls.contoso.com", "sip.contoso.com" */
	const char *type;            /* "SRV", "CNAME" */
	char value[SD_QNAME_MAX + 8]; /* "sipdir.online.lync.com:443", "" */
	enum m365_place place;
};

/* What the run's answers say about Microsoft 365 for r's domain. */
struct m365_view {
	struct m365_record records[M365_RECORDS];
	size_t n;
	size_t online, on_premises;  /* how many records of each place */
};

/* The records of SPEC §5.1's list that r's queries answered (and the on-premises SRV names). */
void m365_assess(const struct result *r, struct m365_view *v);

/* Whether the answers mix Microsoft 365 and on-premises records: a hybrid or half-migrated domain. */
bool m365_hybrid(const struct m365_view *v);

/* "the Skype for Business Online SRV target" when c is a Microsoft 365 documented target, else NULL. */
const char *m365_record_role(const struct result *r, const struct candidate *c);

/* What a client generation does with a hybrid domain, for the trace (one line). */
const char *m365_hybrid_text(const struct profile *p);

#endif
