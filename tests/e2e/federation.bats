#!/usr/bin/env bats
# SPEC §5.2: _sipfederationtls._tcp, its own trace section and JSON "federation", the Access
# Edge's TLS attempt and --federation. Addresses 127.0.0.110-119 belong to this file: .110 a
# Kamailio sign-in pool for every test domain; Access Edges (Kamailio, TLS 5061) on .111 (a
# certificate naming its SRV target), .112 (naming another host), .113 (from an untrusted
# CA); .114 a listener that only counts connections; .115 one that accepts and never speaks.
load common

declare -gA EDGE=([fgood]=127.0.0.111 [fwrong]=127.0.0.112 [funtrusted]=127.0.0.113 [fcount]=127.0.0.114
	[fhang]=127.0.0.115)

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR/certs"
	local d names="" conf=$DIR/federation.conf
	for d in fgood fwrong funtrusted fcount fhang fnone fnoaddr fonly; do
		names="$names pool.$d.test"
		printf 'local=/%s.test/\n' "$d"
		[ "$d" = fonly ] || printf 'srv-host=_sipinternaltls._tcp.%s.test,pool.%s.test,5061,0,100\n' "$d" "$d"
		printf 'host-record=pool.%s.test,127.0.0.110\n' "$d"
	done >"$conf"
	names="$names sipinternal.fonly.test"
	{
		printf 'host-record=sipinternal.fonly.test,127.0.0.110\n'
		for d in fgood fwrong funtrusted fcount fhang fnoaddr fonly; do
			printf 'srv-host=_sipfederationtls._tcp.%s.test,access.%s.test,5061,0,100\n' "$d" "$d"
		done
		for d in "${!EDGE[@]}"; do
			printf 'host-record=access.%s.test,%s\n' "$d" "${EDGE[$d]}"
		done
		printf 'host-record=access.fonly.test,127.0.0.111\n'
	} >>"$conf"
	"$SITE/mkcert-names" "$DIR/certs" pool ca "$names"
	"$SITE/mkcert-names" "$DIR/certs" edge-good ca "access.fgood.test access.fonly.test"
	"$SITE/mkcert-names" "$DIR/certs" edge-wrong ca "edge.elsewhere.test"
	"$SITE/mkcert-names" "$DIR/certs" edge-untrusted evil-ca "access.funtrusted.test"
	start_dnsmasq "$DIR" "$conf"
	export DNS_PORT
	mkdir -p "$DIR/pool" "$DIR/good" "$DIR/wrong" "$DIR/untrusted" "$DIR/hang"
	"$SITE/start-kamailio" "$DIR/pool" 127.0.0.110 5061 0 "$DIR/certs/pool.pem" "$DIR/certs/pool-key.pem" lync \
		pool.fgood.test 3>&- &
	local p1=$!
	"$SITE/start-kamailio" "$DIR/good" 127.0.0.111 5061 0 "$DIR/certs/edge-good.pem" \
		"$DIR/certs/edge-good-key.pem" lync access.fgood.test 3>&- &
	local p2=$!
	"$SITE/start-kamailio" "$DIR/wrong" 127.0.0.112 5061 0 "$DIR/certs/edge-wrong.pem" \
		"$DIR/certs/edge-wrong-key.pem" lync edge.elsewhere.test 3>&- &
	local p3=$!
	"$SITE/start-kamailio" "$DIR/untrusted" 127.0.0.113 5061 0 "$DIR/certs/edge-untrusted.pem" \
		"$DIR/certs/edge-untrusted-key.pem" lync access.funtrusted.test 3>&- &
	local p4=$!
	start_counter "$DIR" 127.0.0.114 5061
	start_silent "$DIR/hang" 127.0.0.115 5061
	wait "$p1" && wait "$p2" && wait "$p3" && wait "$p4"
}

teardown_file() {
	local d
	for d in pool good wrong untrusted; do
		"$SITE/stop-kamailio" "$BATS_FILE_TMPDIR/$d" || true
	done
	stop_silent "$BATS_FILE_TMPDIR/hang"
	[ -f "$BATS_FILE_TMPDIR/counter.pid" ] && kill "$(cat "$BATS_FILE_TMPDIR/counter.pid")" 2>/dev/null || true
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

# start_counter DIR ADDR PORT: accepts connections on ADDR:PORT and appends a line to
# DIR/counter.log for each, then closes it.
start_counter() {
	python3 -c 'import socket, sys
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))
s.listen(16)
print("ready", flush=True)
while True:
    c, _ = s.accept()
    with open(sys.argv[3], "a") as f:
        f.write("connection\n")
    c.close()' "$2" "$3" "$1/counter.log" >"$1/counter.out" 2>&1 3>&- &
	echo $! >"$1/counter.pid"
	for _ in $(seq 50); do
		grep -q ready "$1/counter.out" && return 0
		sleep 0.1
	done
	return 1
}

connections() {
	cat "$DIR/counter.log" 2>/dev/null | grep -c connection || true
}

# fed OPTIONS... ADDRESS: sipdiscover trusting the test CA.
fed() {
	sd --cafile="$DIR/certs/ca.pem" "$@"
}

hint_texts() {
	json '.hints[] | if type == "object" then .text else . end'
}

@test "SPEC 5.2: _sipfederationtls._tcp goes out in the first DNS stage, beside the SRV names, under every profile" {
	local p
	for p in ocs2007r2 lync2010 lync2013 sipe; do
		fed --json --no-connect --profile="$p" jeremy@fgood.test
		[ "$(json '[.queries[] | select(.role == "federation" and .type == "SRV") | .stage] | join(" ")')" = 1 ]
		[ "$(json '[.queries[] | select(.role == "srv") | .stage] | unique | join(" ")')" = 1 ]
		[ "$(json '[.queries[] | select(.role == "federation" and .type != "SRV") | .stage] | unique | join(" ")')" = 2 ]
		[ "$(json .federation.name)" = _sipfederationtls._tcp.fgood.test ]
	done
	grep -q 'query\[SRV\] _sipfederationtls._tcp.fgood.test' "$DIR/dnsmasq.log"
}

@test "SPEC 5.2: a federation record is never a sign-in candidate and does not stop the host fallback (SPEC 4.3 is about the profile's SRV names)" {
	fed --json --no-connect jeremy@fonly.test
	[ "$status" -eq 0 ]
	[ "$(json .fallback)" = ran-no-srv-records ]
	[ "$(json '.server.host')" = sipinternal.fonly.test ]
	[ "$(json '[.candidates[] | select(.host == "access.fonly.test")] | length')" = 0 ]
	[ "$(json .federation.target)" = access.fonly.test ]
	[ "$(json .federation.state)" = resolves ]
}

@test "SPEC 5.2: a certificate that names the SRV target and validates is ok, in its own trace section" {
	fed jeremy@fgood.test
	[ "$status" -eq 0 ]
	assert_line --partial 'Federation (SPEC'
	assert_line --partial '_sipfederationtls._tcp.fgood.test  SRV  answer  -> access.fgood.test:5061'
	assert_line --partial 'TLS to access.fgood.test:5061 at 127.0.0.111'
	assert_line --partial 'result: ok: the certificate validates and names access.fgood.test'
	fed --json --federation jeremy@fgood.test
	[ "$status" -eq 0 ]
	[ "$(json .status)" = ok ]
	[ "$(json .federation.state)" = ok ]
	[ "$(json .federation.port)" = 5061 ]
	[ "$(json '.federation.addresses | join(" ")')" = 127.0.0.111 ]
	[ "$(json .federation.attempt.outcome)" = ok ]
	[ "$(json .federation.tls.name_ok)" = true ]
	[ "$(json .federation.tls.chain_ok)" = true ]
	[ "$(json .federation.sets_status)" = false ]
}

@test "SPEC 5.2: a certificate that does not name the SRV target: informational without --federation, a WARNING with it" {
	fed --json jeremy@fwrong.test
	[ "$status" -eq 0 ]
	[ "$(json .status)" = ok ]
	[ "$(json .federation.state)" = certificate-invalid ]
	[ "$(json '.federation.tls.failure_classes | join(" ")')" = name-mismatch ]
	[ "$(json '.hints | length')" = 0 ]
	fed --json --federation jeremy@fwrong.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json .federation.sets_status)" = true ]
	json .reason | grep -q '^federation: certificate of Access Edge access.fwrong.test: name-mismatch; the client would sign in'
	hint_texts | grep -q 'does not name access.fwrong.test.*it names: edge.elsewhere.test.*Reissue the certificate with access.fwrong.test among its subject alternative names'
}

@test "SPEC 5.2: an Access Edge certificate from an untrusted CA fails validation: a WARNING with --federation naming the class" {
	fed --json --federation jeremy@funtrusted.test
	[ "$status" -eq 1 ]
	[ "$(json .federation.state)" = certificate-invalid ]
	[ "$(json '.federation.tls.failure_classes | join(" ")')" = untrusted-issuer ]
	hint_texts | grep -q 'access.funtrusted.test:5061 fails validation (untrusted-issuer; issuer CN=sipdiscover untrusted CA)'
}

@test "SPEC 5.2: no federation record: the verdict is unchanged without --federation, a WARNING with it" {
	fed --json jeremy@fnone.test
	[ "$status" -eq 0 ]
	local plain_reason
	plain_reason=$(json .reason)
	[ "$(json .federation.state)" = no-record ]
	[ "$(json .federation.result)" = nxdomain ]
	[ "$(json .federation.target)" = null ]
	[ "$(json .federation.attempt)" = null ]
	[ "$(json '.hints | length')" = 0 ]
	fed --json --federation jeremy@fnone.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json .reason)" = "federation: no _sipfederationtls._tcp.fnone.test SRV record (nxdomain); $plain_reason" ]
	hint_texts | grep -q 'Publish the record: _sipfederationtls._tcp.fnone.test. 3600 IN SRV 0 0 5061 ACCESS-EDGE.'
	fed jeremy@fnone.test
	assert_line --partial 'result: no-record: no _sipfederationtls._tcp.fnone.test SRV record'
	assert_line --partial 'informational: the sign-in verdict does not depend on it'
}

@test "SPEC 5.2: a federation target that does not resolve is a WARNING with --federation: publish an address for it" {
	fed --json --federation jeremy@fnoaddr.test
	[ "$status" -eq 1 ]
	[ "$(json .federation.state)" = does-not-resolve ]
	[ "$(json '.federation.addresses | length')" = 0 ]
	hint_texts | grep -q 'access.fnoaddr.test, the target of _sipfederationtls._tcp.fnoaddr.test, does not resolve.*Publish an address (A record) for access.fnoaddr.test'
}

@test "SPEC 5.2: --nagios --federation puts the federation cause on the first line when it set the state" {
	fed --nagios --federation jeremy@fnone.test
	[ "$status" -eq 1 ]
	[[ "${lines[0]}" == "SIPDISCOVER WARNING - federation: no _sipfederationtls._tcp.fnone.test SRV record (nxdomain); "* ]]
}

@test "SPEC 5.2: --no-connect makes no connection to the Access Edge; a run that connects makes one" {
	local before
	before=$(connections)
	fed --json --no-connect jeremy@fcount.test
	[ "$status" -eq 0 ]
	[ "$(json .federation.state)" = resolves ]
	[ "$(json .federation.attempt)" = null ]
	[ "$(connections)" = "$before" ]
	fed --json jeremy@fcount.test
	[ "$(json .federation.state)" = connect-failed ]
	[ "$(connections)" -gt "$before" ]
}

@test "SPEC 5.2: an Access Edge that never answers is bounded by --timeout and leaves the sign-in verdict alone" {
	local t0 t1
	t0=$(date +%s%N)
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --cafile="$DIR/certs/ca.pem" --json jeremy@fhang.test
	t1=$(date +%s%N)
	[ "$status" -eq 0 ]
	[ "$(json .status)" = ok ]
	[ "$(json .federation.attempt.outcome)" = timeout ]
	[ $(((t1 - t0) / 1000000)) -lt $((2000 + SLACK)) ]
	[ "$(json .federation.attempt.ms)" -lt $((1300 + SLACK)) ]
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=3 --deadline=1 --cafile="$DIR/certs/ca.pem" --json \
		jeremy@fhang.test
	[ "$(json .federation.attempt.ms)" -lt $((1500 + SLACK)) ]
}

@test "SPEC 7: every federation shape (ok, certificate-invalid, connect-failed, no-record, resolves) matches the JSON schema" {
	local all=""
	fed --json --federation jeremy@fgood.test jeremy@fwrong.test jeremy@funtrusted.test jeremy@fcount.test \
		jeremy@fnone.test jeremy@fnoaddr.test
	all=$output
	fed --json --no-connect jeremy@fgood.test
	all="$all"$'\n'"$output"
	[ "$(jq -r .federation.state <<<"$all" | sort -u | tr '\n' ' ')" = "certificate-invalid connect-failed does-not-resolve no-record ok resolves " ]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$all"
	assert_success
}
