/*
 * http_header.h — reading response header lines into a struct http_response (internal to
 * http.c; separate so that it can be tested without a network).
 */
#ifndef HTTP_HEADER_H
#define HTTP_HEADER_H

#include <stddef.h>

#include "http.h"

/* Copies len bytes of src into dst of size n, cut to fit, NUL-terminated. */
void http_copy_cut(char *dst, size_t n, const char *src, size_t len);

/* Takes one header line (with or without its CRLF). A status line ("HTTP/...") starts a new
 * response: a 3xx with a Location before it joins r->hops, and the header fields are
 * cleared. Content-Type, Location, X-MS-WebTicketURL and the scheme of every challenge
 * of WWW-Authenticate (RFC 7235; commas inside quotes do not split) are kept. */
void http_header_line(struct http_response *r, const char *line, size_t len);

#endif
