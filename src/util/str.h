/* str.h — the string jobs every layer shares, each written once: bounded copy and append, IP literals, host names, HOST[:PORT], dates, UTF-8 and escaping. */
#ifndef STR_H
#define STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "status.h"

/*
 * The bounded copy: the len octets at src into dst of size n, cut to n - 1 when
 * longer, always terminated (when n > 0; nothing is written when n is 0). True
 * when all of them fitted. src need not be terminated.
 */
bool str_copy_span(char *dst, size_t n, const char *src, size_t len);

/* str_copy_span of the string src: true when all of it fitted. */
bool sd_copy(char *dst, size_t n, const char *src);

/*
 * Appends printf-style text at buf + *len (buf has room for n octets, *len < n
 * octets used), always terminated. True when all of it fitted; on truncation
 * *len becomes n - 1, so that later calls append nothing. The bounded join:
 *   size_t len = 0; buf[0] = '\0';
 *   for (i...) str_appendf(buf, n, &len, "%s%s", i ? ", " : "", item[i]);
 */
bool str_appendf(char *buf, size_t n, size_t *len, const char *fmt, ...) SD_PRINTF(4, 5);

/* Whether s is an IPv4 or IPv6 address literal (with or without [brackets]). */
bool sd_is_ip_literal(const char *s);

/* A host name in the form names are compared in: ASCII lower case, one trailing dot removed ("." stays). */
void str_host_normalize(char *host);

/*
 * Splits HOST[:PORT], [ADDR6][:PORT] or a bare IPv6 address (two colons or more,
 * no port) into host (buffer of n octets) and *port (0 when none is given; a
 * port is 1 to 5 decimal digits, 1..65535). The host is not checked otherwise.
 * SD_ERR_INPUT with why "bad address \"SPEC\"" (unclosed bracket, text after
 * "]" other than ":PORT", host longer than n - 1) or "bad port in \"SPEC\"".
 */
enum sd_status str_host_port(const char *spec, char *host, size_t n, uint16_t *port, char *why, size_t whylen);

enum str_time_style {
	STR_TIME_MINUTE,             /* "2026-03-01 12:00 UTC", for people */
	STR_TIME_ISO8601,            /* "2026-03-01T12:00:00Z", for JSON */
};

/* Room for a time in either style, with its NUL. */
#define STR_TIME_SIZE 32

/* t (seconds since the epoch) as UTC text in style; false (buf "?") when it cannot be shown. */
bool str_time_utc(char *buf, size_t n, long long t, enum str_time_style style);

/*
 * Length of the well-formed UTF-8 sequence of two to four octets at p, or 0
 * (RFC 3629: no overlong forms, no surrogates U+D800..U+DFFF, nothing above
 * U+10FFFF). p is NUL-terminated: nothing past a NUL is read.
 */
size_t str_utf8_length(const unsigned char *p);

enum str_escape {
	STR_ESCAPE_HEX,              /* each unsafe octet and "\" as \xNN (the trace, stderr) */
	STR_ESCAPE_PLUGIN,           /* each unsafe octet as "?", and "|" as "/" (the plugin line) */
};

/*
 * Writes s to out with every octet that could drive a terminal or break a line
 * replaced as style says: C0 controls, DEL, C1 controls (U+0080..U+009F) and
 * octets that are not well-formed UTF-8. Other UTF-8 passes unchanged.
 */
void str_escape(FILE *out, const char *s, enum str_escape style);

#endif
