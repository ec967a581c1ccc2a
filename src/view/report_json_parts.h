/* report_json_parts.h — what more than one part of the JSON view builds: strings from the
 * network, checked appends and sets, times, and the "tls" object that attempts[] and
 * autodiscover[] share (SPEC §4.7, §6). */
#ifndef REPORT_JSON_PARTS_H
#define REPORT_JSON_PARTS_H

#include <jansson.h>

#include "report.h"

/*
 * Every builder here and in the JSON view returns a new value, or NULL when one of its parts
 * could not be built (memory ran out); jansson's *_new calls and json_pack's "o" release their
 * value even when they fail, so a NULL part leaks nothing.
 */

/* A string from the network or the command line: jansson wants UTF-8, so when s is not, each
 * octet above 0x7f is written \xNN. NULL when memory ran out. */
json_t *report_json_string(const char *s);

/* Appends v to a; false when a or v is NULL or memory ran out (v is released either way). */
bool report_json_append(json_t *a, json_t *v);

/* o with o[key] = v, or NULL (o and v released) when it cannot be set. */
json_t *report_json_set(json_t *o, const char *key, json_t *v);

/* Releases a and b when ok is false; returns ok. */
bool report_json_keep_if(bool ok, json_t *a, json_t *b);

/* t as an RFC 3339 UTC string, or null when it cannot be shown. */
json_t *report_json_time(long long t);

/*
 * The JSON "tls" object of one TLS exchange (SPEC §6): version, cipher, certificate, checks,
 * failure classes and warnings, the same keys for attempts[].tls and autodiscover[].tls
 * (SPEC §4.7). NULL when memory ran out.
 */
json_t *report_json_tls(const struct tls_report *t);

#endif
