/* wrap.h — fitting the trace to the terminal (SPEC §7): long lines are broken at spaces, and
 * each continuation line is indented under its first line. Colour escapes take no column. */
#ifndef WRAP_H
#define WRAP_H

#include <stddef.h>
#include <stdio.h>

/* A line that starts with this octet is written whole, without it: a fix-it line (SPEC §7.1)
 * that must stay one line to be pasted. */
#define WRAP_WHOLE '\036'

/* How many more columns a continuation line is indented than the line it continues. */
#define WRAP_CONTINUATION 4

/*
 * The columns text[0..len) takes on a terminal: a UTF-8 sequence is one column, an ANSI
 * escape ("\033[...m") none.
 */
size_t wrap_columns(const char *text, size_t len);

/*
 * Writes text (len octets, lines ended by '\n') to out, each line longer than width columns
 * broken at the last space that fits and continued on lines indented WRAP_CONTINUATION more
 * than the line's own leading spaces (2 * WRAP_CONTINUATION when that is half the width or
 * more); no line ends in a space it was broken at. A word longer than the room (a URL, a fingerprint) is
 * never cut: it overflows. A line that starts with WRAP_WHOLE is written whole, without that
 * octet. width 0 writes the text unchanged but for WRAP_WHOLE.
 */
void wrap_text(FILE *out, const char *text, size_t len, size_t width);

#endif
