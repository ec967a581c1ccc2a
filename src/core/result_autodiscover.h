/* result_autodiscover.h — what the autodiscover stage found, one entry per URL the client
 * requests (SPEC §4.7). Plain data. */
#ifndef RESULT_AUTODISCOVER_H
#define RESULT_AUTODISCOVER_H

#include "autodiscover_doc.h"
#include "conn_report.h"

/* SPEC §4.7: how one autodiscover URL ended, in JSON's spelling (ad_outcome_name). */
enum ad_outcome {
	AD_USABLE, AD_DOES_NOT_RESOLVE, AD_REFUSED, AD_TIMEOUT, AD_TLS_ERROR, AD_HTTP_STATUS,
	AD_CONTENT_TYPE, AD_NOT_AUTODISCOVER, AD_UNAUTHORIZED, AD_REDIRECT_NOT_FOLLOWED, AD_LINK_LOOP,
};

/* "usable", "does-not-resolve", ... as in JSON. */
const char *ad_outcome_name(enum ad_outcome o);

/*
 * What the client does with the certificate of an https autodiscover URL (SPEC §4.7): the
 * output of autodiscover_cert_action's table over the failure classes of SPEC §6.
 */
enum ad_cert_action {
	AD_CERT_NONE,                /* http://, or no TLS report */
	AD_CERT_ACCEPTED,            /* no failure class */
	AD_CERT_WARNING,             /* lync2013: a certificate warning; at least WARNING */
	AD_CERT_PROMPT,              /* sipe: stops on a certificate prompt; at least WARNING */
	AD_CERT_REJECTED,            /* the URL failed, nothing shown to the user */
};

/* "none", "accepted", "warning", "prompt", "rejected". */
const char *ad_cert_action_name(enum ad_cert_action c);

#define AD_URL_SIZE 2048
#define AD_REDIRECTS_MAX 5           /* web-server redirects kept per URL */
#define AD_SCHEMES_MAX 8             /* WWW-Authenticate schemes kept from one 401 */

/* A link of an autodiscover document along one URL's chain, and where following it led. */
struct ad_link_seen {
	char token[64];
	char href[AD_URL_SIZE];
	bool followed;
	unsigned level;              /* 0: in the document of the URL itself; 1: one link down ... */
	enum ad_outcome led_to;      /* followed links: how that fetch ended */
	long status;
};

/* A web-server redirect (3xx) the client followed (lync2013). */
struct ad_redirect {
	long status;
	char location[AD_URL_SIZE];
};

struct ad_server {
	char fqdn[SD_HOST_MAX];
	unsigned port;
	enum ad_access_kind kind;
	bool used;                   /* a SIP candidate: a client access kept after AccessLocation */
};

/* One autodiscover URL the client requests (SPEC §4.7), followed to its end. */
struct ad_url {
	char url[AD_URL_SIZE];       /* as the client first requests it */
	char host[SD_QNAME_MAX];
	bool https;
	unsigned group;              /* the profile's group: URLs of one group go out together */
	char address[SD_ADDR_MAX];   /* "" when the name does not resolve */
	enum ad_outcome outcome;
	long status;                 /* of the last response along the chain, 0: none */
	char content_type[128];
	char final_url[AD_URL_SIZE]; /* the last URL requested along links and redirects */
	char detail[256];            /* one line saying why the URL failed */
	bool via_user_link;          /* the last request came through a User link */
	bool has_tls;
	struct tls_report tls;       /* of the last https request along the chain */
	struct ad_link_seen *links;
	size_t n_links;
	struct ad_redirect redirects[AD_REDIRECTS_MAX];
	size_t n_redirects;
	struct ad_server servers[AD_ACCESS_COUNT]; /* one per access kind of the User document */
	size_t n_servers;
	char schemes[AD_SCHEMES_MAX][32]; /* WWW-Authenticate schemes of a 401 */
	size_t n_schemes;
	char webticket_url[AD_URL_SIZE];
	bool needed;                 /* false: an earlier URL already answered for the client */
	bool winner;                 /* the first usable answer in the client's order */
	unsigned ms;                 /* the whole chain */
	bool if_rejected;            /* after a prompt: asked only if the user rejects it (SPEC §6) */
};

#endif
