/* str.c — the string jobs every layer shares, each written once: bounded copy and append, IP literals, host names, HOST[:PORT], dates, UTF-8 and escaping. */
#include "str.h"

#include <ctype.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include "ipaddr.h"

bool str_copy_span(char *dst, size_t n, const char *src, size_t len)
{
	bool fits = len < n;
	if (n == 0)
		return false;
	if (!fits)
		len = n - 1;
	memcpy(dst, src, len);
	dst[len] = '\0';
	return fits;
}

bool sd_copy(char *dst, size_t n, const char *src)
{
	return str_copy_span(dst, n, src, strlen(src));
}

bool str_appendf(char *buf, size_t n, size_t *len, const char *fmt, ...)
{
	if (*len >= n)
		return false;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(buf + *len, n - *len, fmt, ap);
	va_end(ap);
	if (w < 0) {
		buf[*len] = '\0';
		return false;
	}
	if ((size_t)w >= n - *len) {
		*len = n - 1;
		return false;
	}
	*len += (size_t)w;
	return true;
}

bool sd_is_ip_literal(const char *s)
{
	char inner[64];
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']' && len - 2 < sizeof inner) {
		memcpy(inner, s + 1, len - 2);
		inner[len - 2] = '\0';
		s = inner;
	}
	return ipaddr_family(s) != 0;
}

void str_host_normalize(char *host)
{
	size_t len = 0;
	for (char *p = host; *p; p++, len++)
		*p = (char)tolower((unsigned char)*p);
	if (len > 1 && host[len - 1] == '.')
		host[len - 1] = '\0';
}

/* A port: 1 to 5 decimal digits, 1..65535. */
static bool port_number(const char *text, uint16_t *port)
{
	unsigned long v = 0;
	size_t len = strlen(text);
	if (len == 0 || len > 5 || strspn(text, "0123456789") != len)
		return false;
	for (const char *p = text; *p; p++)
		v = v * 10 + (unsigned long)(*p - '0');
	if (v < 1 || v > 65535)
		return false;
	*port = (uint16_t)v;
	return true;
}

enum sd_status str_host_port(const char *spec, char *host, size_t n, uint16_t *port, char *why, size_t whylen)
{
	const char *start = spec, *port_text = NULL, *colon = strchr(spec, ':');
	size_t len;
	*port = 0;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || (close[1] && close[1] != ':'))
			return sd_fail(why, whylen, SD_ERR_INPUT, "bad address \"%s\"", spec);
		start = spec + 1;
		len = (size_t)(close - start);
		port_text = close[1] ? close + 2 : NULL;
	} else if (colon && !strchr(colon + 1, ':')) {
		len = (size_t)(colon - spec);
		port_text = colon + 1;
	} else {
		len = strlen(spec); /* no colon, or a bare IPv6 address */
	}
	if (len >= n)
		return sd_fail(why, whylen, SD_ERR_INPUT, "bad address \"%s\"", spec);
	if (port_text && !port_number(port_text, port))
		return sd_fail(why, whylen, SD_ERR_INPUT, "bad port in \"%s\"", spec);
	memcpy(host, start, len);
	host[len] = '\0';
	return SD_OK;
}

bool str_time_utc(char *buf, size_t n, long long t, enum str_time_style style)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *format = style == STR_TIME_ISO8601 ? "%Y-%m-%dT%H:%M:%SZ" : "%Y-%m-%d %H:%M UTC";
	if ((long long)tt == t && gmtime_r(&tt, &tm) && strftime(buf, n, format, &tm) > 0)
		return true;
	sd_copy(buf, n, "?");
	return false;
}

size_t str_utf8_length(const unsigned char *p)
{
	/* RFC 3629 §4: the second octet's range depends on the first. */
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n;
	if (*p >= 0xc2 && *p <= 0xdf)
		n = 2;
	else if (*p >= 0xe0 && *p <= 0xef)
		n = 3;
	else if (*p >= 0xf0 && *p <= 0xf4)
		n = 4;
	else
		return 0;
	if (*p == 0xe0)
		lo = 0xa0;            /* overlong */
	else if (*p == 0xed)
		hi = 0x9f;            /* U+D800..U+DFFF: UTF-16 surrogates */
	else if (*p == 0xf0)
		lo = 0x90;            /* overlong */
	else if (*p == 0xf4)
		hi = 0x8f;            /* above U+10FFFF */
	for (size_t i = 1; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return p[1] >= lo && p[1] <= hi ? n : 0;
}

void str_escape(FILE *out, const char *s, enum str_escape style)
{
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = *p >= 0x80 ? str_utf8_length(p) : 0;
		bool c1 = n == 2 && p[0] == 0xc2 && p[1] < 0xa0; /* U+0080..U+009F */
		if (n && !c1) {
			fwrite(p, 1, n, out);
			p += n;
			continue;
		}
		bool unsafe = *p < 0x20 || *p >= 0x7f;
		if (style == STR_ESCAPE_HEX && (unsafe || *p == '\\'))
			fprintf(out, "\\x%02x", *p);
		else if (style == STR_ESCAPE_PLUGIN && (unsafe || *p == '|'))
			fputc(*p == '|' ? '/' : '?', out);
		else
			fputc(*p, out);
		p++;
	}
}
