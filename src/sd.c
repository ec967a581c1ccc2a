/* sd.c — the shared enums' names and two small memory helpers. */
#include "sd.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
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
};

const char *sd_strerror(enum sd_status status)
{
	if ((size_t)status >= sizeof status_text / sizeof status_text[0])
		return "unknown error";
	return status_text[status];
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

const char *sd_errno_text(int err, char *buf, size_t n)
{
	if (strerror_r(err, buf, n) != 0)
		snprintf(buf, n, "error %d", err);
	return buf;
}

bool sd_is_ip_literal(const char *s)
{
	unsigned char buf[16];
	char inner[64];
	size_t len = strlen(s);
	if (len >= 2 && s[0] == '[' && s[len - 1] == ']' && len - 2 < sizeof inner) {
		memcpy(inner, s + 1, len - 2);
		inner[len - 2] = '\0';
		s = inner;
	}
	return inet_pton(AF_INET, s, buf) == 1 || inet_pton(AF_INET6, s, buf) == 1;
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

void *sd_push(void *items, size_t *count, size_t size)
{
	/* Capacity is derived from count: 4, then doubled whenever count hits a power of two. */
	size_t n = *count;
	void **array = items;
	if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) {
		size_t cap = n == 0 ? 4 : n * 2;
		if (cap > SIZE_MAX / size)
			return NULL;
		void *p = realloc(*array, cap * size);
		if (!p)
			return NULL;
		*array = p;
	}
	char *elem = (char *)*array + n * size;
	memset(elem, 0, size);
	*count = n + 1;
	return elem;
}

bool sd_copy(char *dst, size_t n, const char *src)
{
	size_t len = strlen(src);
	if (n == 0)
		return false;
	if (len >= n) {
		memcpy(dst, src, n - 1);
		dst[n - 1] = '\0';
		return false;
	}
	memcpy(dst, src, len + 1);
	return true;
}
