/*
 * autodiscover_doc.h — the [MS-OCDISCWS] AutodiscoverResponse document (SPEC §4.7), read
 * with a bounded streaming parser. Pure: no I/O, no clocks, no globals.
 */
#ifndef AUTODISCOVER_DOC_H
#define AUTODISCOVER_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

#define AD_DOC_MAX_BYTES (256u * 1024u) /* a larger document is refused unread */
#define AD_DOC_MAX_DEPTH 32             /* element nesting */
#define AD_DOC_MAX_ATTR 2048            /* bytes of any one attribute value */
#define AD_DOC_MAX_LINKS 16             /* links kept; later ones are counted only */
#define AD_DOC_TOKEN_SIZE 64
#define AD_DOC_HREF_SIZE (AD_DOC_MAX_ATTR + 1)
#define AD_DOC_FQDN_SIZE 254            /* 253 octets and the NUL */
#define AD_DOC_WHY_SIZE 128

enum ad_doc_kind {
	AD_DOC_NOT_AUTODISCOVER, /* well-formed enough to see, but no AutodiscoverResponse/Root|User */
	AD_DOC_MALFORMED,        /* not XML, or over a bound (size, depth, attribute length) */
	AD_DOC_ROOT,             /* AutodiscoverResponse/Root */
	AD_DOC_USER,             /* AutodiscoverResponse/User */
};

/* The four access entries of a User document, in the order SPEC §4.7 tries the client ones. */
enum ad_access_kind {
	AD_ACCESS_CLIENT_INTERNAL, /* SipClientInternalAccess: a SIP server, tried first */
	AD_ACCESS_CLIENT_EXTERNAL, /* SipClientExternalAccess: a SIP server, tried second */
	AD_ACCESS_SERVER_INTERNAL, /* SipServerInternalAccess: shown and ignored */
	AD_ACCESS_SERVER_EXTERNAL, /* SipServerExternalAccess: shown and ignored */
	AD_ACCESS_COUNT
};

struct ad_access {
	bool present;               /* the element appeared (the first one of its name counts) */
	bool valid;                 /* fqdn is a non-empty name of at most 253 octets, port 1..65535 */
	char fqdn[AD_DOC_FQDN_SIZE]; /* cut to fit when too long (then valid is false) */
	unsigned port;              /* 0 when the port attribute is missing or out of range */
	char port_text[8];          /* the attribute as written, cut to fit, for the report */
};

struct ad_link {
	char token[AD_DOC_TOKEN_SIZE]; /* cut to fit */
	char href[AD_DOC_HREF_SIZE];
};

struct ad_doc {
	enum ad_doc_kind kind;
	char why[AD_DOC_WHY_SIZE];     /* for MALFORMED and NOT_AUTODISCOVER: one line saying why */
	char access_location[32];      /* the root element's AccessLocation, "" when absent */
	bool external;                 /* AccessLocation is "External" (any case) */
	struct ad_link links[AD_DOC_MAX_LINKS]; /* Root/Link or User/Link, in document order */
	size_t n_links;                /* kept in links[] (at most AD_DOC_MAX_LINKS) */
	size_t links_seen;             /* all Link elements of the section, kept or not */
	bool has_follow;               /* SPEC §4.7: the first link whose token is Redirect or User */
	struct ad_link follow;
	struct ad_access access[AD_ACCESS_COUNT];
};

struct ad_doc_parser;

/* A parser for one document into *p (freed with ad_doc_parser_free), or SD_ERR_NOMEM. */
enum sd_status ad_doc_parser_new(struct ad_doc_parser **p);

/* Feeds the next chunk. Returns true while the parser wants more input; false once the
 * outcome is already decided (an error, a bound crossed, or not an autodiscover document),
 * after which further chunks are ignored. Never reads past len. */
bool ad_doc_parser_feed(struct ad_doc_parser *p, const void *chunk, size_t len);

/* Ends the input and fills *out. Call once, then free. SD_ERR_NOMEM when memory ran out
 * on the way: *out then says nothing of the document. */
enum sd_status ad_doc_parser_finish(struct ad_doc_parser *p, struct ad_doc *out);

void ad_doc_parser_free(struct ad_doc_parser *p);

/* The whole document at once into *out (out->kind says what it is), or SD_ERR_NOMEM. */
enum sd_status ad_doc_parse(const void *buf, size_t len, struct ad_doc *out);

/* "root", "user", "not-autodiscover", "malformed". */
const char *ad_doc_kind_name(enum ad_doc_kind kind);

/* "SipClientInternalAccess", ... */
const char *ad_access_name(enum ad_access_kind kind);

#endif
