/* status.h — the status, transport and verdict enums that every module shares, and their names. */
#ifndef STATUS_H
#define STATUS_H

#include <stddef.h>

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
	SD_ERR_NO_ANSWER,            /* no DNS server answered any query (SPEC §4.6): nothing is known */
	SD_ERR_THREAD,               /* a thread, lock or condition variable call failed */
	SD_ERR_WRITE,                /* writing the output failed (a full disk, a closed pipe) */
};

#if defined(__GNUC__)
#define SD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define SD_PRINTF(f, a)
#endif

/*
 * The one way to fail with a reason: writes the printf-style reason into why
 * (whylen octets, always terminated; nothing when why is NULL or whylen 0) and
 * returns status, so that a caller writes `return sd_fail(why, whylen, ...)`.
 */
enum sd_status sd_fail(char *why, size_t whylen, enum sd_status status, const char *fmt, ...) SD_PRINTF(4, 5);

/* The status as one lower-case phrase ("out of memory"); "unknown error" out of range. */
const char *sd_strerror(enum sd_status status);

/* errno's text into buf (strerror_r: several addresses run on threads at once); returns buf. */
const char *sd_errno_text(int err, char *buf, size_t n);

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

/* "ok", "warning", "critical", "unknown": the verdict as JSON says it. */
const char *sd_verdict_name(enum sd_verdict v);

/* "OK", "WARNING", "CRITICAL", "UNKNOWN": the verdict as the trace and the plugin line say it. */
const char *sd_verdict_label(enum sd_verdict v);

/*
 * The worse of two verdicts in the order OK < UNKNOWN < WARNING < CRITICAL, as
 * the Monitoring Plugins' max_state_alt: one mistyped line of a batch must not
 * hide a CRITICAL domain (SPEC §8).
 */
enum sd_verdict sd_verdict_worst(enum sd_verdict a, enum sd_verdict b);

#endif
