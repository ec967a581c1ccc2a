/* dns_servers.c — the DNS servers asked (SPEC §4.6): parsing them, and saying what they did. */
#include "dns_servers.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/*
 * ADDR#PORT, the form dig, BIND and this tool's trace print, rewritten as ADDR:PORT
 * ([ADDR6]:PORT for an IPv6 address) so that one parser checks the port; other
 * forms are copied as they are. False when the result does not fit.
 */
static bool hash_form(const char *spec, char *buf, size_t n)
{
	const char *hash = strchr(spec, '#');
	if (!hash)
		return sd_copy(buf, n, spec);
	size_t len = (size_t)(hash - spec);
	bool v6 = memchr(spec, ':', len) != NULL && spec[0] != '[';
	int w = snprintf(buf, n, "%s%.*s%s:%s", v6 ? "[" : "", (int)len, spec, v6 ? "]" : "", hash + 1);
	return w >= 0 && (size_t)w < n;
}

enum sd_status dns_server_parse(const char *spec, struct dns_server *out, char *why, size_t whylen)
{
	char host[SD_ADDR_MAX], hostport[160];
	uint16_t port;
	memset(out, 0, sizeof *out);
	if (!hash_form(spec, hostport, sizeof hostport) || strchr(hostport, '#') ||
	    str_host_port(hostport, host, sizeof host, &port, why, whylen) != SD_OK)
		return sd_fail(why, whylen, SD_ERR_INPUT,
			       "bad DNS server \"%s\" (expected ADDR[:PORT], ADDR#PORT or [ADDR6]:PORT)", spec);
	if (port == 0)
		port = 53;
	struct sockaddr_in *v4 = (struct sockaddr_in *)&out->addr;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)&out->addr;
	if (inet_pton(AF_INET, host, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		out->len = sizeof *v4;
	} else if (inet_pton(AF_INET6, host, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		out->len = sizeof *v6;
	} else {
		return sd_fail(why, whylen, SD_ERR_INPUT, "bad DNS server \"%s\" (expected an IP address)", spec);
	}
	snprintf(out->text, sizeof out->text, "%s#%u", host, (unsigned)port);
	return SD_OK;
}

/* Appends one server to out, and its text to out->text. */
static enum sd_status add_server(struct dns_servers *out, const char *spec, char *why, size_t whylen)
{
	if (out->n >= SD_DNS_MAX_SERVERS)
		return sd_fail(why, whylen, SD_ERR_INPUT, "at most %d DNS servers", SD_DNS_MAX_SERVERS);
	enum sd_status st = dns_server_parse(spec, &out->s[out->n], why, whylen);
	if (st != SD_OK)
		return st;
	size_t len = strlen(out->text);
	str_appendf(out->text, sizeof out->text, &len, "%s%s", len ? ", " : "", out->s[out->n++].text);
	return SD_OK;
}

enum sd_status dns_servers_parse(const char *list, struct dns_servers *out, char *why, size_t whylen)
{
	char spec[128];
	memset(out, 0, sizeof *out);
	for (const char *p = list;; p++) {
		size_t len = strcspn(p, ",");
		if (len >= sizeof spec)
			return sd_fail(why, whylen, SD_ERR_INPUT, "bad DNS server \"%.*s\"", (int)len, p);
		str_copy_span(spec, sizeof spec, p, len);
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
		return sd_fail(why, whylen, SD_ERR_RESOLVER, "cannot read %s: %s", path,
			       sd_errno_text(errno, (char[64]){ 0 }, 64));
	char line[512], addr[128], ignored[128];
	while (out->n < SD_DNS_MAX_SERVERS && fgets(line, sizeof line, f))
		if (sscanf(line, " nameserver %127s", addr) == 1 && strchr(addr, '%') == NULL)
			add_server(out, addr, ignored, sizeof ignored); /* an unusable line is skipped, as libc does */
	fclose(f);
	if (out->n == 0)
		return sd_fail(why, whylen, SD_ERR_RESOLVER, "no usable nameserver in %s (use --dns-server)", path);
	return SD_OK;
}

int dns_server_socket(const struct dns_server *s, int type)
{
	int fd = socket(s->addr.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)&s->addr, s->len) < 0 && errno != EINPROGRESS) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

void dns_server_reports_init(const struct dns_servers *srv, struct dns_server_report *rep, size_t *n_rep)
{
	*n_rep = srv->n;
	for (size_t i = 0; i < srv->n; i++) {
		memset(&rep[i], 0, sizeof rep[i]);
		sd_copy(rep[i].server, sizeof rep[i].server, srv->s[i].text);
		sd_copy(rep[i].what, sizeof rep[i].what, "not asked");
	}
}

void dns_server_order(const struct dns_servers *srv, const struct dns_server_report *rep, size_t n_rep,
		      enum dns_stage stage, size_t order[SD_DNS_MAX_SERVERS])
{
	size_t k = 0;
	bool known = stage != STAGE_SRV && n_rep == srv->n;
	for (int pass = known ? 0 : 1; pass < 2; pass++)
		for (size_t i = 0; i < srv->n; i++)
			if (!known || rep[i].alive == (pass == 0))
				order[k++] = i;
}

void dns_server_note(struct dns_server_report *rep, bool alive, const char *what)
{
	if (alive)
		rep->alive = true;
	if (alive || !rep->alive)
		sd_copy(rep->what, sizeof rep->what, what);
}

