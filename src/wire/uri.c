/* uri.c — sign-in address parsing (SPEC §2). Pure: no I/O, no globals. */
#include "uri.h"

#include <ctype.h>
#include <idn2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define FAIL(...) do { snprintf(why, whylen, __VA_ARGS__); return SD_ERR_INPUT; } while (0)


/* Whether [label, label + n) is a host-name label (letters in lower case, digits, inner hyphens, 1 to
 * 63 octets); else why says what is wrong, the first bad character before the label's length. */
static bool label_valid(const char *label, size_t n, char *why, size_t whylen)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)label[i];
		if (!(islower(c) || isdigit(c) || c == '-'))
			return snprintf(why, whylen, "character '%s%c' not allowed in a host name", isprint(c) ? "" : "\\",
					isprint(c) ? c : '?'),
			       false;
	}
	if (n == 0)
		return snprintf(why, whylen, "empty label in domain"), false;
	if (n > 63)
		return snprintf(why, whylen, "domain label longer than 63 octets"), false;
	if (label[0] == '-' || label[n - 1] == '-')
		return snprintf(why, whylen, "domain label starts or ends with a hyphen"), false;
	return true;
}

bool uri_host_valid(const char *name, char *why, size_t whylen)
{
	size_t len = strlen(name), n;
	if (len == 0)
		return snprintf(why, whylen, "empty domain"), false;
	if (sd_is_ip_literal(name))
		return snprintf(why, whylen, "an IP address is not a sign-in domain"), false;
	if (len > 253)
		return snprintf(why, whylen, "domain longer than 253 octets"), false;
	const char *label = name;
	for (;; label += n + 1) {
		n = strcspn(label, ".");
		if (!label_valid(label, n, why, whylen))
			return false;
		if (label[n] == '\0')
			break;
	}
	if (strspn(label, "0123456789") == n)
		return snprintf(why, whylen, "top-level label is all digits"), false;
	return true;
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

/* Splits off and checks the scheme; returns the rest, or NULL with why filled. */
static const char *parse_scheme(const char *text, struct uri *out, char *why, size_t whylen)
{
	const char *colon = strchr(text, ':');
	const char *at = strchr(text, '@');
	strcpy(out->scheme, "sip");
	if (!colon || (at && at < colon) || !is_scheme(text, (size_t)(colon - text)))
		return text;
	size_t n = (size_t)(colon - text);
	if (n == 4 && strncasecmp(text, "sips", 4) == 0)
		strcpy(out->scheme, "sips");
	else if (!(n == 3 && strncasecmp(text, "sip", 3) == 0)) {
		snprintf(why, whylen, "unsupported scheme \"%.*s:\" (expected sip:, sips: or user@domain)",
			 (int)(n > 16 ? 16 : n), text);
		return NULL;
	}
	return colon + 1;
}

static enum sd_status check_user(const char *user, size_t n, char *why, size_t whylen)
{
	if (n == 0)
		FAIL("empty user part");
	if (n >= URI_USER_MAX)
		FAIL("user part longer than %d octets", URI_USER_MAX - 1);
	if (memchr(user, ':', n))
		FAIL("a password is never part of a sign-in address");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)user[i] <= ' ' || user[i] == 0x7f)
			FAIL("space or control character in user part");
	return SD_OK;
}

/* Lower-cases an ASCII domain or converts an internationalised one to its A-label form. */
static enum sd_status normalise_domain(const char *in, size_t n, struct uri *out, char *why, size_t whylen)
{
	char buf[1024];
	if (n == 0)
		FAIL("empty domain");
	if (n >= sizeof buf)
		FAIL("domain longer than 253 octets");
	memcpy(buf, in, n);
	buf[n] = '\0';
	bool ascii = true;
	for (size_t i = 0; i < n; i++)
		ascii &= (unsigned char)buf[i] < 0x80;
	if (!ascii) {
		char *alabel = NULL;
		int rc = idn2_to_ascii_8z(buf, &alabel, IDN2_NFC_INPUT | IDN2_NONTRANSITIONAL);
		if (rc != IDN2_OK)
			FAIL("not a valid IDN (%s)", idn2_strerror(rc));
		bool fits = sd_copy(buf, sizeof buf, alabel);
		idn2_free(alabel);
		if (!fits)
			FAIL("domain longer than 253 octets");
		out->was_idn = true;
	}
	/* After the IDN conversion, which maps "。" and other full stops to '.' (and upper case to lower). */
	str_host_normalize(buf);
	if (!uri_host_valid(buf, why, whylen))
		return SD_ERR_INPUT;
	strcpy(out->domain, buf);
	return SD_OK;
}

enum sd_status uri_parse(const char *text, struct uri *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	const char *rest = parse_scheme(text, out, why, whylen);
	if (!rest)
		return SD_ERR_INPUT;
	size_t len = strcspn(rest, "?");
	out->ignored_headers = rest[len] == '?';
	const char *at = memchr(rest, '@', len);
	if (!at)
		FAIL("missing '@' (expected user@domain)");
	enum sd_status st = check_user(rest, (size_t)(at - rest), why, whylen);
	if (st != SD_OK)
		return st;
	const char *host = at + 1;
	size_t hostlen = strcspn(host, ";?");
	out->ignored_params = host[hostlen] == ';';
	if (memchr(host, '@', hostlen))
		FAIL("more than one '@'");
	if (hostlen > 0 && host[0] != '[' && memchr(host, ':', hostlen) && !memchr(host, ']', hostlen)) {
		char tmp[64];
		snprintf(tmp, sizeof tmp, "%.*s", (int)(hostlen < 63 ? hostlen : 63), host);
		if (!sd_is_ip_literal(tmp))
			FAIL("a port is not part of a sign-in address (use --internal-server=HOST:PORT)");
	}
	st = normalise_domain(host, hostlen, out, why, whylen);
	if (st != SD_OK)
		return st;
	memcpy(out->user, rest, (size_t)(at - rest));
	snprintf(out->text, sizeof out->text, "%s:%s@%s", out->scheme, out->user, out->domain);
	return SD_OK;
}
