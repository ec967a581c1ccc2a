/* sip_challenge.c — SPEC §6: the scheme and parameters of one WWW-/Proxy-Authenticate
 * challenge, as the report names them. Pure: no I/O. */
#include "sip_challenge.h"

#include <ctype.h>
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "str.h"

const char *sip_scheme_name(const char *scheme)
{
	static const char *const known[] = { "NTLM", "Kerberos", "TLS-DSK", "Digest" };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcasecmp(scheme, known[i]) == 0)
			return known[i];
	return scheme;
}

bool sip_is_token(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-.!%*_+`'~", *p))
			return false;
	return true;
}

/* Appends len octets at p to the string in dst (size n), cut to fit. */
static void cat_span(char *dst, size_t n, const char *p, size_t len)
{
	size_t k = strlen(dst);
	str_copy_span(dst + k, n - k, p, len);
}

/* One challenge parameter: name, and its value as sent (quotes included), if any. */
struct param {
	const char *name, *value;
	size_t name_len, value_len;
	bool has_value;
};

/* The end of the quoted string opening at q (after its closing quote, or at the NUL). */
static const char *skip_quoted(const char *q)
{
	for (q++; *q && *q != '"'; q++)
		if (*q == '\\' && q[1])
			q++;
	return *q == '"' ? q + 1 : q;
}

/*
 * Reads the next "name=value" or bare "name" from a comma-separated list at *pp.
 * A value is a quoted string with backslash escapes or runs to the next comma.
 */
static bool next_param(const char **pp, struct param *pm)
{
	const char *p = *pp;
	while (sip_is_wsp(*p) || *p == ',')
		p++;
	if (!*p)
		return false;
	memset(pm, 0, sizeof *pm);
	pm->value = "";
	pm->name = p;
	pm->name_len = strcspn(p, "=, \t");
	p += pm->name_len;
	while (sip_is_wsp(*p))
		p++;
	if (*p == '=') {
		for (p++; sip_is_wsp(*p); p++)
			;
		pm->has_value = true;
		pm->value = p;
		p = *p == '"' ? skip_quoted(p) : p + strcspn(p, ",");
		pm->value_len = (size_t)(p - pm->value);
		while (pm->value_len > 0 && sip_is_wsp(pm->value[pm->value_len - 1]))
			pm->value_len--;
	}
	*pp = p;
	return true;
}

/* Copies a parameter value into dst (size n) without its quotes and escapes. */
static void unquote(char *dst, size_t n, const char *v, size_t len)
{
	if (len == 0 || v[0] != '"') {
		str_copy_span(dst, n, v, len);
		return;
	}
	size_t k = 0;
	for (size_t i = 1; i < len && v[i] != '"' && k + 1 < n; i++) {
		if (v[i] == '\\' && i + 1 < len)
			i++;
		dst[k++] = v[i];
	}
	dst[k] = '\0';
}

static bool param_is(const struct param *pm, const char *name)
{
	return pm->name_len == strlen(name) && strncasecmp(pm->name, name, pm->name_len) == 0;
}

bool sip_challenge_parse(const char *v, bool proxy, struct sip_challenge *c)
{
	size_t len = strcspn(v, ", \t");
	if (len == 0 || !sip_is_token(v, v + len))
		return false;
	memset(c, 0, sizeof *c);
	str_copy_span(c->scheme, sizeof c->scheme, v, len);
	c->proxy = proxy;
	bool realm = false, target = false;
	const char *p = v + len;
	struct param pm;
	while (next_param(&p, &pm)) {
		if (!realm && pm.has_value && param_is(&pm, "realm")) {
			unquote(c->realm, sizeof c->realm, pm.value, pm.value_len);
			realm = true;
		} else if (!target && pm.has_value && param_is(&pm, "targetname")) {
			unquote(c->targetname, sizeof c->targetname, pm.value, pm.value_len);
			target = true;
		} else {
			if (c->params[0])
				cat_span(c->params, sizeof c->params, ", ", 2);
			cat_span(c->params, sizeof c->params, pm.name, pm.name_len);
			if (pm.has_value) {
				cat_span(c->params, sizeof c->params, "=", 1);
				cat_span(c->params, sizeof c->params, pm.value, pm.value_len);
			}
		}
	}
	return true;
}
