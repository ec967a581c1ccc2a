#!/usr/bin/env bats
# SPEC §7, §8: the trace, --json against its schema, --nagios, -q, colour, exit statuses.
load common

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR"
	printf 'cn = "pool.output.test"\ndns_name = "pool.output.test"\ntls_www_server\nsigning_key\nexpiration_days = 100\n' >"$DIR/out.tmpl"
	certtool --generate-privkey --key-type=ecdsa --no-text --outfile "$DIR/out-key.pem" 2>/dev/null
	certtool --generate-certificate --load-privkey "$DIR/out-key.pem" --load-ca-certificate "$DIR/ca.pem" \
		--load-ca-privkey "$DIR/ca-key.pem" --template "$DIR/out.tmpl" --outfile "$DIR/out.pem" 2>/dev/null
	mkdir -p "$DIR/k"
	"$SITE/start-kamailio" "$DIR/k" 127.0.0.100 5061 0 "$DIR/out.pem" "$DIR/out-key.pem" lync pool.output.test
	start_dnsmasq "$DIR" "$BATS_TEST_DIRNAME/data/output.conf"
	export DNS_PORT
}

teardown_file() {
	"$SITE/stop-kamailio" "$BATS_FILE_TMPDIR/k"
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

SCHEMA=$TOP/man/sipdiscover.schema.json

@test "SPEC 7: --json output validates against the schema: sign-in, no-connect, failures, profiles, bad input" {
	sd --json --cafile="$DIR/ca.pem" jeremy@output.test
	assert_success
	[ "$(json '.attempts[0].sip.status_code')" = 401 ]
	run "$TOP/tests/tools/validate-json" "$SCHEMA" <<<"$output"
	assert_success
	sd_split --json --no-connect jeremy@contoso.test kim@fabrikam.test x@northwind.test 'not an address'
	[ "$status" -eq 2 ]
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 4 ]
	run "$TOP/tests/tools/validate-json" "$SCHEMA" <<<"$output"
	assert_success
	sd_split --json --profile=sipe --cafile="$DIR/ca.pem" kim@fabrikam.test jeremy@output.test
	run "$TOP/tests/tools/validate-json" "$SCHEMA" <<<"$output"
	assert_success
}

@test "SPEC 7: the schema rejects what it should (a test of the test)" {
	run "$TOP/tests/tools/validate-json" "$SCHEMA" <<<'{"uri":"x","domain":null,"status":"fine","server":null,"reason":"","queries":[],"candidates":[],"attempts":[],"hints":[]}'
	assert_failure
	assert_output --partial "'fine' is not one of"
}

@test "SPEC 7: several addresses give JSON Lines in input order, whatever -j" {
	for j in 1 8; do
		sd --json --no-connect -j "$j" c@northwind.test a@contoso.test b@fabrikam.test d@adatum.test
		run jq -r .uri <<<"$output"
		assert_output "$(printf 'sip:c@northwind.test\nsip:a@contoso.test\nsip:b@fabrikam.test\nsip:d@adatum.test')"
	done
}

@test "SPEC 8: with several addresses the exit status is the worst of them" {
	sd -q --no-connect a@contoso.test
	[ "$status" -eq 0 ]
	sd -q --no-connect a@contoso.test b@fabrikam.test
	[ "$status" -eq 2 ]
	sd -q --no-connect b@fabrikam.test 'bad'
	[ "$status" -eq 2 ]
	sd -q --no-connect a@contoso.test 'bad'
	[ "$status" -eq 3 ]
}

@test "SPEC 7: the trace shows every stage, the verdict and hints, in order" {
	sd --cafile="$DIR/ca.pem" jeremy@output.test
	assert_success
	run grep -nE '^(1\. DNS SRV|2\. Naming|3\. Host-record|4\. Address|5\. Candidates|6\. Connection|OK: )' <<<"$output"
	[ "${#lines[@]}" -eq 7 ]
	sd --cafile="$DIR/ca.pem" jeremy@output.test
	assert_output --partial 'REGISTER (no credentials) -> 401 Unauthorized'
	assert_output --partial 'offers Kerberos realm "SIP Communications Service" targetname "sip/pool.output.test"'
	# 100 days from setup_file: 99 once a second has passed, 100 when the run is quick enough.
	assert_output --regexp 'expires in (99|100) days'
	assert_output --regexp 'time: [0-9]+ ms here; the real client, one step after the other, would need about [0-9]+ ms'
}

@test "SPEC 7: --nagios prints one plugin line with perfdata, and the exit code" {
	sd --nagios --cafile="$DIR/ca.pem" jeremy@output.test
	assert_success
	assert_line --index 0 --regexp '^SIPDISCOVER OK - pool\.output\.test:5061 via TLS \(.*\)\|dns=[0-9]+ms connect=[0-9]+ms tls=[0-9]+ms total=[0-9]+ms cert_days=(99|100);30:;7:$'
	sd --nagios --no-connect kim@fabrikam.test
	[ "$status" -eq 2 ]
	assert_line --index 0 --regexp '^SIPDISCOVER CRITICAL - SRV records exist for fabrikam\.test .*\|dns=[0-9]+ms total=[0-9]+ms$'
	sd --nagios --cafile="$DIR/ca.pem" --warning-days=120 jeremy@output.test
	[ "$status" -eq 1 ]
	assert_output --partial 'SIPDISCOVER WARNING - '
	assert_output --regexp 'cert_days=(99|100);120:;7:'
}

@test "SPEC 7: -q prints only the verdict line" {
	sd -q --no-connect a@contoso.test
	assert_success
	assert_output --regexp '^sip:a@contoso\.test: OK: the client would sign in to pool\.contoso\.test:5061'
	[ "${#lines[@]}" -eq 1 ]
}

@test "SPEC 7: --color=always colours, never and auto on a pipe do not, NO_COLOR is honoured" {
	sd --no-connect --color=always a@contoso.test
	[[ "$output" == *$'\033['* ]]
	sd --no-connect --color=never a@contoso.test
	[[ "$output" != *$'\033['* ]]
	sd --no-connect a@contoso.test
	[[ "$output" != *$'\033['* ]]
	run script -qec "NO_COLOR=1 $SD --dns-server=127.0.0.1:$DNS_PORT --no-connect a@contoso.test" /dev/null
	[[ "$output" != *$'\033['* ]]
	run script -qec "$SD --dns-server=127.0.0.1:$DNS_PORT --no-connect a@contoso.test" /dev/null
	[[ "$output" == *$'\033['* ]]
	sd --no-connect --color=sometimes a@contoso.test
	[ "$status" -eq 3 ]
}

@test "SPEC 7: -v shows the raw DNS answers and the SIP messages" {
	sd -v --cafile="$DIR/ca.pem" jeremy@output.test
	assert_output --partial ';; ->>HEADER<<-'
	assert_output --partial 'REGISTER sip:output.test SIP/2.0'
	assert_output --partial 'SIP/2.0 401 Unauthorized'
	refute_output --partial 'Authorization:'
}

@test "--version prints the version; --help and --usage describe the options" {
	run "$SD" --version
	assert_success
	assert_output --regexp '^sipdiscover [0-9]+\.[0-9]+\.[0-9]+$'
	run "$SD" --help
	assert_success
	assert_output --partial 'Client policy'
	assert_output --partial '--profile=NAME'
	run "$SD" --usage
	assert_success
	run "$SD" --no-such-option a@contoso.test
	[ "$status" -eq 3 ]
}

@test "SPEC 8: --version that cannot be written exits 3 with one line on stderr" {
	run --separate-stderr sh -c '"$1" --version >/dev/full' sh "$SD"
	[ "$status" -eq 3 ]
	[ "$stderr" = "sipdiscover: cannot write the output: No space left on device" ]
}

@test "SPEC 8: --json that cannot be written exits 3 with one line on stderr, not a JSON error" {
	run --separate-stderr sh -c '"$1" --dns-server="127.0.0.1:$2" --timeout=2 --json --no-connect \
		jeremy@contoso.test kim@fabrikam.test >/dev/full' sh "$SD" "$DNS_PORT"
	[ "$status" -eq 3 ]
	[ "$stderr" = "sipdiscover: cannot write the output: No space left on device" ]
	run --separate-stderr sh -c '"$1" --dns-server="127.0.0.1:$2" --timeout=2 --no-connect \
		jeremy@contoso.test >/dev/full' sh "$SD" "$DNS_PORT"
	[ "$status" -eq 3 ]
	[ "$stderr" = "sipdiscover: cannot write the output: No space left on device" ]
}

@test "SPEC 8: options that exclude each other are a usage error" {
	sd --json --nagios a@contoso.test
	[ "$status" -eq 3 ]
	sd --warning-days=5 --critical-days=10 a@contoso.test
	[ "$status" -eq 3 ]
	sd -j 0 a@contoso.test
	[ "$status" -eq 3 ]
}

@test "SPEC 7: the trace, -q and --nagios keep valid UTF-8 but escape broken bytes and C1 controls" {
	addr=$(printf 'sip:b\303\274\351\302\233@contoso.test')
	bad=$(printf 'sip:b\303\274\351\302\233@con_toso.test') # the Nagios line echoes only a rejected address
	for run in "$addr" "-q $addr" "--nagios $bad"; do
		read -r mode a <<<"$run"
		[ -n "$a" ] || { a=$mode; mode=; }
		sd_split $mode --no-connect "$a"
		[[ "$output" == *"bü"* ]] || fail "$mode: lost the valid UTF-8"
		[[ "$output" != *$'\351'* && "$output" != *$'\302\233'* ]] || fail "$mode: raw broken byte or C1 control"
	done
}
