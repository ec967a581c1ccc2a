#!/usr/bin/env bats
# SPEC §9: --kerberos against a real MIT KDC (tests/site/start-kdc) and Kamailio front ends whose
# 401 names sip/<fqdn> as targetname. Addresses 127.0.0.90-99: the KDC of KRB.TEST on .90, the
# front ends on .91 (one port per sign-in domain), nothing on .95 (a KDC that does not listen),
# the KDC of SKEW.KRB.TEST on .96 with its clock an hour ahead (faketime), nginx for
# lyncdiscoverinternal.krb.test on .97 (401 NTLM, Negotiate), a KDC that never answers on .98.
load common

KDC_ADDR=127.0.0.90
FE=127.0.0.91
DEAD_KDC=127.0.0.95
SKEW_ADDR=127.0.0.96
WEB=127.0.0.97
SILENT=127.0.0.98

STARTERS=()
start_peer() { # NAME PORT MODE FQDN
	"$SITE/start-kamailio" "$DIR/peer-$1" "$FE" "$2" 0 "$DIR/certs/krb.pem" "$DIR/certs/krb-key.pem" "$3" "$4" 3>&- &
	STARTERS+=($!)
}

kadmin() { # KDC-DIR REALM COMMAND
	KRB5_CONFIG="$1/krb5.conf" KRB5_KDC_PROFILE="$1/kdc.conf" kadmin.local -r "$2" -q "$3" >>"$1/kadmin.log" 2>&1
}

# The sign-in domain D: its SRV record names pool.D on PORT at the front ends' address.
domain_conf() { # D PORT
	echo "srv-host=_sipinternaltls._tcp.$1,pool.$1,$2,0,100"
	echo "host-record=pool.$1,$FE"
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	command -v krb5kdc >/dev/null || [ -x /usr/sbin/krb5kdc ] || skip "needs krb5-kdc"
	"$SITE/mkcerts" "$DIR/certs"
	"$SITE/mkcert-names" "$DIR/certs" krb ca "pool.krb.test pool.nospn.krb.test pool.kerbonly.krb.test pool.rc4.krb.test pool.sipe.krb.test pool.skew.krb.test pool.dead.krb.test pool.nokdc.krb.test pool.silent.krb.test"
	"$SITE/mkcert-names" "$DIR/certs" web ca "lyncdiscoverinternal.krb.test"
	"$SITE/start-kdc" "$DIR/kdc" KRB.TEST "$KDC_ADDR"
	kadmin "$DIR/kdc" KRB.TEST "addprinc -pw alice-password alice"
	kadmin "$DIR/kdc" KRB.TEST "addprinc -pw bob-password -allow_tix bob"
	kadmin "$DIR/kdc" KRB.TEST "addprinc -randkey sip/pool.krb.test"
	kadmin "$DIR/kdc" KRB.TEST "addprinc -randkey -e rc4-hmac:normal sip/rc4.krb.test"
	kadmin "$DIR/kdc" KRB.TEST "addprinc -randkey HTTP/lyncdiscoverinternal.krb.test"
	SD_KDC_WRAP="faketime -f +3600s" "$SITE/start-kdc" "$DIR/skew" SKEW.KRB.TEST "$SKEW_ADDR"
	kadmin "$DIR/skew" SKEW.KRB.TEST "addprinc -pw alice-password alice"
	kadmin "$DIR/skew" SKEW.KRB.TEST "addprinc -randkey sip/pool.krb.test"
	{
		echo "local=/krb.test/"
		echo "local=/KRB.TEST/"
		domain_conf krb.test 5061
		domain_conf nospn.krb.test 5062
		domain_conf kerbonly.krb.test 5063
		domain_conf rc4.krb.test 5064
		domain_conf sipe.krb.test 5065
		domain_conf skew.krb.test 5061
		domain_conf dead.krb.test 5061
		domain_conf nokdc.krb.test 5061
		domain_conf silent.krb.test 5061
		echo "srv-host=_kerberos._tcp.SILENT.KRB.TEST,kdc.silent.krb.test,8888,0,100"
		echo "host-record=kdc.silent.krb.test,$SILENT"
		echo "host-record=lyncdiscoverinternal.krb.test,$WEB"
		echo "srv-host=_kerberos._tcp.KRB.TEST,kdc.krb.test,$(cat "$DIR/kdc/port"),0,100"
		echo "srv-host=_kerberos._udp.KRB.TEST,kdc.krb.test,$(cat "$DIR/kdc/port"),0,100"
		echo "host-record=kdc.krb.test,$KDC_ADDR"
		echo "srv-host=_kerberos._tcp.SKEW.KRB.TEST,kdc.skew.krb.test,$(cat "$DIR/skew/port"),0,100"
		echo "host-record=kdc.skew.krb.test,$SKEW_ADDR"
		echo "srv-host=_kerberos._tcp.DEAD.KRB.TEST,kdc.dead.krb.test,88,0,100"
		echo "host-record=kdc.dead.krb.test,$DEAD_KDC"
		echo "cname=alias.sipe.krb.test,pool.krb.test"
	} >"$DIR/kerberos.conf"
	start_dnsmasq "$DIR" "$DIR/kerberos.conf"
	export DNS_PORT
	start_peer krb 5061 lync pool.krb.test
	start_peer nospn 5062 lync gone.krb.test
	start_peer kerbonly 5063 kerberos gone.krb.test
	start_peer rc4 5064 lync rc4.krb.test
	start_peer sipe 5065 lync alias.sipe.krb.test
	local pid
	for pid in "${STARTERS[@]}"; do wait "$pid"; done
	start_silent "$DIR" "$SILENT" 8888
	# SPEC 4.7: the autodiscover root of krb.test answers 401 offering NTLM and Negotiate.
	mkdir -p "$DIR/www/lyncdiscoverinternal.krb.test"
	touch "$DIR/www/lyncdiscoverinternal.krb.test/index.401-nowt"
	"$SITE/start-nginx" "$DIR/nginx" "$WEB" 80 443 "$DIR/certs/web.pem" "$DIR/certs/web-key.pem" "$DIR/www"
	# The tool's own krb5 configuration names no KDC: it finds them through its DNS.
	: >"$DIR/empty-krb5.conf"
	# A TGT for alice, made once with kinit (the password goes to kinit, never to the tool).
	echo alice-password | KRB5_CONFIG="$DIR/kdc/krb5.conf" kinit -c "FILE:$DIR/tgt.cc" alice >/dev/null
}

teardown_file() {
	local p
	for p in "$DIR"/peer-*; do "$SITE/stop-kamailio" "$p" 2>/dev/null || true; done
	"$SITE/stop-kdc" "$DIR/kdc" || true
	"$SITE/stop-kdc" "$DIR/skew" || true
	"$SITE/stop-nginx" "$DIR/nginx" 2>/dev/null || true
	stop_silent "$DIR"
	stop_dnsmasq "$DIR"
}

# krb [--tgt] ARGS...: sipdiscover --kerberos --json, without a ticket unless --tgt.
krb() {
	local cc="FILE:$DIR/no-such.cc"
	if [ "$1" = --tgt ]; then cc="FILE:$DIR/tgt.cc"; shift; fi
	KRB5_CONFIG="$DIR/empty-krb5.conf" KRB5CCNAME="$cc" sd "--cafile=$DIR/certs/ca.pem" --kerberos "$@"
}

hints() {
	jq -r '.hints[] | if type == "object" then .text else . end' <<<"$output"
}

principal() { # NAME KEY
	jq -r --arg n "$1" ".kerberos.principals[] | select(.name == \$n) | .$2" <<<"$output"
}

@test "SPEC 9: the targetname's principal on an MIT KDC: pre-authentication required is not-proven, state unchanged" {
	krb --json alice@krb.test
	assert_success
	assert_equal "$(json .status)" ok
	assert_equal "$(json .kerberos.realm)" KRB.TEST
	assert_equal "$(json '.kerberos.kdcs[0].address')" "$KDC_ADDR"
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" not-proven
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST proof)" as
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST source)" targetname
	run hints
	assert_output --partial "setspn -Q sip/pool.krb.test"
}

@test "SPEC 9: every principal carries all seven keys" {
	krb --json alice@krb.test
	assert_equal "$(json '.kerberos.principals[0] | [has("name","source","outcome","proof","enctype","kvno","clock_offset_s")] | all')" true
	assert_equal "$(json '.kerberos.principals[0].enctype')" null
}

@test "SPEC 9: the _kerberos SRV queries go out in the first DNS stage" {
	krb --json alice@krb.test
	assert_equal "$(json '[.queries[] | select(.role == "kerberos" and .type == "SRV") | .stage] | unique | join(",")')" 1
	assert_equal "$(json '[.queries[] | select(.role == "kerberos") | .name] | join(",")')" \
		"_kerberos._tcp.KRB.TEST,_kerberos._udp.KRB.TEST,_kerberos._tcp.dc._msdcs.krb.test"
}

@test "SPEC 9: the trace has a Kerberos section" {
	KRB5_CONFIG="$DIR/empty-krb5.conf" KRB5CCNAME="FILE:$DIR/no-such.cc" sd "--cafile=$DIR/certs/ca.pem" --kerberos alice@krb.test
	assert_success
	assert_line --partial "Kerberos"
	assert_line --partial "sip/pool.krb.test@KRB.TEST"
	assert_line --partial "not-proven"
	assert_line --partial "kdc.krb.test:"
}

@test "SPEC 9: a principal the KDC does not know is unknown-principal, a WARNING when NTLM is offered" {
	krb --json --krb-realm=KRB.TEST alice@nospn.krb.test
	assert_failure 1
	assert_equal "$(json .status)" warning
	assert_equal "$(principal sip/gone.krb.test@KRB.TEST outcome)" unknown-principal
	assert_equal "$(principal sip/gone.krb.test@KRB.TEST proof)" as
	run hints
	assert_output --partial "setspn -S sip/gone.krb.test"
}

@test "SPEC 9: unknown-principal is CRITICAL when Kerberos is all the server offers" {
	krb --json --krb-realm=KRB.TEST alice@kerbonly.krb.test
	assert_failure 2
	assert_equal "$(json .status)" critical
	assert_equal "$(principal sip/gone.krb.test@KRB.TEST outcome)" unknown-principal
	assert_equal "$(json .reason | cut -c1-35)" "Kerberos unknown-principal for sip/"
}

@test "SPEC 9: --nagios names the Kerberos cause on the first line and adds krb=Nms" {
	KRB5_CONFIG="$DIR/empty-krb5.conf" KRB5CCNAME="FILE:$DIR/no-such.cc" sd "--cafile=$DIR/certs/ca.pem" --kerberos \
		--krb-realm=KRB.TEST --nagios alice@kerbonly.krb.test
	assert_failure 2
	assert_line --index 0 --regexp '^SIPDISCOVER CRITICAL - Kerberos unknown-principal for sip/gone.krb.test@KRB.TEST.*\|.* krb=[0-9]+ms'
}

@test "SPEC 9: --krb-realm names the realm" {
	krb --json --krb-realm=KRB.TEST alice@nospn.krb.test
	assert_equal "$(json .kerberos.realm)" KRB.TEST
	assert_equal "$(json '.kerberos.kdcs | length')" 2
}

@test "SPEC 9: an unknown user is user-unknown and changes nothing" {
	krb --json --krb-user=nobody alice@krb.test
	assert_success
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" user-unknown
	run hints
	assert_output --partial "--krb-user"
}

@test "SPEC 9: a disabled user is user-disabled and changes nothing" {
	krb --json --krb-user=bob alice@krb.test
	assert_success
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" user-disabled
}

@test "SPEC 9: no _kerberos records: no-kdc-found, a WARNING when NTLM is offered" {
	krb --json alice@nokdc.krb.test
	assert_failure 1
	assert_equal "$(json .kerberos.realm)" NOKDC.KRB.TEST
	assert_equal "$(principal sip/pool.krb.test@NOKDC.KRB.TEST outcome)" no-kdc-found
	assert_equal "$(principal sip/pool.krb.test@NOKDC.KRB.TEST proof)" null
	run hints
	assert_output --partial "_kerberos._tcp.NOKDC.KRB.TEST. 3600 IN SRV"
}

@test "SPEC 9: a KDC that does not listen is kdc-unreachable, within --timeout" {
	local t0=$SECONDS
	krb --json alice@dead.krb.test
	assert_failure 1
	assert_equal "$(principal sip/pool.krb.test@DEAD.KRB.TEST outcome)" kdc-unreachable
	[ $((SECONDS - t0)) -le 6 ]
	run hints
	assert_output --partial "port 88"
}

@test "SPEC 9: a KDC clock more than 300 s away is clock-skew" {
	krb --json alice@skew.krb.test
	assert_failure 1
	assert_equal "$(principal sip/pool.krb.test@SKEW.KRB.TEST outcome)" clock-skew
	local off
	off=$(principal sip/pool.krb.test@SKEW.KRB.TEST clock_offset_s)
	[ "$off" -gt 3000 ] && [ "$off" -lt 4200 ]
	run hints
	assert_output --partial "NTP"
}

@test "SPEC 9: with a TGT the principal is proven by a service ticket: exists, its enctype and kvno" {
	krb --tgt --json alice@krb.test
	assert_success
	assert_equal "$(json .kerberos.tgt)" true
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" exists
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST proof)" tgs
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST enctype)" aes256-cts
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST kvno)" 1
}

@test "SPEC 9: with a TGT a missing principal is unknown-principal, proved by the ticket request" {
	krb --tgt --json --krb-realm=KRB.TEST alice@nospn.krb.test
	assert_failure 1
	assert_equal "$(principal sip/gone.krb.test@KRB.TEST outcome)" unknown-principal
	assert_equal "$(principal sip/gone.krb.test@KRB.TEST proof)" tgs
}

@test "SPEC 9: an RC4-only service key is rc4-only, a WARNING" {
	krb --tgt --json --krb-realm=KRB.TEST alice@rc4.krb.test
	assert_failure 1
	assert_equal "$(principal sip/rc4.krb.test@KRB.TEST outcome)" rc4-only
	assert_equal "$(principal sip/rc4.krb.test@KRB.TEST enctype)" rc4-hmac
	run hints
	assert_output --partial "msDS-SupportedEncryptionTypes"
}

@test "SPEC 9: sipe's host-based name canonicalised through a CNAME is checked too, and hinted" {
	krb --json --profile=sipe --krb-realm=KRB.TEST alice@sipe.krb.test
	assert_equal "$(principal sip/alias.sipe.krb.test@KRB.TEST outcome)" unknown-principal
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST source)" sipe-canonical
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" not-proven
	run hints
	assert_output --partial "canonicalises it through DNS to sip/pool.krb.test"
}

@test "SPEC 9: each targetname is checked once" {
	krb --json alice@krb.test
	assert_equal "$(json '[.kerberos.principals[] | select(.name == "sip/pool.krb.test@KRB.TEST")] | length')" 1
}

@test "SPEC 9: the credential cache is byte-for-byte unchanged after a run" {
	local before after
	before=$(sha256sum <"$DIR/tgt.cc")
	krb --tgt --json alice@krb.test
	krb --tgt --json --krb-realm=KRB.TEST alice@rc4.krb.test
	after=$(sha256sum <"$DIR/tgt.cc")
	assert_equal "$after" "$before"
}

@test "SPEC 9: without --kerberos no Kerberos packet is sent" {
	local before after
	before=$(wc -l <"$DIR/kdc/kdc.log")
	KRB5_CONFIG="$DIR/kdc/krb5.conf" KRB5CCNAME="FILE:$DIR/tgt.cc" sd "--cafile=$DIR/certs/ca.pem" --json alice@krb.test
	assert_success
	assert_equal "$(json .kerberos)" null
	assert_equal "$(json '[.queries[] | select(.role == "kerberos")] | length')" 0
	after=$(wc -l <"$DIR/kdc/kdc.log")
	assert_equal "$after" "$before"
	krb --json alice@krb.test
	[ "$(wc -l <"$DIR/kdc/kdc.log")" -gt "$after" ]
}

@test "SPEC 9: --krb-realm and --krb-user need --kerberos; a bad realm is one clear line, exit 3" {
	sd --krb-realm=KRB.TEST alice@krb.test
	assert_failure 3
	assert_output --partial "--krb-realm needs --kerberos"
	sd_split --kerberos "--krb-realm=A B" alice@krb.test
	assert_failure 3
	assert_equal "$output" ""
	assert_equal "$(head -1 <<<"$stderr")" 'sipdiscover: --krb-realm: "A B" is no realm name'
}

@test "SPEC 9: the kerberos object matches the JSON schema, and its keys are in the man page" {
	local out=$BATS_TEST_TMPDIR/out.jsonl key missing=() text
	krb --tgt --json alice@krb.test; echo "$output" >"$out"
	krb --json --krb-realm=KRB.TEST --profile=sipe alice@sipe.krb.test; echo "$output" >>"$out"
	krb --json alice@nokdc.krb.test; echo "$output" >>"$out"
	krb --json alice@dead.krb.test; echo "$output" >>"$out"
	while read -r line; do
		run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$line"
		assert_success
	done <"$out"
	text=$(mandoc -Tutf8 "$TOP/man/sipdiscover.1" | col -b)
	while read -r key; do
		grep -qE "(^|[^[:alnum:]_])${key}([^[:alnum:]_-]|\$)" <<<"$text" || missing+=("$key")
	done < <(jq -r '.kerberos | .. | objects | keys[]' "$out" | sort -u)
	[ ${#missing[@]} -eq 0 ] || fail "not in the man page: ${missing[*]}"
}

@test "SPEC 9: an autodiscover host that answered 401 Negotiate: its HTTP/ principal is checked" {
	krb --json --profile=lync2013 alice@krb.test
	assert_equal "$(principal HTTP/lyncdiscoverinternal.krb.test@KRB.TEST source)" autodiscover
	assert_equal "$(principal HTTP/lyncdiscoverinternal.krb.test@KRB.TEST outcome)" not-proven
	krb --tgt --json --profile=lync2013 alice@krb.test
	assert_equal "$(principal HTTP/lyncdiscoverinternal.krb.test@KRB.TEST outcome)" exists
}

@test "SPEC 9: a KDC that accepts and never answers: kdc-unreachable within --timeout" {
	local t0=$SECONDS
	KRB5_CONFIG="$DIR/empty-krb5.conf" KRB5CCNAME="FILE:$DIR/no-such.cc" run "$SD" --dns-server="127.0.0.1:$DNS_PORT" \
		--timeout=1 "--cafile=$DIR/certs/ca.pem" --kerberos --json alice@silent.krb.test
	assert_failure 1
	assert_equal "$(principal sip/pool.krb.test@SILENT.KRB.TEST outcome)" kdc-unreachable
	[[ $(principal sip/pool.krb.test@SILENT.KRB.TEST detail) == *"127.0.0.98:8888/tcp no data within"* ]]
	[ $((SECONDS - t0)) -le 4 ]
}

@test "SPEC 9: --deadline bounds the KDC exchange: UNKNOWN, naming the Kerberos check" {
	local t0=$SECONDS
	KRB5_CONFIG="$DIR/empty-krb5.conf" KRB5CCNAME="FILE:$DIR/no-such.cc" run "$SD" --dns-server="127.0.0.1:$DNS_PORT" \
		--timeout=30 --deadline=2 "--cafile=$DIR/certs/ca.pem" --kerberos --json alice@silent.krb.test
	assert_failure 3
	[[ $(json .reason) == *"expired during the Kerberos check"* ]]
	[ $((SECONDS - t0)) -le 5 ]
}

@test "SPEC 9: KDCs named by the local krb5 configuration are used, and no _kerberos name is queried" {
	KRB5_CONFIG="$DIR/kdc/krb5.conf" KRB5CCNAME="FILE:$DIR/no-such.cc" sd "--cafile=$DIR/certs/ca.pem" --kerberos --json alice@krb.test
	assert_success
	assert_equal "$(json .kerberos.kdcs_configured)" true
	assert_equal "$(json '.kerberos.kdcs[0].address')" "$KDC_ADDR"
	assert_equal "$(json '[.queries[] | select(.role == "kerberos")] | length')" 0
	assert_equal "$(principal sip/pool.krb.test@KRB.TEST outcome)" not-proven
}
