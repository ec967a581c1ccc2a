#!/usr/bin/env bats
# SPEC §2: sign-in address forms, normalisation, and rejection before any traffic.
load common

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	start_dnsmasq "$DIR"
	export DNS_PORT
}

teardown_file() {
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

# Queries dnsmasq logged for a name (it logs "query[SRV] NAME from ...").
queries_for() {
	grep -c "query\[.*\] .*$1" "$DIR/dnsmasq.log" || true
}

@test "SPEC 2: sip:, sips: and bare user@domain forms are accepted" {
	for a in sip:jeremy@contoso.test sips:jeremy@contoso.test jeremy@contoso.test; do
		sd --json --no-connect "$a"
		assert_success
		[ "$(json .domain)" = contoso.test ]
		[ "$(json .server.host)" = pool.contoso.test ]
	done
	sd --json --no-connect sips:jeremy@contoso.test
	[ "$(json .uri)" = sips:jeremy@contoso.test ]
}

@test "SPEC 2: a bare domain of two labels is checked with the placeholder user part, and the trace says so" {
	sd --json --no-connect contoso.test
	assert_success
	[ "$(json .domain)" = contoso.test ]
	[ "$(json .uri)" = sip:user@contoso.test ]
	[ "$(json .server.host)" = pool.contoso.test ]
	sd --no-connect CONTOSO.test.
	assert_success
	assert_output --partial 'sip:user@contoso.test'
	assert_output --partial 'a domain only: user part "user" used'
}

@test "SPEC 2: an address in angle brackets, with or without a display name, as SIP logs show it" {
	for a in '<sip:jeremy@contoso.test>' '"Jeremy" <sip:jeremy@contoso.test>' \
		'Jeremy Smith <sip:jeremy@contoso.test>' '"Smith, Jeremy" <sips:jeremy@contoso.test>;tag=9a'; do
		sd --json --no-connect "$a"
		assert_success
		[ "$(json .domain)" = contoso.test ] || fail "$a: domain $(json .domain)"
		[ "$(json .uri | sed 's/^sips:/sip:/')" = sip:jeremy@contoso.test ] || fail "$a: uri $(json .uri)"
	done
	# In a -f file too: one line each, as pasted.
	printf '%s\n' '"Jeremy" <sip:jeremy@contoso.test>' 'northwind.test' >"$DIR/pasted"
	sd --json --no-connect -f "$DIR/pasted"
	assert_success
	run jq -r .uri <<<"$output"
	assert_output "$(printf 'sip:jeremy@contoso.test\nsip:user@northwind.test')"
}

@test "SPEC 2: scheme and domain are case-insensitive, and the domain is lower-cased" {
	sd --json --no-connect SIP:Jeremy@CONTOSO.Test
	assert_success
	[ "$(json .domain)" = contoso.test ]
	[ "$(json .uri)" = sip:Jeremy@contoso.test ]
}

@test "SPEC 2: a trailing dot is removed from the domain" {
	sd --json --no-connect sip:jeremy@contoso.test.
	assert_success
	[ "$(json .domain)" = contoso.test ]
}

@test "SPEC 2: an internationalised domain is converted to its A-label" {
	sd --json --no-connect 'sip:jeremy@bücher.test'
	[ "$(json .domain)" = xn--bcher-kva.test ]
	[ "$(json '.queries[0].name')" = _sipinternaltls._tcp.xn--bcher-kva.test ]
	sd --no-connect 'sip:jeremy@bücher.test'
	assert_output --partial 'domain converted to its A-label form'
}

@test "SPEC 2: URI parameters and headers are ignored with a note" {
	sd --no-connect 'sip:jeremy@contoso.test;transport=tls?subject=x'
	assert_success
	assert_output --partial 'URI parameters ignored'
	assert_output --partial 'URI headers ignored'
	sd --json --no-connect 'sip:jeremy@contoso.test;transport=tls'
	[ "$(json .domain)" = contoso.test ]
}

@test "SPEC 2: each kind of bad input gets one line on stderr, exit 3, and no DNS traffic" {
	long_label=$(printf 'a%.0s' $(seq 64))
	long_name=$(printf 'abcdefghi.%.0s' $(seq 25))abcd.test
	while IFS='|' read -r addr expect; do
		sd_split --no-connect "$addr"
		[ "$status" -eq 3 ] || fail "\"$addr\": exit $status, expected 3"
		[ -z "$output" ] || fail "\"$addr\": wrote to stdout: $output"
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "\"$addr\": not one line: $stderr"
		[[ $stderr == *"$expect"* ]] || fail "\"$addr\": \"$stderr\" lacks \"$expect\""
		[[ $stderr == sipdiscover:* ]] || fail "\"$addr\": not prefixed: $stderr"
	done <<-LIST
		jeremy|missing '@'
		localhost.|missing '@'
		<sip:jeremy@contoso.test|without '>'
		"Jeremy" <sip:jeremy@contoso.test> x|after '>'
		sip:@contoso.test|empty user part
		sip:jeremy@|empty domain
		sip:jeremy@$long_label.test|63
		sip:jeremy@$long_name|253
		sip:jeremy@con_toso.test|not allowed in a host name
		sip:jeremy@con toso.test|not allowed in a host name
		sip:jeremy@192.0.2.1|IP address
		sip:jeremy@[2001:db8::1]|IP address
		tel:+15551234567|unsupported scheme
		http://contoso.test/|unsupported scheme
		sip:jeremy:secret@contoso.test|password
		sip:jeremy@contoso.test:5061|port
	LIST
	[ "$(queries_for con_toso)" -eq 0 ]
	[ "$(queries_for 192.0.2.1)" -eq 0 ]
	[ "$(queries_for "$long_label")" -eq 0 ]
}

@test "SPEC 2: in a batch a bad line is reported and the other addresses are still checked" {
	printf '# comment\n\njeremy@contoso.test\nnot-an-address\n  kim@northwind.test  \n' >"$DIR/batch"
	sd_split --json --no-connect -f "$DIR/batch"
	[ "$status" -eq 3 ]
	[[ $stderr == *'"not-an-address": missing'* ]]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 3 ]
	run jq -r .status <<<"$output"
	assert_output "$(printf 'ok\nunknown\nok')"
}

@test "SPEC 2: addresses come from the command line and from -f - (stdin)" {
	run bash -c "echo kim@northwind.test | '$SD' --dns-server=127.0.0.1:$DNS_PORT --json --no-connect -f - jeremy@contoso.test"
	assert_success
	run jq -r .domain <<<"$output"
	assert_output "$(printf 'contoso.test\nnorthwind.test')"
}

@test "SPEC 2: no address at all is a usage error with exit 3" {
	sd_split --no-connect
	[ "$status" -eq 3 ]
	[[ $stderr == *"no sign-in address given"* ]]
}
