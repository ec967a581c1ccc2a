/*
 * http_header.c — the response header lines SPEC §4.7 reads, one at a time, as curl hands
 * them over. Pure: no I/O.
 */
#include "http_header.h"
#include "str.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void trim(const char **s, size_t *len)
{
	while (*len && (**s == ' ' || **s == '\t')) {
		(*s)++;
		(*len)--;
	}
	while (*len && strchr(" \t\r\n", (*s)[*len - 1]))
		(*len)--;
}

/* The scheme names of one WWW-Authenticate value: each comma-separated part (commas in
 * quotes do not count) whose first word has no '=' starts a challenge (RFC 7235). */
static void add_schemes(struct http_response *r, const char *v, size_t len)
{
	size_t start = 0;
	bool quoted = false;
	for (size_t i = 0; i <= len; i++) {
		if (i < len && v[i] == '"')
			quoted = !quoted;
		if (i < len && (quoted || v[i] != ','))
			continue;
		const char *part = v + start;
		size_t plen = i - start;
		trim(&part, &plen);
		size_t word = 0;
		while (word < plen && part[word] != ' ' && part[word] != '\t')
			word++;
		if (word > 0 && !memchr(part, '=', word) && r->n_schemes < HTTP_MAX_SCHEMES)
			str_copy_span(r->schemes[r->n_schemes++], sizeof r->schemes[0], part, word);
		start = i + 1;
	}
}

/* A new response begins: keep a 3xx that is being followed in the chain, clear the fields. */
static void new_response(struct http_response *r, const char *line, size_t len)
{
	if (r->status >= 300 && r->status < 400 && r->location[0] && r->n_hops < HTTP_MAX_REDIRECTS) {
		r->hops[r->n_hops].status = r->status;
		memcpy(r->hops[r->n_hops].location, r->location, sizeof r->location);
		r->n_hops++;
	}
	r->content_type[0] = r->location[0] = r->webticket_url[0] = '\0';
	r->n_schemes = 0;
	const char *sp = memchr(line, ' ', len);
	r->status = sp && (size_t)(sp - line) + 4 <= len ? strtol(sp + 1, NULL, 10) : 0;
}

static bool header_is(const char *line, size_t len, const char *name, const char **v, size_t *vlen)
{
	size_t n = strlen(name);
	if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
		return false;
	*v = line + n + 1;
	*vlen = len - n - 1;
	trim(v, vlen);
	return true;
}

void http_header_line(struct http_response *r, const char *line, size_t len)
{
	const char *v;
	size_t vlen;
	if (len >= 5 && strncmp(line, "HTTP/", 5) == 0)
		new_response(r, line, len);
	else if (header_is(line, len, "Content-Type", &v, &vlen))
		str_copy_span(r->content_type, sizeof r->content_type, v, vlen);
	else if (header_is(line, len, "Location", &v, &vlen))
		str_copy_span(r->location, sizeof r->location, v, vlen);
	else if (header_is(line, len, "X-MS-WebTicketURL", &v, &vlen))
		str_copy_span(r->webticket_url, sizeof r->webticket_url, v, vlen);
	else if (header_is(line, len, "WWW-Authenticate", &v, &vlen))
		add_schemes(r, v, vlen);
}
