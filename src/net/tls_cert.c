/* tls_cert.c — SPEC §6's certificate checks as a client makes them, each failed check named
 * by its class, and the certificate's detail as gnutls-cli would show it (issue 11). */
#include "tls_cert.h"
#include "str.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <gnutls/x509.h>

/* The certificates of the chain verified; more are not read. */
#define VERIFY_MAX 16

/* Copies certificate text for display: control characters become '?', trailing blanks go. */
static void copy_shown(char *dst, size_t n, const char *src, size_t len)
{
	while (len > 0 && (src[len - 1] == ' ' || src[len - 1] == '\0'))
		len--;
	if (!str_copy_span(dst, n, src, len))
		len = n > 0 ? n - 1 : 0;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)dst[i] < 0x20 || dst[i] == 0x7f)
			dst[i] = '?';
}

static void copy_dn(char *dst, size_t n, int r, gnutls_datum_t *dn)
{
	if (r >= 0) {
		copy_shown(dst, n, (const char *)dn->data, dn->size);
		gnutls_free(dn->data);
	}
}

static void cert_sans(gnutls_x509_crt_t crt, struct tls_report *rep)
{
	for (unsigned seq = 0; seq < 1024; seq++) {
		unsigned char buf[1024];
		size_t size = sizeof buf;
		char text[SD_HOST_MAX] = "";
		int type = gnutls_x509_crt_get_subject_alt_name(crt, seq, buf, &size, NULL);
		if (type == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			return;
		if (type == GNUTLS_E_SHORT_MEMORY_BUFFER) {
			rep->sans_truncated = true;
			continue;
		}
		if (type < 0)
			return;
		if (type == GNUTLS_SAN_DNSNAME && size < sizeof text)
			copy_shown(text, sizeof text, (const char *)buf, size);
		else if (type == GNUTLS_SAN_IPADDRESS && (size == 4 || size == 16))
			inet_ntop(size == 4 ? AF_INET : AF_INET6, buf, text, sizeof text);
		else if (type == GNUTLS_SAN_DNSNAME)
			rep->sans_truncated = true; /* longer than any host name */
		if (!*text)
			continue;
		if (rep->n_sans == CONN_SANS_MAX) {
			rep->sans_truncated = true;
			continue;
		}
		sd_copy(rep->sans[rep->n_sans++], sizeof rep->sans[0], text);
	}
}

static void hex(char *dst, size_t n, const unsigned char *src, size_t len)
{
	size_t i;
	dst[0] = '\0';
	for (i = 0; i < len && 2 * i + 2 < n; i++)
		snprintf(dst + 2 * i, 3, "%02x", src[i]);
}

/* The key's type, size and curve: "RSA" 2048, "EC" 256 "SECP256R1". */
static void cert_key(gnutls_x509_crt_t crt, struct tls_report *rep)
{
	unsigned bits = 0;
	int pk = gnutls_x509_crt_get_pk_algorithm(crt, &bits);
	const char *name = pk == GNUTLS_PK_ECDSA ? "EC" : pk >= 0 ? gnutls_pk_get_name((gnutls_pk_algorithm_t)pk) : NULL;
	sd_copy(rep->key_type, sizeof rep->key_type, name ? name : "unknown");
	rep->key_bits = bits;
	gnutls_ecc_curve_t curve;
	gnutls_datum_t x, y;
	if (pk == GNUTLS_PK_ECDSA && gnutls_x509_crt_get_pk_ecc_raw(crt, &curve, &x, &y) >= 0) {
		name = gnutls_ecc_curve_get_name(curve);
		sd_copy(rep->key_curve, sizeof rep->key_curve, name ? name : "");
		gnutls_free(x.data);
		gnutls_free(y.data);
	}
}

/* Serial, key, signature algorithm, SHA-256 fingerprint and SPKI pin of the server certificate. */
static void cert_detail(gnutls_x509_crt_t crt, struct tls_report *rep)
{
	unsigned char buf[64];
	size_t size = sizeof buf;
	if (gnutls_x509_crt_get_serial(crt, buf, &size) >= 0)
		hex(rep->serial, sizeof rep->serial, buf, size);
	cert_key(crt, rep);
	int sig = gnutls_x509_crt_get_signature_algorithm(crt);
	const char *name = sig >= 0 ? gnutls_sign_get_name((gnutls_sign_algorithm_t)sig) : NULL;
	sd_copy(rep->signature, sizeof rep->signature, name ? name : "unknown");
	size = sizeof buf;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, buf, &size) >= 0)
		hex(rep->sha256, sizeof rep->sha256, buf, size);
	/* gnutls's key id with SHA-256 is the hash of the DER SubjectPublicKeyInfo, HPKP's pin. */
	size = sizeof buf;
	gnutls_datum_t raw, b64;
	if (gnutls_x509_crt_get_key_id(crt, GNUTLS_KEYID_USE_SHA256, buf, &size) >= 0) {
		raw = (gnutls_datum_t){ buf, (unsigned)size };
		if (gnutls_base64_encode2(&raw, &b64) >= 0) {
			snprintf(rep->pin, sizeof rep->pin, "sha256//%.*s", (int)b64.size, (const char *)b64.data);
			gnutls_free(b64.data);
		}
	}
	for (unsigned seq = 0; seq < 16; seq++) {
		gnutls_datum_t uri;
		int r = gnutls_x509_crt_get_authority_info_access(crt, seq, GNUTLS_IA_CAISSUERS_URI, &uri, NULL);
		if (r == GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE)
			break;
		if (r >= 0) {
			copy_shown(rep->ca_issuers, sizeof rep->ca_issuers, (const char *)uri.data, uri.size);
			gnutls_free(uri.data);
			break;
		}
	}
}

static void cert_fields(gnutls_x509_crt_t crt, long long now, struct tls_report *rep)
{
	gnutls_datum_t dn;
	copy_dn(rep->subject, sizeof rep->subject, gnutls_x509_crt_get_dn3(crt, &dn, 0), &dn);
	copy_dn(rep->issuer, sizeof rep->issuer, gnutls_x509_crt_get_issuer_dn3(crt, &dn, 0), &dn);
	cert_sans(crt, rep);
	rep->not_before = gnutls_x509_crt_get_activation_time(crt);
	rep->not_after = gnutls_x509_crt_get_expiration_time(crt);
	long long d = rep->not_after - now;
	rep->days_to_expiry = (long)(d >= 0 ? d / 86400 : -((-d + 86399) / 86400));
	cert_detail(crt, rep);
}

/* The certificates the server sent, in order; n of them are in crts. */
static void chain_fields(gnutls_x509_crt_t *crts, size_t n, size_t sent, struct tls_report *rep)
{
	rep->chain_sent = sent;
	for (size_t i = 0; i < n && i < TLS_CHAIN_MAX; i++) {
		struct tls_chain_cert *c = &rep->chain[rep->n_chain++];
		gnutls_datum_t dn;
		copy_dn(c->subject, sizeof c->subject, gnutls_x509_crt_get_dn3(crts[i], &dn, 0), &dn);
		copy_dn(c->issuer, sizeof c->issuer, gnutls_x509_crt_get_issuer_dn3(crts[i], &dn, 0), &dn);
		c->not_before = gnutls_x509_crt_get_activation_time(crts[i]);
		c->not_after = gnutls_x509_crt_get_expiration_time(crts[i]);
		/* SPEC §6: a weak signature is attributed to the certificate that carries it */
		int sig = gnutls_x509_crt_get_signature_algorithm(crts[i]);
		const char *name = sig >= 0 ? gnutls_sign_get_name((gnutls_sign_algorithm_t)sig) : NULL;
		snprintf(c->signature, sizeof c->signature, "%s", name ? name : "unknown");
		c->insecure_signature = sig >= 0 && !gnutls_sign_is_secure2((gnutls_sign_algorithm_t)sig, 0);
	}
}

static bool signed_with_sha1(gnutls_x509_crt_t *crts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int sig = gnutls_x509_crt_get_signature_algorithm(crts[i]);
		if (sig >= 0 && gnutls_sign_get_hash_algorithm((gnutls_sign_algorithm_t)sig) == GNUTLS_DIG_SHA1)
			return true;
	}
	return false;
}

/*
 * The chain's status against tl, the way the SIP client judges it. GnuTLS refuses SHA-1
 * signatures, Windows clients accept them from an enterprise CA (SPEC §6): when SHA-1 was
 * the only insecure algorithm, the chain is verified again with it allowed and that status
 * stands, with sha1_signature set. MD5 and weaker stay refused.
 */
static unsigned chain_verify(gnutls_x509_trust_list_t tl, gnutls_x509_crt_t *crts, size_t n,
			     struct tls_report *rep)
{
	unsigned status = 0, again = 0;
	if (gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned)n, NULL, 0, 0, &status, NULL) < 0)
		return GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
	if (!(status & GNUTLS_CERT_INSECURE_ALGORITHM) || !signed_with_sha1(crts, n))
		return status;
	if (gnutls_x509_trust_list_verify_crt2(tl, crts, (unsigned)n, NULL, 0, GNUTLS_VERIFY_ALLOW_SIGN_WITH_SHA1,
					       &again, NULL) < 0 || (again & GNUTLS_CERT_INSECURE_ALGORITHM))
		return status;
	rep->sha1_signature = true;
	return again;
}

/* The failure classes of status, for the chain the server sent (rep filled). */
static unsigned classify(unsigned status, gnutls_x509_crt_t last, const struct tls_report *rep)
{
	static const struct {
		unsigned bits, failure;
	} direct[] = {
		{ GNUTLS_CERT_REVOKED, CERT_REVOKED },
		{ GNUTLS_CERT_INSECURE_ALGORITHM, CERT_INSECURE_SIGNATURE },
		{ GNUTLS_CERT_UNEXPECTED_OWNER, CERT_NAME_MISMATCH },
		{ GNUTLS_CERT_EXPIRED, CERT_EXPIRED },
		{ GNUTLS_CERT_NOT_ACTIVATED, CERT_NOT_YET_VALID },
	};
	unsigned classes = 0, known = GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND;
	for (size_t i = 0; i < sizeof direct / sizeof direct[0]; i++) {
		known |= direct[i].bits;
		if (status & direct[i].bits)
			classes |= direct[i].failure;
	}
	/*
	 * An unknown issuer. Servers send every certificate but the root, so after a CA the
	 * root is what is missing. A server certificate sent alone that is not self-signed and
	 * names where its issuer is published (AIA caIssuers, which issuing CAs write) points to
	 * an intermediate the server should send; without that, to a root not trusted here.
	 */
	if (status & GNUTLS_CERT_SIGNER_NOT_FOUND)
		classes |= rep->chain_sent == 1 && last && !gnutls_x509_crt_check_issuer(last, last) &&
					   rep->ca_issuers[0]
				   ? CERT_MISSING_INTERMEDIATE : CERT_UNTRUSTED_ISSUER;
	if (status & ~known)
		classes |= CERT_OTHER;
	if (status && !classes)
		classes = CERT_OTHER;
	return classes;
}

static void report_status(struct tls_report *rep, unsigned status)
{
	const unsigned dates = GNUTLS_CERT_EXPIRED | GNUTLS_CERT_NOT_ACTIVATED;
	const unsigned name = GNUTLS_CERT_UNEXPECTED_OWNER;
	rep->status = status;
	rep->dates_ok = !(status & dates);
	rep->name_ok = !(status & name);
	rep->chain_ok = !(status & ~(dates | name | GNUTLS_CERT_INVALID));
	gnutls_datum_t text;
	if (status && gnutls_certificate_verification_status_print(status, GNUTLS_CRT_X509,
								    &text, 0) >= 0) {
		/* gnutls starts every text with this, even when only the name or the dates fail. */
		static const char generic[] = "The certificate is NOT trusted. ";
		size_t skip = text.size >= sizeof generic - 1 && memcmp(text.data, generic, sizeof generic - 1) == 0
				      ? sizeof generic - 1 : 0;
		copy_shown(rep->failure, sizeof rep->failure, (const char *)text.data + skip, text.size - skip);
		gnutls_free(text.data);
	}
}

static bool no_certificate(struct tls_report *rep, const char *why)
{
	report_status(rep, GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND);
	rep->failures = CERT_OTHER;
	sd_copy(rep->failure, sizeof rep->failure, why);
	return false;
}

/* Imports up to VERIFY_MAX of the peer's certificates into crts; how many. */
static size_t import_peers(const gnutls_datum_t *peers, unsigned count, gnutls_x509_crt_t *crts)
{
	size_t n = 0;
	for (unsigned i = 0; i < count && n < VERIFY_MAX; i++) {
		if (gnutls_x509_crt_init(&crts[n]) < 0)
			break;
		if (gnutls_x509_crt_import(crts[n], &peers[i], GNUTLS_X509_FMT_DER) < 0) {
			gnutls_x509_crt_deinit(crts[n]);
			break;
		}
		n++;
	}
	return n;
}

/* The leaf's name and dates are checked here too, so that every failed check is named
 * however early gnutls stopped. */
static unsigned leaf_checks(gnutls_x509_crt_t leaf, const char *host, long long now, const struct tls_report *rep)
{
	unsigned status = 0;
	if (!gnutls_x509_crt_check_hostname2(leaf, host, 0))
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_UNEXPECTED_OWNER;
	if (now < rep->not_before)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_NOT_ACTIVATED;
	if (now > rep->not_after)
		status |= GNUTLS_CERT_INVALID | GNUTLS_CERT_EXPIRED;
	return status;
}

bool tls_cert_examine(gnutls_session_t s, gnutls_certificate_credentials_t cred, const char *host,
		      long long now, struct tls_report *rep)
{
	const char *v = gnutls_protocol_get_name(gnutls_protocol_get_version(s));
	sd_copy(rep->version, sizeof rep->version, v ? v : "");
	char *desc = gnutls_session_get_desc(s);
	if (desc) {
		sd_copy(rep->cipher, sizeof rep->cipher, desc);
		gnutls_free(desc);
	}
	unsigned count = 0;
	const gnutls_datum_t *peers = gnutls_certificate_get_peers(s, &count);
	gnutls_x509_crt_t crts[VERIFY_MAX];
	if (gnutls_certificate_type_get(s) != GNUTLS_CRT_X509 || !peers || count == 0)
		return no_certificate(rep, "The server sent no X.509 certificate.");
	size_t n = import_peers(peers, count, crts);
	if (n == 0)
		return no_certificate(rep, "The server certificate cannot be parsed.");
	rep->have_cert = true;
	cert_fields(crts[0], now, rep);
	chain_fields(crts, n, count, rep);
	gnutls_x509_trust_list_t tl;
	gnutls_certificate_get_trust_list(cred, &tl);
	unsigned status = chain_verify(tl, crts, n, rep) | leaf_checks(crts[0], host, now, rep);
	report_status(rep, status);
	rep->failures = classify(status, crts[n - 1], rep);
	for (size_t i = 0; i < n; i++)
		gnutls_x509_crt_deinit(crts[i]);
	return rep->status == 0;
}
