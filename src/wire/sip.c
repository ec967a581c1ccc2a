/* sip.c — SPEC §6: the framing of the answer to the REGISTER: status line, headers with their
 * folds and compact forms, Content-Length, the message limit. Pure: no I/O. */
#include "sip.h"
#include "str.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#define VALUE_MAX 8192   /* one unfolded header value; a longer one is truncated */
#define STR(x) #x
#define XSTR(x) STR(x)
#define LIMIT XSTR(SIP_MAX_MESSAGE)

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
	for (p += eol; p < end && sip_is_wsp(*p); p++)
		;
	return p;
}

/* Copies a raw header value [p, end) into dst (size n >= 1): each fold (CRLF or LF
 * and the whitespace after it, RFC 3261 §7.3.1) becomes one space; the value is trimmed. */
static void unfold(char *dst, size_t n, const char *p, const char *end)
{
	size_t k = 0;
	while (p < end && sip_is_wsp(*p))
		p++;
	while (p < end && k + 1 < n) {
		const char *next = past_fold(p, end);
		if (next == p) {
			dst[k++] = *p++;
			continue;
		}
		p = next;
		if (k > 0 && !sip_is_wsp(dst[k - 1]))
			dst[k++] = ' ';
	}
	while (k > 0 && sip_is_wsp(dst[k - 1]))
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
	    || !isdigit((unsigned char)p[2]) || (end - p > 3 && !sip_is_wsp(p[3])))
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

/* Keeps the challenge in v, if it is one; past SIP_MAX_CHALLENGES only says that more came. */
static void add_challenge(struct sip_response *out, const char *v, bool proxy)
{
	struct sip_challenge c;
	if (!sip_challenge_parse(v, proxy, &c))
		return;
	if (out->n_challenges == SIP_MAX_CHALLENGES)
		out->challenges_truncated = true;
	else
		out->challenges[out->n_challenges++] = c;
}

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

/* One logical header [p, end): name, optional whitespace, ':', value with its folds. */
static bool header(struct parse *ps, const char *p, const char *end)
{
	const char *colon = memchr(p, ':', (size_t)(end - p));
	if (!colon)
		return fail(ps, SIP_PARSE_MALFORMED, "header line without a colon");
	const char *name_end = colon;
	while (name_end > p && sip_is_wsp(name_end[-1]))
		name_end--;
	size_t name_len = (size_t)(name_end - p);
	if (name_len == 0 || !sip_is_token(p, name_end))
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
	if (pos < stop && sip_is_wsp(b[pos]))
		return fail(ps, SIP_PARSE_MALFORMED, "continuation line without a header");
	while (pos < stop) {
		size_t first = pos;
		do
			pos = (size_t)((const char *)memchr(b + pos, '\n', stop - pos) - b) + 1;
		while (pos < stop && sip_is_wsp(b[pos]));
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
