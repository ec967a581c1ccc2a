#!/usr/bin/env bats
# SPEC §7.1, §7.2: two views of DNS (--compare-dns), each a real dnsmasq, and the fix-it lines:
# every zone line fed to a real zone parser (named-checkzone), every cmdlet checked against the
# DnsServer module's documented parameter sets. Addresses: 127.0.0.180-127.0.0.189 (none is
# listened on: the views are DNS data; connections to them are refused at once).
load common

# start_view NAME CONF: a dnsmasq for one view; prints its port.
start_view() {
	local name=$1 conf=$2 try port
	for try in 1 2 3 4 5; do
		port=$(random_port)
		if dnsmasq --conf-file="$conf" --port="$port" --listen-address=127.0.0.1 \
			--pid-file="$DIR/$name.pid" 2>>"$DIR/$name.err"; then
			wait_dns "$port" && { echo "$port"; return 0; }
		fi
	done
	cat "$DIR/$name.err" >&2
	return 1
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	IN_PORT=$(start_view internal "$TOP/tests/e2e/data/view-internal.conf")
	PUB_PORT=$(start_view public "$TOP/tests/e2e/data/view-public.conf")
	export IN_PORT PUB_PORT
	: >"$DIR/fixes.jsonl"
}

teardown_file() {
	local v
	for v in internal public; do
		[ -f "$DIR/$v.pid" ] && kill "$(cat "$DIR/$v.pid")" 2>/dev/null || true
	done
}

# Runs sipdiscover with the internal view first and the public one as --compare-dns.
views() {
	run "$SD" --dns-server="127.0.0.1:$IN_PORT" --compare-dns="127.0.0.1:$PUB_PORT" --timeout=2 "$@"
}

# Keeps the fixes of the last JSON output for the zone-parser and cmdlet checks below.
keep_fixes() {
	jq -c '.hints[] | select(type == "object" and has("fix")) | .fix' <<<"$output" >>"$DIR/fixes.jsonl"
}

hint_text() {
	jq -r '.hints[] | if type == "object" then .text else . end' <<<"$output"
}

@test "SPEC 7.2: the internal zone lacks a record the public view has: named, with the record to publish" {
	views --no-connect --json sip:a@miss.test
	keep_fixes
	json '.view_differences[] | select(.name == "_sip._tls.miss.test") | .answers[1]' | grep -q '^answer 0 100 443 sip.miss.test'

	[ "$(json '.view_differences[] | select(.name == "_sip._tls.miss.test") | .answers[0]')" = "nxdomain" ]
	hint_text | grep -q "_sip._tls.miss.test SRV exists in the view of 127.0.0.1#$PUB_PORT .* but not in the view of 127.0.0.1#$IN_PORT: clients that ask 127.0.0.1#$IN_PORT sign in through pool.miss.test:5061 instead"
	json '.hints[] | select(.text | startswith("_sip._tls.miss.test SRV exists")) | .fix.zone[]' | grep -qx '_sip._tls.miss.test. 3600 IN SRV 0 100 443 sip.miss.test.'
	json '.hints[] | select(.text | startswith("_sip._tls.miss.test SRV exists")) | .fix.powershell[]' |
		grep -qx 'Add-DnsServerResourceRecord -ZoneName "miss.test" -Srv -Name "_sip._tls" -DomainName "sip.miss.test." -Priority 0 -Weight 100 -Port 443'
}

@test "SPEC 7.2, 5.2: a federation record in one view only: named for what it is, never as a sign-in difference" {
	views --no-connect --json sip:a@miss.test
	keep_fixes
	local h
	h=$(hint_text | grep "^_sipfederationtls._tcp.miss.test SRV exists")
	[[ $h == *"cannot find the domain's Access Edge through it (federation"* ]] || fail "$h"
	[[ $h != *"sign in through"* ]] || fail "a federation record said to change sign-in: $h"
}

@test "SPEC 7.2: a name only internal clients use is never proposed for the view that lacks it" {
	views --no-connect --json sip:a@miss.test
	json '.view_differences[].name' | grep -qx '_sipinternaltls._tcp.miss.test'
	run bash -c "jq -r '.hints[].text' | grep -E '_sipinternaltls._tcp.miss.test.*(exists in|publish|Publish)'" <<<"$output"
	assert_failure
}

@test "SPEC 7.2: an internal-only SRV record published to both views with a private target: delete it there" {
	views --no-connect --json sip:a@leak.test
	keep_fixes
	hint_text | grep -q "_sipinternaltls._tcp.leak.test, a name only internal clients use, is published in both views and leads to the private address 10.18.0.5 in the view of 127.0.0.1#$IN_PORT and 10.18.0.5 in the view of 127.0.0.1#$PUB_PORT: if one of these servers answers Internet clients"
	json '.hints[] | select(.text | startswith("_sipinternaltls._tcp.leak.test, a name")) | .fix.zone[]' |
		grep -qx '; delete: _sipinternaltls._tcp.leak.test. 3600 IN SRV 0 100 5061 pool.leak.test.'
	json '.hints[] | select(.text | startswith("_sipinternaltls._tcp.leak.test, a name")) | .fix.powershell[]' |
		grep -qx 'Remove-DnsServerResourceRecord -ZoneName "leak.test" -RRType "Srv" -Name "_sipinternaltls._tcp" -RecordData "0 100 5061 pool.leak.test." -Force'
}

@test "SPEC 7.2: an internal-only SRV record on the wrong side: the view where it leads to a private address" {
	views --no-connect --json sip:a@wrong.test
	keep_fixes
	hint_text | grep -q "_sipinternaltls._tcp.wrong.test, a name only internal clients use, is published in both views and leads to the private address 10.20.0.5 in the view of 127.0.0.1#$PUB_PORT: if that server answers Internet clients"
	json '.hints[] | select(.text | startswith("_sipinternaltls._tcp.wrong.test, a name")) | .fix.zone[]' |
		grep -qx '; delete: _sipinternaltls._tcp.wrong.test. 3600 IN SRV 0 100 5061 pool.wrong.test.'
}

@test "SPEC 7.2: the same name leads to different servers: the certificate names both must carry" {
	views --no-connect --json sip:a@diff.test
	keep_fixes
	hint_text | grep -q "sip.diff.test leads to different servers: 127.0.0.184 in the view of 127.0.0.1#$IN_PORT, 127.0.0.185 in the view of 127.0.0.1#$PUB_PORT"
	[ "$(json '.hints[] | select(.text | startswith("sip.diff.test leads")) | .fix.certificate_names | join(",")')" = "sip.diff.test" ]
}

@test "SPEC 7.2: the trace lists each differing answer side by side, then each view's candidates, first attempt and verdict" {
	views --no-connect sip:a@diff.test
	assert_line --partial "Two views of DNS: 127.0.0.1#$IN_PORT and 127.0.0.1#$PUB_PORT"
	assert_line --partial "127.0.0.1#$IN_PORT  answer 0 100 443 sip.diff.test, sip.diff.test has 127.0.0.184"
	assert_line --partial "127.0.0.1#$PUB_PORT  answer 0 100 443 sip.diff.test, sip.diff.test has 127.0.0.185"
	assert_line --partial "view of 127.0.0.1#$PUB_PORT:"
	assert_line --partial "first attempt: sip.diff.test:443 tls"
	assert_line --partial "fix: certificate names: sip.diff.test"
}

@test "SPEC 7.2, 8: the exit status is the worse of the two views" {
	views --no-connect --json sip:a@worse.test
	assert_equal "$status" 2
	[ "$(json '.status')" = critical ]
	[ "$(json '.views[0].status')" = ok ]
	[ "$(json '.views[1].status')" = critical ]
	[ "$(json '.views[1].dns_servers')" = "127.0.0.1#$PUB_PORT" ]
	json '.reason' | grep -q "in the view of 127.0.0.1#$PUB_PORT: critical"
}

@test "SPEC 7.2: the second view makes no connection; the first view's attempts are its own" {
	views --json sip:a@diff.test
	[ "$(json '[.attempts[].address] | join(",")')" = "127.0.0.184" ]
	[ "$(json '.views[1].server.host')" = "sip.diff.test" ]
	[ "$(json '.views[1].status')" = ok ]
}

@test "SPEC 7.2: --compare-dns takes ADDR#PORT and is repeatable; a bad server is one line and exit 3" {
	run "$SD" --dns-server="127.0.0.1:$IN_PORT" --compare-dns="127.0.0.1#$PUB_PORT" --compare-dns=127.0.0.1:9 --no-connect --json sip:a@diff.test
	[ "$(json '.views[1].dns_servers')" = "127.0.0.1#$PUB_PORT, 127.0.0.1#9" ]
	run --separate-stderr "$SD" --compare-dns=not-an-address sip:a@diff.test
	assert_equal "$status" 3
	[[ "$stderr" == *"--compare-dns: bad DNS server"* ]]
}

@test "SPEC 7.2: an Internet-facing name with a private address is reported without a second view" {
	run "$SD" --dns-server="127.0.0.1:$IN_PORT" --no-connect --json sip:a@priv.test
	keep_fixes
	hint_text | grep -q 'edge.priv.test resolves to the private address 10.9.9.9 (RFC 1918), but clients on the Internet use that name'
	json '.hints[] | select(.text | startswith("edge.priv.test resolves")) | .fix.zone[]' | grep -qx '; delete: edge.priv.test. 3600 IN A 10.9.9.9'
	json '.hints[] | select(.text | startswith("edge.priv.test resolves")) | .fix.zone[]' | grep -qx 'edge.priv.test. 3600 IN A ADDRESS'
}

@test "SPEC 7.2: link-local and loopback addresses are not private in this sense" {
	run "$SD" --dns-server="127.0.0.1:$IN_PORT" --no-connect --json sip:a@link.test
	run bash -c "jq -r '.hints[].text' | grep 'private address'" <<<"$output"
	assert_failure
}

@test "SPEC 7.1: the site's hints carry their fixes (a missing address record, a repointed SRV record)" {
	start_dnsmasq "$DIR"
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --no-connect --json sip:kim@fabrikam.test
	keep_fixes
	json '.hints[] | select(.text | contains("lyncfe.fabrikam.test")) | .fix.zone[]' | grep -qx 'lyncfe.fabrikam.test. 3600 IN A ADDRESS'
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --no-connect --json sip:jeremy@contoso.test
	keep_fixes
	json '.hints[] | select(.text | contains("lyncpool.corp.contoso.test")) | .fix.zone[]' |
		grep -qx '; delete: _sipinternaltls._tcp.contoso.test. 3600 IN SRV 0 100 5061 lyncpool.corp.contoso.test.'
	run "$SD" --dns-server="127.0.0.1:$IN_PORT" --no-connect --json sip:a@repoint.test
	keep_fixes
	json '.hints[] | select(.text | contains("lync.pool.repoint.test")) | .fix.zone[]' |
		grep -qx '_sipinternaltls._tcp.repoint.test. 3600 IN SRV 0 100 5061 sipinternal.repoint.test.'
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --no-connect --json sip:a@northwind.test
	keep_fixes
	json '.hints[].fix.zone[]?' | grep -qx '_sipinternaltls._tcp.northwind.test. 3600 IN SRV 0 0 5061 sipinternal.northwind.test.'
	stop_dnsmasq "$DIR"
}

@test "SPEC 7.1: --nagios leaves the fix-it lines out" {
	views --no-connect --nagios sip:a@leak.test
	refute_output --partial 'fix:'
	refute_output --partial 'Remove-DnsServerResourceRecord'
}

# One zone per fix: its lines (a deletion's record too, ADDRESS replaced by a documentation
# address) under an SOA and NS, checked by named-checkzone; out-of-zone data fails.
@test "SPEC 7.1: every zone line the tests produced parses in named-checkzone" {
	command -v named-checkzone >/dev/null || skip "named-checkzone (bind9-utils) is not installed"
	[ -s "$DIR/fixes.jsonl" ]
	local n=0 zone line
	while read -r fix; do
		zone=$(jq -r '.powershell[0] // empty' <<<"$fix" | sed -n 's/.*-ZoneName "\([^"]*\)".*/\1/p')
		[ -n "$zone" ] || continue
		{
			printf '$TTL 3600\n@ IN SOA ns.invalid. hostmaster.invalid. 1 3600 600 86400 3600\n@ IN NS ns.invalid.\n'
			jq -r '.zone[]' <<<"$fix" | sed -e 's/^; delete: //' -e 's/ IN A ADDRESS$/ IN A 192.0.2.1/' \
				-e 's/ IN AAAA ADDRESS$/ IN AAAA 2001:db8::1/'
		} >"$DIR/zone.$n"
		run named-checkzone -k fail -i none "$zone" "$DIR/zone.$n"
		[ "$status" -eq 0 ] || { cat "$DIR/zone.$n"; echo "$output"; return 1; }
		refute_output --partial 'out-of-zone'
		n=$((n + 1))
	done <"$DIR/fixes.jsonl"
	[ "$n" -ge 6 ]
}

# The DnsServer module's documented parameter sets (learn.microsoft.com/powershell/module/dnsserver:
# Add-DnsServerResourceRecord, parameter set "Srv"; Add-DnsServerResourceRecordA, -AAAA, -CName;
# Remove-DnsServerResourceRecord, parameter set "Name"): the required parameters, then the optional.
declare -gA REQUIRED=(
	[Add-DnsServerResourceRecord]="ZoneName Name Srv DomainName Priority Weight Port"
	[Add-DnsServerResourceRecordA]="ZoneName Name IPv4Address"
	[Add-DnsServerResourceRecordAAAA]="ZoneName Name IPv6Address"
	[Add-DnsServerResourceRecordCName]="ZoneName Name HostNameAlias"
	[Remove-DnsServerResourceRecord]="ZoneName RRType Name"
)
COMMON_OPTIONAL="ComputerName PassThru ZoneScope VirtualizationInstance CimSession ThrottleLimit AsJob WhatIf Confirm"
declare -gA OPTIONAL=(
	[Add-DnsServerResourceRecord]="TimeToLive AgeRecord AllowUpdateAny"
	[Add-DnsServerResourceRecordA]="AllowUpdateAny CreatePtr TimeToLive AgeRecord"
	[Add-DnsServerResourceRecordAAAA]="AllowUpdateAny CreatePtr TimeToLive AgeRecord"
	[Add-DnsServerResourceRecordCName]="AllowUpdateAny TimeToLive AgeRecord"
	[Remove-DnsServerResourceRecord]="RecordData Force"
)
SWITCHES=" Srv Force AllowUpdateAny CreatePtr AgeRecord PassThru AsJob WhatIf Confirm "

@test "SPEC 7.1: every cmdlet uses its documented parameter set, each required parameter given a value" {
	[ -s "$DIR/fixes.jsonl" ]
	local n=0 cmd words cmdlet p i
	while read -r cmd; do
		read -ra words <<<"$cmd"
		cmdlet=${words[0]}
		[ -n "${REQUIRED[$cmdlet]:-}" ] || { echo "unknown cmdlet: $cmd"; return 1; }
		local given=" "
		for ((i = 1; i < ${#words[@]}; i++)); do
			[[ ${words[i]} == -* ]] || continue
			p=${words[i]#-}
			[[ " ${REQUIRED[$cmdlet]} ${OPTIONAL[$cmdlet]} $COMMON_OPTIONAL " == *" $p "* ]] || { echo "$cmdlet has no -$p: $cmd"; return 1; }
			if [[ $SWITCHES != *" $p "* ]]; then
				[[ ${words[i + 1]:-} == '"'* || ${words[i + 1]:-} =~ ^[0-9]+$ ]] || { echo "-$p without a value: $cmd"; return 1; }
			fi
			given+="$p "
		done
		for p in ${REQUIRED[$cmdlet]}; do
			[[ $given == *" $p "* ]] || { echo "$cmdlet without -$p: $cmd"; return 1; }
		done
		[[ $cmd =~ -Name\ \"([^\"]*)\" ]] && [[ ${BASH_REMATCH[1]} != *. ]] || { echo "-Name not relative: $cmd"; return 1; }
		n=$((n + 1))
	done < <(jq -r '.powershell[]' "$DIR/fixes.jsonl")
	[ "$n" -ge 6 ]
}
