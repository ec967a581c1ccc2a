/* sd.h — types shared by every module: the status enum, transports, verdicts. */
#ifndef SD_H
#define SD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A host name in text form: 253 octets and the terminating NUL (SPEC §2). */
#define SD_HOST_MAX 254
/* A query name may be longer than a host name: "_sipinternaltls._tcp." + domain. */
#define SD_QNAME_MAX 300
#define SD_ADDR_MAX 46 /* INET6_ADDRSTRLEN */

/* Every fallible library call returns one of these; sd_strerror() names it. */
enum sd_status {
	SD_OK = 0,
	SD_ERR_NOMEM,
	SD_ERR_INPUT,
	SD_ERR_RESOLVER,
	SD_ERR_SOCKET,
	SD_ERR_TIMEOUT,
	SD_ERR_PROTOCOL,
	SD_ERR_TLS,
};

const char *sd_strerror(enum sd_status status);

enum sd_transport { SD_TLS, SD_TCP };

/* "tls" or "tcp", the names used in the trace and in JSON. */
const char *sd_transport_name(enum sd_transport t);

/* The verdicts are the exit statuses of SPEC §8. */
enum sd_verdict {
	SD_VERDICT_OK = 0,
	SD_VERDICT_WARNING = 1,
	SD_VERDICT_CRITICAL = 2,
	SD_VERDICT_UNKNOWN = 3,
};

/* "ok", "warning", "critical", "unknown". */
const char *sd_verdict_name(enum sd_verdict v);

/*
 * The worse of two verdicts in the order OK < UNKNOWN < WARNING < CRITICAL, as
 * the Monitoring Plugins' max_state_alt: one mistyped line of a batch must not
 * hide a CRITICAL domain (SPEC §8).
 */
enum sd_verdict sd_verdict_worst(enum sd_verdict a, enum sd_verdict b);

/*
 * Makes room for one more element in a growable array: *items has *count used
 * elements of size size. Returns a pointer to the new, zeroed element (count is
 * incremented), or NULL when memory ran out (the array is unchanged).
 */
void *sd_push(void *items, size_t *count, size_t size);

/* errno's text into buf (strerror_r: several addresses run on threads at once). */
const char *sd_errno_text(int err, char *buf, size_t n);

/* Whether s is an IPv4 or IPv6 address literal (with or without [brackets]). */
bool sd_is_ip_literal(const char *s);

/* "OK", "WARNING", "CRITICAL", "UNKNOWN": the verdict as the trace and the plugin line say it. */
const char *sd_verdict_label(enum sd_verdict v);

/* Copies src into dst of size n, always terminated; true when it fitted. */
bool sd_copy(char *dst, size_t n, const char *src);

#endif
