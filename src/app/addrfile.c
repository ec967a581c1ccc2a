/* addrfile.c — the address list, and the -f file it is read from (SPEC §2). */
#include "addrfile.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sd.h"
#include "textenc.h"

enum sd_status address_list_add(struct address_list *list, const char *text)
{
	char **slot = SD_PUSH(list->items, list->n);
	if (!slot)
		return SD_ERR_NOMEM;
	*slot = strdup(text);
	return *slot ? SD_OK : SD_ERR_NOMEM;
}

#define FILE_MAX (16u << 20) /* an address list of 16 MiB is more than any site has */

/* The whole of f into *buf (NUL-terminated, *n octets before the NUL); SD_ERR_INPUT when unreadable or too large. */
static enum sd_status slurp(FILE *f, const char *path, char **buf, size_t *n, char *why, size_t whylen)
{
	size_t cap = 4096, len = 0;
	char *b = malloc(cap);
	while (b) {
		len += fread(b + len, 1, cap - 1 - len, f);
		if (ferror(f) || feof(f) || cap > FILE_MAX)
			break;
		char *bigger = realloc(b, cap * 2);
		if (!bigger)
			free(b);
		b = bigger;
		cap *= 2;
	}
	if (!b)
		return sd_fail(why, whylen, SD_ERR_NOMEM, "-f %s: out of memory", path);
	enum sd_status st = SD_OK;
	if (ferror(f)) /* a directory, an I/O error: say so rather than check half a list */
		st = sd_fail(why, whylen, SD_ERR_INPUT, "cannot read -f %s: %s", path, strerror(errno));
	else if (!feof(f))
		st = sd_fail(why, whylen, SD_ERR_INPUT, "cannot read -f %s: larger than %u MiB", path, FILE_MAX >> 20);
	if (st != SD_OK) {
		free(b);
		return st;
	}
	b[len] = '\0';
	*buf = b;
	*n = len;
	return SD_OK;
}

/* One address per line (LF or CRLF); blank lines and "#" comments skipped; surrounding white space trimmed. */
static enum sd_status add_lines(char *text, struct address_list *list)
{
	enum sd_status st = SD_OK;
	for (char *p = text, *next; st == SD_OK && p; p = next) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		char *end = p + strlen(p);
		while (*p && isspace((unsigned char)*p))
			p++;
		while (end > p && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*p && *p != '#')
			st = address_list_add(list, p);
	}
	return st;
}

/* The file's addresses, in any encoding SPEC §2 names (textenc.h). */
enum sd_status addrfile_read(const char *path, struct address_list *list, char *why, size_t whylen)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (!f)
		return sd_fail(why, whylen, SD_ERR_INPUT, "cannot read -f %s: %s", path, strerror(errno));
	char *raw = NULL, *text = NULL, reason[160];
	size_t n = 0;
	enum sd_status st = slurp(f, path, &raw, &n, why, whylen);
	if (f != stdin)
		fclose(f);
	if (st != SD_OK)
		return st;
	st = textenc_to_utf8(raw, n, &text, reason, sizeof reason);
	free(raw);
	if (st == SD_ERR_INPUT)
		return sd_fail(why, whylen, st, "cannot read -f %s: %s", path, reason);
	if (st == SD_OK)
		st = add_lines(text, list);
	free(text);
	if (st != SD_OK)
		return sd_fail(why, whylen, st, "-f %s: out of memory", path);
	return SD_OK;
}

void address_list_free(struct address_list *list)
{
	for (size_t i = 0; i < list->n; i++)
		free(list->items[i]);
	free(list->items);
	list->items = NULL;
	list->n = 0;
}
