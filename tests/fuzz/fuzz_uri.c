/*
 * fuzz_uri.c — uri_parse over arbitrary bytes (SPEC §2). An accepted address must
 * come out normalised (a valid lower-case host name of at most 253 octets) and must
 * be a fixed point: parsing its own text gives the same address. A rejected one
 * must say why in one line.
 */
#include "fuzz.h"

#include <stdlib.h>

#include "uri.h"

static void check_accepted(const struct uri *u)
{
	char why[256] = "";
	size_t dl = strnlen(u->domain, sizeof u->domain);
	FUZZ_CHECK(dl > 0 && dl <= 253);
	for (size_t i = 0; i < dl; i++)
		FUZZ_CHECK(!(u->domain[i] >= 'A' && u->domain[i] <= 'Z'));
	FUZZ_CHECK(uri_host_check(u->domain, why, sizeof why) == SD_OK);
	FUZZ_CHECK(strcmp(u->scheme, "sip") == 0 || strcmp(u->scheme, "sips") == 0);
	FUZZ_CHECK(FUZZ_TERMINATED(u->user, sizeof u->user) && u->user[0] != '\0');
	FUZZ_CHECK(FUZZ_TERMINATED(u->text, sizeof u->text));

	/* Normalising is idempotent: the canonical text parses to the same address. */
	struct uri again;
	FUZZ_CHECK(uri_parse(u->text, &again, why, sizeof why) == SD_OK);
	FUZZ_CHECK(strcmp(again.domain, u->domain) == 0);
	FUZZ_CHECK(strcmp(again.user, u->user) == 0);
	FUZZ_CHECK(strcmp(again.scheme, u->scheme) == 0);
	FUZZ_CHECK(strcmp(again.text, u->text) == 0);
}

static void check_rejected(const char *why, size_t n)
{
	FUZZ_CHECK(FUZZ_TERMINATED(why, n));
	FUZZ_CHECK(why[0] != '\0');
	FUZZ_CHECK(strpbrk(why, "\r\n") == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';

	struct uri u;
	char why[256];
	memset(why, 0, sizeof why);
	enum sd_status st = uri_parse(text, &u, why, sizeof why);
	FUZZ_CHECK(st == SD_OK || st == SD_ERR_INPUT);
	if (st == SD_OK)
		check_accepted(&u);
	else
		check_rejected(why, sizeof why);

	/* uri_host_check on its own, as plan and decide use it on SRV targets. */
	char why2[256];
	memset(why2, 0, sizeof why2);
	if (uri_host_check(text, why2, sizeof why2) != SD_OK)
		check_rejected(why2, sizeof why2);
	else
		FUZZ_CHECK(strlen(text) <= 253);
	free(text);
	return 0;
}
