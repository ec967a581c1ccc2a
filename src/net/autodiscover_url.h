/* autodiscover_url.h — the URLs of autodiscover hops (SPEC §4.7), through libcurl's URL
 * API: a redirect's Location or a document's link resolved against the URL it came from. */
#ifndef AUTODISCOVER_URL_H
#define AUTODISCOVER_URL_H

#include <stdbool.h>
#include <stddef.h>

/*
 * ref (a Location header or a link's href, absolute or relative) resolved against base
 * (RFC 3986) into out (n bytes), its host into host (hn bytes, an IPv6 literal without
 * brackets) and whether it is https into *https. False, out and host "", when ref is not an
 * http(s) URL, cannot be parsed or does not fit. SD_ERR_NOMEM is not told apart: a URL the
 * tool cannot hold is not requested.
 */
bool ad_url_resolve(const char *base, const char *ref, char *out, size_t n, char *host, size_t hn, bool *https);

#endif
