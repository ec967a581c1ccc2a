/* addrfile.h — the addresses to check, from the command line and from -f FILE (SPEC §2). */
#ifndef ADDRFILE_H
#define ADDRFILE_H

#include <stddef.h>

#include "status.h"

struct address_list {
	char **items;
	size_t n;
};

/* Appends a copy of text: SD_OK or SD_ERR_NOMEM. */
enum sd_status address_list_add(struct address_list *list, const char *text);

/* Frees the addresses and empties the list. */
void address_list_free(struct address_list *list);

/*
 * The addresses of FILE ("-" = stdin), one a line, appended to list: UTF-8 with
 * or without a byte-order mark, or UTF-16 with one; LF or CRLF; blank lines and
 * "#" comments skipped, white space around an address trimmed. Each line is kept
 * as it is for the address parser, which reports a bad one on its own. SD_ERR_INPUT
 * with why "cannot read -f FILE: reason" (naming an encoding it cannot read),
 * SD_ERR_NOMEM.
 */
enum sd_status addrfile_read(const char *path, struct address_list *list, char *why, size_t whylen);

#endif
