/* report_json_parts.c — the JSON view's shared builders: network strings, checked appends and
 * sets, times, and the "tls" object of SPEC §6. */
#include "report_json_parts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

json_t *report_json_string(const char *s)
{
	json_t *j = json_string(s);
	if (j)
		return j;
	char *buf = malloc(4 * strlen(s) + 1), *end = buf; /* "\xNN" for each octet at worst */
	if (!buf)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		end += *p < 0x80 ? sprintf(end, "%c", *p) : sprintf(end, "\\x%02x", *p);
	*end = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

bool report_json_append(json_t *a, json_t *v)
{
	return json_array_append_new(a, v) == 0;
}

json_t *report_json_set(json_t *o, const char *key, json_t *v)
{
	if (json_object_set_new(o, key, v) == 0)
		return o;
	json_decref(o);
	return NULL;
}

bool report_json_keep_if(bool ok, json_t *a, json_t *b)
{
	if (!ok) {
		json_decref(a);
		json_decref(b);
	}
	return ok;
}

json_t *report_json_time(long long t)
{
	char buf[STR_TIME_SIZE];
	return str_time_utc(buf, sizeof buf, t, STR_TIME_ISO8601) ? json_string(buf) : json_null();
}

/* The certificate's subject alternative names, or NULL. */
static json_t *sans_json(const struct tls_report *t)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	for (size_t i = 0; ok && i < t->n_sans; i++)
		ok = report_json_append(a, report_json_string(t->sans[i]));
	return report_json_keep_if(ok, a, NULL) ? a : NULL;
}

/* The certificates as the server sent them (SPEC §6), or NULL. */
static json_t *chain_json(const struct tls_report *t)
{
	json_t *chain = json_array();
	bool ok = chain != NULL;
	for (size_t i = 0; ok && i < t->n_chain; i++)
		ok = report_json_append(chain, json_pack("{s:o, s:o, s:o, s:o}", "subject",
							 report_json_string(t->chain[i].subject), "issuer",
							 report_json_string(t->chain[i].issuer), "not_before",
							 report_json_time(t->chain[i].not_before), "not_after",
							 report_json_time(t->chain[i].not_after)));
	return report_json_keep_if(ok, chain, NULL) ? chain : NULL;
}

/* The failure classes' names (SPEC §6), or NULL. */
static json_t *classes_json(const struct tls_report *t)
{
	json_t *a = json_array();
	bool ok = a != NULL;
	const char *name;
	for (unsigned left = t->failures; ok && (name = cert_failure_next(&left));)
		ok = report_json_append(a, json_string(name));
	return report_json_keep_if(ok, a, NULL) ? a : NULL;
}

/* o with serial, key, signature algorithm, fingerprint, pin, chain, failure classes and
 * warnings added, or NULL (o released) when one of them cannot be built. */
static json_t *cert_detail_json(json_t *o, const struct tls_report *t)
{
	json_t *warnings = json_array();
	if (warnings && t->sha1_signature && !report_json_append(warnings, json_string("sha1-signature"))) {
		json_decref(warnings);
		warnings = NULL;
	}
	o = report_json_set(o, "failure_classes", classes_json(t));
	o = report_json_set(o, "warnings", warnings);
	if (!o || !t->have_cert)
		return o;
	o = report_json_set(o, "serial", json_string(t->serial));
	o = report_json_set(o, "key", json_pack("{s:s, s:i, s:s?}", "type", t->key_type, "bits", (int)t->key_bits,
						 "curve", t->key_curve[0] ? t->key_curve : NULL));
	o = report_json_set(o, "signature_algorithm", json_string(t->signature));
	o = report_json_set(o, "sha256_fingerprint", json_string(t->sha256));
	o = report_json_set(o, "spki_pin", json_string(t->pin));
	o = report_json_set(o, "chain_sent", json_integer((json_int_t)t->chain_sent));
	o = report_json_set(o, "chain_truncated", json_boolean(t->chain_sent > t->n_chain));
	o = report_json_set(o, "chain", chain_json(t));
	return report_json_set(o, "ca_issuers", t->ca_issuers[0] ? report_json_string(t->ca_issuers) : json_null());
}

json_t *report_json_tls(const struct tls_report *t)
{
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:b, s:b, s:s, s:i}", "version", t->version, "cipher",
			      t->cipher, "subject", report_json_string(t->subject), "issuer",
			      report_json_string(t->issuer), "sans", sans_json(t), "chain_ok", t->chain_ok, "name_ok",
			      t->name_ok, "dates_ok", t->dates_ok, "failure", t->failure, "handshake_ms",
			      (int)t->ms_handshake);
	if (t->have_cert) {
		o = report_json_set(o, "not_before", report_json_time(t->not_before));
		o = report_json_set(o, "not_after", report_json_time(t->not_after));
		o = report_json_set(o, "days_to_expiry", json_integer(t->days_to_expiry));
	}
	return o ? cert_detail_json(o, t) : NULL;
}
