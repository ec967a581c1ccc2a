/* report_trust_text.c — the trace's trust-model, Microsoft 365 and prompt lines (SPEC §5.1, §6). */
#include "report_trust_text.h"

#include "m365.h"
#include "prompt.h"

void report_trust_model_lines(FILE *out, const struct result *r)
{
	const struct policy *p = r->policy;
	fprintf(out, "  %s uses %s\n", r->profile->client, naming_model_text(r->profile->naming, p->strict_naming));
	if (r->profile->naming != NAMING_MODEL_TRUST || p->strict_naming)
		return;
	fprintf(out, "  trusted domains: %s (the sign-in domain)", r->uri.domain);
	for (size_t i = 0; i < p->trusted.n; i++)
		fprintf(out, ", %s", p->trusted.domains[i]);
	fprintf(out, " (%s)\n", p->trusted.replaced ? "--trusted-domains, which replaces the defaults as the Trusted "
			"Domain List policy does" : "the defaults");
	fprintf(out, "  not seen by this tool: the client also trusts the domain of the last server it signed in "
		"to and any domain a user chose to always trust\n");
}

void report_trust_m365_lines(FILE *out, const struct result *r)
{
	struct m365_view v;
	m365_assess(r, &v);
	if (v.online == 0)
		return;
	for (size_t i = 0; i < v.n; i++)
		fprintf(out, "  %-13s %s %s %s%s\n", v.records[i].place == M365_ONLINE ? "Microsoft 365" : "on premises",
			v.records[i].name, v.records[i].type, v.records[i].value,
			v.records[i].place == M365_ONLINE ? " (the value Microsoft documents)" : "");
	if (m365_hybrid(&v))
		fprintf(out, "  hybrid or half-migrated domain: records point both on premises and at Microsoft 365. %s\n",
			m365_hybrid_text(r->profile));
	else if (r->profile->naming == NAMING_MODEL_DOMAIN)
		fprintf(out, "  the domain points at Microsoft 365: Communicator 2007 R2 cannot sign in to it\n");
}

const char *report_trust_verdict_word(const struct naming_verdict *v)
{
	return v->allowed ? "allowed" : v->rule == NAMING_UNTRUSTED_PROMPT ? "prompt" : "rejected";
}

const char *report_trust_rejected_suffix(bool if_rejected)
{
	return if_rejected ? "   (only if the user rejects the prompt)" : "";
}

void report_trust_stop_line(FILE *out, const struct result *r, size_t attempt)
{
	const struct prompt *p = &r->prompt;
	if (p->kind == PROMPT_NONE || p->attempt != (int)attempt)
		return;
	fprintf(out, "  the client stops here: %s (%s); what follows happens only if the user rejects the "
		"prompt\n", p->kind == PROMPT_TRUST ? "the trust prompt" : "the certificate prompt", p->why);
}
