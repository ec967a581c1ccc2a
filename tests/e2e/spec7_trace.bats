#!/usr/bin/env bats
# SPEC §7 and issue 22: the trace a helpdesk reads. The verdict, reason and hints first, the
# stages under "details"; wrapped to the terminal (80 columns on a pipe, COLUMNS when set);
# one hint per fact; REFUSED from every DNS server is UNKNOWN (SPEC §4.6). The site's zone
# (tests/site/zone.conf) plus tests/e2e/data/trace.conf in dnsmasq, and ldns-testns with
# tests/e2e/data/refused.testns. Addresses: 127.0.0.110 (nothing listens there); the demo
# test runs tests/site/demo, which uses its own (127.0.0.2, .3, .68, .69) and stops them.
load common

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	start_dnsmasq "$DIR" "$BATS_TEST_DIRNAME/data/trace.conf"
	start_testns "$DIR" "$BATS_TEST_DIRNAME/data/refused.testns"
	export DNS_PORT TNS_PORT
}

teardown_file() {
	stop_dnsmasq "$BATS_FILE_TMPDIR"
	stop_testns "$BATS_FILE_TMPDIR"
}

# The longest line of $output, in characters, fix-it lines aside (SPEC 7.1: never wrapped, to be
# pasted whole). Columns, not bytes: a UTF-8 character ("§") takes one column, as the wrapping counts it.
longest() {
	printf '%s\n' "$output" | perl -CSD -nle 'next if /^ *fix: /; $n = length if length > $n; END { print $n + 0 }'
}

@test "SPEC 7: with COLUMNS unset, the trace on a pipe is wrapped to 80 columns, continuations indented" {
	run env -u COLUMNS "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --profile=lync2013 kim@fabrikam.test
	[ "$status" -eq 2 ]
	[ "$(longest)" -le 80 ] || fail "a line of $(longest) columns"
	# a continuation line is indented more than the line it continues: a hint's text goes on at 6
	assert_line --regexp '^      [^ -]'
	assert_line --regexp '^  - '
}

@test "SPEC 7: COLUMNS sets the width the trace is wrapped to" {
	COLUMNS=60 run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --profile=lync2013 kim@fabrikam.test
	# only a word longer than the room (a URL) may overflow, alone on its line
	local over
	over=$(perl -CSD -nle 'print if length > 60 && !/^ *fix: /' <<<"$output" | grep -vE '^ *[^ ]+$' || true)
	[ -z "$over" ] || fail "lines over 60 columns: $over"
	# SPEC 7.1: a fix-it line stays whole, ready to paste, whatever the width
	assert_line --regexp '^ +fix: powershell: Add-DnsServerResourceRecordA -ZoneName "fabrikam.test" -Name "lyncfe" -IPv4Address "ADDRESS"$'
	COLUMNS=1000 run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --profile=lync2013 kim@fabrikam.test
	[ "$(longest)" -gt 80 ]
	# a word longer than the width (a URL) is never cut
	COLUMNS=40 run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --profile=lync2013 kim@fabrikam.test
	assert_output --partial "https://lyncdiscoverinternal.fabrikam.test/?sipuri=kim@fabrikam.test"
}

@test "SPEC 7: the verdict, reason and hints come first, then a details heading and the stages" {
	sd kim@fabrikam.test
	[ "$status" -eq 2 ]
	assert_line --index 0 'sip:kim@fabrikam.test'
	assert_line --index 1 --regexp '^CRITICAL: SRV records exist for fabrikam\.test'
	local verdict details srv
	details=$(grep -n '^details$' <<<"$output" | cut -d: -f1)
	srv=$(grep -n '^1\. DNS SRV records' <<<"$output" | cut -d: -f1)
	verdict=$(grep -n '^hints:' <<<"$output" | cut -d: -f1)
	[ -n "$details" ] && [ "$verdict" -lt "$details" ] && [ "$details" -lt "$srv" ]
}

@test "SPEC 7: certificate serial, fingerprint, pin and chain as sent only with -v" {
	# nothing listens on the demo's pool here, so use the SRV stage's records: the -v switch
	# is the same for every certificate; the full check is certificates.bats's, with -v
	sd --no-connect jeremy@contoso.test
	refute_output --partial 'sha256 '
	refute_output --partial 'chain as sent'
}

@test "SPEC 4.2, 7: SRV records are printed in the order the client tries them, and the note says so" {
	sd --no-connect jeremy@contoso.test
	local p0 p10
	p0=$(grep -n 'priority 0 weight 100 port 5061 target lyncpool.corp.contoso.test' <<<"$output" | cut -d: -f1)
	p10=$(grep -n 'priority 10 weight 100 port 5061 target pool.contoso.test' <<<"$output" | cut -d: -f1)
	[ -n "$p0" ] && [ -n "$p10" ] && [ "$p0" -lt "$p10" ]
	assert_output --partial 'records are listed in the order the client tries them: priority, then weight (highest first), then name'
	refute_output --partial 'they are listed by weight, then name'
}

@test "SPEC 7: a candidate line carries one mark, not two" {
	sd --no-connect jeremy@contoso.test
	run grep -c -- '<- ' <<<"$output"
	[ "$output" -eq 1 ]
}

@test "SPEC 7: one hint per fact: four servers refusing alike are one hint naming each" {
	sd --json --profile=lync2013 jeremy@unreach.test
	[ "$status" -eq 2 ]
	local refused
	refused=$(jq -r '.hints[] | if type == "object" then .text else . end' <<<"$output" | grep 'are refused')
	[ "$(wc -l <<<"$refused")" -eq 1 ]
	[[ "$refused" == *"sipinternal.unreach.test:5061 (127.0.0.110)"* ]]
	[[ "$refused" == *"sipinternal.unreach.test:5060 (127.0.0.110)"* ]]
	[[ "$refused" == *"sip.unreach.test:443 (127.0.0.110)"* ]]
	[[ "$refused" == *" and "* ]]
}

# The hints of one JSON result with every server name and address replaced by H, and lists
# of them by one H: two hints left equal share a cause and a fix.
normalised_hints() {
	jq -r '.hints[] | if type == "object" then .text else . end' |
		sed -E 's/[a-z0-9.-]+\.test(:[0-9]+)?( \(127\.[0-9.]+\))?/H/g; s/H(, H)*( and H)?/H/g'
}

@test "SPEC 7: no two hints of the test site's runs share a cause and a fix" {
	local addr profile dup
	for profile in ocs2007r2 lync2013 sipe; do
		for addr in jeremy@contoso.test kim@fabrikam.test ann@northwind.test bob@adatum.test jo@unreach.test; do
			sd --json --profile="$profile" "$addr"
			dup=$(normalised_hints <<<"$output" | sort | uniq -d)
			[ -z "$dup" ] || fail "$profile $addr: hints repeat a fact: $dup"
		done
	done
}

@test "SPEC 4.6, 8: DNS servers answering REFUSED to every first-stage query give UNKNOWN, not a verdict" {
	run "$SD" --dns-server="127.0.0.1:$TNS_PORT" --timeout=1 --json jeremy@contoso.test
	[ "$status" -eq 3 ]
	[ "$(json .status)" = unknown ]
	[[ "$(json .reason)" == "the DNS server refuses to resolve for this machine: 127.0.0.1#$TNS_PORT answered REFUSED"* ]]
	[ "$(json .server)" = null ]
	run "$SD" --dns-server="127.0.0.1:$TNS_PORT" --timeout=1 jeremy@contoso.test
	[ "$status" -eq 3 ]
	assert_line --index 1 --regexp '^UNKNOWN: the DNS server refuses to resolve for this machine'
	assert_output --partial 'Check again with --dns-server set to the resolver the clients use'
	# a server that refuses, followed by one that answers, is not this case
	run "$SD" --dns-server="127.0.0.1:$TNS_PORT" --dns-server="127.0.0.1:$DNS_PORT" --timeout=1 --json --no-connect jeremy@contoso.test
	[ "$status" -ne 3 ]
}

@test "SPEC 7: the demo's trace has its verdict within the first five lines" {
	[ "$(id -u)" = 0 ] || skip "the demo's web servers need ports 80 and 443"
	run env -u COLUMNS SIPDISCOVER="$SD" "$SITE/demo"
	assert_success
	local run
	for run in 'sip:jeremy@contoso.test' 'sip:kim@fabrikam.test' '--profile=lync2013 sip:jeremy@contoso.test'; do
		awk -v h="sipdiscover $run ==" '/^== / { on = (substr($0, length($0) - length(h) + 1) == h); n = 0; next }
			on && n++ < 5' <<<"$output" >"$DIR/first5"
		grep -qE '^(OK|WARNING|CRITICAL|UNKNOWN): ' "$DIR/first5" || fail "$run: no verdict in $(cat "$DIR/first5")"
	done
}

@test "SPEC 7: with --color, a failed attempt's line stands out in red, notes that do not change the verdict are dim" {
	sd --color=always --profile=lync2013 jo@unreach.test
	# the whole attempt line is red, from its number on
	assert_output --regexp $'  \e\\[31m *[0-9]+\\. sipinternal\\.unreach\\.test:5061 tls 127\\.0\\.0\\.110'
	assert_output --partial $'\e[2mnote: '
	sd --color=never --profile=lync2013 jo@unreach.test
	refute_output --partial $'\e['
}
