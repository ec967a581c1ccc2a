/* textenc.c — an address file's encoding, detected from its byte-order mark and made UTF-8 (SPEC §2). */
#include "textenc.h"

#include <errno.h>
#include <iconv.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

static bool starts(const char *in, size_t n, const char *mark, size_t m)
{
	return n >= m && memcmp(in, mark, m) == 0;
}

/* The 1-based line of offset off. */
static size_t line_of(const char *in, size_t off)
{
	size_t line = 1;
	for (size_t i = 0; i < off; i++)
		line += in[i] == '\n';
	return line;
}

/* Copies UTF-8 text, checking that it is well-formed and holds no NUL. */
static enum sd_status copy_utf8(const char *in, size_t n, char **out, char *why, size_t whylen)
{
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)in[i];
		if (c == 0)
			return sd_fail(why, whylen, SD_ERR_INPUT,
				       "a NUL octet at line %zu (UTF-16 without a byte-order mark? save it as UTF-8)",
				       line_of(in, i));
		size_t len = c < 0x80 ? 1 : str_utf8_length((const unsigned char *)in + i);
		/* str_utf8_length reads up to a NUL: the input is terminated by the caller's copy below. */
		if (len == 0 || i + len > n)
			return sd_fail(why, whylen, SD_ERR_INPUT,
				       "not UTF-8 at line %zu (a legacy code page? save it as UTF-8)", line_of(in, i));
		i += len;
	}
	if (!(*out = malloc(n + 1)))
		return SD_ERR_NOMEM;
	memcpy(*out, in, n);
	(*out)[n] = '\0';
	return SD_OK;
}

/* UTF-16 (after its mark) through iconv into a new UTF-8 string. */
static enum sd_status from_utf16(const char *in, size_t n, const char *charset, char **out, char *why, size_t whylen)
{
	iconv_t cd = iconv_open("UTF-8", charset);
	if (cd == (iconv_t)-1)
		return sd_fail(why, whylen, errno == ENOMEM ? SD_ERR_NOMEM : SD_ERR_INPUT,
			       "cannot convert %s here: %s", charset, strerror(errno));
	size_t cap = n * 2 + 4; /* a UTF-16 unit becomes at most 3 octets, a pair 4 */
	char *buf = malloc(cap);
	if (!buf) {
		(void)iconv_close(cd);
		return SD_ERR_NOMEM;
	}
	char *src = (char *)in, *dst = buf;
	size_t left = n, room = cap - 1;
	size_t rc = iconv(cd, &src, &left, &dst, &room);
	int err = errno;
	(void)iconv_close(cd);
	if (rc == (size_t)-1) {
		free(buf);
		return sd_fail(why, whylen, SD_ERR_INPUT, "not %s near octet %zu (%s)", charset, (size_t)(src - in) + 2,
			       err == EINVAL ? "cut in the middle of a character" : "an invalid sequence");
	}
	*dst = '\0';
	if (memchr(buf, '\0', (size_t)(dst - buf))) {
		free(buf);
		return sd_fail(why, whylen, SD_ERR_INPUT, "a NUL character in %s text", charset);
	}
	*out = buf;
	return SD_OK;
}

enum sd_status textenc_to_utf8(const char *in, size_t n, char **out, char *why, size_t whylen)
{
	*out = NULL;
	if (starts(in, n, "\xff\xfe\0\0", 4) || starts(in, n, "\0\0\xfe\xff", 4))
		return sd_fail(why, whylen, SD_ERR_INPUT, "UTF-32 is not read (save it as UTF-8)");
	if (starts(in, n, "\xff\xfe", 2))
		return from_utf16(in + 2, n - 2, "UTF-16LE", out, why, whylen);
	if (starts(in, n, "\xfe\xff", 2))
		return from_utf16(in + 2, n - 2, "UTF-16BE", out, why, whylen);
	if (starts(in, n, "\xef\xbb\xbf", 3))
		return copy_utf8(in + 3, n - 3, out, why, whylen);
	return copy_utf8(in, n, out, why, whylen);
}
