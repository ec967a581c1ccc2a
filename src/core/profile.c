/* profile.c — the profile table. Adding a client generation is adding a row. */
#include "profile.h"

#include <stdio.h>
#include <string.h>

#include "str.h"

/* A row's list and its length, counted by the compiler: .field = { ... }, .n_field = how many. */
#define LIST(field, type, ...) .field = { __VA_ARGS__ }, .n_##field = sizeof((type[]){ __VA_ARGS__ }) / sizeof(type)

#define SRV_INTERNAL_TLS(rank) { "_sipinternaltls._tcp", SD_TLS, rank }
#define SRV_INTERNAL_TCP(rank) { "_sipinternal._tcp", SD_TCP, rank }
#define SRV_EXTERNAL_TLS(rank) { "_sip._tls", SD_TLS, rank }
#define SRV_EXTERNAL_TCP(rank) { "_sip._tcp", SD_TCP, rank }
/* SPEC §4.2: Communicator and Lync ask three names; TLS targets first (internal, then Edge), then TCP. */
#define SRV_COMMUNICATOR LIST(srv, struct profile_srv, SRV_INTERNAL_TLS(0), SRV_INTERNAL_TCP(2), SRV_EXTERNAL_TLS(1)), \
			 .srv_use = SRV_ALL_RECORDS
/* The reference document: the client "tries to resolve that host name. If the host name resolves
 * to an IP address, Communicator tries to connect": a fallback name is looked up, not attempted. */
#define FALLBACK_SIPINTERNAL { "sipinternal", SD_TLS, 5061, true }, { "sipinternal", SD_TCP, 5060, true }
#define FALLBACK_SIPEXTERNAL { "sipexternal", SD_TLS, 443, true }

static const struct profile profiles[] = {
	{
		.name = "ocs2007r2",
		.summary = "Office Communicator 2007 R2, as the reference document describes it",
		SRV_COMMUNICATOR,
		LIST(fallback, struct profile_host, FALLBACK_SIPINTERNAL, FALLBACK_SIPEXTERNAL),
		.fallback_when = FALLBACK_WHEN_NO_SRV,
		.naming = NAMING_MODEL_DOMAIN,
		.not_queried = "_sip._tcp is not queried: Communicator never uses clear-text SIP "
			       "towards an Internet-reachable server",
		.client = "Communicator",
		.clients = "Office Communicator 2007 R2",
	},
	{
		.name = "lync2010",
		.summary = "Lync 2010, which adds the sip.<domain> host fallback (KB 2619522)",
		SRV_COMMUNICATOR,
		LIST(fallback, struct profile_host,
		     FALLBACK_SIPINTERNAL,
		     { "sip", SD_TLS, 5061, true },
		     { "sip", SD_TLS, 443, true },
		     FALLBACK_SIPEXTERNAL),
		.fallback_when = FALLBACK_WHEN_NO_SRV,
		.naming = NAMING_MODEL_TRUST,
		.not_queried = "_sip._tcp is not queried: Lync never uses clear-text SIP "
			       "towards an Internet-reachable server",
		.client = "Lync 2010",
		.clients = "Lync 2010",
	},
	{
		.name = "sipe",
		.summary = "pidgin-sipe 1.25 in automatic mode",
		/* Observed on the real client: names in order, each name's first record only. */
		LIST(srv, struct profile_srv, SRV_INTERNAL_TLS(0), SRV_INTERNAL_TCP(1), SRV_EXTERNAL_TLS(2),
		     SRV_EXTERNAL_TCP(3)),
		.srv_use = SRV_FIRST_RECORD_PER_NAME,
		LIST(fallback, struct profile_host,
		     { "sipinternal", SD_TLS, 5061, true },
		     { "sipexternal", SD_TLS, 443, true },
		     { "sip", SD_TLS, 443, true },
		     { NULL, SD_TLS, 5061, false }),
		.fallback_when = FALLBACK_ALWAYS,
		.naming = NAMING_MODEL_NONE,
		.autodiscover = { "lyncdiscoverinternal", "lyncdiscover" },
		/* SPEC §4.7, observed on pidgin-sipe 1.25: two lockstep pairs, 3xx not followed. */
		.ad = {
			LIST(urls, struct profile_ad_url, { 0, false, 0 }, { 0, true, 0 }, { 1, true, 1 }, { 1, false, 1 }),
			.max_redirects = 0,
			.tls = AD_TLS_PROMPT,
			.first_401 = AD_401_PASSWORD,
			.client_401 = "pidgin-sipe retries with the account's password",
			/* SPEC §4.7 Decision: Debian 12's libxml2 never calls pidgin-sipe's callbacks. */
			.packaged_note = "pidgin-sipe as packaged in Debian 12 ignores that answer (its libxml2 never "
					 "calls the parser callbacks pidgin-sipe uses) and goes on with DNS discovery",
		},
		.client = "pidgin-sipe",
		.clients = "pidgin-sipe 1.25",
		.compare_with_default = true,
	},
	{
		.name = "lync2013",
		.summary = "Lync 2013 and Skype for Business 2015/2016/2019, autodiscover first",
		SRV_COMMUNICATOR,
		LIST(fallback, struct profile_host,
		     FALLBACK_SIPINTERNAL,
		     { "sip", SD_TLS, 5061, true },
		     { "sip", SD_TLS, 443, true },
		     FALLBACK_SIPEXTERNAL),
		.fallback_when = FALLBACK_ALWAYS,
		.naming = NAMING_MODEL_TRUST,
		.autodiscover = { "lyncdiscoverinternal", "lyncdiscover" },
		/* SPEC §4.7: one URL after the other, 3xx followed (at most 5). */
		.ad = {
			LIST(urls, struct profile_ad_url, { 0, true, 0 }, { 0, false, 1 }, { 1, true, 2 }, { 1, false, 3 }),
			.max_redirects = 5,
			.tls = AD_TLS_WARNING,
			.first_401 = AD_401_WINDOWS,
			.client_401 = "Lync authenticates with the user's Windows credentials",
		},
		.not_queried = "_sip._tcp is not queried: Lync never uses clear-text SIP "
			       "towards an Internet-reachable server",
		.client = "Lync 2013",
		.clients = "Lync 2013 and Skype for Business 2015/2016/2019",
		/* SPEC §3: the names admins know the client by. */
		.aliases = { "skype", "sfb", "lync2015" },
	},
};

#define N_PROFILES (sizeof profiles / sizeof profiles[0])

static bool has_alias(const struct profile *p, const char *name)
{
	for (size_t j = 0; j < PROFILE_ALIASES_MAX && p->aliases[j]; j++)
		if (strcmp(p->aliases[j], name) == 0)
			return true;
	return false;
}

const struct profile *profile_find(const char *name)
{
	for (size_t i = 0; i < N_PROFILES; i++)
		if (strcmp(profiles[i].name, name) == 0 || has_alias(&profiles[i], name))
			return &profiles[i];
	return NULL;
}

const char *profile_sha1_acceptance(const struct profile *p)
{
	return p->ad.tls == AD_TLS_PROMPT ? " silently" : " from an enterprise CA, as Windows' CryptoAPI does";
}

const struct profile *profile_default(void)
{
	return &profiles[0];
}

bool profile_host_name(const struct profile_host *h, const char *domain, char *buf, size_t n)
{
	int len = h->label ? snprintf(buf, n, "%s.%s", h->label, domain) : snprintf(buf, n, "%s", domain);
	return len >= 0 && (size_t)len < n;
}

bool profile_list(char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < N_PROFILES; i++) {
		int k = snprintf(buf + len, n - len, "%s%s%s", i ? ", " : "", profiles[i].name,
				 &profiles[i] == profile_default() ? " (default)" : "");
		if (k < 0 || (size_t)k >= n - len)
			return false;
		len += (size_t)k;
	}
	return true;
}

int profile_srv_index(const struct profile *prof, const char *qname)
{
	for (size_t i = 0; i < prof->n_srv; i++) {
		size_t n = strlen(prof->srv[i].prefix);
		if (strncmp(qname, prof->srv[i].prefix, n) == 0 && qname[n] == '.')
			return (int)i;
	}
	return -1;
}

/* Appends a row's aliases, joined with ", ", each preceded by lead the first time. */
static bool append_aliases(char *buf, size_t n, size_t *len, const struct profile *p, const char *lead)
{
	bool ok = true;
	for (size_t j = 0; j < PROFILE_ALIASES_MAX && p->aliases[j]; j++)
		ok &= str_appendf(buf, n, len, "%s%s", j ? ", " : lead, p->aliases[j]);
	return ok;
}

bool profile_alias_list(char *buf, size_t n)
{
	size_t len = 0;
	bool ok = true;
	buf[0] = '\0';
	for (size_t i = 0; i < N_PROFILES; i++) {
		if (!profiles[i].aliases[0])
			continue;
		ok &= append_aliases(buf, n, &len, &profiles[i], len ? "; " : "");
		ok &= str_appendf(buf, n, &len, " %s %s", profiles[i].aliases[1] ? "are" : "is", profiles[i].name);
	}
	return ok;
}

bool profile_describe(char *buf, size_t n)
{
	size_t len = 0;
	bool ok = true;
	buf[0] = '\0';
	for (size_t i = 0; i < N_PROFILES; i++) {
		const struct profile *p = &profiles[i];
		ok &= str_appendf(buf, n, &len, "%s%s = %s%s", i ? "; " : "", p->name, p->clients,
				  p == profile_default() ? ", the default" : "");
		ok &= append_aliases(buf, n, &len, p, ", also ");
	}
	return ok;
}
