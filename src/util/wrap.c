/* wrap.c — breaking long lines of the trace at spaces, continuation lines indented. */
#include "wrap.h"

#include <string.h>

/* The length of the ANSI escape at p (p < end), 0 when there is none. */
static size_t escape_len(const char *p, const char *end)
{
	if (*p != '\033' || p + 1 >= end || p[1] != '[')
		return 0;
	const char *q = p + 2;
	while (q < end && !(*q >= '@' && *q <= '~'))
		q++;
	return q < end ? (size_t)(q - p) + 1 : (size_t)(end - p);
}

size_t wrap_columns(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t cols = 0;
	while (p < end) {
		size_t esc = escape_len(p, end);
		if (esc) {
			p += esc;
			continue;
		}
		if (((unsigned char)*p & 0xC0) != 0x80)
			cols++;
		p++;
	}
	return cols;
}

/*
 * Where to end the piece of line[0..len) that starts at start and must fit in room columns:
 * the last space that keeps it within room, else the first space after (a long word
 * overflows), else the end of the line.
 */
static size_t break_at(const char *line, size_t start, size_t len, size_t room)
{
	size_t last = 0, cols = 0;
	for (size_t i = start; i < len; i++) {
		size_t esc = escape_len(line + i, line + len);
		if (esc) {
			i += esc - 1;
			continue;
		}
		if (line[i] == ' ' && i > start) {
			if (cols > room)
				return last ? last : i;
			last = i;
		}
		if (((unsigned char)line[i] & 0xC0) != 0x80)
			cols++;
	}
	return cols > room && last ? last : len;
}

static void wrap_line(FILE *out, const char *line, size_t len, size_t width)
{
	size_t lead = strspn(line, " ");
	if (lead > len)
		lead = len;
	size_t indent = lead + WRAP_CONTINUATION;
	if (indent >= width / 2)
		indent = 2 * WRAP_CONTINUATION; /* a deep column: continue near the margin */
	if (width == 0 || wrap_columns(line, len) <= width || indent >= width / 2) {
		fwrite(line, 1, len, out);
		return;
	}
	size_t start = 0, room = width;
	for (;;) {
		size_t end = break_at(line, start, len, room), shown = end;
		while (shown > start && line[shown - 1] == ' ')
			shown--;
		fwrite(line + start, 1, shown - start, out);
		while (end < len && line[end] == ' ')
			end++;
		if (end >= len)
			return;
		fprintf(out, "\n%*s", (int)indent, "");
		start = end;
		room = width - indent;
	}
}

void wrap_text(FILE *out, const char *text, size_t len, size_t width)
{
	const char *p = text, *end = text + len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[0] == WRAP_WHOLE)
			fwrite(p + 1, 1, n - 1, out);
		else
			wrap_line(out, p, n, width);
		if (nl)
			fputc('\n', out);
		p += n + (nl ? 1 : 0);
	}
}
