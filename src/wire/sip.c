/* sip.c — SPEC §6: the REGISTER without credentials and the parse of its answer.
 * Pure: no sockets, no clocks, no globals; the caller's token is the only randomness. */
#include "sip.h"
#include "sd.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define FIELD_MAX 1024   /* longest aor, address or User-Agent put in a request */
#define VALUE_MAX 8192   /* one unfolded header value; a longer one is truncated */
#define STR(x) #x
#define XSTR(x) STR(x)
#define LIMIT XSTR(SIP_MAX_MESSAGE)

static bool is_wsp(char c)
{
	return c == ' ' || c == '\t';
}

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

const char *sip_scheme_name(const char *scheme)
{
	static const char *const known[] = { "NTLM", "Kerberos", "TLS-DSK", "Digest" };
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcasecmp(scheme, known[i]) == 0)
			return known[i];
	return scheme;
}

/* Copies len bytes at p into dst (size n), truncating, always terminated. */
static void copy_span(char *dst, size_t n, const char *p, size_t len)
{
	if (len >= n)
		len = n - 1;
	memcpy(dst, p, len);
	dst[len] = '\0';
}

/* Appends len bytes at p to the string in dst (size n), truncating. */
static void cat_span(char *dst, size_t n, const char *p, size_t len)
{
	size_t k = strlen(dst);
	copy_span(dst + k, n - k, p, len);
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
	while (is_wsp(*p) || *p == ',')
		p++;
	if (!*p)
		return false;
	memset(pm, 0, sizeof *pm);
	pm->value = "";
	pm->name = p;
	pm->name_len = strcspn(p, "=, \t");
	p += pm->name_len;
	while (is_wsp(*p))
		p++;
	if (*p == '=') {
		for (p++; is_wsp(*p); p++)
			;
		pm->has_value = true;
		pm->value = p;
		p = *p == '"' ? skip_quoted(p) : p + strcspn(p, ",");
		pm->value_len = (size_t)(p - pm->value);
		while (pm->value_len > 0 && is_wsp(pm->value[pm->value_len - 1]))
			pm->value_len--;
	}
	*pp = p;
	return true;
}

/* Copies a parameter value into dst (size n) without its quotes and escapes. */
static void unquote(char *dst, size_t n, const char *v, size_t len)
{
	if (len == 0 || v[0] != '"') {
		copy_span(dst, n, v, len);
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

bool sip_challenge_param(const struct sip_challenge *c, const char *name, char *dst, size_t n)
{
	const char *p = c->params;
	struct param pm;
	while (next_param(&p, &pm))
		if (param_is(&pm, name)) {
			unquote(dst, n, pm.value, pm.value_len);
			return true;
		}
	return false;
}

/*
 * Adds the challenge in one WWW-/Proxy-Authenticate value: a scheme, then
 * parameters. One challenge per header line, as Lync, OCS and Digest servers send.
 */
static bool is_token(const char *p, const char *end);

/* One challenge; a value whose scheme is not a non-empty token (", realm=x") is no challenge (RFC 3261 §25.1). */
static void add_challenge(struct sip_response *out, const char *v, bool proxy)
{
	size_t len = strcspn(v, ", \t");
	if (len == 0 || !is_token(v, v + len))
		return;
	if (out->n_challenges == SIP_MAX_CHALLENGES) {
		out->challenges_truncated = true;
		return;
	}
	struct sip_challenge *c = &out->challenges[out->n_challenges++];
	copy_span(c->scheme, sizeof c->scheme, v, len);
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
}

/* The parse in progress; fail() records the outcome for the caller. */
struct parse {
	const char *buf;
	size_t len;
	struct sip_response *out;
	enum sip_parse_status status;
	char *why;
	size_t whylen;
	bool seen_length;        /* a Content-Length header was present */
	bool diag_private;       /* ms-diagnostics (rather than -public) was present */
};

static bool fail(struct parse *ps, enum sip_parse_status status, const char *what)
{
	ps->status = status;
	if (ps->why && ps->whylen > 0)
		sd_copy(ps->why, ps->whylen, what);
	return false;
}

static enum sip_parse_status refuse(struct parse *ps, enum sip_parse_status status, const char *what)
{
	fail(ps, status, what);
	return status;
}

/* Past the line fold at p (CRLF or LF and the whitespace after it); p itself when no line ends there. */
static const char *past_fold(const char *p, const char *end)
{
	size_t eol = *p == '\n' ? 1 : *p == '\r' && p + 1 < end && p[1] == '\n' ? 2 : 0;
	if (eol == 0)
		return p;
	for (p += eol; p < end && is_wsp(*p); p++)
		;
	return p;
}

/* Copies a raw header value [p, end) into dst (size n >= 1): each fold (CRLF or LF
 * and the whitespace after it, RFC 3261 §7.3.1) becomes one space; the value is trimmed. */
static void unfold(char *dst, size_t n, const char *p, const char *end)
{
	size_t k = 0;
	while (p < end && is_wsp(*p))
		p++;
	while (p < end && k + 1 < n) {
		const char *next = past_fold(p, end);
		if (next == p) {
			dst[k++] = *p++;
			continue;
		}
		p = next;
		if (k > 0 && !is_wsp(dst[k - 1]))
			dst[k++] = ' ';
	}
	while (k > 0 && is_wsp(dst[k - 1]))
		k--;
	dst[k] = '\0';
}

/* "SIP/2.0 401 Unauthorized" in [p, end), line end excluded; the reason may be empty. */
static bool status_line(struct parse *ps, const char *p, const char *end)
{
	if (end - p < 8 || strncasecmp(p, "SIP/2.0 ", 8) != 0)
		return fail(ps, SIP_PARSE_MALFORMED, "not a SIP status line");
	for (p += 8; p < end && *p == ' '; p++)
		;
	if (end - p < 3 || !isdigit((unsigned char)p[0]) || !isdigit((unsigned char)p[1])
	    || !isdigit((unsigned char)p[2]) || (end - p > 3 && !is_wsp(p[3])))
		return fail(ps, SIP_PARSE_MALFORMED, "bad status code");
	ps->out->code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	if (ps->out->code < 100 || ps->out->code > 699)
		return fail(ps, SIP_PARSE_MALFORMED, "bad status code");
	unfold(ps->out->reason, sizeof ps->out->reason, p + 3, end);
	return true;
}

/* Digits only, no sign (RFC 3261 §20.14); saturates above SIP_MAX_MESSAGE. */
static bool content_length(struct parse *ps, const char *v)
{
	size_t n = 0;
	if (!*v)
		return fail(ps, SIP_PARSE_MALFORMED, "bad Content-Length");
	for (; *v; v++) {
		if (!isdigit((unsigned char)*v))
			return fail(ps, SIP_PARSE_MALFORMED, "bad Content-Length");
		if (n <= SIP_MAX_MESSAGE)
			n = n * 10 + (size_t)(*v - '0');
	}
	if (ps->seen_length && n != ps->out->content_length)
		return fail(ps, SIP_PARSE_MALFORMED, "conflicting Content-Length headers");
	ps->seen_length = true;
	ps->out->content_length = n;
	return true;
}

enum header_id { H_CONTENT_LENGTH, H_CONTACT, H_SERVER, H_DIAG, H_DIAG_PUBLIC, H_WWW_AUTH, H_PROXY_AUTH };

/* The headers read; other compact forms (v, i, f, t, ...) name headers not read here. */
static const struct {
	const char *name;
	char compact;
	enum header_id id;
} header_table[] = {
	{ "Content-Length", 'l', H_CONTENT_LENGTH },
	{ "Contact", 'm', H_CONTACT },
	{ "Server", 0, H_SERVER },
	{ "ms-diagnostics", 0, H_DIAG },
	{ "ms-diagnostics-public", 0, H_DIAG_PUBLIC },
	{ "WWW-Authenticate", 0, H_WWW_AUTH },
	{ "Proxy-Authenticate", 0, H_PROXY_AUTH },
};

/* A header that may come more than once counts at its first line: v into dst unless dst is set. */
static void keep_first(char *dst, size_t n, const char *v)
{
	if (!dst[0])
		sd_copy(dst, n, v);
}

static bool apply(struct parse *ps, enum header_id id, const char *v)
{
	struct sip_response *out = ps->out;
	switch (id) {
	case H_CONTENT_LENGTH:
		return content_length(ps, v);
	case H_CONTACT:
		keep_first(out->contact, sizeof out->contact, v);
		break;
	case H_SERVER:
		keep_first(out->server, sizeof out->server, v);
		break;
	case H_DIAG:
		if (!ps->diag_private)
			sd_copy(out->ms_diag, sizeof out->ms_diag, v);
		ps->diag_private = true;
		break;
	case H_DIAG_PUBLIC:
		keep_first(out->ms_diag, sizeof out->ms_diag, v);
		break;
	case H_WWW_AUTH:
	case H_PROXY_AUTH:
		add_challenge(out, v, id == H_PROXY_AUTH);
		break;
	}
	return true;
}

/* A header name is an RFC 3261 token. */
static bool is_token(const char *p, const char *end)
{
	for (; p < end; p++)
		if (!isalnum((unsigned char)*p) && !strchr("-.!%*_+`'~", *p))
			return false;
	return true;
}

/* One logical header [p, end): name, optional whitespace, ':', value with its folds. */
static bool header(struct parse *ps, const char *p, const char *end)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		return fail(ps, SIP_PARSE_MALFORMED, "header line without a colon");
	const char *name_end = colon;
	while (name_end > p && is_wsp(name_end[-1]))
		name_end--;
	size_t name_len = (size_t)(name_end - p);
	if (name_len == 0 || !is_token(p, name_end))
		return fail(ps, SIP_PARSE_MALFORMED, "bad header name");
	for (size_t i = 0; i < sizeof header_table / sizeof header_table[0]; i++) {
		const char *full = header_table[i].name;
		bool match = (name_len == 1 && tolower((unsigned char)*p) == header_table[i].compact)
			     || (name_len == strlen(full) && strncasecmp(p, full, name_len) == 0);
		if (match) {
			char value[VALUE_MAX];
			unfold(value, sizeof value, colon + 1, end);
			return apply(ps, header_table[i].id, value);
		}
	}
	return true;
}

/* The header lines in [pos, stop), stop being the blank line: each LF-terminated. */
static bool headers(struct parse *ps, size_t pos, size_t stop)
{
	const char *b = ps->buf;
	if (pos < stop && is_wsp(b[pos]))
		return fail(ps, SIP_PARSE_MALFORMED, "continuation line without a header");
	while (pos < stop) {
		size_t first = pos;
		do
			pos = (size_t)((const char *)memchr(b + pos, '\n', stop - pos) - b) + 1;
		while (pos < stop && is_wsp(b[pos]));
		size_t end = pos - 1;
		if (end > first && b[end - 1] == '\r')
			end--;
		if (!header(ps, b + first, b + end))
			return false;
	}
	return true;
}

/* Where the head is: the status line's LF, the blank line, the first byte after it. */
struct head {
	size_t status_lf, blank, end; /* 0: not (yet) found */
	bool nul;
};

/* Scans at most the first SIP_MAX_MESSAGE bytes for the blank line ending the head. */
static void scan_head(const char *buf, size_t len, size_t start, struct head *h)
{
	size_t limit = len < SIP_MAX_MESSAGE ? len : SIP_MAX_MESSAGE;
	size_t line = start;
	memset(h, 0, sizeof *h);
	for (size_t i = start; i < limit; i++) {
		if (buf[i] == '\0') {
			h->nul = true;
			return;
		}
		if (buf[i] != '\n')
			continue;
		if (!h->status_lf)
			h->status_lf = i;
		if (i == line || (i == line + 1 && buf[line] == '\r')) {
			h->blank = line;
			h->end = i + 1;
			return;
		}
		line = i + 1;
	}
}

/*
 * The status line and the header block from start on: true when both are
 * complete and valid, h says where the head ends; else false with ps->status
 * INCOMPLETE (more may come) or the reason they cannot be read.
 */
static bool read_head(struct parse *ps, size_t start, struct head *h)
{
	const char *buf = ps->buf;
	size_t have = ps->len - start < 8 ? ps->len - start : 8;
	if (have > 0 && strncasecmp(buf + start, "SIP/2.0 ", have) != 0)
		return fail(ps, SIP_PARSE_MALFORMED, "not a SIP status line");
	scan_head(buf, ps->len, start, h);
	if (h->nul)
		return fail(ps, SIP_PARSE_MALFORMED, "NUL byte in the headers");
	if (h->status_lf) {
		size_t e = h->status_lf > start && buf[h->status_lf - 1] == '\r' ? h->status_lf - 1 : h->status_lf;
		if (!status_line(ps, buf + start, buf + e))
			return false;
	}
	if (!h->end) {
		ps->status = SIP_PARSE_INCOMPLETE;
		return ps->len < SIP_MAX_MESSAGE ? false
						 : fail(ps, SIP_PARSE_TOO_LARGE, "headers longer than " LIMIT " bytes");
	}
	return headers(ps, h->status_lf + 1, h->blank);
}

enum sip_parse_status sip_parse_response(const char *buf, size_t len, struct sip_response *out,
					 char *why, size_t whylen)
{
	struct parse ps = { .buf = buf, .len = len, .out = out, .why = why, .whylen = whylen };
	struct head h;
	memset(out, 0, sizeof *out);
	if (why && whylen > 0)
		why[0] = '\0';
	/* RFC 3261 §7.5: CRLFs before the start line are ignored (Lync sends them as keep-alives). */
	size_t start = 0;
	while (start < len && (buf[start] == '\r' || buf[start] == '\n'))
		start++;
	if (!read_head(&ps, start, &h))
		return ps.status;
	if (out->content_length > SIP_MAX_MESSAGE - h.end)
		return refuse(&ps, SIP_PARSE_TOO_LARGE, "Content-Length beyond the " LIMIT "-byte message limit");
	if (len - h.end < out->content_length)
		return SIP_PARSE_INCOMPLETE;
	out->message_length = h.end + out->content_length;
	return SIP_PARSE_COMPLETE;
}
