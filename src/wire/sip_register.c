/* sip_register.c — SPEC §6: the REGISTER without credentials, as a Lync client writes it.
 * Pure: no sockets, no clocks, no globals; the caller's token is the only randomness. */
#include "sip_register.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FIELD_MAX 1024   /* longest aor, address or User-Agent put in a request */

/* Non-empty, at most FIELD_MAX, no control byte, no space unless allowed, none of forbid. */
static bool clean(const char *s, bool spaces, const char *forbid)
{
	if (!s || !*s || strlen(s) > FIELD_MAX)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < (spaces ? 0x20 : 0x21) || *p == 0x7f || strchr(forbid, *p))
			return false;
	return true;
}

static bool token_ok(const char *t)
{
	size_t n = t ? strlen(t) : 0;
	if (n < 16 || n > 128)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)t[i]))
			return false;
	return true;
}

/* "sip:user@domain;params" → user and domain spans; false unless both are there. */
static bool split_aor(const char *aor, const char **user, int *ulen, const char **dom, int *dlen)
{
	if (!clean(aor, false, "<>\""))
		return false;
	if (strncasecmp(aor, "sip:", 4) == 0)
		*user = aor + 4;
	else if (strncasecmp(aor, "sips:", 5) == 0)
		*user = aor + 5;
	else
		return false;
	const char *at = strchr(*user, '@');
	if (!at || at == *user)
		return false;
	*ulen = (int)(at - *user);
	*dom = at + 1;
	*dlen = (int)strcspn(*dom, ";?");
	return *dlen > 0;
}

/* Whether p's transport is TLS or TCP and its fields can stand in a header without ending it early. */
static bool register_params_ok(const struct sip_register_params *p)
{
	return p && p->transport && (strcasecmp(p->transport, "TLS") == 0 || strcasecmp(p->transport, "TCP") == 0)
	       && clean(p->local_addr, false, "<>;,\"[]") && token_ok(p->token) && clean(p->user_agent, true, "");
}

size_t sip_build_register(char *buf, size_t n, const struct sip_register_params *p)
{
	const char *user, *dom;
	int ulen, dlen;
	if (n > 0)
		buf[0] = '\0';
	if (!register_params_ok(p) || !split_aor(p->aor, &user, &ulen, &dom, &dlen))
		return 0;
	bool tls = strcasecmp(p->transport, "TLS") == 0;
	bool v6 = strchr(p->local_addr, ':') != NULL;
	const char *lb = v6 ? "[" : "", *rb = v6 ? "]" : "";
	int w = snprintf(buf, n,
			 "REGISTER sip:%.*s SIP/2.0\r\n"
			 "Via: SIP/2.0/%s %s%s%s:%u;branch=z9hG4bK%s\r\n"
			 "Max-Forwards: 70\r\n"
			 "From: <%s>;tag=%.10s\r\n"
			 "To: <%s>\r\n"
			 "Call-ID: %s\r\n"
			 "CSeq: 1 REGISTER\r\n"
			 "Contact: <sip:%.*s@%s%s%s:%u;transport=%s>\r\n"
			 "User-Agent: %s\r\n"
			 "Supported: gruu-10, adhoclist, msrtc-event-categories\r\n"
			 "Content-Length: 0\r\n"
			 "\r\n",
			 dlen, dom, tls ? "TLS" : "TCP", lb, p->local_addr, rb, (unsigned)p->local_port,
			 p->token, p->aor, p->token, p->aor, p->token, ulen, user, lb, p->local_addr, rb,
			 (unsigned)p->local_port, tls ? "tls" : "tcp", p->user_agent);
	if (w < 0 || (size_t)w >= n) {
		if (n > 0)
			buf[0] = '\0';
		return 0;
	}
	return (size_t)w;
}
