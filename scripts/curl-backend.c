/*
 * curl-backend.c — built and run by the Makefile before anything else: prints the TLS
 * library the libcurl found by pkg-config is built with, and fails unless it is GnuTLS.
 * The https certificate checks (SPEC §4.7) take curl's GnuTLS session and validate it with
 * the SIP attempts' own code; a libcurl built on OpenSSL or NSS would compile and then
 * report every https URL as a TLS error, so such a build is refused here instead.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	const char *ssl = v && v->ssl_version ? v->ssl_version : "no TLS library";
	printf("%s\n", ssl);
	return strncmp(ssl, "GnuTLS", 6) == 0 ? 0 : 1;
}
