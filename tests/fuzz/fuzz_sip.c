/*
 * fuzz_sip.c — sip_parse_response (SPEC §6) on the whole input and on prefixes of
 * it, the way probe.c calls it as bytes arrive. A COMPLETE parse took at most the
 * bytes it was given and has a status code in 100..699; every string field ends
 * inside its array. More bytes never change a decided parse: once a prefix is
 * COMPLETE, MALFORMED or TOO_LARGE, the whole buffer parses the same way.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "sip.h"

static void check_challenge(const struct sip_challenge *c)
{
	FUZZ_CHECK(FUZZ_TERMINATED(c->scheme, sizeof c->scheme));
	FUZZ_CHECK(FUZZ_TERMINATED(c->realm, sizeof c->realm));
	FUZZ_CHECK(FUZZ_TERMINATED(c->targetname, sizeof c->targetname));
	FUZZ_CHECK(FUZZ_TERMINATED(c->params, sizeof c->params));
	FUZZ_CHECK(sip_scheme_name(c->scheme) != NULL);
}

/* Parses the first len bytes; checks what sip.h promises for the status returned. */
static enum sip_parse_status parse(const char *buf, size_t len, struct sip_response *out)
{
	char why[128];
	memset(why, 'x', sizeof why);
	enum sip_parse_status st = sip_parse_response(buf, len, out, why, sizeof why);
	FUZZ_CHECK(FUZZ_TERMINATED(why, sizeof why));
	switch (st) {
	case SIP_PARSE_COMPLETE:
		FUZZ_CHECK(why[0] == '\0');
		FUZZ_CHECK(out->message_length > 0 && out->message_length <= len);
		FUZZ_CHECK(out->message_length <= SIP_MAX_MESSAGE);
		FUZZ_CHECK(out->code >= 100 && out->code <= 699);
		FUZZ_CHECK(out->content_length <= out->message_length);
		FUZZ_CHECK(FUZZ_TERMINATED(out->reason, sizeof out->reason));
		FUZZ_CHECK(FUZZ_TERMINATED(out->server, sizeof out->server));
		FUZZ_CHECK(FUZZ_TERMINATED(out->contact, sizeof out->contact));
		FUZZ_CHECK(FUZZ_TERMINATED(out->ms_diag, sizeof out->ms_diag));
		FUZZ_CHECK(out->n_challenges <= SIP_MAX_CHALLENGES);
		FUZZ_CHECK(!out->challenges_truncated || out->n_challenges == SIP_MAX_CHALLENGES);
		for (size_t i = 0; i < out->n_challenges; i++)
			check_challenge(&out->challenges[i]);
		break;
	case SIP_PARSE_INCOMPLETE:
		FUZZ_CHECK(len < SIP_MAX_MESSAGE); /* sip.h: a caller never needs more */
		break;
	case SIP_PARSE_MALFORMED:
	case SIP_PARSE_TOO_LARGE:
		FUZZ_CHECK(why[0] != '\0');
		break;
	default:
		FUZZ_CHECK(!"unknown status");
	}
	return st;
}

/* Where the first CRLFCRLF starts, or size. */
static size_t find_blank_line(const char *buf, size_t size)
{
	for (size_t i = 0; i + 4 <= size; i++)
		if (memcmp(buf + i, "\r\n\r\n", 4) == 0)
			return i;
	return size;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* An exact-size copy, so that ASan sees any read past the bytes received. */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	static struct sip_response whole, part; /* 20 KB each: not on the stack */
	enum sip_parse_status st = parse(buf, size, &whole);

	size_t blank = find_blank_line(buf, size);
	size_t cuts[] = { 1, 7, 8, 9, size / 4, size / 2, size - size / 4, size - 1, blank, blank + 2, blank + 3, blank + 4 };
	for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
		size_t n = cuts[i];
		if (n == 0 || n >= size)
			continue;
		char *prefix = malloc(n);
		if (!prefix)
			break;
		memcpy(prefix, buf, n);
		enum sip_parse_status pst = parse(prefix, n, &part);
		free(prefix);
		if (pst == SIP_PARSE_INCOMPLETE)
			continue;
		FUZZ_CHECK(st == pst);
		if (pst == SIP_PARSE_COMPLETE) {
			FUZZ_CHECK(whole.message_length == part.message_length);
			FUZZ_CHECK(whole.code == part.code);
			FUZZ_CHECK(whole.n_challenges == part.n_challenges);
		}
	}

	/* What probe.c does after a provisional answer: parse what follows it. */
	if (st == SIP_PARSE_COMPLETE && whole.message_length < size) {
		size_t rest = size - whole.message_length;
		char *next = malloc(rest);
		if (next) {
			memcpy(next, buf + whole.message_length, rest);
			parse(next, rest, &part);
			free(next);
		}
	}
	free(buf);
	return 0;
}
