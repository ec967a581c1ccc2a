#!/usr/bin/env bats
# SPEC §4.4 (lync2013), §4.7: the autodiscover stage against nginx serving the documents as a
# reverse proxy would, and Kamailio front ends where a User document's servers must answer.
# Addresses 127.0.0.60-69 belong to this file: .60 nginx with a certificate naming every
# lyncdiscover name, .61 the same names from an untrusted CA, .62 the classic reverse-proxy
# certificate without lyncdiscover names, .63 Kamailio (fe.*), .64 nothing listening, .65 a
# SHA-1 signed certificate, .66 a certificate sent without its intermediate CA, .67 a listener
# that accepts connections and never answers; .69 nothing listening, as the DNS server of a
# hop host whose lookup never ends (dnsmasq forwards its name there).

load common

AD='https://lyncdiscoverinternal'
XMLHEAD='<?xml version="1.0" encoding="utf-8"?>'

root_link() { # root_link TOKEN HREF
	printf '%s<AutodiscoverResponse AccessLocation="Internal"><Root><Link token="%s" href="%s"/></Root></AutodiscoverResponse>\n' "$XMLHEAD" "$1" "$2"
}

user_doc() { # user_doc ACCESSLOCATION INTERNAL_FQDN:PORT EXTERNAL_FQDN:PORT
	printf '%s<AutodiscoverResponse AccessLocation="%s"><User><SipServerInternalAccess fqdn="%s" port="%s"/><SipClientInternalAccess fqdn="%s" port="%s"/><SipClientExternalAccess fqdn="%s" port="%s"/></User></AutodiscoverResponse>\n' \
		"$XMLHEAD" "$1" "${2%:*}" "${2#*:}" "${2%:*}" "${2#*:}" "${3%:*}" "${3#*:}"
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	local d=$DIR/docroot c=$DIR/certs names="" dom
	"$SITE/mkcerts" "$c"
	for dom in adok adext adredir adloop ad404 adjson ad3xx adfe ad401 ad401nowt adbasic aduntrusted adwrong adchain adchain10 adtwo adhop adpool adhops adenc adslow; do
		names="$names lyncdiscover.$dom.test lyncdiscoverinternal.$dom.test"
	done
	names="$names webext.adhop.test" # a redirect's and a link's other host (not webpool.adpool.test)
	"$SITE/mkcert-names" "$c" ad ca "fe.adok.test fe.adfe.test$names"
	"$SITE/mkcert-names" "$c" ad-untrusted evil-ca "fe.adok.test$names"
	"$SITE/mkcert-names" "$c" ad-sha1 ca lyncdiscoverinternal.adsha1.test "" --hash=SHA1
	"$SITE/mkcert-names" "$c" ad-leaf issuing lyncdiscoverinternal.admissing.test \
		'ca_issuers_uri = "http://pki.adissuing.test/issuing.crt"'
	cat "$c/ca.pem" "$c/root2.pem" >"$c/ca-root2.pem"
	mkdir -p "$d/default"
	site() { mkdir -p "$d/lyncdiscoverinternal.$1.test/oauth" "$d/lyncdiscover.$1.test/oauth"; echo "$d/lyncdiscover$2.$1.test"; }
	local s
	s=$(site adok internal)
	root_link User "$AD.adok.test/Autodiscover/AutodiscoverService.svc/root/user?originalDomain=adok.test" >"$s/index.xml"
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/user.xml"
	s=$(site adext internal)
	user_doc External nope.adext.test:5061 fe.adok.test:5061 >"$s/index.xml"
	s=$(site adredir internal)
	root_link Redirect "$AD.adok.test/?sipuri=alice@adok.test" >"$s/index.xml"
	s=$(site adloop internal)
	root_link Redirect "$AD.adloop.test/loop" >"$s/index.xml"
	root_link Redirect "$AD.adloop.test/loop" >"$s/loop.xml"
	s=$(site ad404 internal) # no file: 404; lyncdiscover.ad404.test is .64, refused
	s=$(site adjson internal)
	echo '{"AccessLocation":"Internal"}' >"$s/index.json"
	s=$(site adjson "")
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.textxml"
	s=$(site ad3xx internal)
	touch "$s/index.302"
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.next.xml"
	s=$(site adfe internal)
	user_doc Internal dead.adfe.test:5061 dead.adfe.test:443 >"$s/index.xml"
	s=$(site ad401 internal)
	root_link User "$AD.ad401.test/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=ad401.test" >"$s/index.xml"
	touch "$s/oauth/user.401"
	s=$(site ad401nowt internal)
	root_link User "$AD.ad401nowt.test/Autodiscover/AutodiscoverService.svc/root/oauth/user" >"$s/index.xml"
	touch "$s/oauth/user.401-nowt"
	s=$(site adbasic internal)
	touch "$s/index.basic"
	s=$(site aduntrusted internal)
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.xml"
	s=$(site adwrong "")
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.xml"
	for dom in adsha1 admissing; do
		s=$(site $dom internal)
		user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.xml"
	done
	# Redirect chains: index -> l1 -> l2 ...; adchain's never ends within 10 links (11
	# documents each linking on), adchain10 reaches its User document on the 10th link.
	local i
	s=$(site adchain internal)
	root_link Redirect "$AD.adchain.test/l1" >"$s/index.xml"
	for i in $(seq 1 11); do
		root_link Redirect "$AD.adchain.test/l$((i + 1))" >"$s/l$i.xml"
	done
	s=$(site adchain10 internal)
	root_link Redirect "$AD.adchain10.test/l1" >"$s/index.xml"
	for i in $(seq 1 9); do
		root_link Redirect "$AD.adchain10.test/l$((i + 1))" >"$s/l$i.xml"
	done
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/l10.xml"
	# adtwo: both names answer at once, each with a link to a host stage 1 did not resolve
	s=$(site adtwo internal)
	root_link Redirect "$AD.adok.test/?sipuri=alice@adok.test" >"$s/index.xml"
	s=$(site adtwo "")
	root_link User "$AD.adext.test/?sipuri=alice@adext.test" >"$s/index.xml"
	# Every hop a request of its own: adhop's URLs 302 to webext.adhop.test (another host, in
	# the certificate); adpool's Root links to webpool.adpool.test, whose certificate (.62) does
	# not name it; adhops is a Redirect -> User -> User chain over two hosts; adslow links to
	# a host whose lookup never ends.
	s=$(site adhop internal)
	touch "$s/index.302away"
	mkdir -p "$d/webext.adhop.test"
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$d/webext.adhop.test/index.next.xml"
	s=$(site adpool internal)
	root_link User "https://webpool.adpool.test/Autodiscover/AutodiscoverService.svc/root/user" >"$s/index.xml"
	mkdir -p "$d/webpool.adpool.test"
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$d/webpool.adpool.test/user.xml"
	s=$(site adhops internal)
	root_link Redirect "https://webext.adhop.test/hops1" >"$s/index.xml"
	root_link User "$AD.adhops.test/u1" >"$d/webext.adhop.test/hops1.xml"
	root_link User "https://webext.adhop.test/u2" >"$s/u1.xml"
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$d/webext.adhop.test/u2.xml"
	s=$(site adenc internal)
	user_doc Internal fe.adok.test:5061 edge.adok.test:443 >"$s/index.xml"
	s=$(site adslow internal)
	root_link User "https://webslow.adslow.test/user" >"$s/index.xml"
	cat >"$DIR/extra.conf" <<'CONF'
local=/adok.test/
local=/adext.test/
local=/adredir.test/
local=/adloop.test/
local=/ad404.test/
local=/adjson.test/
local=/ad3xx.test/
local=/adfe.test/
local=/ad401.test/
local=/ad401nowt.test/
local=/adbasic.test/
local=/aduntrusted.test/
local=/adwrong.test/
local=/adsha1.test/
local=/admissing.test/
local=/adchain.test/
local=/adchain10.test/
local=/adtwo.test/
local=/adsilent.test/
host-record=lyncdiscoverinternal.adok.test,127.0.0.60
host-record=fe.adok.test,127.0.0.63
host-record=lyncdiscoverinternal.adext.test,127.0.0.60
host-record=lyncdiscoverinternal.adredir.test,127.0.0.60
host-record=lyncdiscoverinternal.adloop.test,127.0.0.60
host-record=lyncdiscoverinternal.ad404.test,127.0.0.60
host-record=lyncdiscover.ad404.test,127.0.0.64
host-record=lyncdiscoverinternal.adjson.test,127.0.0.60
host-record=lyncdiscover.adjson.test,127.0.0.60
host-record=lyncdiscoverinternal.ad3xx.test,127.0.0.60
host-record=lyncdiscoverinternal.adfe.test,127.0.0.60
host-record=dead.adfe.test,127.0.0.64
srv-host=_sipinternaltls._tcp.adfe.test,fe.adfe.test,5061,0,100
host-record=fe.adfe.test,127.0.0.63
host-record=lyncdiscoverinternal.ad401.test,127.0.0.60
host-record=lyncdiscoverinternal.ad401nowt.test,127.0.0.60
host-record=lyncdiscoverinternal.adbasic.test,127.0.0.60
host-record=lyncdiscoverinternal.aduntrusted.test,127.0.0.61
host-record=lyncdiscover.adwrong.test,127.0.0.62
host-record=lyncdiscoverinternal.adsha1.test,127.0.0.65
host-record=lyncdiscoverinternal.admissing.test,127.0.0.66
host-record=lyncdiscoverinternal.adchain.test,127.0.0.60
host-record=lyncdiscoverinternal.adchain10.test,127.0.0.60
host-record=lyncdiscoverinternal.adtwo.test,127.0.0.60
host-record=lyncdiscover.adtwo.test,127.0.0.60
host-record=lyncdiscoverinternal.adsilent.test,127.0.0.67
local=/adhop.test/
local=/adpool.test/
local=/adhops.test/
local=/adenc.test/
local=/adslow.test/
server=/webslow.adslow.test/127.0.0.69
host-record=lyncdiscoverinternal.adhop.test,127.0.0.60
host-record=webext.adhop.test,127.0.0.60
host-record=lyncdiscoverinternal.adpool.test,127.0.0.60
host-record=webpool.adpool.test,127.0.0.62
host-record=lyncdiscoverinternal.adhops.test,127.0.0.60
host-record=lyncdiscoverinternal.adenc.test,127.0.0.60
host-record=lyncdiscoverinternal.adslow.test,127.0.0.60
CONF
	start_dnsmasq "$DIR" "$DIR/extra.conf"
	export DNS_PORT
	"$SITE/start-nginx" "$DIR/ng60" 127.0.0.60 80 443 "$c/ad.pem" "$c/ad-key.pem" "$d"
	"$SITE/start-nginx" "$DIR/ng61" 127.0.0.61 80 443 "$c/ad-untrusted.pem" "$c/ad-untrusted-key.pem" "$d"
	"$SITE/start-nginx" "$DIR/ng62" 127.0.0.62 80 443 "$c/valid.pem" "$c/valid-key.pem" "$d"
	# OpenSSL's default security level refuses to serve a SHA-1 certificate (as certificates.bats)
	printf '%s\n' 'openssl_conf = init' '[init]' 'ssl_conf = ssl' '[ssl]' 'system_default = weak' \
		'[weak]' 'CipherString = DEFAULT:@SECLEVEL=0' >"$DIR/openssl-weak.cnf"
	OPENSSL_CONF=$DIR/openssl-weak.cnf "$SITE/start-nginx" "$DIR/ng65" 127.0.0.65 80 443 "$c/ad-sha1.pem" \
		"$c/ad-sha1-key.pem" "$d"
	"$SITE/start-nginx" "$DIR/ng66" 127.0.0.66 80 443 "$c/ad-leaf.pem" "$c/ad-leaf-key.pem" "$d"
	"$SITE/start-kamailio" "$DIR/peer-fe" 127.0.0.63 5061 0 "$c/ad.pem" "$c/ad-key.pem" lync fe.adok.test 3>&-
	start_silent "$DIR" 127.0.0.67 80 443
}

teardown_file() {
	"$SITE/stop-nginx" "$DIR/ng60" || true
	"$SITE/stop-nginx" "$DIR/ng61" || true
	"$SITE/stop-nginx" "$DIR/ng62" || true
	"$SITE/stop-nginx" "$DIR/ng65" || true
	"$SITE/stop-nginx" "$DIR/ng66" || true
	"$SITE/stop-kamailio" "$DIR/peer-fe" || true
	stop_silent "$DIR"
	stop_dnsmasq "$DIR"
}

# ad P ADDRESS [OPTIONS]: a JSON run of profile P with the test CA.
ad() {
	local p=$1 a=$2
	shift 2
	sd --json --cafile="$DIR/certs/ca.pem" --profile="$p" "$@" "$a"
}

# hint_texts: each hint's text, whether hints are strings or objects (issue 18).
hint_texts() {
	json '.hints[] | if type == "object" then .text else . end'
}

# outcomes: "outcome/needed" of every URL, in the client's order.
outcomes() {
	json '[.autodiscover[] | "\(.outcome)/\(.needed)"] | join(" ")'
}

@test "SPEC 4.7: lync2013 follows Root -> User link and signs in to the User document's server (origin autodiscover)" {
	ad lync2013 alice@adok.test
	assert_equal "$(json .status)" ok
	assert_equal "$(json .server.host):$(json .server.port):$(json .server.origin)" fe.adok.test:5061:autodiscover
	# each first URL, then the User link's hop right after it (SPEC 4.7: every hop an entry)
	assert_equal "$(outcomes)" "usable/true usable/true usable/false usable/false does-not-resolve/false does-not-resolve/false"
	assert_equal "$(json '[.autodiscover[] | "\(.via)/\(.from)"] | join(" ")')" "null/null User/0 null/null User/2 null/null null/null"
	assert_equal "$(json '.autodiscover[1].winner')" true
	assert_equal "$(json '.autodiscover[0].links[0].token'):$(json '.autodiscover[0].links[0].followed'):$(json '.autodiscover[0].links[0].led_to')" User:true:usable
	assert_equal "$(json '[.candidates[] | select(.origin == "autodiscover") | .host] | join(" ")')" "fe.adok.test edge.adok.test"
	assert_equal "$(json '.autodiscover[0].address')" 127.0.0.60
	assert_equal "$(json '.autodiscover[0].tls.failure_classes | length'):$(json '.autodiscover[0].cert_action')" 0:accepted
}

@test "SPEC 4.7: sipe fetches its first pair together; the http URL answers first in order, the second pair is not needed" {
	ad sipe alice@adok.test
	assert_equal "$(json .server.origin)" autodiscover
	assert_equal "$(json '[.autodiscover[] | select(.via == null) | .url] | join(" ")')" "http://lyncdiscoverinternal.adok.test/?sipuri=alice@adok.test https://lyncdiscoverinternal.adok.test/?sipuri=alice@adok.test https://lyncdiscover.adok.test/?sipuri=alice@adok.test http://lyncdiscover.adok.test/?sipuri=alice@adok.test"
	assert_equal "$(outcomes)" "usable/true usable/true usable/true usable/true does-not-resolve/false does-not-resolve/false"
	assert_equal "$(json '.autodiscover[1].winner'):$(json '.autodiscover[1].from')" true:0
	json '.hints[].text' | grep -q 'Debian 12'
}

@test "SPEC 2, 4.7: a bare domain's autodiscover requests carry the placeholder user part" {
	ad sipe adok.test
	assert_equal "$(json .uri)" sip:user@adok.test
	assert_equal "$(json '.autodiscover[0].url')" "http://lyncdiscoverinternal.adok.test/?sipuri=user@adok.test"
	assert_equal "$(json .server.origin)" autodiscover
}

@test "SPEC 4.7: AccessLocation External keeps only the external server" {
	for p in lync2013 sipe; do
		ad $p alice@adext.test
		assert_equal "$(json '[.candidates[] | select(.origin == "autodiscover") | .host] | join(" ")')" fe.adok.test
		assert_equal "$(json .server.host)" fe.adok.test
	done
}

@test "SPEC 4.7: a Redirect link to another host is resolved and followed" {
	ad lync2013 alice@adredir.test
	assert_equal "$(json '.autodiscover[0].links[0].token')" Redirect
	assert_equal "$(json '.autodiscover[0].outcome')" usable
	assert_equal "$(json .server.host)" fe.adok.test
}

@test "SPEC 4.7: links to two new hosts found at once are both resolved (each name asked once) and followed" {
	ad lync2013 alice@adtwo.test
	assert_equal "$(json '[.autodiscover[] | select(.via == null) | .outcome] | join(" ")')" "usable usable usable usable"
	assert_equal "$(json '[.autodiscover[] | select(.via == null) | .links[0] | "\(.token):\(.followed):\(.led_to)"] | join(" ")')" \
		"Redirect:true:usable Redirect:true:usable User:true:usable User:true:usable"
	assert_equal "$(json '[.autodiscover[] | select(.via == "User" and (.url | startswith("'"$AD"'.adext.test"))) | .from] | length')" 2
	local h
	for h in lyncdiscoverinternal.adok.test lyncdiscoverinternal.adext.test; do
		assert_equal "$(json "[.queries[] | select(.name == \"$h\" and .type == \"A\" and .role == \"autodiscover\")] | length")" 1
		assert_equal "$(json "[.queries[] | select(.name == \"$h\" and .type == \"A\")][0].records | join(\" \")")" 127.0.0.60
	done
	assert_equal "$(json .server.host):$(json .server.origin)" fe.adok.test:autodiscover
	# stage 1's server reports are not redone by the link lookups
	assert_equal "$(json '[.dns_servers[]] | length')" 1
	sd --cafile="$DIR/certs/ca.pem" --profile=lync2013 alice@adtwo.test
	assert_output --partial lyncdiscoverinternal.adext.test
}

@test "SPEC 3, 4.7: --deadline ends an autodiscover request that never answers: UNKNOWN naming the stage" {
	local t0 ms
	t0=$(date +%s%N)
	ad lync2013 alice@adsilent.test --timeout=3 --deadline=1
	ms=$((($(date +%s%N) - t0) / 1000000))
	assert_equal "$status" 3
	[ "$ms" -lt 1500 ] || { echo "took $ms ms" >&2; false; }
	assert_equal "$(json .status)" unknown
	assert_equal "$(json .reason)" "deadline of 1 s expired during the autodiscover stage"
	assert_equal "$(json .fallback)" not-decided # the address stage never ran: not a manual configuration
	assert_equal "$(json '.autodiscover[0].outcome')" timeout
	[[ "$(json '.autodiscover[0].detail')" == *deadline* ]]
}

@test "SPEC 4.7: a link loop is reported as link-loop and DNS discovery follows" {
	for p in lync2013 sipe; do
		ad $p alice@adloop.test
		# each chain ends in link-loop: the document that links back is the hop's own
		assert_equal "$(json '[.autodiscover[] | select(.address != null and .via != null) | .outcome] | unique | join(" ")')" link-loop
		assert_equal "$(json '[.autodiscover[] | select(.address != null and .via == null) | .outcome] | unique | join(" ")')" usable
		assert_equal "$(json '[.autodiscover[] | select(.outcome == "link-loop") | .detail] | unique | join(" ")')" \
			"the Redirect link leads back to a URL already requested"
		assert_equal "$(json .status)" critical
	done
}

@test "SPEC 4.7: at most 10 links per URL: a chain of more than 10 distinct URLs is link-loop" {
	for p in lync2013 sipe; do
		ad $p alice@adchain.test
		# the first https URL's chain: the URL, then 10 link hops, the last refusing an 11th
		local https
		https=$(json '[.autodiscover[] | .url] | index("https://lyncdiscoverinternal.adchain.test/?sipuri=alice@adchain.test")')
		assert_equal "$(json "[.autodiscover[$((https + 1)):$((https + 11))][] | .via] | unique | join(\" \")")" Redirect
		assert_equal "$(json ".autodiscover[$((https + 10))].url")" https://lyncdiscoverinternal.adchain.test/l10
		assert_equal "$(json ".autodiscover[$((https + 10))].outcome")" link-loop
		assert_equal "$(json ".autodiscover[$((https + 10))].detail")" "more than 10 links followed"
		refute [ "$(json .server.origin)" = autodiscover ]
	done
}

@test "SPEC 4.7: a chain of exactly 10 links is followed to its User document" {
	ad lync2013 alice@adchain10.test
	assert_equal "$(json '.autodiscover[0].outcome')" usable
	assert_equal "$(json '[.autodiscover[1:11][] | select(.via == "Redirect")] | length')" 10
	assert_equal "$(json '.autodiscover[10].url'):$(json '.autodiscover[10].winner')" https://lyncdiscoverinternal.adchain10.test/l10:true
	assert_equal "$(json .server.host):$(json .server.origin)" fe.adok.test:autodiscover
}

@test "SPEC 4.7: 404 and a refused connection fail their URLs" {
	ad lync2013 alice@ad404.test
	assert_equal "$(json '[.autodiscover[] | .outcome] | join(" ")')" "http-status http-status refused refused"
	assert_equal "$(json '.autodiscover[0].status')" 404
}

@test "SPEC 4.7: JSON and text/xml answers are not usable (content-type)" {
	ad sipe alice@adjson.test
	assert_equal "$(json '[.autodiscover[] | .outcome] | join(" ")')" "content-type content-type content-type content-type"
	assert_equal "$(json '.autodiscover[] | select(.url | startswith("https://lyncdiscover.")) | .content_type')" text/xml
}

@test "SPEC 4.7: a 3xx fails the URL for sipe (not followed) and is followed by lync2013" {
	ad sipe alice@ad3xx.test
	assert_equal "$(json '.autodiscover[0].outcome')" redirect-not-followed
	refute [ "$(json .server.origin)" = autodiscover ]
	ad lync2013 alice@ad3xx.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].status')" redirected:302
	assert_equal "$(json '.autodiscover[1].via'):$(json '.autodiscover[1].from'):$(json '.autodiscover[1].outcome')" redirect:0:usable
	assert_equal "$(json .server.host):$(json .server.origin)" fe.adok.test:autodiscover
}

@test "SPEC 4.7: the trace lists each redirect hop once, with the URL the client requests" {
	sd --cafile="$DIR/certs/ca.pem" --profile=lync2013 alice@ad3xx.test
	assert_output --partial 'redirected  302'
	assert_output --partial '(302 to https://lyncdiscoverinternal.ad3xx.test/Autodiscover/AutodiscoverService.svc/root/index.next)'
	# the hop once, on a line of its own under the URL that answered 302
	assert_equal "$(grep -c '^    https://lyncdiscoverinternal.ad3xx.test/Autodiscover/AutodiscoverService.svc/root/index.next  \[via redirect\]' <<<"$output")" 1
	refute_output --partial 'last request'
}

@test "SPEC 4.7: when the User document's servers fail, DNS discovery follows" {
	ad lync2013 alice@adfe.test
	assert_equal "$(json '.candidates[0].origin'):$(json '.candidates[0].host')" autodiscover:dead.adfe.test
	assert_equal "$(json '.attempts[0].outcome')" refused
	assert_equal "$(json .server.host):$(json .server.origin)" fe.adfe.test:srv
	json '.hints[].text' | grep -q 'named by autodiscover'
}

@test "SPEC 4.7: a 401 via a User link is reported with its schemes and web-ticket URL; DNS failing: not better than WARNING" {
	for p in lync2013 sipe; do
		ad $p alice@ad401.test
		local w
		w=$(json '[.autodiscover[] | .winner] | index(true)')
		assert_equal "$(json ".autodiscover[$w].outcome"):$(json ".autodiscover[$w].via")" unauthorized:User
		assert_equal "$(json ".autodiscover[$w].auth.webticket_url")" https://lyncdiscoverinternal.ad401.test/WebTicket/oauthtoken
		json ".autodiscover[$w].auth.schemes[]" | grep -q NTLM
		refute [ "$(json .status)" = ok ]
		json '.hints[].text' | grep -q 'cannot see'
	done
	ad lync2013 alice@ad401nowt.test
	assert_equal "$(json '.autodiscover[1].auth.webticket_url')" null
	assert_equal "$(json '.autodiscover[1].auth.schemes | join(",")')" NTLM,Negotiate
}

@test "SPEC 4.7: sipe and Basic over http: the password-in-clear security hint" {
	ad sipe alice@adbasic.test
	assert_equal "$(json '.autodiscover[0].outcome')" unauthorized
	json '.hints[].text' | grep -q 'password there in clear'
	ad lync2013 alice@adbasic.test
	assert_equal "$(json '[.hints[].text | select(contains("password there in clear"))] | length')" 0
}

@test "SPEC 4.7: an untrusted certificate: sipe's prompt and lync2013's warning, at least WARNING" {
	ad sipe alice@aduntrusted.test
	assert_equal "$(json '.autodiscover[1].outcome'):$(json '.autodiscover[1].tls.failure_classes | join(",")')" tls-error:untrusted-issuer
	assert_equal "$(json '.autodiscover[1].cert_action')" prompt
	assert_equal "$(json .status)" warning
	json '.hints[].text' | grep -q 'rejected (untrusted-issuer): pidgin-sipe stops and shows a certificate prompt'
	ad lync2013 alice@aduntrusted.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].cert_action')" tls-error:warning
	assert_equal "$(json '.autodiscover[1].outcome')" usable
	assert_equal "$(json .status)" warning
	json '.hints[].text' | grep -q 'certificate warning'
}

@test "SPEC 4.7: an autodiscover URL's tls object carries the same keys as a SIP attempt's" {
	ad lync2013 alice@adok.test
	assert_equal "$(json '.autodiscover[0].tls | keys | join(",")')" "$(json '.attempts[0].tls | keys | join(",")')"
	ad lync2013 alice@aduntrusted.test
	assert_equal "$(json '.autodiscover[0].tls | keys | join(",")')" "$(json '.attempts[0].tls | keys | join(",")')"
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
}

@test "SPEC 4.7: the trace names the certificate's failure classes, as for SIP attempts, and what the client does" {
	sd --cafile="$DIR/certs/ca.pem" --profile=sipe alice@aduntrusted.test
	assert_output --partial 'certificate: rejected: untrusted-issuer -> the client stops on a certificate prompt'
	sd --cafile="$DIR/certs/ca.pem" --profile=lync2013 alice@adwrong.test
	assert_output --partial 'certificate: rejected: name-mismatch -> the client shows a certificate warning'
}

@test "SPEC 4.7: a certificate without lyncdiscover.<domain>: the reverse-proxy hint" {
	ad lync2013 alice@adwrong.test
	assert_equal "$(json '.autodiscover[2].tls.failure_classes | join(",")')" name-mismatch
	json '.hints[].text' | grep -q "does not name lyncdiscover.adwrong.test: add that name to the reverse proxy's certificate, or publish autodiscover on port 80"
}

@test "SPEC 4.7, 6: an https URL without its intermediate CA: missing-intermediate, sipe's prompt, lync2013's warning" {
	sd --json --cafile="$DIR/certs/ca-root2.pem" --profile=lync2013 alice@admissing.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].tls.failure_classes | join(",")')" tls-error:missing-intermediate
	assert_equal "$(json '.autodiscover[0].cert_action'):$(json .status)" warning:warning
	json '.hints[].text' | grep -q '(missing-intermediate): Lync 2013 shows the user a certificate warning'
	sd --json --cafile="$DIR/certs/ca-root2.pem" --profile=sipe alice@admissing.test
	assert_equal "$(json '.autodiscover[1].cert_action'):$(json .status)" prompt:warning
}

@test "SPEC 4.7, 6: a SHA-1 signed https URL is used, with the sha1-signature warning and at least WARNING" {
	ad lync2013 alice@adsha1.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].cert_action')" usable:accepted
	assert_equal "$(json '.autodiscover[0].tls.warnings | join(",")')" sha1-signature
	assert_equal "$(json .server.origin):$(json .status)" autodiscover:warning
	json '.hints[].text' | grep -q 'lyncdiscoverinternal.adsha1.test/?sipuri=alice@adsha1.test is signed with SHA-1'
}

@test "SPEC 4.7: --no-connect makes no request; a resolving name makes the verdict at best WARNING" {
	local before
	before=$(cat "$DIR"/ng6?/access.log | wc -l)
	sd --json --no-connect --profile=lync2013 alice@adfe.test
	assert_equal "$(json .server.host)" fe.adfe.test
	assert_equal "$(json .status)" warning
	assert_equal "$(json '.autodiscover | length')" 0
	json '.hints[].text' | grep -q 'lyncdiscoverinternal.adfe.test resolves'
	assert_equal "$(cat "$DIR"/ng6?/access.log | wc -l)" "$before"
}

@test "SPEC 4.7: ocs2007r2 makes no HTTP request and carries an empty autodiscover array" {
	local before
	before=$(cat "$DIR"/ng6?/access.log | wc -l)
	ad ocs2007r2 alice@adok.test
	assert_equal "$(json '.autodiscover | length')" 0
	assert_equal "$(cat "$DIR"/ng6?/access.log | wc -l)" "$before"
}

@test "SPEC 4.7: the trace shows the 0. Autodiscover section before the SRV stage, and Nagios its time" {
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --cafile="$DIR/certs/ca.pem" --profile=sipe alice@adok.test
	# issue 22: the verdict comes first, so the stages start under "details"; 0 before 1
	local ad srv
	ad=$(grep -n '^0\. Autodiscover' <<<"$output" | cut -d: -f1)
	srv=$(grep -n '^1\. DNS SRV records' <<<"$output" | cut -d: -f1)
	[ -n "$ad" ] && [ -n "$srv" ] && [ "$ad" -lt "$srv" ]
	assert_output --partial 'https://lyncdiscover.adok.test/?sipuri=alice@adok.test  [not needed'
	assert_output --partial 'link User https://lyncdiscoverinternal.adok.test/'
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 --cafile="$DIR/certs/ca.pem" --nagios --profile=lync2013 alice@adok.test
	assert_output --regexp 'autodiscover=[0-9]+ms'
}

# SPEC 4.7, "Every hop is a request of its own".
@test "spec4_7 every hop: lync2013 follows a 302 to another host, looks it up and lists it as its own entry" {
	ad lync2013 alice@adhop.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].status')" redirected:302
	assert_equal "$(json '.autodiscover[0].address')" 127.0.0.60
	assert_equal "$(json '.autodiscover[1].url')" https://webext.adhop.test/Autodiscover/AutodiscoverService.svc/root/index.next
	assert_equal "$(json '.autodiscover[1].via'):$(json '.autodiscover[1].from'):$(json '.autodiscover[1].outcome')" redirect:0:usable
	assert_equal "$(json '.autodiscover[1].address'):$(json '.autodiscover[1].status'):$(json '.autodiscover[1].winner')" 127.0.0.60:200:true
	assert_equal "$(json '.autodiscover[1].cert_action')" accepted
	# looked up through the tool's DNS, with the hop that asked for it
	assert_equal "$(json '[.queries[] | select(.name == "webext.adhop.test" and .type == "A")] | length')" 1
	# (the hop of whichever URL's 302 came first: both go out together)
	local h
	h=$(json '[.queries[] | select(.name == "webext.adhop.test")][0].autodiscover_hop')
	assert_equal "$(json ".autodiscover[$h].via"):$(json ".autodiscover[$h].url")" \
		redirect:https://webext.adhop.test/Autodiscover/AutodiscoverService.svc/root/index.next
	assert_equal "$(json .server.host):$(json .server.origin)" fe.adok.test:autodiscover
	sd --cafile="$DIR/certs/ca.pem" --profile=lync2013 alice@adhop.test
	assert_output --partial 'webext.adhop.test/Autodiscover/AutodiscoverService.svc/root/index.next  [via redirect]'
	assert_output --partial 'asked by the redirect from lyncdiscoverinternal.adhop.test'
	refute_output --partial 'webext.adhop.test does not resolve'
}

@test "spec4_7 every hop: sipe does not follow a 302 to another host (that URL failed, nothing looked up)" {
	ad sipe alice@adhop.test
	assert_equal "$(json '[.autodiscover[] | select(.address != null) | .outcome] | unique | join(" ")')" redirect-not-followed
	assert_equal "$(json '[.autodiscover[] | select(.via != null)] | length')" 0
	assert_equal "$(json '[.queries[] | select(.name == "webext.adhop.test")] | length')" 0
	refute [ "$(json .server.origin)" = autodiscover ]
}

@test "spec4_7 every hop: a User link to another host whose certificate does not name it: the parent keeps its 200 and valid certificate" {
	ad lync2013 alice@adpool.test
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].status')" usable:200
	assert_equal "$(json '.autodiscover[0].tls.failure_classes | length'):$(json '.autodiscover[0].cert_action')" 0:accepted
	assert_equal "$(json '.autodiscover[1].url')" https://webpool.adpool.test/Autodiscover/AutodiscoverService.svc/root/user
	assert_equal "$(json '.autodiscover[1].via'):$(json '.autodiscover[1].from'):$(json '.autodiscover[1].address')" User:0:127.0.0.62
	assert_equal "$(json '.autodiscover[1].outcome'):$(json '.autodiscover[1].tls.failure_classes | join(",")')" tls-error:name-mismatch
	assert_equal "$(json '.autodiscover[1].cert_action')" warning
	assert_equal "$(json '.autodiscover[0].links[0].led_to')" tls-error
	hint_texts | grep -q 'webpool.adpool.test/Autodiscover/AutodiscoverService.svc/root/user is rejected (name-mismatch)'
	run hint_texts
	refute_output --partial 'does not name lyncdiscoverinternal.adpool.test'
}

@test "spec4_7 every hop: a Redirect -> User -> User chain is listed hop by hop, each indented under its parent" {
	ad lync2013 alice@adhops.test
	assert_equal "$(json '[.autodiscover[0:4][] | "\(.via)/\(.from)/\(.outcome)/\(.status)"] | join(" ")')" \
		"null/null/usable/200 Redirect/0/usable/200 User/1/usable/200 User/2/usable/200"
	assert_equal "$(json '[.autodiscover[0:4][] | .url] | join(" ")')" \
		"https://lyncdiscoverinternal.adhops.test/?sipuri=alice@adhops.test https://webext.adhop.test/hops1 https://lyncdiscoverinternal.adhops.test/u1 https://webext.adhop.test/u2"
	assert_equal "$(json '.autodiscover[3].winner'):$(json .server.host)" true:fe.adok.test
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	sd --cafile="$DIR/certs/ca.pem" --profile=lync2013 alice@adhops.test
	assert_line --partial '    https://webext.adhop.test/hops1  [via Redirect link]'
	assert_line --partial '      https://lyncdiscoverinternal.adhops.test/u1  [via User link]'
	assert_line --partial '        https://webext.adhop.test/u2  [via User link]'
	assert_line --partial '          127.0.0.60  usable  200'
}

@test "spec4_7 the user part of ?sipuri= is percent-encoded as nginx receives it" {
	ad lync2013 'first+last@adenc.test'
	assert_equal "$(json '.autodiscover[0].url')" 'https://lyncdiscoverinternal.adenc.test/?sipuri=first%2Blast@adenc.test'
	grep -q 'GET /?sipuri=first%2Blast@adenc.test HTTP' "$DIR/ng60/access.log"
	ad lync2013 'a&b=c@adenc.test'
	grep -q 'GET /?sipuri=a%26b%3Dc@adenc.test HTTP' "$DIR/ng60/access.log"
	run grep -c 'sipuri=first+last\|sipuri=a&b' "$DIR/ng60/access.log"
	assert_output 0
}

@test "spec4_7 --deadline expiring while a link's host is looked up: UNKNOWN naming the autodiscover stage, what was done reported" {
	local t0 ms
	t0=$(date +%s%N)
	ad lync2013 alice@adslow.test --timeout=3 --deadline=1
	ms=$((($(date +%s%N) - t0) / 1000000))
	assert_equal "$status" 3
	[ "$ms" -lt 1800 ] || { echo "took $ms ms" >&2; false; }
	assert_equal "$(json .status)" unknown
	assert_equal "$(json .reason)" "deadline of 1 s expired during the autodiscover stage"
	# the first URL answered and is reported; its hop ended by the deadline
	assert_equal "$(json '.autodiscover[0].outcome'):$(json '.autodiscover[0].status')" usable:200
	assert_equal "$(json '.autodiscover[1].url'):$(json '.autodiscover[1].outcome')" https://webslow.adslow.test/user:timeout
	[[ "$(json '.autodiscover[1].detail')" == *deadline* ]]
	assert_equal "$(json '[.queries[] | select(.name == "webslow.adslow.test")][0].result')" timeout
}

@test "SPEC 6: sipe stops at an https autodiscover URL's certificate prompt: server null, everything after if the user rejects it" {
	ad sipe alice@aduntrusted.test
	assert_equal "$(json .prompt.kind):$(json .prompt.autodiscover):$(json .status)" certificate:1:warning
	assert_equal "$(json .server)" null
	assert_equal "$(json '[.autodiscover[2:][] | .if_rejected] | all')" true
	assert_equal "$(json '[.attempts[] | .if_rejected] | all')" true
	assert_equal "$(json '.autodiscover[1] | has("if_rejected")')" false
	json .reason | grep -q 'sign-in waits for the user to accept the certificate of lyncdiscoverinternal.aduntrusted.test'
	sd --cafile="$DIR/certs/ca.pem" --profile=sipe alice@aduntrusted.test
	assert_output --partial 'pidgin-sipe stops at the certificate prompt for'
	assert_output --partial '[only if the user rejects the prompt]'
	refute_output --partial 'no URL answered: pidgin-sipe goes on with DNS discovery'
}
