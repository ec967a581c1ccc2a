/* result_autodiscover.c — the names of an autodiscover URL's outcome and certificate action, as JSON spells them. */
#include "result_autodiscover.h"

const char *ad_outcome_name(enum ad_outcome o)
{
	static const char *const names[] = {
		[AD_USABLE] = "usable", [AD_DOES_NOT_RESOLVE] = "does-not-resolve", [AD_REFUSED] = "refused",
		[AD_TIMEOUT] = "timeout", [AD_TLS_ERROR] = "tls-error", [AD_HTTP_STATUS] = "http-status",
		[AD_CONTENT_TYPE] = "content-type", [AD_NOT_AUTODISCOVER] = "not-autodiscover",
		[AD_UNAUTHORIZED] = "unauthorized", [AD_REDIRECT_NOT_FOLLOWED] = "redirect-not-followed",
		[AD_LINK_LOOP] = "link-loop", [AD_REDIRECTED] = "redirected",
	};
	return names[o];
}

const char *ad_cert_action_name(enum ad_cert_action c)
{
	static const char *const names[] = {
		[AD_CERT_NONE] = "none", [AD_CERT_ACCEPTED] = "accepted", [AD_CERT_WARNING] = "warning",
		[AD_CERT_PROMPT] = "prompt", [AD_CERT_REJECTED] = "rejected",
	};
	return names[c];
}

bool ad_is_hop(const struct ad_url *a)
{
	return a->via[0] != '\0';
}
