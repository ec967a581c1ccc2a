/* ipaddr.c — the socket headers' address conversions behind plain ints. */
#include "ipaddr.h"

#include <arpa/inet.h>

int ipaddr_family(const char *text)
{
	unsigned char buf[16];
	if (inet_pton(AF_INET, text, buf) == 1)
		return AF_INET;
	return inet_pton(AF_INET6, text, buf) == 1 ? AF_INET6 : 0;
}

bool ipaddr_is_v4(int family)
{
	return family == AF_INET;
}

int ipaddr_text(const void *octets, size_t len, char *text, size_t n)
{
	int family = len == 4 ? AF_INET : len == 16 ? AF_INET6 : 0;
	if (n == 0)
		return 0;
	if (!family || !inet_ntop(family, octets, text, (socklen_t)n)) {
		text[0] = '\0';
		return 0;
	}
	return family;
}

const char *ipaddr_private_range(const char *text)
{
	unsigned char b[16];
	if (inet_pton(AF_INET, text, b) == 1) {
		if (b[0] == 10 || (b[0] == 172 && (b[1] & 0xf0) == 16) || (b[0] == 192 && b[1] == 168))
			return "RFC 1918";
		if (b[0] == 100 && (b[1] & 0xc0) == 64)
			return "RFC 6598";
		return NULL;
	}
	if (inet_pton(AF_INET6, text, b) == 1 && (b[0] & 0xfe) == 0xfc)
		return "RFC 4193";
	return NULL;
}
