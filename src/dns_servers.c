/* dns_servers.c — the DNS servers asked (SPEC §4.6): parsing them, and saying what they did. */
#include "dns.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool set_port(struct dns_server *out, const char *port, char *why, size_t whylen)
{
	char *end;
	long p = strtol(port, &end, 10);
	if (*port == '\0' || *end || p < 1 || p > 65535)
		return snprintf(why, whylen, "bad port \"%s\"", port), false;
	if (out->addr.ss_family == AF_INET)
		((struct sockaddr_in *)&out->addr)->sin_port = htons((uint16_t)p);
	else
		((struct sockaddr_in6 *)&out->addr)->sin6_port = htons((uint16_t)p);
	return true;
}

enum sd_status dns_server_parse(const char *spec, struct dns_server *out, char *why, size_t whylen)
{
	char host[64];
	const char *port = "53";
	memset(out, 0, sizeof *out);
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || (close[1] && close[1] != ':') || (size_t)(close - spec) >= sizeof host)
			return snprintf(why, whylen, "bad DNS server \"%s\" (expected ADDR[:PORT] or [ADDR6]:PORT)", spec), SD_ERR_INPUT;
		snprintf(host, sizeof host, "%.*s", (int)(close - spec - 1), spec + 1);
		if (close[1])
			port = close + 2;
	} else {
		const char *colon = strchr(spec, ':');
		bool v4_with_port = colon && !strchr(colon + 1, ':');
		if (!sd_copy(host, sizeof host, spec))
			return snprintf(why, whylen, "bad DNS server address"), SD_ERR_INPUT;
		if (v4_with_port) {
			host[colon - spec] = '\0';
			port = colon + 1;
		}
	}
	struct sockaddr_in *v4 = (struct sockaddr_in *)&out->addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&out->addr;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		out->len = sizeof *v4;
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		out->len = sizeof *v6;
	} else {
		return snprintf(why, whylen, "bad DNS server \"%s\" (expected an IP address)", spec), SD_ERR_INPUT;
	}
	if (!set_port(out, port, why, whylen))
		return SD_ERR_INPUT;
	snprintf(out->text, sizeof out->text, "%s#%s", host, port);
	return SD_OK;
}

/* Appends one server to out, and its text to out->text. */
static enum sd_status add_server(struct dns_servers *out, const char *spec, char *why, size_t whylen)
{
	if (out->n >= SD_DNS_MAX_SERVERS)
		return snprintf(why, whylen, "at most %d DNS servers", SD_DNS_MAX_SERVERS), SD_ERR_INPUT;
	enum sd_status st = dns_server_parse(spec, &out->s[out->n], why, whylen);
	if (st != SD_OK)
		return st;
	size_t len = strlen(out->text);
	snprintf(out->text + len, sizeof out->text - len, "%s%s", len ? ", " : "", out->s[out->n++].text);
	return SD_OK;
}

enum sd_status dns_servers_parse(const char *list, struct dns_servers *out, char *why, size_t whylen)
{
	char spec[128];
	memset(out, 0, sizeof *out);
	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		if (len >= sizeof spec)
			return snprintf(why, whylen, "bad DNS server \"%.*s\"", (int)len, p), SD_ERR_INPUT;
		snprintf(spec, sizeof spec, "%.*s", (int)len, p);
		enum sd_status st = add_server(out, spec, why, whylen);
		if (st != SD_OK)
			return st;
		p += len;
		if (*p == '\0')
			return SD_OK;
	}
}

enum sd_status dns_servers_from_resolv_conf(const char *path, struct dns_servers *out, char *why, size_t whylen)
{
	memset(out, 0, sizeof *out);
	FILE *f = fopen(path, "r");
	if (!f)
		return snprintf(why, whylen, "cannot read %s: %s", path, sd_errno_text(errno, (char[64]){ 0 }, 64)),
		       SD_ERR_RESOLVER;
	char line[512], addr[128], ignored[128];
	while (out->n < SD_DNS_MAX_SERVERS && fgets(line, sizeof line, f))
		if (sscanf(line, " nameserver %127s", addr) == 1 && strchr(addr, '%') == NULL)
			add_server(out, addr, ignored, sizeof ignored); /* an unusable line is skipped, as libc does */
	fclose(f);
	if (out->n == 0)
		return snprintf(why, whylen, "no usable nameserver in %s (use --dns-server)", path), SD_ERR_RESOLVER;
	return SD_OK;
}

