#!/usr/bin/env bats
# SPEC §5.1 (the trust model of Lync 2010 and later, Microsoft 365) and §6's certificate
# column (pidgin-sipe's prompt, the Windows profiles' CryptoAPI): dnsmasq serves the test
# domains and lync.com-style names locally; Kamailio answers over TLS with certificates from
# the test CA. Addresses: 127.0.0.120-127.0.0.129.
load common

CERT_ADDR=127.0.0.126
# SPEC §6's classes: the port of each Kamailio on $CERT_ADDR, by certificate of tests/site/mkcerts
declare -gA CPORT=([sha1]=5061 [md5]=5062 [leaf]=5063 [peer-untrusted]=5066 [wrongname]=5067
	[peer-expired]=5068 [peer-notyet]=5069 [peer-valid]=5070)

STARTERS=()
peer() { # peer NAME ADDR PORT CERT FQDN
	mkdir -p "$DIR/$1"
	"$SITE/start-kamailio" "$DIR/$1" "$2" "$3" 0 "$DIR/certs/$4.pem" "$DIR/certs/$4-key.pem" lync "$5" 3>&- &
	STARTERS+=($!)
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR/certs"
	local n
	for n in lyncpool.corp.deep.test sip.partner.example edge.foreign2.test sipdir.online.lync.com \
		pool.hybrid.test; do
		"$SITE/mkcert-names" "$DIR/certs" "$n" ca "$n"
	done
	cat "$DIR/certs/ca.pem" "$DIR/certs/root2.pem" "$DIR/certs/rsa-ca.pem" >"$DIR/certs/all-ca.pem"
	{
		printf '%s\n' local=/deep.test/ local=/foreign.test/ local=/foreign2.test/ local=/partner.example/ \
			local=/partner2.example/ local=/lync.com/ local=/m365.test/ local=/hybrid.test/ local=/cert.test/
		# a deep subdomain of the sign-in domain
		echo srv-host=_sipinternaltls._tcp.deep.test,lyncpool.corp.deep.test,5061,0,100
		echo host-record=lyncpool.corp.deep.test,127.0.0.120
		# a foreign domain that answers
		echo srv-host=_sipinternaltls._tcp.foreign.test,sip.partner.example,5061,0,100
		echo srv-host=_sip._tls.foreign.test,edge.foreign2.test,5061,0,100
		echo host-record=sip.partner.example,127.0.0.121
		# a foreign domain first that refuses, then a server of the domain's own
		echo srv-host=_sipinternaltls._tcp.foreign2.test,sip.partner2.example,5061,0,100
		echo srv-host=_sip._tls.foreign2.test,edge.foreign2.test,5061,0,100
		echo host-record=sip.partner2.example,127.0.0.123
		echo host-record=edge.foreign2.test,127.0.0.122
		# Microsoft 365's documented records
		echo srv-host=_sip._tls.m365.test,sipdir.online.lync.com,443,0,100
		echo cname=sip.m365.test,sipdir.online.lync.com
		echo cname=lyncdiscover.m365.test,webdir.online.lync.com
		echo host-record=sipdir.online.lync.com,127.0.0.124
		echo host-record=webdir.online.lync.com,127.0.0.127
		# hybrid: the internal pool on premises, the edge at Microsoft 365
		echo srv-host=_sipinternaltls._tcp.hybrid.test,pool.hybrid.test,5061,0,100
		echo srv-host=_sip._tls.hybrid.test,sipdir.online.lync.com,443,0,100
		echo host-record=pool.hybrid.test,127.0.0.125
		# SPEC §6: c-CLASS.test: first the server with that certificate, then a valid one
		echo host-record=pool.cert.test,$CERT_ADDR
		for n in "${!CPORT[@]}"; do
			echo "local=/c-$n.test/"
			echo "srv-host=_sipinternaltls._tcp.c-$n.test,pool.cert.test,${CPORT[$n]},0,100"
			echo "srv-host=_sip._tls.c-$n.test,pool.cert.test,${CPORT[peer-valid]},0,100"
		done
	} >"$DIR/trust.conf"
	start_dnsmasq "$DIR" "$DIR/trust.conf"
	export DNS_PORT
	peer deep 127.0.0.120 5061 lyncpool.corp.deep.test lyncpool.corp.deep.test
	peer partner 127.0.0.121 5061 sip.partner.example sip.partner.example
	peer edge2 127.0.0.122 5061 edge.foreign2.test edge.foreign2.test
	peer sipdir 127.0.0.124 443 sipdir.online.lync.com sipdir.online.lync.com
	peer hybridpool 127.0.0.125 5061 pool.hybrid.test pool.hybrid.test
	# Kamailio's OpenSSL refuses SHA-1 and MD5 certificates at its default security level.
	printf '%s\n' 'openssl_conf = init' '[init]' 'ssl_conf = ssl' '[ssl]' 'system_default = weak' \
		'[weak]' 'CipherString = DEFAULT:@SECLEVEL=0' >"$DIR/openssl-weak.cnf"
	for n in "${!CPORT[@]}"; do
		[ -f "$DIR/certs/$n.pem" ] || continue # md5.pem: only where certtool still signs with MD5
		OPENSSL_CONF=$DIR/openssl-weak.cnf peer "cert-$n" "$CERT_ADDR" "${CPORT[$n]}" "$n" pool.cert.test
	done
	local pid failed=0
	for pid in "${STARTERS[@]}"; do
		wait "$pid" || failed=1
	done
	return "$failed"
}

teardown_file() {
	local d
	for d in "$BATS_FILE_TMPDIR"/*/; do
		[ -f "$d/kamailio.pid" ] && "$SITE/stop-kamailio" "$d" || true
	done
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

# trust ARGS...: sipdiscover --json with the test CA.
trust() {
	sd_split --json --no-tcp --cafile="$DIR/certs/all-ca.pem" "$@"
}

hint_texts() {
	json '.hints[] | if type == "object" then .text else . end'
}

@test "SPEC 5.1: lync2013 trusts a deep subdomain of the sign-in domain that ocs2007r2's rule rejects" {
	trust --profile=lync2013 sip:a@deep.test
	[ "$(json .status)" = ok ]
	[ "$(json .server.host)" = lyncpool.corp.deep.test ]
	[ "$(json '.candidates[0].naming.rule')" = trusted-domain ]
	[ "$(json '.candidates[0].naming.domain')" = deep.test ]
	[ "$(json .policy.naming_model)" = trust-model ]
	trust --profile=lync2010 sip:a@deep.test
	[ "$(json .status)" = ok ]
	trust sip:a@deep.test
	[ "$(json .status)" = critical ]
	[ "$(json '.candidates[0].naming.rule')" = deeper-than-one-label ]
}

@test "SPEC 5.1: --strict-naming keeps SPEC 5's strict rule for the trust profiles" {
	trust --profile=lync2013 --strict-naming sip:a@deep.test
	[ "$(json .status)" = critical ]
	[ "$(json '.candidates[0].naming.rule')" = deeper-than-one-label ]
	[ "$(json '.candidates[0].state')" = rejected-by-naming ]
	[ "$(json .prompt)" = null ]
	# a correct Microsoft 365 record is still not called wrong: strict naming is what refuses it
	trust --profile=lync2013 --strict-naming sip:a@m365.test
	json .reason | grep -q 'with strict naming, the client cannot sign in to Microsoft 365'
	hint_texts | grep -q 'strict naming (EnableStrictDNSNaming) is what refuses it'
	[ -z "$(hint_texts | grep 'Point the SRV record')" ]
}

@test "SPEC 5.1: a server outside every trusted domain is the trust prompt: WARNING, server the prompted host, both fixes" {
	trust --profile=lync2013 sip:a@foreign.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json .server.host)" = sip.partner.example ]
	[ "$(json .prompt.kind)" = trust ]
	[ "$(json .prompt.host)" = sip.partner.example ]
	[ "$(json '.candidates[0].naming.rule')" = untrusted-prompt ]
	[ "$(json '.candidates[0].state')" = usable ]
	json .reason | grep -q 'sign-in waits for the user'
	hint_texts | grep -q 'Point the record at a host under foreign.test'
	hint_texts | grep -q 'add partner.example to the Trusted Domain List policy'
	hint_texts | grep -q 'Connect anyway?'
}

@test "SPEC 5.1: what follows the trust prompt is shown only as if the user rejects it" {
	trust --profile=lync2013 --no-connect sip:a@foreign.test
	[ "$(json .status)" = warning ]
	[ "$(json .server.host)" = sip.partner.example ]
	[ "$(json '.candidates[0] | has("if_rejected")')" = false ]
	[ "$(json '.candidates[1].if_rejected')" = true ]
	sd --profile=lync2013 --no-tcp --cafile="$DIR/certs/all-ca.pem" sip:a@foreign2.test
	assert_output --partial 'only if the user rejects the prompt'
	assert_output --partial 'the client stops here: the trust prompt'
	trust --profile=lync2013 sip:a@foreign2.test
	[ "$(json .status)" = warning ]
	[ "$(json .server.host)" = sip.partner2.example ]
	[ "$(json '.attempts[0].host')" = sip.partner2.example ]
	[ "$(json '.attempts[0] | has("if_rejected")')" = false ]
	[ "$(json '.attempts[-1].host')" = edge.foreign2.test ]
	[ "$(json '.attempts[-1].if_rejected')" = true ]
}

@test "SPEC 5.1: --trusted-domains replaces the defaults; the sign-in domain stays trusted" {
	trust --profile=lync2013 --trusted-domains=partner.example sip:a@foreign.test
	[ "$(json .status)" = ok ]
	[ "$(json '.candidates[0].naming.domain')" = partner.example ]
	[ "$(json '.policy.trusted_domains | join(",")')" = partner.example ]
	trust --profile=lync2013 --trusted-domains=partner.example sip:a@deep.test
	[ "$(json .status)" = ok ]
	[ "$(json '.candidates[0].naming.domain')" = deep.test ]
	# lync.com is no longer trusted: Microsoft 365's record prompts, and the hint never moves it
	trust --profile=lync2013 --trusted-domains=partner.example sip:a@m365.test
	[ "$(json .status)" = warning ]
	[ "$(json .prompt.host)" = sipdir.online.lync.com ]
	hint_texts | grep -q 'add lync.com to the Trusted Domain List'
	[ -z "$(hint_texts | grep 'host under')" ]
	[ -z "$(hint_texts | grep 'Point the')" ]
	[ "$(json .server.host)" = sipdir.online.lync.com ]
}

@test "SPEC 5.1: --trusted-domains with a bad entry is one clear line, exit 3, no traffic" {
	sd_split --trusted-domains=contoso.com,,x.test sip:a@deep.test
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$(grep -c . <<<"$stderr")" -ge 1 ]
	grep -q -- '--trusted-domains: an entry is empty' <<<"$stderr"
}

@test "SPEC 5.1: Microsoft 365's records are trusted by default and recognised by name" {
	trust --profile=lync2013 sip:a@m365.test
	[ "$(json .server.host)" = sipdir.online.lync.com ]
	[ "$(json '.candidates[0].naming.domain')" = lync.com ]
	[ "$(json .prompt)" = null ]
	[ "$(json '[.microsoft365.records[] | select(.place == "microsoft365") | .name] | sort | join(" ")')" = \
		"_sip._tls.m365.test lyncdiscover.m365.test sip.m365.test" ]
	[ "$(json .microsoft365.hybrid)" = false ]
}

@test "SPEC 5.1: under ocs2007r2 Communicator 2007 R2 cannot sign in to Microsoft 365; no hint repoints the record" {
	trust sip:a@m365.test
	[ "$(json .status)" = critical ]
	json .reason | grep -q 'Communicator 2007 R2 cannot sign in to Microsoft 365'
	hint_texts | grep -q 'the value Microsoft documents'
	[ -z "$(hint_texts | grep 'Point the SRV record at a host the rule allows')" ]
}

@test "SPEC 5.1: a hybrid domain is named, with what the client generation does" {
	trust --profile=lync2013 sip:a@hybrid.test
	[ "$(json .status)" = ok ]
	[ "$(json .server.host)" = pool.hybrid.test ]
	[ "$(json .microsoft365.hybrid)" = true ]
	sd --profile=lync2013 --no-tcp --cafile="$DIR/certs/all-ca.pem" sip:a@hybrid.test
	assert_output --partial 'hybrid or half-migrated domain'
	assert_output --partial 'Lync 2010 and later trust'
	sd --no-tcp --cafile="$DIR/certs/all-ca.pem" sip:a@hybrid.test
	assert_output --partial 'hybrid or half-migrated domain'
	assert_output --partial 'Communicator 2007 R2 signs in only on premises'
	refute_output --partial 'Point the SRV record at a host the rule allows'
}

# cert PROFILE CLASS: the c-CLASS.test domain, whose first server carries that certificate.
cert() {
	local profile=$1 class=$2
	[ -f "$DIR/certs/$class.pem" ] || skip "this certtool no longer signs with MD5"
	if [ "$profile" = sipe ]; then
		trust --profile=sipe "sip:a@c-$class.test"
	else
		trust --profile="$profile" --trusted-domains=cert.test "sip:a@c-$class.test"
	fi
}

@test "SPEC 6: sipe stops at the certificate prompt for expired, not-yet-valid, untrusted-issuer, missing-intermediate, name-mismatch" {
	local class
	for class in peer-expired peer-notyet peer-untrusted leaf wrongname; do
		cert sipe "$class"
		echo "$class: $(json .status) $(json .prompt.kind) $(json .server.port)"
		[ "$(json .status)" = warning ]
		[ "$(json .prompt.kind)" = certificate ]
		[ "$(json .server.port)" = "${CPORT[$class]}" ]
		[ "$(json '.attempts[0] | has("if_rejected")')" = false ]
		[ "$(json '[.attempts[1:][] | .if_rejected] | all')" = true ]
		json .reason | grep -q 'sign-in waits for the user to accept the certificate'
		hint_texts | grep -q 'pidgin-sipe asks the user to accept the certificate'
	done
}

@test "SPEC 6: sipe fails an MD5 certificate without a prompt and goes on to the next server" {
	cert sipe md5
	[ "$(json .prompt)" = null ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json .server.port)" = "${CPORT[peer-valid]}" ]
	[ "$(json .status)" = warning ]
}

@test "SPEC 6: sipe accepts a SHA-1 chain silently; the tool still warns" {
	cert sipe sha1
	[ "$(json .prompt)" = null ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json .status)" = warning ]
	hint_texts | grep -q 'pidgin-sipe accepts it silently.*reissue it with SHA-256'
	[ -z "$(hint_texts | grep 'Windows clients')" ]
}

@test "SPEC 6: a Windows profile fails the SIP attempt for every failure class and goes on, without a prompt; SHA-1 is a warning" {
	local class
	for class in peer-expired peer-notyet peer-untrusted leaf wrongname md5; do
		[ -f "$DIR/certs/$class.pem" ] || continue
		cert lync2013 "$class"
		echo "$class: $(json .status) $(json '.attempts[0].outcome')"
		[ "$(json .prompt)" = null ]
		[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
		[ "$(json .server.port)" = "${CPORT[peer-valid]}" ]
		[ "$(json .status)" = warning ]
	done
	cert lync2013 sha1
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json .status)" = warning ]
	hint_texts | grep -q "Lync 2013 accepts it from an enterprise CA, as Windows' CryptoAPI does"
}

@test "SPEC 7: the JSON of the trust model, the prompts and Microsoft 365 validates against the schema" {
	{
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-tcp --cafile="$DIR/certs/all-ca.pem" \
			--profile=lync2013 a@foreign2.test a@hybrid.test a@deep.test || true
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-tcp --cafile="$DIR/certs/all-ca.pem" \
			--profile=lync2013 --no-connect a@foreign.test || true
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-tcp --cafile="$DIR/certs/all-ca.pem" \
			--profile=sipe a@c-peer-expired.test || true
		"$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --json --no-tcp --cafile="$DIR/certs/all-ca.pem" \
			a@m365.test || true
	} >"$BATS_TEST_TMPDIR/out.jsonl"
	[ "$(wc -l <"$BATS_TEST_TMPDIR/out.jsonl")" -eq 6 ]
	[ "$(jq -s '[.[] | .. | objects | select(.if_rejected == true)] | length' "$BATS_TEST_TMPDIR/out.jsonl")" -gt 0 ]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <"$BATS_TEST_TMPDIR/out.jsonl"
	assert_success
}
