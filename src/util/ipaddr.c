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
