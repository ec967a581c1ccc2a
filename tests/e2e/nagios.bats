#!/usr/bin/env bats
# SPEC §7, §8: --nagios as a monitoring engine reads it: the first line names the
# cause, hints as long output, several addresses summarised with prefixed unique
# perfdata labels, option errors as an UNKNOWN line; also --help and JSON's
# version and time. The demo site's zone (contoso.test works, fabrikam.test
# fails) with Kamailio on 127.0.0.2: a valid certificate on 5061, one expiring
# in 5 days on 5062 and one in 20 days on 5063; certificates with exactly 30,
# exactly 7 and exactly 4 whole days left on 5064, 5065 and 5066.
load common

# issue_days NAME DAYS: a certificate of the site CA for pool.contoso.test with DAYS
# whole days and 12 hours left, so that the run sees exactly DAYS days to expiry.
issue_days() {
	local name=$1 days=$2 tmpl="$DIR/certs/$1.tmpl"
	printf '%s\n' 'cn = "pool.contoso.test"' 'dns_name = "pool.contoso.test"' tls_www_server signing_key \
		encryption_key "expiration_date = \"$(date -u -d "+$days days +12 hours" '+%Y-%m-%d %H:%M:%S')\"" >"$tmpl"
	certtool --generate-privkey --key-type=ecdsa --no-text --outfile "$DIR/certs/$name-key.pem" 2>/dev/null
	TZ=UTC certtool --generate-certificate --load-privkey "$DIR/certs/$name-key.pem" \
		--load-ca-certificate "$DIR/certs/ca.pem" --load-ca-privkey "$DIR/certs/ca-key.pem" \
		--template "$tmpl" --no-text --outfile "$DIR/certs/$name.pem" 2>/dev/null
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR/certs"
	export CA="--cafile=$DIR/certs/ca.pem"
	start_dnsmasq "$DIR"
	export DNS_PORT
	"$SITE/start-kamailio" "$DIR/valid" 127.0.0.2 5061 0 "$DIR/certs/valid.pem" "$DIR/certs/valid-key.pem" lync
	"$SITE/start-kamailio" "$DIR/exp5" 127.0.0.2 5062 0 "$DIR/certs/expiring5.pem" \
		"$DIR/certs/expiring5-key.pem" lync
	"$SITE/start-kamailio" "$DIR/exp20" 127.0.0.2 5063 0 "$DIR/certs/expiring20.pem" \
		"$DIR/certs/expiring20-key.pem" lync
	issue_days exactly30 30
	issue_days exactly7 7
	"$SITE/start-kamailio" "$DIR/exp30" 127.0.0.2 5064 0 "$DIR/certs/exactly30.pem" \
		"$DIR/certs/exactly30-key.pem" lync
	"$SITE/start-kamailio" "$DIR/exp7" 127.0.0.2 5065 0 "$DIR/certs/exactly7.pem" \
		"$DIR/certs/exactly7-key.pem" lync
	issue_days exactly4 4
	"$SITE/start-kamailio" "$DIR/exp4" 127.0.0.2 5066 0 "$DIR/certs/exactly4.pem" \
		"$DIR/certs/exactly4-key.pem" lync
}

teardown_file() {
	local d
	for d in valid exp5 exp20 exp30 exp7 exp4; do
		"$SITE/stop-kamailio" "$BATS_FILE_TMPDIR/$d" 2>/dev/null || true
	done
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

# Fails, showing them, when lines of $output, or the text before "|" (Icinga's
# "output"), end in a blank.
no_trailing_blanks() {
	if grep -nE '[[:blank:]]$|[[:blank:]]\|' <<<"$output"; then
		fail "trailing blanks"
	fi
}

@test "SPEC 7: --nagios names the certificate's days to expiry first when that is the cause, never 'valid'" {
	sd_split --nagios "$CA" --internal-server=pool.contoso.test:5062 jeremy@contoso.test
	[ "$status" -eq 2 ]
	local exp
	exp=$(date -u -d '+5 days' +%Y-%m-%d)
	assert_line --index 0 --regexp "^SIPDISCOVER CRITICAL - certificate of pool\.contoso\.test expires in [45] days \(($exp|$(date -u -d '+4 days' +%Y-%m-%d))\); "
	assert_line --index 0 --regexp '\|dns=[0-9]+ms connect=[0-9]+ms tls=[0-9]+ms total=[0-9]+ms cert_days=[45];30:;7:$'
	[[ "${lines[0]}" != *valid* ]] || fail "calls the certificate valid: ${lines[0]}"
	sd_split --nagios "$CA" --internal-server=pool.contoso.test:5063 jeremy@contoso.test
	[ "$status" -eq 1 ]
	assert_line --index 0 --regexp '^SIPDISCOVER WARNING - certificate of pool\.contoso\.test expires in (19|20) days '
	[[ "${lines[0]}" != *valid* ]] || fail "calls the certificate valid: ${lines[0]}"
}

# expiring_after_failure PORT FORMAT: the internal server refuses (nothing on 5069), so the
# client signs in to the external one on PORT after a failed attempt: a WARNING anyway.
expiring_after_failure() {
	sd_split "$2" "$CA" --no-tcp --internal-server=pool.contoso.test:5069 \
		--external-server=pool.contoso.test:"$1" jeremy@contoso.test
}

@test "SPEC 8: 30 days left is OK for the certificate, so a WARNING from another cause does not blame expiry" {
	expiring_after_failure 5064 --nagios
	[ "$status" -eq 1 ]
	assert_line --index 0 --regexp '^SIPDISCOVER WARNING - the client would sign in to pool\.contoso\.test:5064 .*after 1 failed attempt[^|]*\|'
	assert_line --index 0 --regexp ' cert_days=30;30:;7:$'
	[[ "${lines[0]}" != *expires* ]] || fail "blames expiry: ${lines[0]}"
	run ! grep -q 'expires in' <<<"$output"
	expiring_after_failure 5064 --json
	[ "$(json '[.hints[].text | select(contains("expires in"))] | length')" -eq 0 ]
}

@test "SPEC 8: 7 days left is a WARNING for the certificate, not CRITICAL, and named as the cause" {
	expiring_after_failure 5065 --nagios
	[ "$status" -eq 1 ]
	assert_line --index 0 --regexp '^SIPDISCOVER WARNING - certificate of pool\.contoso\.test expires in 7 days \([0-9-]+\); .*after 1 failed attempt[^|]*\|'
	assert_line --index 0 --regexp ' cert_days=7;30:;7:$'
	[[ "${lines[0]}" != *valid* ]] || fail "calls the certificate valid: ${lines[0]}"
	assert_line --regexp '^The certificate of pool\.contoso\.test expires in 7 days '
	expiring_after_failure 5065 --json
	[ "$(json '[.hints[].text | select(startswith("The certificate of pool.contoso.test expires in 7 days"))] | length')" -eq 1 ]
}

@test "SPEC 7: --nagios puts the hints in long output, one per line, with no '|' and no trailing blanks" {
	sd_split --nagios "$CA" --internal-server=pool.contoso.test:5062 jeremy@contoso.test
	[ "${#lines[@]}" -ge 2 ]
	assert_line --index 1 --regexp '^The certificate of pool\.contoso\.test expires in [45] days'
	[[ "$(printf '%s\n' "${lines[@]:1}")" != *'|'* ]] || fail "a '|' in long output"
	no_trailing_blanks
	sd_split --nagios --no-connect kim@fabrikam.test
	[ "$status" -eq 2 ]
	assert_line --index 0 --regexp '^SIPDISCOVER CRITICAL - SRV records exist for fabrikam\.test but no target is usable .*not resolving.*\|dns=[0-9]+ms total=[0-9]+ms$'
	assert_line --partial 'sipinternal.fabrikam.test'
	[ "${#lines[@]}" -ge 2 ]
	no_trailing_blanks
	# -v changes nothing in the plugin answer but the times.
	sd_split --nagios -v --no-connect kim@fabrikam.test
	local verbose=${#lines[@]}
	sd_split --nagios --no-connect kim@fabrikam.test
	[ "$verbose" -eq "${#lines[@]}" ]
}

@test "SPEC 7: a working address gives OK with its server first and unprefixed perfdata" {
	sd_split --nagios "$CA" jeremy@contoso.test
	assert_success
	assert_line --index 0 --regexp '^SIPDISCOVER OK - pool\.contoso\.test:5061 via TLS \(.*\)\|dns=[0-9]+ms connect=[0-9]+ms tls=[0-9]+ms total=[0-9]+ms cert_days=36[45];30:;7:$'
	no_trailing_blanks
}

@test "SPEC 7, 8: three addresses (OK, CRITICAL, mistyped): one summary line, the worst state, one line each" {
	sd_split --nagios "$CA" jeremy@contoso.test kim@fabrikam.test 'kim@fabrikam..test'
	[ "$status" -eq 2 ]
	assert_line --index 0 --regexp '^SIPDISCOVER CRITICAL - 1 of 3 OK, 1 CRITICAL: fabrikam\.test, 1 UNKNOWN: "kim@fabrikam\.\.test"\|contoso'
	assert_line --index 1 --regexp '^contoso\.test: OK - pool\.contoso\.test:5061 via TLS '
	assert_line --index 2 --regexp '^fabrikam\.test: CRITICAL - '
	run grep -cE '^(contoso\.test|fabrikam\.test|"kim@fabrikam\.\.test"): (OK|WARNING|CRITICAL|UNKNOWN) - ' <<<"$output"
	assert_output 3
	no_trailing_blanks
}

@test "SPEC 7: with several addresses perfdata labels carry the domain, the address when a domain has several, and are unique" {
	sd_split --nagios "$CA" jeremy@contoso.test kim@fabrikam.test bob@contoso.test
	[ "$status" -eq 2 ]
	local perf
	perf=${lines[0]#*|}
	for label in jeremy@contoso.test_dns jeremy@contoso.test_total fabrikam.test_dns bob@contoso.test_dns \
		bob@contoso.test_total; do
		[[ " $perf " == *" $label="* ]] || fail "no $label in: $perf"
	done
	[[ " $perf " != *" contoso.test_"* ]] || fail "a label names only the shared domain: $perf"
	run bash -c 'tr " " "\n" <<<"$1" | cut -d= -f1 | sort | uniq -d' _ "$perf"
	assert_output ''
	run grep -cE '^[^ =]+=' < <(tr ' ' '\n' <<<"$perf")
	[ "$output" -ge 8 ]
}

@test "SPEC 7: two users of one domain each get a long-output line named by address; one per domain keeps the domain" {
	sd_split --nagios "$CA" jeremy@contoso.test kim@fabrikam.test bob@contoso.test
	assert_line --index 0 --regexp '^SIPDISCOVER CRITICAL - 2 of 3 OK, 1 CRITICAL: fabrikam\.test\|'
	assert_line --index 1 --regexp '^jeremy@contoso\.test: OK - pool\.contoso\.test:5061 via TLS '
	assert_line --index 2 --regexp '^fabrikam\.test: CRITICAL - '
	assert_line --regexp '^bob@contoso\.test: OK - '
	run grep -c '^contoso\.test:' <<<"$output"
	assert_output 0
	# The same address twice: the second one's labels are numbered.
	sd_split --nagios "$CA" jeremy@contoso.test jeremy@contoso.test
	[[ "${lines[0]}" == *" jeremy@contoso.test_2_dns="* ]] || fail "${lines[0]}"
	run bash -c 'tr " " "\n" <<<"${1#*|}" | cut -d= -f1 | sort | uniq -d' _ "${lines[0]}"
	assert_output ''
}

@test "SPEC 7: an option error under --nagios is one UNKNOWN line on stdout, and exit 3" {
	sd_split --nagios --no-such-option a@contoso.test
	[ "$status" -eq 3 ]
	[ "$output" = "SIPDISCOVER UNKNOWN - --no-such-option: unknown option" ]
	[ "$stderr" = "sipdiscover: --no-such-option: unknown option" ]
	sd_split --nagios --warning-days=3 --critical-days=7 a@contoso.test
	[ "$status" -eq 3 ]
	assert_output --regexp '^SIPDISCOVER UNKNOWN - --warning-days and --critical-days'
	sd_split --nagios
	[ "$status" -eq 3 ]
	assert_output "SIPDISCOVER UNKNOWN - no sign-in address given"
}

@test "SPEC 8: a missing or unreadable -f file is one line naming it, exit 3, no usage" {
	sd_split -f "$DIR/no-such-list" a@contoso.test
	[ "$status" -eq 3 ]
	[ "$output" = "" ]
	[ "$stderr" = "sipdiscover: cannot read -f $DIR/no-such-list: No such file or directory" ]
	sd_split -f "$DIR" a@contoso.test
	[ "$status" -eq 3 ]
	[ "$stderr" = "sipdiscover: cannot read -f $DIR: Is a directory" ]
	sd_split --nagios -f "$DIR/no-such-list"
	[ "$status" -eq 3 ]
	[ "$output" = "SIPDISCOVER UNKNOWN - cannot read -f $DIR/no-such-list: No such file or directory" ]
}

@test "SPEC 7: every JSON object carries the tool's version and the check's start time in RFC 3339 UTC" {
	local before after t
	before=$(date -u +%s)
	sd_split --json --no-connect jeremy@contoso.test 'not an address'
	after=$(date -u +%s)
	[ "$(jq -r .version <<<"$output" | sort -u)" = "$("$SD" --version | cut -d' ' -f2)" ]
	[ "$(jq -r .time <<<"$output" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')" -eq 2 ]
	for t in $(jq -r .time <<<"$output"); do
		t=$(date -u -d "$t" +%s)
		[ "$t" -ge "$before" ] && [ "$t" -le "$after" ] || fail "time $t not in [$before, $after]"
	done
}

@test "--help says what the tool does, the ADDRESS forms, the exit statuses, an example and the man page" {
	run "$SD" --help
	assert_success
	assert_line --index 0 'Usage: sipdiscover [OPTION...] ADDRESS...'
	assert_output --partial 'Lync / Skype for Business client finds'
	assert_output --partial 'ADDRESS is sip:user@domain, sips:user@domain or user@domain'
	assert_output --regexp 'Exit status: 0 OK, 1 WARNING .*'
	assert_output --partial '2 CRITICAL (would not sign in), 3 UNKNOWN'
	assert_output --partial 'Example: sipdiscover '
	assert_output --partial 'man sipdiscover'
	assert_output --partial '--profile=NAME'
}

@test "SPEC 8: --help and --usage that cannot be written exit 3 with one line on stderr" {
	local opt
	for opt in --help --usage; do
		run --separate-stderr sh -c '"$1" "$2" >/dev/full' sh "$SD" "$opt"
		[ "$status" -eq 3 ]
		[ "$stderr" = "sipdiscover: cannot write the output: No space left on device" ]
	done
}

@test "issue 22: a certificate 4 days from expiry: the reason names the expiry in the trace, -q and JSON, never 'valid'" {
	local args=("$CA" --no-tcp --internal-server=pool.contoso.test:5066 jeremy@contoso.test)
	sd_split "${args[@]}"
	[ "$status" -eq 2 ]
	assert_line --regexp '^CRITICAL: certificate of pool\.contoso\.test expires in 4 days \([0-9-]+\); the client would sign in to pool\.contoso\.test:5066 '
	refute_output --partial 'valid certificate'
	sd_split -q "${args[@]}"
	[ "$status" -eq 2 ]
	assert_output --regexp '^sip:jeremy@contoso\.test: CRITICAL: certificate of pool\.contoso\.test expires in 4 days '
	refute_output --partial 'valid certificate'
	sd_split --json "${args[@]}"
	[[ "$(json .reason)" == "certificate of pool.contoso.test expires in 4 days ("* ]]
	[[ "$(json .reason)" != *valid* ]]
}
