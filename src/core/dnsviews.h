/* dnsviews.h — SPEC §7.2: two views of DNS side by side (--compare-dns). Pure. */
#ifndef DNSVIEWS_H
#define DNSVIEWS_H

#include "result.h"

/* q's answer as one comparable line: "answer 0 0 5061 pool.contoso.com.", "nxdomain", ... */
void dnsviews_answer_text(const struct query *q, char *buf, size_t n);

/*
 * With r->views->other holding the second view (DNS only, decided): lists the queries
 * whose answers differ, adds the split-brain hints (§7.2, with their fixes) and makes
 * r's status the worse of the two views (the first view's own kept in r->views).
 * SD_ERR_NOMEM when a difference or a hint could not be stored.
 */
enum sd_status dnsviews_compare(struct result *r);

#endif
