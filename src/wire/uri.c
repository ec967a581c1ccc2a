/* uri.c — sign-in address parsing (SPEC §2). Pure: no I/O, no globals. */
#include "uri.h"

#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether [label, label + n) is a host-name label (letters in lower case, digits, inner hyphens, 1 to
 * 63 octets); else why says what is wrong, the first bad character before the label's length. */
static enum sd_status label_check(const char *label, size_t n, char *why, size_t whylen)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)label[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return sd_fail(why, whylen, SD_ERR_INPUT, "character '%s%c' not allowed in a host name",
				       isprint(c) ? "" : "\\", isprint(c) ? c : '?');
	}
	if (n == 0)
		return sd_fail(why, whylen, SD_ERR_INPUT, "empty label in domain");
	if (n > 63)
		return sd_fail(why, whylen, SD_ERR_INPUT, "domain label longer than 63 octets");
	if (label[0] == '-' || label[n - 1] == '-')
		return sd_fail(why, whylen, SD_ERR_INPUT, "domain label starts or ends with a hyphen");
	return SD_OK;
}

enum sd_status uri_host_check(const char *name, char *why, size_t whylen)
{
	size_t len = strlen(name), n;
	if (len == 0)
		return sd_fail(why, whylen, SD_ERR_INPUT, "empty domain");
	if (sd_is_ip_literal(name))
		return sd_fail(why, whylen, SD_ERR_INPUT, "an IP address is not a sign-in domain");
	if (len > 253)
		return sd_fail(why, whylen, SD_ERR_INPUT, "domain longer than 253 octets");
	const char *label = name;
	for (;; label += n + 1) {
		n = strcspn(label, ".");
		enum sd_status st = label_check(label, n, why, whylen);
		if (st != SD_OK)
			return st;
		if (label[n] == '\0')
			break;
	}
	if (strspn(label, "0123456789") == n)
		return sd_fail(why, whylen, SD_ERR_INPUT, "top-level label is all digits");
	return SD_OK;
}

/* A URI scheme: a letter, then letters, digits, '+', '-' or '.' (RFC 3986 §3.1). */
static bool is_scheme(const char *s, size_t n)
{
	if (n == 0 || !isalpha((unsigned char)s[0]))
		return false;
	for (size_t i = 1; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("+-.", s[i]))
			return false;
	return true;
}

/* Splits off and checks the scheme: *rest is what follows it (text itself when there is none). */
static enum sd_status parse_scheme(const char *text, struct uri *out, const char **rest, char *why, size_t whylen)
{
	const char *colon = strchr(text, ':');
	const char *at = strchr(text, '@');
	strcpy(out->scheme, "sip");
	*rest = text;
	size_t n = colon ? (size_t)(colon - text) : 0;
	/* "contoso.com:5061" is a host and a port, not a scheme: no scheme has a dot. */
	if (!colon || (at && at < colon) || !is_scheme(text, n) || memchr(text, '.', n))
		return SD_OK;
	if (n == 4 && strncasecmp(text, "sips", 4) == 0)
		strcpy(out->scheme, "sips");
	else if (!(n == 3 && strncasecmp(text, "sip", 3) == 0))
		return sd_fail(why, whylen, SD_ERR_INPUT,
			       "unsupported scheme \"%.*s:\" (expected sip:, sips: or user@domain)", (int)(n > 16 ? 16 : n),
			       text);
	*rest = colon + 1;
	return SD_OK;
}

static enum sd_status check_user(const char *user, size_t n, char *why, size_t whylen)
{
	if (n == 0)
		return sd_fail(why, whylen, SD_ERR_INPUT, "empty user part");
	if (n >= URI_USER_MAX)
		return sd_fail(why, whylen, SD_ERR_INPUT, "user part longer than %d octets", URI_USER_MAX - 1);
	if (memchr(user, ':', n))
		return sd_fail(why, whylen, SD_ERR_INPUT, "a password is never part of a sign-in address");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)user[i] <= ' ' || user[i] == 0x7f)
			return sd_fail(why, whylen, SD_ERR_INPUT, "space or control character in user part");
	/* RFC 3261 never lets these stand unescaped in a user part; they delimit the name-addr form. */
	for (size_t i = 0; i < n; i++)
		if (strchr("\"<>", user[i]))
			return sd_fail(why, whylen, SD_ERR_INPUT, "'%c' in the user part (a SIP URI has none there)", user[i]);
	return SD_OK;
}

/* Lower-cases an ASCII domain or converts an internationalised one to its A-label form. */
static enum sd_status normalise_domain(const char *in, size_t n, struct uri *out, char *why, size_t whylen)
{
	char buf[1024];
	if (n == 0)
		return sd_fail(why, whylen, SD_ERR_INPUT, "empty domain");
	if (n >= sizeof buf)
		return sd_fail(why, whylen, SD_ERR_INPUT, "domain longer than 253 octets");
	memcpy(buf, in, n);
	buf[n] = '\0';
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		ascii &= (unsigned char)buf[i] < 0x80;
	if (!ascii) {
		char *alabel = NULL;
		int rc = idn2_to_ascii_8z(buf, &alabel, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK)
			return sd_fail(why, whylen, SD_ERR_INPUT, "not a valid IDN (%s)", idn2_strerror(rc));
		bool fits = sd_copy(buf, sizeof buf, alabel);
		idn2_free(alabel);
		if (!fits)
			return sd_fail(why, whylen, SD_ERR_INPUT, "domain longer than 253 octets");
		out->was_idn = true;
	}
	/* After the IDN conversion, which maps "。" and other full stops to '.' (and upper case to lower). */
	str_host_normalize(buf);
	enum sd_status st = uri_host_check(buf, why, whylen);
	if (st != SD_OK)
		return st;
	strcpy(out->domain, buf);
	return SD_OK;
}

/*
 * A SIP log's name-addr: `<sip:…>`, `"Jeremy" <sip:…>` or `Jeremy Smith <sip:…>`
 * (RFC 3261 §20.10). The part inside the angle brackets goes to buf and *inner
 * points at it; without brackets *inner is text. Header parameters after the '>'
 * (";tag=…") are ignored with the URI's own.
 */
static enum sd_status strip_name_addr(const char *text, char *buf, size_t n, const char **inner, struct uri *out,
				      char *why, size_t whylen)
{
	const char *p = text + strspn(text, " \t");
	*inner = text;
	if (*p == '"') { /* a quoted display name may hold '<' and '\"' */
		for (p++; *p && *p != '"'; p++)
			p += p[0] == '\\' && p[1];
		if (!*p)
			return sd_fail(why, whylen, SD_ERR_INPUT, "unclosed '\"' in the display name");
	}
	const char *open = strchr(p, '<');
	if (!open)
		return strchr(p, '>') ? sd_fail(why, whylen, SD_ERR_INPUT, "'>' without '<'") : SD_OK;
	const char *close = strchr(open, '>');
	if (!close)
		return sd_fail(why, whylen, SD_ERR_INPUT, "'<' without '>'");
	const char *after = close + 1 + strspn(close + 1, " \t");
	if (*after && *after != ';')
		return sd_fail(why, whylen, SD_ERR_INPUT, "text after '>'");
	out->ignored_params = *after == ';';
	if (!str_copy_span(buf, n, open + 1, (size_t)(close - open - 1)))
		return sd_fail(why, whylen, SD_ERR_INPUT, "address longer than %zu octets", n - 1);
	*inner = buf;
	out->name_addr = true;
	return SD_OK;
}

/*
 * The user part of rest (up to its headers, len octets) into out->user, or, when
 * there is no '@' and no scheme was given, the placeholder user (SPEC §2: a bare
 * domain); *host is where the domain starts.
 */
static enum sd_status split_user(const char *rest, size_t len, bool had_scheme, struct uri *out, const char **host,
				 char *why, size_t whylen)
{
	const char *at = memchr(rest, '@', len);
	if (!at && (had_scheme || !memchr(rest, '.', strcspn(rest, ";?"))))
		return sd_fail(why, whylen, SD_ERR_INPUT, "missing '@' (expected user@domain, or a domain such as contoso.com)");
	if (!at) {
		strcpy(out->user, URI_PLACEHOLDER_USER);
		out->placeholder_user = true;
		*host = rest;
		return SD_OK;
	}
	enum sd_status st = check_user(rest, (size_t)(at - rest), why, whylen);
	if (st != SD_OK)
		return st;
	memcpy(out->user, rest, (size_t)(at - rest));
	*host = at + 1;
	return SD_OK;
}

/* The domain part, up to its parameters, checked and normalised into out->domain. */
static enum sd_status parse_host(const char *host, struct uri *out, char *why, size_t whylen)
{
	size_t hostlen = strcspn(host, ";?");
	out->ignored_params |= host[hostlen] == ';';
	if (memchr(host, '@', hostlen))
		return sd_fail(why, whylen, SD_ERR_INPUT, "more than one '@'");
	if (hostlen > 0 && host[0] != '[' && memchr(host, ':', hostlen) && !memchr(host, ']', hostlen)) {
		char tmp[64];
		str_copy_span(tmp, sizeof tmp, host, hostlen);
		if (!sd_is_ip_literal(tmp))
			return sd_fail(why, whylen, SD_ERR_INPUT, "a port is not part of a sign-in address (use --internal-server=HOST:PORT)");
	}
	enum sd_status st = normalise_domain(host, hostlen, out, why, whylen);
	if (st != SD_OK)
		return st;
	if (out->placeholder_user && !strchr(out->domain, '.'))
		return sd_fail(why, whylen, SD_ERR_INPUT, "missing '@' (expected user@domain, or a domain such as contoso.com)");
	return SD_OK;
}

enum sd_status uri_parse(const char *text, struct uri *out, char *why, size_t whylen)
{
	char inner_buf[2048];
	const char *inner = text, *rest, *host = NULL;
	memset(out, 0, sizeof *out);
	enum sd_status st = strip_name_addr(text, inner_buf, sizeof inner_buf, &inner, out, why, whylen);
	if (st != SD_OK)
		return st;
	st = parse_scheme(inner, out, &rest, why, whylen);
	if (st != SD_OK)
		return st;
	size_t len = strcspn(rest, "?");
	out->ignored_headers = rest[len] == '?';
	st = split_user(rest, len, rest != inner, out, &host, why, whylen);
	if (st != SD_OK)
		return st;
	st = parse_host(host, out, why, whylen);
	if (st != SD_OK)
		return st;
	snprintf(out->text, sizeof out->text, "%s:%s@%s", out->scheme, out->user, out->domain);
	return SD_OK;
}
