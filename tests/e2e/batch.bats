#!/usr/bin/env bats
# Issue 5: many addresses at once (-j), in input order, within descriptor limits;
# and DNS answers that arrive out of order within one stage.
load common

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	start_dnsmasq "$DIR"
	start_testns "$DIR" "$BATS_TEST_DIRNAME/data/crafted.testns"
	export DNS_PORT TNS_PORT
	for i in $(seq 300); do echo "u$i@contoso.test"; done >"$DIR/300"
}

teardown_file() {
	stop_dnsmasq "$BATS_FILE_TMPDIR"
	stop_testns "$BATS_FILE_TMPDIR"
}

@test "-j: 300 addresses through a window of 4 x jobs come out complete and in input order" {
	sd -q --no-connect -j 3 -f "$DIR/300"
	assert_success
	run bash -c 'sed "s/^sip:u\([0-9]*\)@.*/\1/" | awk "NR != \$1 { bad++ } END { print NR, bad + 0 }"' <<<"$output"
	assert_output "300 0"
}

@test "-j: the exit status is the worst over all addresses, wherever the worst one stands" {
	{ head -n 150 "$DIR/300"; echo kim@fabrikam.test; tail -n 150 "$DIR/300"; } >"$DIR/mixed"
	sd -q --no-connect -j 16 -f "$DIR/mixed"
	[ "$status" -eq 2 ]
	[ "${#lines[@]}" -eq 301 ]
	[[ "${lines[150]}" == "sip:kim@fabrikam.test: CRITICAL:"* ]]
}

@test "-j 64 under a low descriptor limit: every address still checked, no DNS error invented" {
	run bash -c 'ulimit -n 64 && exec "$@"' _ "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 \
		--json --no-connect -j 64 -f "$DIR/300"
	assert_success
	[ "$(jq -s 'length' <<<"$output")" = 300 ]
	[ "$(jq -s '[.[].queries[] | select(.result == "error")] | length' <<<"$output")" = 0 ]
}

@test "SPEC 4.6: answers arriving out of order are matched to their own queries" {
	sdt --json --no-connect jeremy@ooo.test
	assert_success
	[ "$(json '.queries[0].records[0].target')" = pool.ooo.test ]
	[ "$(json '.queries[2].records[0].target')" = sip.ooo.test ]
	[ "$(json '.queries[0].ms')" -ge "$(json '.queries[2].ms')" ]
	[ "$(json '.server.host')" = pool.ooo.test ]
}

@test "SPEC 8: a mistyped line does not hide a CRITICAL domain: OK < UNKNOWN < WARNING < CRITICAL" {
	printf '%s\n' 'sip:@contoso.test' kim@fabrikam.test >"$DIR/typo"
	sd -q --no-connect -f "$DIR/typo"
	[ "$status" -eq 2 ]
	printf '%s\n' 'sip:@contoso.test' jeremy@contoso.test >"$DIR/typo-ok"
	sd -q --no-connect -f "$DIR/typo-ok"
	[ "$status" -eq 3 ]
}
