/*
 * test_wrap.c — fitting the trace to the terminal (SPEC §7, wrap.c): lines longer than the
 * width break at spaces, continuation lines are indented under their line, colour escapes
 * and UTF-8 take the columns a terminal gives them, a long word is never cut.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wrap.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))

static char *wrapped(const char *s, size_t width)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	assert_non_null(f);
	wrap_text(f, s, strlen(s), width);
	assert_int_equal(fclose(f), 0);
	return text;
}

struct wrap_case {
	const char *what, *in;
	size_t width;
	const char *out;
};

static const struct wrap_case cases[] = {
	{ "a short line is unchanged", "abc def\n", 80, "abc def\n" },
	{ "width 0 never wraps", "aaaa bbbb cccc\n", 0, "aaaa bbbb cccc\n" },
	{ "a line of exactly the width is unchanged", "aaaa bbbb\n", 9, "aaaa bbbb\n" },
	{ "breaks at the last space that fits, continuation indented 4",
	  "aaaa bbbb cccc dddd\n", 10, "aaaa bbbb\n    cccc\n    dddd\n" },
	{ "continuation indented under the line's own indent",
	  "  - aaaa bbbb cccc dddd eeee\n", 16, "  - aaaa bbbb\n      cccc dddd\n      eeee\n" },
	{ "a word longer than the room overflows, uncut",
	  "see https://lyncdiscover.contoso.test/x/y/z now\n", 20,
	  "see\n    https://lyncdiscover.contoso.test/x/y/z\n    now\n" },
	{ "colour escapes take no column", "\033[31maaaa bbbb\033[0m\n", 9, "\033[31maaaa bbbb\033[0m\n" },
	{ "a fix-it line (SPEC 7.1) is written whole, without its marker", "\036  fix: zone: a. 3600 IN A ADDRESS\nbb cc\n", 10,
	  "  fix: zone: a. 3600 IN A ADDRESS\nbb cc\n" },
	{ "the marker goes also when nothing wraps", "\036fix: x y\n", 0, "fix: x y\n" },
	{ "a UTF-8 sequence is one column", "\xc2\xa7\xc2\xa7 aaaa\n", 7, "\xc2\xa7\xc2\xa7 aaaa\n" },
	{ "several lines each wrapped, the last without newline kept so",
	  "aaaa bbbb cccc\nx\naaaa bbbb cccc", 10, "aaaa bbbb\n    cccc\nx\naaaa bbbb\n    cccc" },
	{ "a deep indent (half the width or more) continues 8 columns in",
	  "          aaaa bbbb cccc\n", 20, "          aaaa bbbb\n        cccc\n" },
	{ "no trailing space where two spaces are broken at",
	  "aaaa bbbb  cccc\n", 10, "aaaa bbbb\n    cccc\n" },
	{ "a tiny width leaves the line as it is", "  aaaa bbbb\n", 4, "  aaaa bbbb\n" },
};

static void spec7_lines_wrap_to_the_width_with_indented_continuations(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(cases); i++) {
		char *got = wrapped(cases[i].in, cases[i].width);
		if (strcmp(got, cases[i].out) != 0)
			fail_msg("%s: got \"%s\", want \"%s\"", cases[i].what, got, cases[i].out);
		free(got);
	}
}

static void spec7_columns_skip_escapes_and_count_utf8_once(void **state)
{
	(void)state;
	assert_int_equal(wrap_columns("abc", 3), 3);
	assert_int_equal(wrap_columns("\033[1m\033[31mOK\033[0m", strlen("\033[1m\033[31mOK\033[0m")), 2);
	assert_int_equal(wrap_columns("\xc2\xa7" "4.6", 5), 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec7_lines_wrap_to_the_width_with_indented_continuations),
		cmocka_unit_test(spec7_columns_skip_escapes_and_count_utf8_once),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
