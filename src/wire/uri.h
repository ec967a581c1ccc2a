/* uri.h — the sign-in address: parsing, normalisation and rejection (SPEC §2). */
#ifndef URI_H
#define URI_H

#include "sd.h"

#define URI_USER_MAX 257 /* 256 octets of user part and the NUL */
#define URI_PLACEHOLDER_USER "user" /* the user part of a bare domain (SPEC §2) */

struct uri {
	char scheme[5];              /* "sip" or "sips", lower case */
	char user[URI_USER_MAX];     /* as given */
	char domain[SD_HOST_MAX];    /* lower case, no trailing dot, A-label form */
	char text[5 + 1 + URI_USER_MAX + SD_HOST_MAX]; /* "sip:user@domain" */
	bool was_idn;                /* the domain was converted to its A-label form */
	bool ignored_params;         /* ";transport=tls" and such were present */
	bool ignored_headers;        /* "?..." was present */
	bool placeholder_user;       /* a bare domain was given: user is URI_PLACEHOLDER_USER */
	bool name_addr;              /* the address was inside <angle brackets> */
};

/*
 * Parses a sign-in address: sip:user@domain, sips:user@domain or user@domain,
 * the same in <angle brackets> after an optional display name, or a bare domain
 * of two labels or more (then user is URI_PLACEHOLDER_USER).
 * On SD_ERR_INPUT, why holds a short phrase ("empty user part") for the
 * one-line error. Touches no network.
 */
enum sd_status uri_parse(const char *text, struct uri *out, char *why, size_t whylen);

/*
 * Checks that name (lower case, no trailing dot) is a syntactically valid host
 * name: labels of 1 to 63 letters, digits and hyphens, 253 octets at most, not an
 * IP address: SD_OK, else SD_ERR_INPUT with the reason in why.
 */
enum sd_status uri_host_check(const char *name, char *why, size_t whylen);

#endif
