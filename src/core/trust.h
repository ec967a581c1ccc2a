/* trust.h — Lync 2010 and later's trusted-domain list (SPEC §5.1, TrustModelData). Pure. */
#ifndef TRUST_H
#define TRUST_H

#include "sd.h"

#define TRUST_MAX 32

/* The domains the client trusts besides the sign-in domain: the defaults, or --trusted-domains. */
struct trust_list {
	char domains[TRUST_MAX][SD_HOST_MAX]; /* lower case, no trailing dot */
	size_t n;
	bool replaced;               /* --trusted-domains replaced the defaults (TrustModelData) */
};

/* The four defaults of SPEC §5.1: lync.com, outlook.com, lync.glbdns.microsoft.com, microsoftonline.com. */
void trust_list_defaults(struct trust_list *l);

/*
 * --trusted-domains=LIST: comma-separated domains (case and a trailing dot
 * normalised) that replace the defaults; a NULL text keeps the defaults.
 * SD_ERR_INPUT with why naming the entry when one is empty or no host name.
 */
enum sd_status trust_list_parse(const char *text, struct trust_list *l, char *why, size_t n);

/*
 * Whether host equals domain or lies under it at any depth, on a label boundary
 * (never "evilcontoso.com", never "contoso.com.evil.com"); case and a trailing dot
 * of either are ignored.
 */
bool trust_domain_match(const char *domain, const char *host);

/*
 * The trusted domain host lies in: the sign-in domain first, then l's domains
 * in order; NULL when host is outside every one (the client's trust prompt).
 */
const char *trust_match(const struct trust_list *l, const char *signin_domain, const char *host);

#endif
