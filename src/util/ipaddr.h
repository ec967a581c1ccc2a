/* ipaddr.h — IP address literals and their family (AF_INET, AF_INET6), for modules that
 * must stay clear of the socket headers that define them. */
#ifndef IPADDR_H
#define IPADDR_H

#include <stdbool.h>
#include <stddef.h>

/* AF_INET or AF_INET6 when text is an IPv4 or IPv6 literal (no brackets), else 0. */
int ipaddr_family(const char *text);

/* Whether family is AF_INET. */
bool ipaddr_is_v4(int family);

/* The text form of the 4 (IPv4) or 16 (IPv6) octets into text of size n; returns the
 * family, or 0 (text "") for any other length or when n is too small. */
int ipaddr_text(const void *octets, size_t len, char *text, size_t n);

/*
 * SPEC §7.2: the range a private address belongs to, "RFC 1918" (10/8, 172.16/12,
 * 192.168/16), "RFC 6598" (100.64/10) or "RFC 4193" (fc00::/7); NULL for any other
 * address (loopback and link-local included) and for text that is not an address.
 */
const char *ipaddr_private_range(const char *text);

#endif
