/*
 * fuzz_autodiscover.c — ad_doc_parse over arbitrary bytes (SPEC §4.7). Whatever the
 * document, the result is bounded (links at most AD_DOC_MAX_LINKS, every string ends in
 * its array), a refused document yields nothing usable, a followed link has a Redirect
 * or User token, a valid server has a name and a port; and feeding the same bytes in
 * chunks gives the same result as feeding them whole.
 */
#include "fuzz.h"

#include <strings.h>

#include "autodiscover_doc.h"

static void check_doc(const struct ad_doc *d)
{
	FUZZ_CHECK(d->kind == AD_DOC_ROOT || d->kind == AD_DOC_USER || d->kind == AD_DOC_MALFORMED ||
		   d->kind == AD_DOC_NOT_AUTODISCOVER);
	FUZZ_CHECK(FUZZ_TERMINATED(d->why, sizeof d->why));
	FUZZ_CHECK(FUZZ_TERMINATED(d->access_location, sizeof d->access_location));
	FUZZ_CHECK(d->n_links <= AD_DOC_MAX_LINKS);
	FUZZ_CHECK(d->links_seen >= d->n_links);
	for (size_t i = 0; i < d->n_links; i++) {
		FUZZ_CHECK(FUZZ_TERMINATED(d->links[i].token, sizeof d->links[i].token));
		FUZZ_CHECK(FUZZ_TERMINATED(d->links[i].href, sizeof d->links[i].href));
	}
	if (d->kind == AD_DOC_MALFORMED || d->kind == AD_DOC_NOT_AUTODISCOVER) {
		FUZZ_CHECK(d->why[0] != '\0');
		FUZZ_CHECK(d->n_links == 0 && !d->has_follow);
		for (int k = 0; k < AD_ACCESS_COUNT; k++)
			FUZZ_CHECK(!d->access[k].present);
	}
	if (d->has_follow) {
		FUZZ_CHECK(strcasecmp(d->follow.token, "Redirect") == 0 || strcasecmp(d->follow.token, "User") == 0);
		FUZZ_CHECK(d->follow.href[0] != '\0');
		FUZZ_CHECK(FUZZ_TERMINATED(d->follow.href, sizeof d->follow.href));
	}
	for (int k = 0; k < AD_ACCESS_COUNT; k++) {
		const struct ad_access *a = &d->access[k];
		FUZZ_CHECK(FUZZ_TERMINATED(a->fqdn, sizeof a->fqdn));
		FUZZ_CHECK(FUZZ_TERMINATED(a->port_text, sizeof a->port_text));
		if (a->valid)
			FUZZ_CHECK(a->present && a->fqdn[0] != '\0' && a->port >= 1 && a->port <= 65535);
		if (a->present)
			FUZZ_CHECK(d->kind == AD_DOC_USER);
	}
}

static bool same_doc(const struct ad_doc *a, const struct ad_doc *b)
{
	if (a->kind != b->kind || a->n_links != b->n_links || a->links_seen != b->links_seen ||
	    a->has_follow != b->has_follow || a->external != b->external)
		return false;
	if (a->has_follow && strcmp(a->follow.href, b->follow.href) != 0)
		return false;
	for (size_t i = 0; i < a->n_links; i++)
		if (strcmp(a->links[i].href, b->links[i].href) != 0 ||
		    strcmp(a->links[i].token, b->links[i].token) != 0)
			return false;
	for (int k = 0; k < AD_ACCESS_COUNT; k++)
		if (a->access[k].valid != b->access[k].valid || a->access[k].port != b->access[k].port ||
		    strcmp(a->access[k].fqdn, b->access[k].fqdn) != 0)
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ad_doc whole, chunked;
	FUZZ_CHECK(ad_doc_parse(data, size, &whole) == SD_OK); /* memory never runs out here */
	check_doc(&whole);

	/* The first byte picks a chunk size; the whole input is fed in such chunks. */
	size_t step = size ? (size_t)data[0] % 64 + 1 : 1;
	struct ad_doc_parser *p;
	if (ad_doc_parser_new(&p) != SD_OK)
		return 0;
	for (size_t off = 0; off < size; off += step)
		if (!ad_doc_parser_feed(p, data + off, size - off < step ? size - off : step))
			break;
	FUZZ_CHECK(ad_doc_parser_finish(p, &chunked) == SD_OK);
	ad_doc_parser_free(p);
	check_doc(&chunked);
	/* Expat reports the same errors whatever the chunking, so the kind must agree; a
	 * malformed document's why (line numbers of the error) may differ. */
	if (size <= AD_DOC_MAX_BYTES) /* past it, whole is refused unread, chunked partly read */
		FUZZ_CHECK(same_doc(&whole, &chunked));
	return 0;
}
