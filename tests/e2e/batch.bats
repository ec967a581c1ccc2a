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

# The same two addresses and a bad line, in the encodings SPEC 2 names.
ENC_LINES='jeremy@contoso.test\nnot-an-address\nkim@northwind.test\n'

# check_encoded FILE: the three lines read as three addresses, the bad one reported, nothing dropped.
check_encoded() {
	sd_split --json --no-connect -f "$1"
	[ "$status" -eq 3 ] || fail "$1: exit $status: $stderr"
	[[ $stderr == *'"not-an-address": missing'* ]] || fail "$1: $stderr"
	run jq -r '.uri + " " + .status' <<<"$output"
	assert_output "$(printf 'sip:jeremy@contoso.test ok\nnot-an-address unknown\nsip:kim@northwind.test ok')"
}

@test "SPEC 2: -f reads UTF-8 with and without a byte-order mark, LF or CRLF, and reports every bad line" {
	printf "$ENC_LINES" >"$DIR/utf8"
	check_encoded "$DIR/utf8"
	printf '\xef\xbb\xbf'"$ENC_LINES" >"$DIR/utf8bom"
	check_encoded "$DIR/utf8bom"
	printf "$ENC_LINES" | sed 's/$/\r/' >"$DIR/crlf"
	check_encoded "$DIR/crlf"
	# Two bad lines: both reported, the good ones after them still checked.
	printf 'bad-one\njeremy@contoso.test\nbad-two\nkim@northwind.test\n' >"$DIR/twobad"
	sd_split -q --no-connect -f "$DIR/twobad"
	[[ $stderr == *'"bad-one"'* && $stderr == *'"bad-two"'* ]]
	assert_line --partial 'sip:kim@northwind.test: OK'
}

@test "SPEC 2: -f reads UTF-16 LE and BE with a byte-order mark, as Windows PowerShell 5.1 writes it" {
	# PowerShell 5.1's Out-File and '>' write UTF-16 LE with a mark and CRLF line ends.
	printf "$ENC_LINES" | sed 's/$/\r/' | iconv -f UTF-8 -t UTF-16LE | { printf '\xff\xfe'; cat; } >"$DIR/utf16le"
	check_encoded "$DIR/utf16le"
	printf "$ENC_LINES" | iconv -f UTF-8 -t UTF-16BE | { printf '\xfe\xff'; cat; } >"$DIR/utf16be"
	check_encoded "$DIR/utf16be"
	# From standard input too.
	sd_split --json --no-connect -f - <"$DIR/utf16le"
	[ "$(jq -s length <<<"$output")" = 3 ]
}

@test "SPEC 2: a file in an encoding it cannot read is named in one line with the encoding, exit 3" {
	while IFS='~' read -r make expect; do
		eval "$make" >"$DIR/enc"
		sd_split --no-connect -f "$DIR/enc"
		[ "$status" -eq 3 ] || fail "$make: exit $status"
		[ -z "$output" ] || fail "$make: wrote to stdout: $output"
		[ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "$make: not one line: $stderr"
		[[ $stderr == *"cannot read -f $DIR/enc: "*"$expect"* ]] || fail "$make: \"$stderr\" lacks \"$expect\""
	done <<-'LIST'
		printf 'a@contoso.test\n' | iconv -t UTF-16LE~UTF-16 without a byte-order mark
		printf '\xff\xfe\0\0a\0\0\0'~UTF-32
		printf 'a@contoso.test\nm\xfcller@contoso.test\n'~not UTF-8 at line 2
		printf '\xff\xfea\0@'~cut in the middle
	LIST
}

@test "SPEC 2: an empty -f file is named in the message, exit 3" {
	: >"$DIR/empty"
	sd_split --no-connect -f "$DIR/empty"
	[ "$status" -eq 3 ]
	[[ $stderr == *"no sign-in address in -f $DIR/empty"* ]]
	printf '# only a comment\n\n' >"$DIR/comments"
	sd_split --no-connect -f "$DIR/comments"
	[ "$status" -eq 3 ]
	[[ $stderr == *"-f $DIR/comments"* ]]
}

@test "SPEC 7: with -q a bad line is also on stdout as ADDRESS: UNKNOWN: reason, in input order, for a cron mail" {
	printf '%s\n' jeremy@contoso.test 'not-an-address' kim@northwind.test >"$DIR/cron"
	sd_split -q --no-connect -f "$DIR/cron"
	[ "$status" -eq 3 ]
	assert_line --index 0 --partial 'sip:jeremy@contoso.test: OK: '
	assert_line --index 1 "not-an-address: UNKNOWN: missing '@' (expected user@domain, or a domain such as contoso.com)"
	assert_line --index 2 --partial 'sip:kim@northwind.test: OK: '
	# ... and still on stderr, as every bad address is (SPEC 2).
	[[ $stderr == *'"not-an-address": missing'* ]]
}
