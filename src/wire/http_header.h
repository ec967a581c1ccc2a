/*
 * http_header.h — an HTTP response as the autodiscover stage keeps it, and reading response
 * header lines into it: pure, so that it can be tested without a network (http.c feeds it).
 */
#ifndef HTTP_HEADER_H
#define HTTP_HEADER_H

#include <stdbool.h>
#include <stddef.h>

#define HTTP_MAX_REDIRECTS 10        /* hops kept in a response's chain */
#define HTTP_MAX_SCHEMES 8
#define HTTP_URL_SIZE 2048
#define HTTP_ERROR_SIZE 256

/* How a request ended. Name resolution is the DNS stage's business: a pinned request never
 * resolves; HTTP_NO_RESOLVE is only seen when an unpinned redirect target does not. */
enum http_result {
	HTTP_OK,                 /* a response came (any status; read status) */
	HTTP_REFUSED,            /* the connection was refused or could not be made */
	HTTP_TIMEOUT,            /* the request's deadline passed */
	HTTP_TLS_ERROR,          /* the TLS handshake failed */
	HTTP_TLS_REFUSED,        /* the caller's verify callback refused the session */
	HTTP_TOO_LARGE,          /* the body passed the cap (status and headers are kept) */
	HTTP_TOO_MANY_REDIRECTS, /* more 3xx than max_redirects while following */
	HTTP_NO_RESOLVE,         /* an unpinned host did not resolve */
	HTTP_ERROR,              /* anything else: error says what */
};

/* One 3xx that was followed: its status and the Location it gave. */
struct http_hop {
	long status;
	char location[HTTP_URL_SIZE];
};

/* Everything observed; the header fields are those of the last response received. Strings
 * are cut to fit their arrays. */
struct http_response {
	enum http_result result;
	char error[HTTP_ERROR_SIZE];   /* curl's words for anything but HTTP_OK, else "" */
	long status;                   /* 0 when no response came */
	char content_type[128];
	char location[HTTP_URL_SIZE];  /* the Location header as sent */
	char schemes[HTTP_MAX_SCHEMES][32]; /* WWW-Authenticate scheme names, in order */
	size_t n_schemes;
	char webticket_url[HTTP_URL_SIZE]; /* X-MS-WebTicketURL */
	char primary_ip[64];           /* the address connected to, "" when none */
	long primary_port;
	char effective_url[HTTP_URL_SIZE]; /* the last URL requested */
	struct http_hop hops[HTTP_MAX_REDIRECTS]; /* the redirects followed, in order */
	size_t n_hops;
	unsigned char *body;           /* malloc'd, NUL-terminated past body_len; NULL when empty */
	size_t body_len;
	bool tls;                      /* the last connection was TLS */
	double connect_ms, tls_ms, first_byte_ms, total_ms; /* from the start of the request */
};


/* Takes one header line (with or without its CRLF). A status line ("HTTP/...") starts a new
 * response: a 3xx with a Location before it joins r->hops, and the header fields are
 * cleared. Content-Type, Location, X-MS-WebTicketURL and the scheme of every challenge
 * of WWW-Authenticate (RFC 7235; commas inside quotes do not split) are kept. */
void http_header_line(struct http_response *r, const char *line, size_t len);

#endif
