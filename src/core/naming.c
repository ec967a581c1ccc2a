/* naming.c — SPEC §5, from the reference document's EnableStrictDNSNaming paragraph. */
#include "naming.h"

#include <string.h>

static const struct {
	const char *id;
	const char *text;
} rules[] = {
	[NAMING_HOST_IS_DOMAIN] = { "host-is-domain", "the host is the sign-in domain itself" },
	[NAMING_SIP_DOT_DOMAIN] = { "sip-dot-domain", "the host is sip.<domain>, allowed with or without strict naming" },
	[NAMING_ONE_LABEL] = { "one-label-under-domain", "one label under the sign-in domain, allowed without strict naming" },
	[NAMING_STRICT_REJECTS] = { "strict-naming", "strict naming allows only <domain> and sip.<domain>" },
	[NAMING_TOO_DEEP] = { "deeper-than-one-label", "more than one label under the sign-in domain is never allowed" },
	[NAMING_OUTSIDE_DOMAIN] = { "outside-domain", "the host is not in the sign-in domain" },
	[NAMING_TRUSTED_DOMAIN] = { "trusted-domain", "the host lies in a trusted domain" },
	[NAMING_UNTRUSTED_PROMPT] = { "untrusted-prompt", "the host is outside every trusted domain: the client "
				      "stops and asks the user whether to trust it" },
};

static struct naming_verdict verdict(bool allowed, enum naming_rule rule)
{
	return (struct naming_verdict){ .allowed = allowed, .rule = rule, .domain = "" };
}

struct naming_verdict naming_check(const char *domain, const char *host, bool strict)
{
	size_t dl = strlen(domain), hl = strlen(host);
	if (hl == dl && strcmp(host, domain) == 0)
		return verdict(true, NAMING_HOST_IS_DOMAIN);
	/* H must end in ".D" — a plain suffix match would accept "xcontoso.com". */
	if (dl == 0 || hl < dl + 2 || host[hl - dl - 1] != '.' || strcmp(host + hl - dl, domain) != 0)
		return verdict(false, NAMING_OUTSIDE_DOMAIN);
	size_t prefix = hl - dl - 1; /* the part before ".D" */
	if (memchr(host, '.', prefix))
		return verdict(false, NAMING_TOO_DEEP);
	if (prefix == 3 && memcmp(host, "sip", 3) == 0)
		return verdict(true, NAMING_SIP_DOT_DOMAIN);
	if (strict)
		return verdict(false, NAMING_STRICT_REJECTS);
	return verdict(true, NAMING_ONE_LABEL);
}

const char *naming_rule_id(enum naming_rule rule)
{
	return rules[rule].id;
}

const char *naming_rule_text(enum naming_rule rule)
{
	return rules[rule].text;
}

struct naming_verdict naming_judge(enum naming_model model, const char *domain, const char *host, bool strict,
				   const struct trust_list *trusted)
{
	if (model != NAMING_MODEL_TRUST || strict)
		return naming_check(domain, host, strict);
	const char *match = trust_match(trusted, domain, host);
	if (!match)
		return verdict(false, NAMING_UNTRUSTED_PROMPT);
	struct naming_verdict v = verdict(true, NAMING_TRUSTED_DOMAIN);
	sd_copy(v.domain, sizeof v.domain, match);
	return v;
}

bool naming_rejects(const struct naming_verdict *v)
{
	return !v->allowed && v->rule != NAMING_UNTRUSTED_PROMPT;
}

const char *naming_model_text(enum naming_model model, bool strict)
{
	if (model == NAMING_MODEL_NONE)
		return "this client applies no naming rule: verdicts are reported only";
	if (model == NAMING_MODEL_DOMAIN)
		return "the sign-in domain's naming rule (SPEC 5)";
	return strict ? "strict naming (EnableStrictDNSNaming) replaces the trust model: the sign-in domain's rule "
			"(SPEC 5)"
		      : "the trust model (SPEC 5.1): a server is trusted when it lies in the sign-in domain or a "
			"trusted domain, at any depth; a server outside them stops sign-in at a prompt";
}
