/* autodiscover_url.c — see autodiscover_url.h. */
#include "autodiscover_url.h"

#include "str.h"

#include <curl/curl.h>
#include <string.h>
#include <strings.h>

bool ad_url_resolve(const char *base, const char *ref, char *out, size_t n, char *host, size_t hn, bool *https)
{
	char *url = NULL, *h = NULL, *scheme = NULL;
	out[0] = host[0] = '\0';
	*https = false;
	CURLU *u = curl_url();
	/* setting a URL on a handle that holds one resolves it as a relative reference */
	bool ok = u && curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
		  curl_url_set(u, CURLUPART_URL, ref, 0) == CURLUE_OK &&
		  curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
		  (strcasecmp(scheme, "http") == 0 || strcasecmp(scheme, "https") == 0) &&
		  curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK && curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK;
	if (ok) {
		const char *bare = h;
		size_t len = strlen(h);
		if (h[0] == '[' && len > 2 && h[len - 1] == ']')
			bare = h + 1, len -= 2;
		ok = len > 0 && len < hn && strlen(url) < n;
		if (ok) {
			memcpy(host, bare, len);
			host[len] = '\0';
			sd_copy(out, n, url);
			*https = strcasecmp(scheme, "https") == 0;
		}
	}
	curl_free(url);
	curl_free(h);
	curl_free(scheme);
	curl_url_cleanup(u);
	return ok;
}
