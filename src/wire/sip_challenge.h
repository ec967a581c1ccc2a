/* sip_challenge.h — one WWW-/Proxy-Authenticate challenge of a SIP answer, and the RFC 3261
 * lexical rules the header parser shares with it (SPEC §6). */
#ifndef SIP_CHALLENGE_H
#define SIP_CHALLENGE_H

#include <stdbool.h>

struct sip_challenge {
	char scheme[32];           /* as sent: "NTLM", "Kerberos", "TLS-DSK", "Digest", ... */
	bool proxy;                /* from Proxy-Authenticate */
	char realm[256];           /* unquoted */
	char targetname[256];      /* unquoted: "sip/pool.contoso.com" (Kerberos), "pool.contoso.com" */
	char params[512];          /* the others as sent, "version=4, sts-uri=\"https://...\"" */
};

/* RFC 3261 §25.1 whitespace inside a header line: space or tab. */
static inline bool sip_is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

/* Whether [p, end) is made of RFC 3261 token characters (a header name, a scheme). */
bool sip_is_token(const char *p, const char *end);

/*
 * Reads the challenge in one unfolded WWW-/Proxy-Authenticate value v into *c:
 * the scheme, then comma-separated parameters, realm and targetname unquoted
 * (the first of each), the others kept as sent; every field cut to fit. One
 * challenge per header line, as Lync, OCS and Digest servers send them. False
 * (c untouched) when v does not start with a scheme token (", realm=x" is no
 * challenge, RFC 3261 §25.1).
 */
bool sip_challenge_parse(const char *v, bool proxy, struct sip_challenge *c);

/*
 * The canonical protocol name for the report: "NTLM", "Kerberos", "TLS-DSK",
 * "Digest" when scheme matches one regardless of case, else scheme itself.
 */
const char *sip_scheme_name(const char *scheme);

#endif
