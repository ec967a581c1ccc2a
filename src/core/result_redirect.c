/* result_redirect.c — reading a redirect's Contact, and the names of a hop's outcome (SPEC §6). Pure. */
#include "result_redirect.h"

#include <string.h>
#include <strings.h>

#include "str.h"

const char *hop_outcome_name(enum hop_outcome o)
{
	switch (o) {
	case HOP_BAD_CONTACT: return "bad-contact";
	case HOP_UNRESOLVED: return "does-not-resolve";
	case HOP_FAILED: return "failed";
	case HOP_NO_ANSWER: return "no-answer";
	case HOP_ANSWERED: return "answered";
	}
	return "?";
}

/* The value of URI parameter name in params (";a=b;transport=tls"), into buf; false when absent. */
static bool uri_param(const char *params, size_t len, const char *name, char *buf, size_t n)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < len; i++) {
		const char *k = params + i + 1;
		if (params[i] == ';' && len - i - 1 > nl && strncasecmp(k, name, nl) == 0 && k[nl] == '=') {
			str_copy_span(buf, n, k + nl + 1, strcspn(k + nl + 1, ";>?"));
			return true;
		}
	}
	return false;
}

/* The transport a "transport=" value and the scheme make: false for one the client does not use. */
static bool contact_transport(bool sips, const char *params, size_t len, enum sd_transport *t)
{
	char value[16];
	*t = SD_TLS;
	if (!uri_param(params, len, "transport", value, sizeof value))
		return true;
	if (strcasecmp(value, "tls") == 0)
		return true;
	if (strcasecmp(value, "tcp") == 0 && !sips) {
		*t = SD_TCP;
		return true;
	}
	return false;
}

bool redirect_target(const char *contact, struct candidate *c)
{
	memset(c, 0, sizeof *c);
	c->srv_query = c->priority = c->weight = -1;
	c->origin = ORIGIN_REDIRECT;
	const char *p = contact;
	while (*p && strncasecmp(p, "sip:", 4) != 0 && strncasecmp(p, "sips:", 5) != 0)
		p++;
	if (!*p)
		return false;
	bool sips = (p[3] | 0x20) == 's';
	p += sips ? 5 : 4;
	size_t end = strcspn(p, ">? \t\r\n,");
	const char *at = memchr(p, '@', end);
	if (at) {
		end -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	size_t hostport = strcspn(p, ";>? \t\r\n,");
	if (hostport > end)
		hostport = end;
	char spec[SD_QNAME_MAX + 8];
	uint16_t port = 0;
	char why[8];
	if (hostport == 0 || !str_copy_span(spec, sizeof spec, p, hostport) ||
	    str_host_port(spec, c->host, sizeof c->host, &port, why, sizeof why) != SD_OK || !c->host[0])
		return false;
	str_host_normalize(c->host);
	if (!contact_transport(sips, p + hostport, end - hostport, &c->transport))
		return false;
	c->port = port ? port : c->transport == SD_TLS ? 5061 : 5060;
	return true;
}
