/*
 * test_textenc.c — SPEC §2: the encodings an address file comes in, made UTF-8,
 * and the one-line reason for those it cannot read. Table-driven.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "textenc.h"

#define N(table) (sizeof(table) / sizeof((table)[0]))
#define IN(s) s, sizeof(s) - 1 /* a literal with its NULs, without the terminating one */

struct enc_case {
	const char *in;
	size_t n;
	const char *want;   /* the UTF-8 text, or NULL when refused */
	const char *reason; /* part of the reason when refused */
};

static const struct enc_case cases[] = {
	{ IN("a@contoso.com\n"), "a@contoso.com\n", NULL },
	{ IN("\xef\xbb\xbf" "a@contoso.com\r\n"), "a@contoso.com\r\n", NULL },
	{ IN("m\xc3\xbcller@b\xc3\xbc" "cher.example\n"), "m\xc3\xbcller@b\xc3\xbc" "cher.example\n", NULL },
	{ IN(""), "", NULL },
	{ IN("\xef\xbb\xbf"), "", NULL },
	/* UTF-16 LE with a mark and CRLF: Windows PowerShell 5.1's Out-File. */
	{ IN("\xff\xfe" "a\0@\0b\0.\0c\0\r\0\n\0"), "a@b.c\r\n", NULL },
	{ IN("\xfe\xff" "\0a\0@\0b\0.\0c\0\n"), "a@b.c\n", NULL },
	{ IN("\xff\xfe" "\xfc\0@\0b\0.\0c\0"), "\xc3\xbc@b.c", NULL },
	{ IN("\xff\xfe" "\x3d\xd8\x00\xde"), "\xf0\x9f\x98\x80", NULL }, /* a surrogate pair */
	{ IN("a\0@\0b\0.\0c\0\n\0"), NULL, "UTF-16 without a byte-order mark" },
	{ IN("\xff\xfe\0\0" "a\0\0\0"), NULL, "UTF-32" },
	{ IN("\0\0\xfe\xff" "\0\0\0a"), NULL, "UTF-32" },
	{ IN("a@b.c\nm\xfcller@b.c\n"), NULL, "not UTF-8 at line 2" },
	{ IN("\xef\xbb\xbf" "a@b.c\n\xc0\xaf\n"), NULL, "not UTF-8 at line 2" },
	{ IN("\xff\xfe" "a\0@"), NULL, "cut in the middle" },
	{ IN("\xff\xfe" "\x00\xdc" "a\0"), NULL, "UTF-16LE" },            /* a lone low surrogate */
	{ IN("\xff\xfe" "a\0\0\0b\0"), NULL, "NUL" },
};

static void spec2_file_encodings_read_or_named(void **state)
{
	(void)state;
	size_t failed = 0;
	for (size_t i = 0; i < N(cases); i++) {
		const struct enc_case *c = &cases[i];
		char *buf = malloc(c->n + 1), *out = NULL, why[160] = "";
		assert_non_null(buf);
		memcpy(buf, c->in, c->n);
		buf[c->n] = '\0';
		enum sd_status st = textenc_to_utf8(buf, c->n, &out, why, sizeof why);
		free(buf);
		if (c->want && (st != SD_OK || strcmp(out, c->want) != 0)) {
			print_error("case %zu: status %s (%s), text \"%s\"\n", i, sd_strerror(st), why, out ? out : "");
			failed++;
		} else if (!c->want && (st != SD_ERR_INPUT || !strstr(why, c->reason) || strchr(why, '\n'))) {
			print_error("case %zu: status %s, reason \"%s\", expected \"%s\"\n", i, sd_strerror(st), why, c->reason);
			failed++;
		}
		free(out);
	}
	if (failed)
		fail_msg("%zu of %zu files not read as expected (see above)", failed, N(cases));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spec2_file_encodings_read_or_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
