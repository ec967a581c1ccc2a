/* exposure.c — SPEC §7.2: an Internet-facing name with a private address makes clients on the
 * Internet wait on it until they time out; reported with or without a second view. */
#include "exposure.h"

#include "fix.h"
#include "fix_lines.h"
#include "ipaddr.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool is_label_of(const char *name, const char *label, const char *domain)
{
	size_t n = strlen(label);
	return strncasecmp(name, label, n) == 0 && name[n] == '.' && strcasecmp(name + n + 1, domain) == 0;
}

bool exposure_internal_only(const char *name, const char *domain)
{
	static const char *const labels[] = { "_sipinternaltls._tcp", "_sipinternal._tcp", "lyncdiscoverinternal",
					      "sipinternal" };
	for (size_t i = 0; i < sizeof labels / sizeof *labels; i++)
		if (is_label_of(name, labels[i], domain))
			return true;
	return false;
}

bool exposure_internet_facing(const struct result *r, const char *name)
{
	const char *d = r->uri.domain;
	if (is_label_of(name, "sipexternal", d) || is_label_of(name, "lyncdiscover", d))
		return true;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->type == DNS_TYPE_SRV && is_label_of(q->name, "_sip._tls", d))
			for (size_t k = 0; k < q->n_srv; k++)
				if (strcasecmp(q->srv[k].target, name) == 0)
					return true;
	}
	return false;
}

struct hint *exposure_find_hint(struct result *r, const char *text)
{
	for (size_t i = 0; i < r->n_hints; i++)
		if (strcmp(r->hints[i].text, text) == 0)
			return &r->hints[i];
	return NULL;
}

/* Lists host's private addresses (each once) into list, with the fix that deletes each; returns the length. */
static size_t private_list(const struct result *r, const char *host, const char *zone, char *list, size_t n,
			   struct hint_fix *fix, bool *v6)
{
	size_t len = 0;
	for (size_t i = 0; i < r->n_queries; i++)
		for (size_t k = 0; k < r->queries[i].n_addr; k++) {
			const struct address *a = &r->queries[i].addr[k];
			const char *range = ipaddr_private_range(a->text);
			if (!range || strcasecmp(a->owner, host) != 0 || strstr(list, a->text) || len >= n)
				continue;
			len += (size_t)snprintf(list + len, n - len, "%s%s (%s)", len ? ", " : "", a->text, range);
			*v6 = !ipaddr_is_v4(ipaddr_family(a->text));
			fix_delete_address(fix, zone, host, *v6, a->text);
		}
	return len;
}

/* The hint for an Internet-facing host of r, if any answer gave it a private address. */
static enum sd_status exposure_host(struct result *r, const char *host, const char *label)
{
	char list[512] = "", text[sizeof r->hints[0].text], zone[SD_HOST_MAX];
	struct hint_fix fix = { 0 };
	bool v6 = false;
	fix_zone(r, host, zone, sizeof zone);
	size_t len = private_list(r, host, zone, list, sizeof list, &fix, &v6);
	if (len == 0)
		return SD_OK;
	fix_add_address(&fix, zone, host, v6, NULL);
	fix_format(text, sizeof text, "%s%s%s%s resolves to the private address%s %s, but clients on the Internet use "
		   "that name: they cannot reach it and wait until their attempt times out. If this DNS server answers "
		   "Internet clients, publish the public address there instead.", label ? "In " : "", label ? label : "",
		   label ? ", " : "", host, strchr(list, ',') ? "es" : "", list);
	enum sd_status st = result_hint(r, HINT_PRIVATE_ADDRESS, "%s", text);
	struct hint *h = st == SD_OK ? exposure_find_hint(r, text) : NULL;
	if (h && fix_empty(&h->fix))
		h->fix = fix;
	return st;
}

enum sd_status exposure_hints(struct result *r, const char *label)
{
	enum sd_status st = SD_OK;
	for (size_t i = 0; i < r->n_queries && st == SD_OK; i++)
		for (size_t k = 0; k < r->queries[i].n_addr && st == SD_OK; k++) {
			const char *host = r->queries[i].addr[k].owner;
			if (ipaddr_private_range(r->queries[i].addr[k].text) && exposure_internet_facing(r, host))
				st = exposure_host(r, host, label); /* each text once: result_hint keeps it once */
		}
	return st;
}
