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
	AD_REDIRECTED,               /* a 3xx the client follows: its Location is the next entry */
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

/* Whether entry a is a hop (a redirect's Location or a followed link), not a first URL. */
struct ad_url;
bool ad_is_hop(const struct ad_url *a);

/* "none", "accepted", "warning", "prompt", "rejected". */
const char *ad_cert_action_name(enum ad_cert_action c);

#define AD_URL_SIZE 2048
#define AD_REDIRECTS_MAX 5           /* room for an entry's redirect (one is kept: each hop is an entry) */
#define AD_SCHEMES_MAX 8             /* WWW-Authenticate schemes kept from one 401 */

/* A link of one entry's autodiscover document, and where following it led. */
struct ad_link_seen {
	char token[64];
	char href[AD_URL_SIZE];      /* as the document wrote it */
	bool followed;
	unsigned level;              /* always 0: a followed link is an entry of its own (via, from) */
	enum ad_outcome led_to;      /* followed links: the outcome of the entry it became */
	long status;
};

/* The web-server redirect (3xx) one entry answered; the client's next entry when it follows it. */
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

/* The longest via: a link token ("Redirect", "User"), or "redirect". */
#define AD_VIA_SIZE 64

/* One request the client makes (SPEC §4.7): a URL of the profile, or a hop (a redirect's
 * Location or a followed link) with via and from. */
struct ad_url {
	char url[AD_URL_SIZE];       /* as the client requests it (absolute) */
	char via[AD_VIA_SIZE];       /* "redirect" or the link's token; "" on the first URLs */
	size_t from;                 /* a hop (via set): the index of the entry it came from */
	char host[SD_QNAME_MAX];
	bool https;
	unsigned group;              /* the profile's group: URLs of one group go out together */
	char address[SD_ADDR_MAX];   /* "" when the name does not resolve */
	enum ad_outcome outcome;
	long status;                 /* of this request's response, 0: none */
	char content_type[128];
	char final_url[AD_URL_SIZE]; /* the URL curl ended on: url (redirects are entries of their own) */
	char detail[256];            /* one line saying why the URL failed */
	bool via_user_link;          /* the request came through a User link (and any redirects after it) */
	bool has_tls;
	struct tls_report tls;       /* of this https request */
	struct ad_link_seen *links;
	size_t n_links;
	struct ad_redirect redirects[AD_REDIRECTS_MAX]; /* the entry's own 3xx: at most one */
	size_t n_redirects;
	struct ad_server servers[AD_ACCESS_COUNT]; /* one per access kind of the User document */
	size_t n_servers;
	char schemes[AD_SCHEMES_MAX][32]; /* WWW-Authenticate schemes of a 401 */
	size_t n_schemes;
	char webticket_url[AD_URL_SIZE];
	bool needed;                 /* false: an earlier URL already answered for the client */
	bool winner;                 /* the first usable answer in the client's order */
	unsigned ms;                 /* this request */
	bool if_rejected;            /* after a prompt: asked only if the user rejects it (SPEC §6) */
};

#endif
