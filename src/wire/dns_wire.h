/* dns_wire.h — DNS messages in wire format: building a query, reading an answer. Pure: no
 * sockets, so the parser and its fuzz target need no network headers. */
#ifndef DNS_WIRE_H
#define DNS_WIRE_H

#include "dns_query.h"

enum dns_parse {
	DNS_PARSE_OK,                /* q is filled */
	DNS_PARSE_MISMATCH,          /* not the answer to this query (ID or question): keep waiting */
	DNS_PARSE_TRUNCATED,         /* TC set: ask again over TCP */
};

/*
 * Reads an answer in wire format into q, *outcome saying whether it was one: its
 * class (answer, nodata, nxdomain, ...), its SRV records, its addresses and
 * those of the additional section. A malformed answer is an answer: q->result
 * becomes DNS_ERROR. SD_ERR_NOMEM when memory ran out (q then holds part of the
 * answer and is no result). Pure: the fuzz target's entry.
 */
enum sd_status dns_parse_answer(const uint8_t *wire, size_t len, uint16_t id, struct query *q, bool keep_raw,
				enum dns_parse *outcome);

/* The query in wire format (freed by the caller), or SD_ERR_INPUT for a name DNS cannot carry. */
enum sd_status dns_build_query(const struct query *q, uint16_t id, uint8_t **wire, size_t *len);

/* The liveness probe `version.bind CH TXT`, RD=0: a question any server answers by itself (SPEC §4.6). */
enum sd_status dns_build_probe(uint16_t id, uint8_t **wire, size_t *len);

/* True when wire is a response (QR=1) with this ID: whatever its RCODE, the server is alive. */
bool dns_is_response(const uint8_t *wire, size_t len, uint16_t id);

#endif
