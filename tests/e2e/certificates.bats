#!/usr/bin/env bats
# SPEC §6: each certificate failure class with its own outcome class, reason and hint, the
# SHA-1 warning, and the certificate detail of every TLS attempt. Certificates from
# tests/site/mkcerts; one Kamailio per certificate on 127.0.0.50, reached as a manual
# server (--internal-server), so no DNS is involved.
load common

ADDR=127.0.0.50
# port of each peer, by certificate
declare -gA PORT=([sha1]=5061 [md5]=5062 [leaf]=5063 [chained]=5064 [revoked]=5065
	[peer-untrusted]=5066 [wrongname]=5067 [peer-expired]=5068 [peer-notyet]=5069 [peer-valid]=5070)

STARTERS=()
start_peer() { # start_peer CERT
	"$SITE/start-kamailio" "$DIR/peer-$1" "$ADDR" "${PORT[$1]}" 0 \
		"$DIR/certs/$1.pem" "$DIR/certs/$1-key.pem" lync pool.cert.test 3>&- &
	STARTERS+=($!)
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR/certs"
	# Kamailio's OpenSSL refuses to load SHA-1 and MD5 certificates ("ca md too weak") at
	# its default security level; the servers under test must present them.
	printf '%s\n' 'openssl_conf = init' '[init]' 'ssl_conf = ssl' '[ssl]' 'system_default = weak' \
		'[weak]' 'CipherString = DEFAULT:@SECLEVEL=0' >"$DIR/openssl-weak.cnf"
	local c
	for c in "${!PORT[@]}"; do
		[ -f "$DIR/certs/$c.pem" ] || continue # md5.pem: only where certtool still signs with MD5
		OPENSSL_CONF=$DIR/openssl-weak.cnf start_peer "$c"
	done
	local pid failed=0
	for pid in "${STARTERS[@]}"; do
		wait "$pid" || failed=1
	done
	return "$failed"
}

teardown_file() {
	local d
	for d in "$BATS_FILE_TMPDIR"/peer-*/; do
		"$SITE/stop-kamailio" "$d" || true
	done
}

# check CERT CAFILE [options]: sipdiscover --json against the peer of CERT.
check() {
	local cert=$1 cafile=$2
	shift 2
	run "$SD" --timeout=3 --json --no-tcp --cafile="$DIR/certs/$cafile" \
		--internal-server="$ADDR:${PORT[$cert]}" "$@" jeremy@cert.test
}

json() {
	jq -r "$1" <<<"$output"
}

classes() {
	json '.attempts[0].tls.failure_classes | join(" ")'
}

hints() {
	json '.hints[].text'
}

registers() {
	grep -c 'sipdiscover-peer: REGISTER' "$DIR/peer-$1/kamailio.log" || true
}

@test "SPEC 6: a SHA-1 signature from a trusted CA is a warning; the REGISTER is sent; reissue with SHA-256" {
	local before
	before=$(registers sha1)
	check sha1 ca.pem
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json '.attempts[0].tls.warnings | join(" ")')" = sha1-signature ]
	[ "$(classes)" = "" ]
	[ "$(json '.attempts[0].tls.chain_ok')" = true ]
	[ "$(json '.attempts[0].tls.signature_algorithm')" = ECDSA-SHA1 ]
	[ "$(json '.attempts[0].sip.status_code')" = 401 ]
	[ "$(registers sha1)" -gt "$before" ]
	hints | grep -q 'browsers, mobile clients and current TLS libraries refuse SHA-1: reissue it with SHA-256'
	run ! grep -q 'to a root this machine trusts' <<<"$output"
}

@test "SPEC 6: an MD5 signature fails the attempt as insecure-signature, never as an untrusted root" {
	[ -f "$DIR/certs/md5.pem" ] || skip "this certtool no longer signs with MD5"
	check md5 rsa-ca.pem
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(classes)" = insecure-signature ]
	[ "$(json '.attempts[0].tls.signature_algorithm')" = RSA-MD5 ]
	hints | grep -q 'signature algorithm the clients refuse.*reissue it signed with SHA-256'
	run ! grep -q 'to a root this machine trusts' <<<"$output"
}

@test "SPEC 6: a server that sends only its leaf, issued by an intermediate, is missing-intermediate" {
	check leaf root2.pem
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(classes)" = missing-intermediate ]
	[ "$(json '.attempts[0].tls.chain_sent')" = 1 ]
	[ "$(json '.attempts[0].tls.ca_issuers')" = http://pki.cert.test/issuing.crt ]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	check leaf root2.pem
	hints | grep -q 'sends 1 certificate (only its own), and the issuer of the last, "CN=sipdiscover test issuing CA", is not a trusted root: the server must send the intermediate'
	run ! grep -q 'to a root this machine trusts' <<<"$output"
}

@test "SPEC 6: the same leaf sent with its intermediate is accepted, and the chain is shown as sent" {
	check chained root2.pem
	[ "$status" -eq 0 ]
	[ "$(json .status)" = ok ]
	[ "$(json '.attempts[0].tls.chain_sent')" = 2 ]
	[ "$(json '.attempts[0].tls.chain | map(.subject) | join(" / ")')" = "CN=pool.cert.test / CN=sipdiscover test issuing CA" ]
	[ "$(json '.attempts[0].tls.chain[1].issuer')" = "CN=sipdiscover test root 2" ]
	[ "$(json '.attempts[0].tls.chain_truncated')" = false ]
}

@test "SPEC 6: leaf and intermediate sent, the root not trusted: untrusted-issuer naming the root" {
	check chained ca.pem
	[ "$status" -eq 2 ]
	[ "$(classes)" = untrusted-issuer ]
	hints | grep -q 'is issued by "CN=sipdiscover test root 2", and the chain leads neither to a root this machine trusts nor to one in --cafile'
	run ! grep -q 'intermediate' <<<"$(hints)"
}

@test "SPEC 6: a certificate a CRL in --cafile lists is revoked" {
	check revoked ca-crl.pem
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(classes)" = revoked ]
	hints | grep -q "serial $(json '.attempts[0].tls.serial')) is revoked by its CA"
	run ! grep -q 'to a root this machine trusts' <<<"$output"
	check revoked ca.pem
	[ "$status" -eq 0 ] # without the CRL revocation is not checked, as the man page says
}

@test "SPEC 6: a CA neither this machine nor --cafile trusts is untrusted-issuer, and the hint says so" {
	check peer-untrusted ca.pem
	[ "$status" -eq 2 ]
	[ "$(classes)" = untrusted-issuer ]
	hints | grep -q 'issued by "CN=sipdiscover untrusted CA", and the chain leads neither to a root this machine trusts nor to one in --cafile: pass the root that issued it with --cafile'
	run ! grep -q 'intermediate' <<<"$output"
}

@test "issue 22: an untrusted issuer on a first run (no --cafile) says what was seen, and claims no TCP fallback" {
	# TCP allowed: the manual server's TCP attempt goes to the same port and connects
	run "$SD" --timeout=2 --json --internal-server="$ADDR:${PORT[peer-valid]}" jeremy@cert.test
	[ "$(classes)" = untrusted-issuer ]
	hints | grep -q 'the chain does not lead to a root this machine trusts. If that is an internal CA, pass its root certificate with --cafile to check as a domain-joined client would'
	run ! grep -q 'install that root CA on the clients' <<<"$(hints)"
	run ! grep -q 'TLS to .* fails' <<<"$(hints)"
	run ! grep -q 'fix the TLS listener' <<<"$(hints)"
}

@test "SPEC 6: a name mismatch lists the names the certificate holds" {
	check wrongname ca.pem
	[ "$status" -eq 2 ]
	[ "$(classes)" = name-mismatch ]
	hints | grep -q "does not name $ADDR (it names: other.example.test)"
}

@test "SPEC 6: expired and not yet valid are their own classes, with the date" {
	check peer-expired ca.pem
	[ "$(classes)" = expired ]
	hints | grep -q "expired on $(($(date -u +%Y) - 1))-01-01"
	check peer-notyet ca.pem
	[ "$(classes)" = not-yet-valid ]
	hints | grep -q "is not valid before $(($(date -u +%Y) + 5))-01-01"
}

@test "SPEC 6: every TLS attempt shows serial, key, signature algorithm, SHA-256 fingerprint, SPKI pin and chain (trace: under -v)" {
	local pem=$DIR/certs/peer-valid.pem fp pin serial
	check peer-valid ca.pem
	[ "$status" -eq 0 ]
	# Computed apart from GnuTLS's own fields: the DER bytes and the DER SubjectPublicKeyInfo.
	fp=$(certtool -i --infile "$pem" --outder | sha256sum | cut -c1-64)
	pin=$(certtool --pubkey-info --infile "$pem" --outder |
		perl -MDigest::SHA=sha256 -MMIME::Base64 -0777 -ne 'print encode_base64(sha256($_), "")')
	serial=$(certtool -i --infile "$pem" | sed -n 's/.*Serial Number (hex): //p')
	[ "$(json '.attempts[0].tls.sha256_fingerprint')" = "$fp" ]
	[ "$(json '.attempts[0].tls.spki_pin')" = "sha256//$pin" ]
	[ "$(json '.attempts[0].tls.serial')" = "$serial" ]
	[ "$(json '.attempts[0].tls.key | "\(.type) \(.bits) \(.curve)"')" = "EC 256 SECP256R1" ]
	[ "$(json '.attempts[0].tls.signature_algorithm')" = ECDSA-SHA256 ]
	[ "$(json '.attempts[0].tls.chain | length')" = 1 ]
	[ "$(json '.attempts[0].tls.chain[0].issuer')" = "CN=sipdiscover test CA" ]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	run "$SD" -v --timeout=3 --no-tcp --cafile="$DIR/certs/ca.pem" --internal-server="$ADDR:${PORT[peer-valid]}" jeremy@cert.test
	assert_output --partial "serial $serial, key EC 256 bits SECP256R1, signed ECDSA-SHA256"
	assert_output --partial "sha256 $fp"
	assert_output --partial "pin sha256//$pin"
	assert_output --partial "chain as sent: 1 certificate"
}
