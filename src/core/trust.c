/* trust.c — SPEC §5.1: a server is trusted when it lies in a trusted domain, at any depth. */
#include "trust.h"

#include "uri.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

static const char *const defaults[] = { "lync.com", "outlook.com", "lync.glbdns.microsoft.com",
					"microsoftonline.com" };

void trust_list_defaults(struct trust_list *l)
{
	memset(l, 0, sizeof *l);
	for (size_t i = 0; i < sizeof defaults / sizeof defaults[0]; i++)
		sd_copy(l->domains[l->n++], SD_HOST_MAX, defaults[i]);
}

/* The length of name without one trailing dot. */
static size_t bare_len(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && name[n - 1] == '.' ? n - 1 : n;
}

bool trust_domain_match(const char *domain, const char *host)
{
	size_t dl = bare_len(domain), hl = bare_len(host);
	if (dl == 0 || hl < dl || strncasecmp(host + hl - dl, domain, dl) != 0)
		return false;
	return hl == dl || host[hl - dl - 1] == '.';
}

const char *trust_match(const struct trust_list *l, const char *signin_domain, const char *host)
{
	if (trust_domain_match(signin_domain, host))
		return signin_domain;
	for (size_t i = 0; i < l->n; i++)
		if (trust_domain_match(l->domains[i], host))
			return l->domains[i];
	return NULL;
}

/* One entry of the list, len bytes at p, into l: lower case, no trailing dot, a host name. */
static enum sd_status add_entry(struct trust_list *l, const char *p, size_t len, char *why, size_t n)
{
	char name[SD_HOST_MAX], check[128];
	while (len > 0 && isspace((unsigned char)*p))
		p++, len--;
	while (len > 0 && isspace((unsigned char)p[len - 1]))
		len--;
	if (len > 0 && p[len - 1] == '.')
		len--;
	if (len == 0)
		return sd_fail(why, n, SD_ERR_INPUT, "--trusted-domains: an entry is empty");
	if (len >= sizeof name)
		return sd_fail(why, n, SD_ERR_INPUT, "--trusted-domains: \"%.40s...\" is longer than a domain name", p);
	if (l->n == TRUST_MAX)
		return sd_fail(why, n, SD_ERR_INPUT, "--trusted-domains: more than %d domains", TRUST_MAX);
	for (size_t i = 0; i < len; i++)
		name[i] = (char)tolower((unsigned char)p[i]);
	name[len] = '\0';
	if (uri_host_check(name, check, sizeof check) != SD_OK)
		return sd_fail(why, n, SD_ERR_INPUT, "--trusted-domains: \"%s\" is not a domain name (%s)", name, check);
	sd_copy(l->domains[l->n++], SD_HOST_MAX, name);
	return SD_OK;
}

enum sd_status trust_list_parse(const char *text, struct trust_list *l, char *why, size_t n)
{
	trust_list_defaults(l);
	if (!text)
		return SD_OK;
	l->n = 0;
	l->replaced = true;
	for (const char *p = text;;) {
		size_t len = strcspn(p, ",");
		enum sd_status st = add_entry(l, p, len, why, n);
		if (st != SD_OK || p[len] == '\0')
			return st;
		p += len + 1;
	}
}
