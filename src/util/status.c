/* status.c — the names of the shared status, transport and verdict enums. */
#include "status.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const status_text[] = {
	[SD_OK] = "success",
	[SD_ERR_NOMEM] = "out of memory",
	[SD_ERR_INPUT] = "invalid input",
	[SD_ERR_RESOLVER] = "no usable resolver configuration",
	[SD_ERR_SOCKET] = "socket error",
	[SD_ERR_TIMEOUT] = "timed out",
	[SD_ERR_PROTOCOL] = "protocol error",
	[SD_ERR_TLS] = "TLS error",
	[SD_ERR_NO_ANSWER] = "no DNS server answered",
	[SD_ERR_THREAD] = "a thread could not be started or synchronised",
	[SD_ERR_WRITE] = "write error",
};

const char *sd_strerror(enum sd_status status)
{
	if ((size_t)status >= sizeof status_text / sizeof status_text[0])
		return "unknown error";
	return status_text[status];
}

enum sd_status sd_fail(char *why, size_t whylen, enum sd_status status, const char *fmt, ...)
{
	if (why && whylen > 0) {
		va_list ap;
		va_start(ap, fmt);
		if (vsnprintf(why, whylen, fmt, ap) < 0)
			why[0] = '\0';
		va_end(ap);
	}
	return status;
}

const char *sd_errno_text(int err, char *buf, size_t n)
{
	if (strerror_r(err, buf, n) != 0)
		snprintf(buf, n, "error %d", err);
	return buf;
}

const char *sd_transport_name(enum sd_transport t)
{
	return t == SD_TLS ? "tls" : "tcp";
}

const char *sd_verdict_name(enum sd_verdict v)
{
	static const char *const names[] = { "ok", "warning", "critical", "unknown" };
	return (unsigned)v < 4 ? names[v] : "unknown";
}

const char *sd_verdict_label(enum sd_verdict v)
{
	static const char *const labels[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };
	return (unsigned)v < 4 ? labels[v] : "UNKNOWN";
}

/* SPEC §8: OK < UNKNOWN < WARNING < CRITICAL (the Monitoring Plugins' max_state_alt). */
static int verdict_rank(enum sd_verdict v)
{
	switch (v) {
	case SD_VERDICT_OK:
		return 0;
	case SD_VERDICT_UNKNOWN:
		return 1;
	case SD_VERDICT_WARNING:
		return 2;
	case SD_VERDICT_CRITICAL:
		return 3;
	}
	return 1;
}

enum sd_verdict sd_verdict_worst(enum sd_verdict a, enum sd_verdict b)
{
	return verdict_rank(a) >= verdict_rank(b) ? a : b;
}
