/* verdict_dns.c — DNS facts in the verdict's words: errors, silence, RA=0, CNAMEs, EDE (SPEC §4.3, §4.6). Pure. */
#include "verdict_dns.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static bool error_query(const struct query *q, enum dns_result result, bool srv_only)
{
	return q->role != QUERY_DIAGNOSTIC && q->role != QUERY_FEDERATION && q->role != QUERY_KERBEROS
	       && dns_result_is_error(q->result) && (!srv_only || q->role == QUERY_SRV)
	       && (result == DNS_PENDING || q->result == result);
}

/* Appends item to the ", "-separated list in buf unless it is there already. */
static void add_unique(char *buf, size_t n, const char *item, size_t item_len)
{
	for (const char *p = buf; *p; p += strcspn(p, ","), p += *p == ',' ? 2 : 0)
		if (strcspn(p, ",") == item_len && strncmp(p, item, item_len) == 0)
			return;
	size_t len = strlen(buf);
	if (len + item_len + 3 < n)
		snprintf(buf + len, n - len, "%s%.*s", len ? ", " : "", (int)item_len, item);
}

/* The servers q gave up on ("127.0.0.1#53, 127.0.0.2#53"), each once, added to buf. */
static void failed_servers(const struct query *q, char *buf, size_t n)
{
	for (size_t i = 0; i < q->n_servers_failed; i++)
		add_unique(buf, n, q->servers_failed[i].server, strlen(q->servers_failed[i].server));
}

const char *verdict_ede_phrase(const struct query *q, char *buf, size_t n)
{
	buf[0] = '\0';
	if (!q->has_ede)
		return buf;
	const char *colon = strstr(q->ede_text, ": ");
	if (colon)
		snprintf(buf, n, "EDE %u (%.*s): %s", q->ede_code, (int)(colon - q->ede_text), q->ede_text, colon + 2);
	else if (q->ede_text[0])
		snprintf(buf, n, "EDE %u (%s)", q->ede_code, q->ede_text);
	else
		snprintf(buf, n, "EDE %u", q->ede_code);
	return buf;
}

/* The detail every query that got result shares (NULL when they differ or have none). */
static const char *shared_detail(const struct result *r, enum dns_result result)
{
	const char *common = NULL;
	for (size_t i = 0; i < r->n_queries; i++)
		if (error_query(&r->queries[i], result, false)) {
			if (common && strcmp(common, r->queries[i].detail) != 0)
				return NULL;
			common = r->queries[i].detail;
		}
	return common && common[0] ? common : NULL;
}

/* Whether more than one query got result and every one of them the same EDE, its phrase in buf. */
static bool shared_ede(const struct result *r, enum dns_result result, char *buf, size_t n)
{
	char ede[200];
	size_t count = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (!error_query(q, result, false))
			continue;
		verdict_ede_phrase(q, ede, sizeof ede);
		if (!ede[0] || (count && strcmp(ede, buf) != 0))
			return false;
		snprintf(buf, n, "%s", ede);
		count++;
	}
	return count > 1;
}

/*
 * "A SRV, B SRV (EDE …)" for the queries that got result, each with its own
 * detail unless shared; the servers involved into servers. Returns how many.
 */
static size_t group_list(const struct result *r, enum dns_result result, bool shared, char *list, size_t n,
			 char *servers, size_t servers_n)
{
	size_t count = 0, len = 0;
	char ede[200], common[200];
	/* issue 22: an EDE every query of the group got is said once, after the list */
	bool one_ede = shared_ede(r, result, common, sizeof common);
	for (size_t i = 0; i < r->n_queries && len < n; i++) {
		const struct query *q = &r->queries[i];
		if (!error_query(q, result, false))
			continue;
		bool own = !shared && q->detail[0];
		verdict_ede_phrase(q, ede, sizeof ede);
		if (one_ede)
			ede[0] = '\0';
		len += (size_t)snprintf(list + len, n - len, "%s%s %s%s%s%s%s%s", count ? ", " : "", q->name,
					query_type_name(q->type), own ? " — " : "", own ? q->detail : "", ede[0] ? " (" : "",
					ede, ede[0] ? ")" : "");
		if (result == DNS_TIMEOUT)
			failed_servers(q, servers, servers_n);
		else if (q->server[0])
			add_unique(servers, servers_n, q->server, strlen(q->server));
		count++;
	}
	if (one_ede && len < n)
		snprintf(list + len, n - len, " (each with %s)", common);
	return count;
}

/*
 * One class's part of the DNS-error hint: "the queries for A SRV, B SRV got
 * servfail from S — detail" or "… timed out: S did not answer (detail)".
 * Returns how many queries it names.
 */
static size_t error_group(const struct result *r, enum dns_result result, bool first, char *buf, size_t n)
{
	char list[768] = "", servers[240] = "";
	const char *detail = shared_detail(r, result);
	size_t count = group_list(r, result, detail != NULL, list, sizeof list, servers, sizeof servers);
	if (!count)
		return 0;
	const char *lead = first ? "The" : "; the", *plural = count == 1 ? "y" : "ies";
	if (result == DNS_TIMEOUT)
		snprintf(buf, n, "%s quer%s for %s timed out: %s did not answer%s%s%s", lead, plural, list,
			 servers[0] ? servers : "the DNS server", detail ? " (" : "", detail ? detail : "", detail ? ")" : "");
	else
		snprintf(buf, n, "%s quer%s for %s got %s%s%s%s%s", lead, plural, list, dns_result_name(result),
			 servers[0] ? " from " : "", servers, detail ? " — " : "", detail ? detail : "");
	return count;
}

/* The DNS servers that sent some response during the first stage ("" when none). */
static void alive_servers(const struct result *r, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_dns_servers; i++)
		if (r->dns_servers[i].alive)
			add_unique(buf, n, r->dns_servers[i].server, strlen(r->dns_servers[i].server));
}

/*
 * SPEC §4.6 (issue 20): the domains whose names went silent, each once: the sign-in domain for
 * its own names, else an SRV name without its _service._proto labels, a host name without its
 * first label (a manual server's pool.corp.example.net: corp.example.net). Their name servers are the ones
 * that do not answer; the sign-in domain's are not always them.
 */
static void silent_zones(const struct result *r, char *buf, size_t n)
{
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (!error_query(q, DNS_TIMEOUT, false))
			continue;
		const char *zone = q->name, *d = r->uri.domain;
		size_t len = strlen(zone), dlen = strlen(d);
		if (len >= dlen && strcasecmp(zone + len - dlen, d) == 0 && (len == dlen || zone[len - dlen - 1] == '.'))
			zone = d; /* a name in the sign-in domain */
		else if (*zone == '_')
			while (*zone == '_' && strchr(zone, '.'))
				zone = strchr(zone, '.') + 1;
		else if (strchr(zone, '.') && strchr(strchr(zone, '.') + 1, '.'))
			zone = strchr(zone, '.') + 1;
		add_unique(buf, n, zone, strlen(zone));
	}
}

enum sd_status verdict_dns_errors(struct result *r, bool from_errors)
{
	static const enum dns_result classes[] = { DNS_SERVFAIL, DNS_REFUSED, DNS_TIMEOUT, DNS_ERROR };
	char text[1024] = "", alive[240];
	size_t len = 0, total = 0;
	bool timeouts = false, others = false;
	for (size_t k = 0; k < sizeof classes / sizeof classes[0] && len < sizeof text; k++) {
		size_t count = error_group(r, classes[k], total == 0, text + len, sizeof text - len);
		total += count;
		timeouts |= count && classes[k] == DNS_TIMEOUT;
		others |= count && classes[k] != DNS_TIMEOUT;
		len = strlen(text);
	}
	if (!total)
		return SD_OK;
	r->dns_errors = true;
	alive_servers(r, alive, sizeof alive);
	char fix[2048], zones[400];
	silent_zones(r, zones, sizeof zones);
	if (timeouts && alive[0])
		snprintf(fix, sizeof fix, "%s answers (it is alive), but the name servers of %s do not answer it: a lame "
			 "delegation or dead authoritative servers, a real outage for the clients. Check the NS records of "
			 "%s and those servers%s.", alive, zones[0] ? zones : r->uri.domain, zones[0] ? zones : r->uri.domain,
			 others ? ", and fix the DNS server's other errors" : "");
	else
		snprintf(fix, sizeof fix, "Fix the DNS server, then check again.");
	return result_hint(r, HINT_DNS_ERROR,
			   "%s. The client cannot tell %s from a missing record and carries on as if there were none%s. %s",
			   text, total == 1 ? "this" : "these", from_errors ? "; the SRV records may well exist, the DNS "
			   "server did not say" : "", fix);
}

void verdict_dns_error_list(const struct result *r, char *buf, size_t n)
{
	size_t len = 0, count = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < r->n_queries && len < n; i++) {
		const struct query *q = &r->queries[i];
		if (!error_query(q, DNS_PENDING, true))
			continue;
		char servers[240] = "";
		if (q->result == DNS_TIMEOUT)
			failed_servers(q, servers, sizeof servers);
		if (q->result == DNS_TIMEOUT)
			len += (size_t)snprintf(buf + len, n - len, "%s%s %s timeout (%s did not answer)", count ? ", " : "",
						q->name, query_type_name(q->type), servers[0] ? servers : "the DNS server");
		else /* issue 22: an EDE is said once, in the hint, not here too */
			len += (size_t)snprintf(buf + len, n - len, "%s%s %s %s%s%s", count ? ", " : "", q->name,
						query_type_name(q->type), dns_result_name(q->result),
						q->server[0] ? " from " : "", q->server);
		count++;
	}
}

/* q got an answer from a server, and not REFUSED (which says nothing of what the server does). */
static bool answered(const struct query *q)
{
	return q->server[0] && q->result != DNS_REFUSED;
}

bool verdict_does_not_recurse(const struct query *q)
{
	return answered(q) && !q->ra;
}

static bool nonrecursive_query(const struct query *q, int stage)
{
	return q->role != QUERY_DIAGNOSTIC && q->role != QUERY_FEDERATION && q->role != QUERY_KERBEROS
	       && (stage == 0 || (int)q->stage == stage)
	       && ((verdict_does_not_recurse(q) && !q->aa) || (answered(q) && q->referral));
}

const char *verdict_nonrecursive(const struct result *r, int stage)
{
	for (size_t i = 0; i < r->n_queries; i++)
		if (nonrecursive_query(&r->queries[i], stage))
			return r->queries[i].server;
	return NULL;
}

enum sd_status verdict_nonrecursive_hint(struct result *r)
{
	const char *server = verdict_nonrecursive(r, 0);
	if (!server)
		return SD_OK;
	char referrals[640] = "";
	for (size_t i = 0; i < r->n_queries; i++)
		if (nonrecursive_query(&r->queries[i], 0) && r->queries[i].referral)
			add_unique(referrals, sizeof referrals, r->queries[i].name, strlen(r->queries[i].name));
	return result_hint(r, HINT_DNS_ERROR,
			   "%s does not recurse (RA=0)%s%s: its answers are not what a client's resolver would see (an "
			   "SRV name that is a CNAME or a delegated label reads as missing there). Check again with "
			   "--dns-server set to the resolver the clients use.",
			   server, referrals[0] ? " and gave a referral instead of an answer for " : "", referrals);
}

const struct query *verdict_cname_query(const struct result *r, const char *host)
{
	const struct query *found = NULL;
	for (size_t i = 0; i < r->n_queries; i++) {
		const struct query *q = &r->queries[i];
		if (q->role != QUERY_SRV && q->role != QUERY_FEDERATION && q->n_cname && strcasecmp(q->name, host) == 0
		    && (!found || found->result == DNS_ANSWER))
			found = q;
	}
	return found;
}

enum sd_status verdict_dns_refused(struct result *r)
{
	char edes[400] = "", ede[200];
	r->status = SD_VERDICT_UNKNOWN;
	r->server = -1;
	for (size_t i = 0; i < r->n_queries; i++) /* each EDE once (issue 22) */
		if (r->queries[i].stage == STAGE_SRV && verdict_ede_phrase(&r->queries[i], ede, sizeof ede)[0])
			add_unique(edes, sizeof edes, ede, strlen(ede));
	return result_hint(r, HINT_DNS_ERROR, "Check again with --dns-server set to the resolver the clients use, or "
			   "allow this machine on that server: the DNS server%s answered REFUSED to every query%s%s%s, so "
			   "%s not resolve for this machine (an access list, or a server that only serves its own zones).",
			   r->n_dns_servers == 1 ? "" : "s", edes[0] ? " (" : "", edes, edes[0] ? ")" : "",
			   r->n_dns_servers == 1 ? "it does" : "they do");
}
