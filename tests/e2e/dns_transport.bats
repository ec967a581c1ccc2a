#!/usr/bin/env bats
# SPEC §4.5, §4.6, §8: the DNS transport (several servers, retransmission, liveness) and
# DNS facts (RA=0, CNAME chains, Extended DNS Errors), against dnsmasq, NSD, ldns-testns
# and dnsfault (tests/tools/dnsfault.c: a server that drops, refuses or fails on purpose).
# Addresses: 127.0.0.1 on random ports; 127.0.0.40 for a server with nothing listening.
load common

FAULT=$TOP/build/tools/dnsfault

# start_fault NAME MODE [UPSTREAM_PORT]: dnsfault on 127.0.0.1; exports NAME_PORT.
start_fault() {
	local name=$1 mode=$2 up=${3:-} port try i
	for try in 1 2 3 4 5; do
		port=$(random_port)
		"$FAULT" 127.0.0.1 "$port" "$mode" $up >"$DIR/$name.out" 2>&1 3>&- &
		echo $! >"$DIR/$name.pid"
		for i in $(seq 20); do
			grep -q ready "$DIR/$name.out" 2>/dev/null && break
			sleep 0.05
		done
		if grep -q ready "$DIR/$name.out"; then
			export "${name}_PORT=$port"
			return 0
		fi
		kill "$(cat "$DIR/$name.pid")" 2>/dev/null || true
	done
	cat "$DIR/$name.out" >&2
	return 1
}

# The zone nsd.test: an authoritative server that does not recurse. deleg.nsd.test delegates its
# _sipinternaltls._tcp name (a referral); cn.nsd.test's SRV name is a CNAME; wild.nsd.test has a
# wildcard CNAME that makes sipinternal.wild.nsd.test "resolve". many.nsd.test has 12 SRV
# targets with long names, each with A and AAAA: in 1232 octets NSD's additional section
# carries a few A records and no AAAA (it adds every A before any AAAA).
write_nsd_zone() {
	local z=$DIR/nsd/nsd.test.zone i
	cat >"$z" <<-'EOF'
		$ORIGIN nsd.test.
		$TTL 300
		@ SOA ns hostmaster 1 3600 600 86400 300
		@ NS ns
		ns A 127.0.0.1
		_sipinternaltls._tcp SRV 0 0 5061 pool
		_sip._tls SRV 0 0 443 alias
		pool A 127.0.0.41
		alias CNAME gone.nsd.test.
		_sipinternaltls._tcp.deleg NS ns.elsewhere.test.
		sipinternal.deleg A 127.0.0.43
		_sipinternaltls._tcp.cn CNAME _sipinternaltls._tcp.nsd.test.
		_sipinternaltls._tcp.wild SRV 0 0 5061 nothing.nsd.test.
		*.wild CNAME web.nsd.test.
		web A 127.0.0.44
	EOF
	for i in $(seq -w 1 12); do
		printf '_sipinternaltls._tcp.many SRV 0 0 5061 a-rather-long-target-name-to-fill-the-packet-%s.many\n' "$i"
		printf 'a-rather-long-target-name-to-fill-the-packet-%s.many A 127.0.0.42\n' "$i"
		printf 'a-rather-long-target-name-to-fill-the-packet-%s.many AAAA ::1\n' "$i"
	done >>"$z"
}

start_nsd() {
	local try
	mkdir -p "$DIR/nsd"
	write_nsd_zone
	for try in 1 2 3 4 5; do
		NSD_PORT=$(random_port)
		cat >"$DIR/nsd/nsd.conf" <<-EOF
			server:
			  ip-address: 127.0.0.1@$NSD_PORT
			  port: $NSD_PORT
			  username: ""
			  chroot: ""
			  zonesdir: "$DIR/nsd"
			  pidfile: "$DIR/nsd/nsd.pid"
			  database: ""
			  zonelistfile: "$DIR/nsd/zone.list"
			  xfrdfile: "$DIR/nsd/xfrd.state"
			  logfile: "$DIR/nsd/nsd.log"
			  server-count: 1
			remote-control:
			  control-enable: no
			zone:
			  name: nsd.test
			  zonefile: nsd.test.zone
		EOF
		nsd -d -c "$DIR/nsd/nsd.conf" >"$DIR/nsd/out" 2>&1 3>&- &
		echo $! >"$DIR/nsd/main.pid"
		wait_dns "$NSD_PORT" && return 0
		kill "$(cat "$DIR/nsd/main.pid")" 2>/dev/null || true
	done
	cat "$DIR/nsd/out" >&2
	return 1
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	start_dnsmasq "$DIR"
	start_testns "$DIR" "$BATS_TEST_DIRNAME/data/dns_transport.testns"
	start_fault DROP drop-first "$DNS_PORT"
	start_fault SILENT silent
	start_fault HOLE blackhole
	start_fault REFUSE refused
	start_fault FAIL servfail
	start_nsd
	export DNS_PORT TNS_PORT NSD_PORT
	export DEAD=127.0.0.40:$(random_port) # nothing listens there: ICMP port unreachable
}

teardown_file() {
	local f
	stop_dnsmasq "$BATS_FILE_TMPDIR"
	stop_testns "$BATS_FILE_TMPDIR"
	for f in DROP SILENT HOLE REFUSE FAIL nsd/main; do
		kill "$(cat "$BATS_FILE_TMPDIR/$f.pid" 2>/dev/null)" 2>/dev/null || true
	done
}

# sdns SERVER... -- ARGS: sipdiscover asking the given servers in order.
sdns() {
	local args=()
	while [ "$1" != -- ]; do
		args+=("--dns-server=$1")
		shift
	done
	shift
	run "$SD" "${args[@]}" "$@"
}

@test "SPEC 4.6: a lost UDP datagram is sent again: the SRV answer arrives and no fallback runs" {
	sdns "127.0.0.1:$DROP_PORT" -- --timeout=1.5 --json --no-connect jeremy@contoso.test
	assert_success
	[ "$(json '[.queries[] | select(.stage == 1 and .role != "federation") | .result] | join(" ")')" = "answer answer answer" ]
	[ "$(json .fallback)" = not-run-srv-records-exist ]
	[ "$(json '.queries[0].server')" = "127.0.0.1#$DROP_PORT" ]
	[ "$(json .server.host)" = pool.contoso.test ]
}

@test "SPEC 4.6: --dns-server takes ADDR#PORT, the form the trace prints, beside ADDR:PORT" {
	sdns "127.0.0.1#$DNS_PORT" -- --json --no-connect jeremy@contoso.test
	assert_success
	[ "$(json '.queries[0].server')" = "127.0.0.1#$DNS_PORT" ]
	[ "$(json .server.host)" = pool.contoso.test ]
	# A bad port in that form, or two '#', is a usage error (exit 3).
	run --separate-stderr "$SD" --dns-server='::1#70000' --no-connect jeremy@contoso.test
	[ "$status" -eq 3 ]
	[[ $stderr == *'bad DNS server "::1#70000"'*'ADDR#PORT'* ]]
	run --separate-stderr "$SD" --dns-server='127.0.0.1#53#53' --no-connect jeremy@contoso.test
	[ "$status" -eq 3 ]
}

@test "SPEC 4.6: a first server with nothing listening is followed by the next; the trace names who answered" {
	sdns "$DEAD" "127.0.0.1:$DNS_PORT" -- --timeout=2 --json --no-connect jeremy@contoso.test
	assert_success
	[ "$(json '[.queries[] | select(.stage == 1) | .server] | unique | join(" ")')" = "127.0.0.1#$DNS_PORT" ]
	sdns "$DEAD" "127.0.0.1:$DNS_PORT" -- --timeout=2 --no-connect jeremy@contoso.test
	assert_output --partial "from 127.0.0.1#$DNS_PORT"
	assert_output --partial "servers given up on: ${DEAD/:/#} connection refused"
}

@test "SPEC 4.6: a first server that never answers is followed by the next, within --timeout" {
	SECONDS=0
	sdns "127.0.0.1:$HOLE_PORT" "127.0.0.1:$DNS_PORT" -- --timeout=2 --json --no-connect jeremy@contoso.test
	assert_success
	[ "$SECONDS" -lt $((5 + SLACK / 1000)) ]
	[ "$(json '.queries[0].result')" = answer ]
	[ "$(json '.queries[0].server')" = "127.0.0.1#$DNS_PORT" ]
	[ "$(json '.queries[0].detail // ""')" = "" ]
	# later stages ask the server that answered first: the silent one costs no second share
	[ "$(json '[.queries[] | select(.stage == 2)] | length')" -gt 0 ]
	[ "$(json '[.queries[] | select(.stage == 2) | .ms] | max')" -lt $((500 + SLACK)) ]
}

@test "SPEC 4.6: a first server answering REFUSED, or SERVFAIL, is followed by the next" {
	for first in "$REFUSE_PORT" "$FAIL_PORT"; do
		sdns "127.0.0.1:$first" "127.0.0.1:$DNS_PORT" -- --timeout=2 --json --no-connect jeremy@contoso.test
		assert_success
		[ "$(json '[.queries[] | select(.stage == 1 and .role != "federation") | .result] | join(" ")')" = "answer answer answer" ]
		[ "$(json '.queries[0].server')" = "127.0.0.1#$DNS_PORT" ]
	done
	sdns "127.0.0.1:$FAIL_PORT" "127.0.0.1:$DNS_PORT" -- --timeout=2 --no-connect jeremy@contoso.test
	assert_output --partial "servers given up on: 127.0.0.1#$FAIL_PORT servfail"
}

@test "SPEC 4.6: when every server gives SERVFAIL, the SERVFAIL stays the result" {
	sdns "127.0.0.1:$FAIL_PORT" -- --timeout=1 --json --no-connect jeremy@contoso.test
	[ "$(json '.queries[0].result')" = servfail ]
	[ "$(json '.queries[0].server')" = "127.0.0.1#$FAIL_PORT" ]
	[ "$status" -ne 3 ]
}

@test "SPEC 4.6, 8: no DNS server answering is UNKNOWN naming each server, within --timeout" {
	SECONDS=0
	sdns "127.0.0.1:$HOLE_PORT" "$DEAD" -- --timeout=1 --json --no-connect jeremy@contoso.test
	[ "$status" -eq 3 ]
	[ "$SECONDS" -lt $((3 + SLACK / 1000)) ]
	[ "$(json .status)" = unknown ]
	[ "$(json .reason)" = "no DNS server answered: 127.0.0.1#$HOLE_PORT timeout, ${DEAD/:/#} connection refused" ]
	[ "$(json '.queries[0].result')" = timeout ]
	[ "$(json '.queries[0].server')" = null ]
	[ "$(json .fallback)" = not-decided ] # not "not-applicable", which means a manual configuration
	sdns "127.0.0.1:$HOLE_PORT" "$DEAD" -- --timeout=1 --nagios jeremy@contoso.test
	[ "$status" -eq 3 ]
	assert_output --partial "no DNS server answered"
}

@test "SPEC 4.6: a live resolver whose domain does not answer gets the usual verdict, not UNKNOWN" {
	sdns "127.0.0.1:$SILENT_PORT" -- --timeout=1 --json --no-connect jeremy@contoso.test
	[ "$(json '.queries[0].result')" = timeout ]
	[ "$status" -eq 2 ]
	[[ "$(json .reason)" != "no DNS server answered"* ]]
	[ "$(json '.dns_servers | map("\(.server) \(.alive)") | join(" ")')" = "127.0.0.1#$SILENT_PORT true" ]
	[ "$(json '.queries[0].servers_failed | map("\(.server) \(.what)") | join(",")')" = "127.0.0.1#$SILENT_PORT timeout" ]
}

@test "SPEC 4.6: a timeout is 'did not answer' in one hint, and a live resolver points at the domain's servers" {
	sdns "127.0.0.1:$SILENT_PORT" -- --timeout=1 --json --no-connect jeremy@contoso.test
	[ "$(json '[.hints[].text | select(test("did not answer"))] | length')" = 1 ]
	json '.hints[].text' | grep -q "The queries for _sipinternaltls._tcp.contoso.test SRV, .* timed out: 127.0.0.1#$SILENT_PORT did not answer"
	json '.hints[].text' | grep -q "127.0.0.1#$SILENT_PORT answers (it is alive), but the name servers of contoso.test do not answer it: a lame delegation or dead authoritative servers"
	[[ "$(json .reason)" == *"SRV timeout (127.0.0.1#$SILENT_PORT did not answer)"* ]]
	run bash -c "jq -r '.reason, .hints[].text' | grep -E 'exists? for|does not exist|publish'" <<<"$output"
	assert_failure
}

@test "SPEC 4.6: every nameserver line of resolv.conf is used, in order" {
	printf 'nameserver %s\nnameserver 127.0.0.1\n' "${DEAD%:*}" >"$DIR/resolv.conf"
	SIPDISCOVER_RESOLV_CONF=$DIR/resolv.conf run "$SD" --timeout=1 --no-connect a@contoso.test
	assert_output --partial "DNS server ${DEAD%:*}#53, 127.0.0.1#53"
}

@test "SPEC 4.6: an authoritative server that does not recurse (RA=0) is named once per stage" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --no-connect jeremy@nsd.test
	assert_output --partial "note: 127.0.0.1#$NSD_PORT does not recurse (RA=0)"
	[ "$(grep -c 'does not recurse' <<<"$output")" -eq 2 ] # the SRV stage and the address stage
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --json --no-connect jeremy@nsd.test
	[ "$(json '.queries[0] | "\(.authoritative) \(.recursion_available) \(.referral)"')" = "true false false" ]
}

@test "SPEC 4.6: a referral from a server that does not recurse: named once, and 'publish' carries the caveat" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --json --no-connect jeremy@deleg.nsd.test
	[ "$(json '.queries[0].referral')" = true ]
	[ "$(json .server.host)" = sipinternal.deleg.nsd.test ]
	[ "$(json '[.hints[].text | select(test("does not recurse \\(RA=0\\)"))] | length')" = 1 ]
	json '.hints[].text' | grep -q "127.0.0.1#$NSD_PORT does not recurse (RA=0) and gave a referral instead of an answer for _sipinternaltls._tcp.deleg.nsd.test"
	json '.hints[].text' | grep -q "No SRV record exists for deleg.nsd.test as 127.0.0.1#$NSD_PORT answers.*unless the clients' resolver sees them"
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --no-connect jeremy@deleg.nsd.test
	assert_output --partial "a referral (delegation) from 127.0.0.1#$NSD_PORT, not an answer"
}

@test "SPEC 4.5: a family the additional section did not carry is still asked (NSD fills A first)" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --json --no-connect jeremy@many.nsd.test
	[ "$(json '[.queries[0].additional[] | select(.address | contains(":"))] | length')" = 0 ]
	[ "$(json '.queries[0].additional | length')" -gt 0 ]
	[ "$(json '[.queries[] | select(.stage == 2 and .type == "AAAA")] | length')" = 12 ]
	[ "$(json '[.candidates[] | select(.addresses | map(.address) | index("::1"))] | length')" = 12 ]
}

@test "SPEC 4.6: a CNAME to a name that does not exist is shown, and the result is the target's" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --json --no-connect jeremy@nsd.test
	[ "$(json '[.queries[] | select(.name == "alias.nsd.test") | .result] | unique | join(" ")')" = nxdomain ]
	[ "$(json '[.queries[] | select(.name == "alias.nsd.test") | .cname_chain | join(" ")] | unique | join(",")')" = gone.nsd.test ]
	json '.hints[].text' | grep -q "SRV target alias.nsd.test (from _sip._tls.nsd.test) is a CNAME to gone.nsd.test, which does not resolve (nxdomain): fix the CNAME's target (or point the SRV record at a name that resolves)"
	run bash -c "jq -r '.hints[].text' | grep 'publish an address record'" <<<"$output"
	assert_failure
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --no-connect jeremy@nsd.test
	assert_output --partial "CNAME: alias.nsd.test -> gone.nsd.test (the result is gone.nsd.test's)"
}

@test "SPEC 4.6: an SRV name that is a CNAME is shown as one in the trace" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --no-connect jeremy@cn.nsd.test
	assert_output --partial "CNAME: _sipinternaltls._tcp.cn.nsd.test -> _sipinternaltls._tcp.nsd.test"
}

@test "SPEC 4.6: a fallback name that resolves only through a wildcard CNAME says so" {
	sdns "127.0.0.1:$NSD_PORT" -- --timeout=2 --json --no-connect jeremy@wild.nsd.test
	json '.hints[].text' | grep -q "sipinternal.wild.nsd.test resolves (127.0.0.44) only through the CNAME chain to web.nsd.test (likely a wildcard)"
}

@test "SPEC 4.6: an Extended DNS Error (RFC 8914) is shown with its code and text" {
	sdns "127.0.0.1:$TNS_PORT" -- --timeout=2 --no-connect jeremy@bogus.test
	assert_output --partial "EDE 6 (DNSSEC Bogus): signature crypto failed"
	sdns "127.0.0.1:$TNS_PORT" -- --timeout=2 --json --no-connect jeremy@bogus.test
	[ "$(json '.queries[0].ede | "\(.code) \(.text)"')" = "6 DNSSEC Bogus: signature crypto failed" ]
	[ "$(json '.queries[1].ede')" = null ]
	json '.hints[].text' | grep -q "The query for _sipinternaltls._tcp.bogus.test SRV (EDE 6 (DNSSEC Bogus): signature crypto failed) got servfail from 127.0.0.1#$TNS_PORT"
}

@test "SPEC 7: -v shows no 1970 WHEN line nor a 0 msec query time from the packet printer" {
	sdns "127.0.0.1:$DNS_PORT" -- --timeout=2 -v --no-connect jeremy@contoso.test
	assert_output --partial "| ;; ->>HEADER<<-"
	refute_output --partial "1970"
	refute_output --partial "WHEN:"
	refute_output --partial "Query time: 0 msec"
}
