/* SPEC §4.7: a hop's URL, a redirect's Location or a link's href resolved against the URL
 * that answered, through libcurl's URL API (no request is made). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "autodiscover_url.h"

#define N(t) (sizeof(t) / sizeof((t)[0]))
#define BASE "https://lyncdiscover.contoso.test/?sipuri=first%2Blast@contoso.test"

static const struct {
	const char *rule, *ref;
	bool ok;
	const char *url, *host;
	bool https;
} cases[] = {
	{ "an absolute URL to another host is kept", "https://webext.contoso.test/Autodiscover/x?a=1", true,
	  "https://webext.contoso.test/Autodiscover/x?a=1", "webext.contoso.test", true },
	{ "an absolute path takes the base's scheme and host", "/Autodiscover/AutodiscoverService.svc/root", true,
	  "https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root", "lyncdiscover.contoso.test", true },
	{ "a relative path is resolved against the base's path", "root/user", true,
	  "https://lyncdiscover.contoso.test/root/user", "lyncdiscover.contoso.test", true },
	{ "a scheme-relative reference keeps the base's scheme", "//webint.contoso.test/x", true,
	  "https://webint.contoso.test/x", "webint.contoso.test", true },
	{ "http is http", "http://lyncdiscover.contoso.test:8080/", true, "http://lyncdiscover.contoso.test:8080/",
	  "lyncdiscover.contoso.test", false },
	{ "an IPv6 literal host loses its brackets", "https://[2001:db8::1]:443/x", true, "https://[2001:db8::1]:443/x",
	  "2001:db8::1", true },
	{ "ftp is no hop", "ftp://files.contoso.test/", false, "", "", false },
	{ "mailto is no hop", "mailto:admin@contoso.test", false, "", "", false },
};

static void spec4_7_a_hops_url_is_resolved_with_libcurls_url_api(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char url[512], host[256];
		bool https = true;
		bool ok = ad_url_resolve(BASE, cases[i].ref, url, sizeof url, host, sizeof host, &https);
		if (ok != cases[i].ok || strcmp(url, cases[i].url) != 0 || strcmp(host, cases[i].host) != 0 ||
		    https != cases[i].https)
			fail_msg("%s: ok %d url \"%s\" host \"%s\" https %d", cases[i].rule, ok, url, host, https);
	}
	char small[16], host[256];
	bool https;
	assert_false(ad_url_resolve(BASE, "https://webext.contoso.test/long/path", small, sizeof small, host, sizeof host,
				    &https)); /* does not fit: not requested */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec4_7_a_hops_url_is_resolved_with_libcurls_url_api),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
