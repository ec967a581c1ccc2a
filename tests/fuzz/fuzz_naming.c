/*
 * fuzz_naming.c — naming_check (SPEC §5) over arbitrary pairs: the bytes before the
 * first NUL are the sign-in domain, the rest the host (no NUL: the host is empty).
 * An allowed host is the domain or ends in ".domain"; strict naming never allows
 * what relaxed naming rejects; every verdict names a rule that agrees with it.
 */
#include "fuzz.h"

#include <stdbool.h>
#include <stdlib.h>

#include "naming.h"

static bool ends_with_dot_domain(const char *host, const char *domain)
{
	size_t hl = strlen(host), dl = strlen(domain);
	return hl > dl && host[hl - dl - 1] == '.' && strcmp(host + hl - dl, domain) == 0;
}

static bool rule_allows(enum naming_rule rule)
{
	return rule == NAMING_HOST_IS_DOMAIN || rule == NAMING_SIP_DOT_DOMAIN || rule == NAMING_ONE_LABEL;
}

static void check_verdict(struct naming_verdict v, const char *domain, const char *host)
{
	FUZZ_CHECK((unsigned)v.rule <= NAMING_OUTSIDE_DOMAIN);
	FUZZ_CHECK(naming_rule_id(v.rule) != NULL && naming_rule_id(v.rule)[0] != '\0');
	FUZZ_CHECK(naming_rule_text(v.rule) != NULL && naming_rule_text(v.rule)[0] != '\0');
	FUZZ_CHECK(v.allowed == rule_allows(v.rule));
	if (v.allowed)
		FUZZ_CHECK(strcmp(host, domain) == 0 || ends_with_dot_domain(host, domain));
	if (strcmp(host, domain) == 0)
		FUZZ_CHECK(v.allowed && v.rule == NAMING_HOST_IS_DOMAIN);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 2);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = buf[size + 1] = '\0';
	const char *domain = buf;
	const char *host = buf + strlen(buf) + 1; /* "" when there was no NUL */

	struct naming_verdict strict = naming_check(domain, host, true);
	struct naming_verdict relaxed = naming_check(domain, host, false);
	check_verdict(strict, domain, host);
	check_verdict(relaxed, domain, host);
	FUZZ_CHECK(!strict.allowed || relaxed.allowed);
	FUZZ_CHECK(strict.rule != NAMING_ONE_LABEL);
	FUZZ_CHECK(relaxed.rule != NAMING_STRICT_REJECTS);
	/* Strict naming changes only the one-label case. */
	if (relaxed.rule != NAMING_ONE_LABEL)
		FUZZ_CHECK(strict.rule == relaxed.rule);
	else
		FUZZ_CHECK(strict.rule == NAMING_STRICT_REJECTS);
	free(buf);
	return 0;
}
