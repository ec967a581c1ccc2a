/* report_text_parts.h — what more than one part of the trace prints: the colours, a raw message
 * under --verbose, the lines of a TLS handshake and its certificate, a SIP answer. The
 * connection stage (report_text.c) and the autodiscover stage (report_autodiscover_text.c)
 * print a certificate with the same words. */
#ifndef REPORT_TEXT_PARTS_H
#define REPORT_TEXT_PARTS_H

#include <stdio.h>

#include "report.h"

#define C_BOLD "\033[1m"
#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_DIM "\033[2m"
#define C_OFF "\033[0m"

/* The indent of the lines under an attempt (its TLS, certificate and SIP lines). */
#define REPORT_ATTEMPT_INDENT "        "
/* The indent of the lines under an autodiscover URL. */
#define REPORT_URL_INDENT "      "

/* code when o asks for colour, else "". */
const char *report_color(const struct report_opts *o, const char *code);

/* A raw message (--verbose) line by line, each under indent, dimmed: CRLF ends a line, a tab
 * is shown as a space, other control octets are escaped (STR_ESCAPE_HEX). */
void report_block(FILE *out, const struct report_opts *o, const char *text, const char *indent);

/* " NAME NAME ...": the certificate's subject alternative names, each escaped. */
void report_cert_names(FILE *out, const struct tls_report *t);

/* The SHA-1 warning line under indent when t is signed with SHA-1 (SPEC §6), else nothing. */
void report_sha1_warning(FILE *out, const struct tls_report *t, const char *indent);

/* An attempt's TLS lines (SPEC §6, §7): version and cipher, then for a certificate its subject,
 * issuer, names, dates, (under -v: serial, key, fingerprint, pin, the chain as sent), the
 * three checks and the days to expiry, the failure classes (in red) and the SHA-1 warning. */
void report_tls_lines(FILE *out, const struct report_opts *o, const struct tls_report *t);

/* The REGISTER's answer (SPEC §6): status, each challenge's realm and targetname, Server,
 * Contact and ms-diagnostics; the messages themselves under --verbose. */
void report_sip_lines(FILE *out, const struct report_opts *o, const struct sip_report *s);

/* SPEC §6: each redirect followed to a home pool, as a hop: the code, the pool, its address
 * and outcome (or the DNS answer that gave none), then its TLS and REGISTER lines. */
void report_redirect_lines(FILE *out, const struct report_opts *o, const struct result *r);

#endif
