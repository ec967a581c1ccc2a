/*
 * test_options.c — the command line (SPEC §3, §8): options_parse and
 * options_policy over argv arrays. Every bad value is a usage error with one
 * line that names the option and the value.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "options.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))
#define MAX_ARGS 8

/* A parsed command line: argv = "sipdiscover", the given words, then "a@contoso.test". */
struct parsed {
	poptContext pc;
	struct options opt;
	struct policy policy;
	bool policy_ok;
	char why[512];
};

static void parse(struct parsed *p, const char *const *words)
{
	const char *argv[MAX_ARGS + 2] = { "sipdiscover" };
	int argc = 1;
	for (size_t i = 0; words[i]; i++)
		argv[argc++] = words[i];
	argv[argc++] = "a@contoso.test";
	int status = -1;
	memset(p, 0, sizeof *p);
	p->pc = options_parse(argc, argv, &p->opt, &status);
	assert_non_null(p->pc);
	assert_int_equal(status, 0);
	p->policy_ok = options_policy(&p->opt, &p->policy, p->why, sizeof p->why) == SD_OK;
}

static void release(struct parsed *p)
{
	poptFreeContext(p->pc);
	options_free(&p->opt);
}

static void spec8_defaults_without_options(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ NULL });
	assert_true(p.policy_ok);
	assert_string_equal(p.policy.profile->name, "ocs2007r2");
	assert_int_equal(p.policy.timeout_ms, 3000);
	assert_int_equal(p.policy.warning_days, 30);
	assert_int_equal(p.policy.critical_days, 7);
	assert_int_equal(p.opt.jobs, 16);
	assert_true(p.policy.connect);
	assert_true(p.policy.sip_register);
	assert_int_equal(p.policy.family, FAMILY_ANY);
	assert_string_equal(p.policy.internal.host, "");
	release(&p);
}

/* --help's text, as options_parse prints it on stdout. */
static char *help_text(void)
{
	static char text[8192];
	const char *argv[] = { "sipdiscover", "--help" };
	struct options opt;
	int status = -1;
	fflush(stdout);
	int saved = dup(STDOUT_FILENO);
	FILE *tmp = tmpfile();
	assert_true(saved >= 0 && tmp);
	assert_true(dup2(fileno(tmp), STDOUT_FILENO) >= 0);
	assert_null(options_parse(2, argv, &opt, &status));
	fflush(stdout);
	assert_true(dup2(saved, STDOUT_FILENO) >= 0);
	close(saved);
	rewind(tmp);
	size_t n = fread(text, 1, sizeof text - 1, tmp);
	text[n] = '\0';
	fclose(tmp);
	assert_int_equal(status, 0);
	return text;
}

/* Each default --help states is the one the code applies: one constant feeds both. */
static void help_states_the_defaults_the_code_applies(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ NULL });
	assert_true(p.policy_ok);
	const char *help = help_text();
	char want[160];
	const struct {
		const char *option;
		unsigned value;
	} defaults[] = {
		{ "--timeout", p.policy.timeout_ms / 1000 },
		{ "--warning-days", (unsigned)p.policy.warning_days },
		{ "--critical-days", (unsigned)p.policy.critical_days },
		{ "--jobs", (unsigned)p.opt.jobs },
	};
	for (size_t i = 0; i < N(defaults); i++) {
		const char *line = strstr(help, defaults[i].option);
		assert_non_null(line);
		const char *end = strstr(line, "\n  -"); /* the description may wrap: up to the next option */
		snprintf(want, sizeof want, "(default %u)", defaults[i].value);
		const char *at = strstr(line, want);
		if (!at || (end && at > end))
			fail_msg("--help's %s entry does not say %s", defaults[i].option, want);
	}
	release(&p);
}

/* A command line and the one-line reason options_policy must give for it. */
struct bad_case {
	const char *words[MAX_ARGS];
	const char *why;
};

static const struct bad_case bad_cases[] = {
	{ { "--profile=nope" }, "--profile: unknown profile \"nope\" (ocs2007r2 = Office Communicator 2007 R2, the default; "
	  "lync2010 = Lync 2010; sipe = pidgin-sipe 1.25; lync2013 = Lync 2013 and Skype for Business "
	  "2015/2016/2019, also skype, sfb, lync2015)" },
	{ { "--profile=Skype" }, "--profile: unknown profile \"Skype\" (ocs2007r2 = Office Communicator 2007 R2, the "
	  "default; lync2010 = Lync 2010; sipe = pidgin-sipe 1.25; lync2013 = Lync 2013 and Skype for Business "
	  "2015/2016/2019, also skype, sfb, lync2015)" },
	{ { "-4", "-6" }, "-4 and -6 exclude each other" },
	{ { "--warning-days=5", "--critical-days=10" }, "--warning-days and --critical-days: 0 <= critical <= warning" },
	{ { "--critical-days=-1" }, "--warning-days and --critical-days: 0 <= critical <= warning" },
	{ { "--warning-days=-1", "--critical-days=-2" }, "--warning-days and --critical-days: 0 <= critical <= warning" },
	{ { "-j", "0" }, "--jobs: 0 is not between 1 and 1024" },
	{ { "--jobs=1025" }, "--jobs: 1025 is not between 1 and 1024" },
	{ { "--json", "--nagios" }, "--json, --nagios and --quiet exclude each other" },
	{ { "--json", "-q" }, "--json, --nagios and --quiet exclude each other" },
	{ { "--internal-server=[::1" }, "--internal-server: bad address \"[::1\"" },
	{ { "--internal-server=pool.test:0" }, "--internal-server: bad port in \"pool.test:0\"" },
	{ { "--external-server=pool.test:70000" }, "--external-server: bad port in \"pool.test:70000\"" },
	{ { "--external-server=[2001:db8::1]x" }, "--external-server: bad address \"[2001:db8::1]x\"" },
	{ { "--timeout=0" }, "--timeout: \"0\" is not a number of seconds (0 < s <= 3600)" },
	{ { "--timeout=-1" }, "--timeout: \"-1\" is not a number of seconds (0 < s <= 3600)" },
	{ { "--timeout=3601" }, "--timeout: \"3601\" is not a number of seconds (0 < s <= 3600)" },
	{ { "--timeout=2s" }, "--timeout: \"2s\" is not a number of seconds (0 < s <= 3600)" },
	{ { "--timeout=nan" }, "--timeout: \"nan\" is not a number of seconds (0 < s <= 3600)" },
	{ { "--color=sometimes" }, "--color: \"sometimes\" is not auto, always or never" },
	{ { "--tls-name=pool.contoso.com" }, "--tls-name needs --internal-server or --external-server" },
	{ { "--internal-server=10.0.0.12", "--tls-name=10.0.0.13" },
	  "--tls-name: \"10.0.0.13\" is an address: give the pool's name" },
	{ { "--internal-server=10.0.0.12", "--tls-name=pool_1.contoso.com" },
	  "--tls-name: \"pool_1.contoso.com\": character '_' not allowed in a host name" },
};

static void spec8_each_bad_value_gives_its_one_line_reason(void **state)
{
	(void)state;
	size_t failed = 0;
	for (size_t i = 0; i < N(bad_cases); i++) {
		struct parsed p;
		parse(&p, bad_cases[i].words);
		if (p.policy_ok || strcmp(p.why, bad_cases[i].why) != 0 || strchr(p.why, '\n')) {
			print_error("%s: %s \"%s\", want \"%s\"\n", bad_cases[i].words[0], p.policy_ok ? "accepted" : "reason",
				    p.why, bad_cases[i].why);
			failed++;
		}
		release(&p);
	}
	if (failed)
		fail_msg("%zu of %zu bad command lines wrong (see above)", failed, N(bad_cases));
}

static void spec3_manual_server_names_are_checked_as_host_names(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ "--internal-server=bad_host.test", NULL });
	assert_false(p.policy_ok);
	static const char prefix[] = "--internal-server: \"bad_host.test\": ";
	assert_memory_equal(p.why, prefix, sizeof prefix - 1);
	assert_true(strlen(p.why) > sizeof prefix - 1);
	release(&p);
}

static void spec3_manual_servers_normalised_with_their_ports(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ "--internal-server=SIP.Contoso.TEST.:5070", "--external-server=[2001:DB8::1]",
					 NULL });
	assert_true(p.policy_ok);
	assert_string_equal(p.policy.internal.host, "sip.contoso.test");
	assert_int_equal(p.policy.internal.port, 5070);
	assert_string_equal(p.policy.external.host, "2001:db8::1");
	assert_int_equal(p.policy.external.port, 0);
	release(&p);
}

static void spec8_good_values_become_the_policy(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ "--timeout=0.5", "--profile=lync2010", "-6", "--no-register", "--color=always",
					 "--warning-days=10", "--critical-days=10", NULL });
	assert_true(p.policy_ok);
	assert_int_equal(p.policy.timeout_ms, 500);
	assert_string_equal(p.policy.profile->name, "lync2010");
	assert_int_equal(p.policy.family, FAMILY_V6);
	assert_false(p.policy.sip_register);
	assert_true(p.opt.color_on);
	assert_int_equal(p.policy.critical_days, 10);
	release(&p);
	parse(&p, (const char *const[]){ "--timeout=0.0001", "--color=never", "--no-connect", NULL });
	assert_true(p.policy_ok);
	assert_int_equal(p.policy.timeout_ms, 1);
	assert_false(p.opt.color_on);
	assert_false(p.policy.connect);
	release(&p);
}

/* The last of a repeated string option wins; the earlier value is freed (SANITIZE=1 finds a leak). */
static void repeated_string_option_keeps_the_last_value(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, (const char *const[]){ "--profile=sipe", "--profile=lync2010", "--timeout=9", "--timeout=1",
					 "--cafile=a.pem", "--cafile=b.pem", NULL });
	assert_true(p.policy_ok);
	assert_string_equal(p.opt.profile, "lync2010");
	assert_int_equal(p.policy.timeout_ms, 1000);
	assert_string_equal(p.policy.cafile, "b.pem");
	release(&p);
}

static void spec8_unknown_option_or_bad_number_is_exit_3(void **state)
{
	(void)state;
	static const char *const lines[][3] = {
		{ "sipdiscover", "--no-such-option", "a@contoso.test" },
		{ "sipdiscover", "--jobs=many", "a@contoso.test" },
		{ "sipdiscover", "a@contoso.test", "--timeout" },
	};
	int saved = dup(STDERR_FILENO); /* the usage text popt prints is not this test's output */
	assert_true(saved >= 0);
	assert_non_null(freopen("/dev/null", "w", stderr));
	for (size_t i = 0; i < N(lines); i++) {
		struct options opt;
		int status = -1;
		const char *argv[3] = { lines[i][0], lines[i][1], lines[i][2] };
		assert_null(options_parse(3, argv, &opt, &status));
		assert_int_equal(status, 3);
	}
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
}

static void addresses_from_arguments_then_file_skipping_blanks_and_comments(void **state)
{
	(void)state;
	char path[] = "/tmp/test_options.XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs("# comment\n\n  b@contoso.test  \n\tc@contoso.test\n   \n", f);
	assert_int_equal(fclose(f), 0);
	char file_opt[64];
	snprintf(file_opt, sizeof file_opt, "--file=%s", path);
	struct parsed p;
	parse(&p, (const char *const[]){ file_opt, NULL });
	struct address_list list = { 0 };
	char why[128];
	assert_int_equal(options_addresses(p.pc, &p.opt, &list, why, sizeof why), SD_OK);
	assert_int_equal(list.n, 3);
	assert_string_equal(list.items[0], "a@contoso.test");
	assert_string_equal(list.items[1], "b@contoso.test");
	assert_string_equal(list.items[2], "c@contoso.test");
	address_list_free(&list);
	release(&p);
	unlink(path);
	parse(&p, (const char *const[]){ "--file=/nonexistent/list", NULL });
	assert_int_equal(options_addresses(p.pc, &p.opt, &list, why, sizeof why), SD_ERR_INPUT);
	assert_string_equal(why, "cannot read -f /nonexistent/list: No such file or directory");
	address_list_free(&list);
	release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec8_defaults_without_options),
		cmocka_unit_test(help_states_the_defaults_the_code_applies),
		cmocka_unit_test(spec8_each_bad_value_gives_its_one_line_reason),
		cmocka_unit_test(spec3_manual_server_names_are_checked_as_host_names),
		cmocka_unit_test(spec3_manual_servers_normalised_with_their_ports),
		cmocka_unit_test(spec8_good_values_become_the_policy),
		cmocka_unit_test(repeated_string_option_keeps_the_last_value),
		cmocka_unit_test(spec8_unknown_option_or_bad_number_is_exit_3),
		cmocka_unit_test(addresses_from_arguments_then_file_skipping_blanks_and_comments),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
