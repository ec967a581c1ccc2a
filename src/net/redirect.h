/* redirect.h — a REGISTER's 301/302 followed to the home pool, as the client follows it (SPEC §6). */
#ifndef REDIRECT_H
#define REDIRECT_H

#include "dns_servers.h"
#include "result.h"

struct tls_trust;

/*
 * While the last REGISTER answer (the chosen attempt's, then each hop's) is a 301 or
 * 302, and at most REDIRECT_MAX times: reads the home pool from its Contact, resolves
 * it through dns (the tool's DNS servers, A and AAAA as the policy allows), connects
 * to each address in turn, validates its certificate against the pool's name and
 * sends it the same REGISTER, appending one hop to r->redirects. Stops at the first
 * hop that fails, and when the deadline expires (noted with result_expire).
 * SD_ERR_NOMEM; a DNS transport's local failure (SD_ERR_SOCKET).
 */
enum sd_status redirect_follow(struct result *r, const struct dns_servers *dns, const struct tls_trust *trust,
			       bool keep_raw);

#endif
