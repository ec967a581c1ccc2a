#!/usr/bin/env bats
# src/net/http.c alone (through tests/tools/http-get) against nginx serving autodiscover
# documents as a reverse proxy would (tests/site/start-nginx): the HTTP edge that the
# autodiscover stage of SPEC §4.7 classifies. Addresses 127.0.0.30-39 belong to this file:
# .30 nginx with the valid certificate, .33 nginx with the wrong-name one, .34 with the
# untrusted one, .31 nothing listening, .32 a listener that never answers.

load common

HTTP_GET=$TOP/build/tools/http-get
AD_TYPE='application/vnd.microsoft.rtc.autodiscover+xml; v=1'

# field KEY: the value of KEY= in $output (the first response block).
field() {
	printf '%s\n' "$output" | sed -n "s/^$1=//p" | head -n 1
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	"$SITE/mkcerts" "$DIR/certs"
	local d=$DIR/docroot
	mkdir -p "$d/default" "$d/lyncdiscover.contoso.test/oauth" "$d/lyncdiscover.nowt.test/oauth"
	local site=$d/lyncdiscover.contoso.test
	cat >"$site/index.xml" <<'XML'
<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse AccessLocation="Internal"><Root><Link token="User" href="https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.test"/></Root></AutodiscoverResponse>
XML
	touch "$site/oauth/user.401" "$d/lyncdiscover.nowt.test/oauth/user.401-nowt"
	cp "$site/index.xml" "$d/default/end.xml"
	touch "$d/default/hop.302" "$d/default/hop.next.302" "$d/default/loop.loop"
	cp "$site/index.xml" "$d/default/hop.next.next.xml"
	echo '{"AccessLocation":"Internal"}' >"$d/default/json.json"
	cp "$site/index.xml" "$d/default/textxml.textxml"
	touch "$d/default/basic.basic"
	{ cat "$site/index.xml"; head -c 300000 /dev/zero | tr '\0' x; } >"$d/default/big.xml"
	"$SITE/start-nginx" "$DIR/ng30" 127.0.0.30 80 443 "$DIR/certs/valid.pem" "$DIR/certs/valid-key.pem" "$d"
	"$SITE/start-nginx" "$DIR/ng33" 127.0.0.33 80 443 "$DIR/certs/wrongname.pem" "$DIR/certs/wrongname-key.pem" "$d"
	"$SITE/start-nginx" "$DIR/ng34" 127.0.0.34 80 443 "$DIR/certs/untrusted.pem" "$DIR/certs/untrusted-key.pem" "$d"
	start_silent "$DIR" 127.0.0.32 443
}

teardown_file() {
	"$SITE/stop-nginx" "$DIR/ng30"
	"$SITE/stop-nginx" "$DIR/ng33"
	"$SITE/stop-nginx" "$DIR/ng34"
	stop_silent "$DIR"
}

@test "SPEC 4.7: 200 with the autodiscover content type and the document as body" {
	run "$HTTP_GET" --pin 127.0.0.30 --body 'http://lyncdiscover.contoso.test/?sipuri=alice@contoso.test'
	assert_success
	assert_equal "$(field result)" ok
	assert_equal "$(field status)" 200
	assert_equal "$(field content_type)" "$AD_TYPE"
	assert_equal "$(field primary_ip)" 127.0.0.30
	assert_output --partial 'body=<?xml version="1.0" encoding="utf-8"?><AutodiscoverResponse'
	grep -q 'GET /?sipuri=alice@contoso.test ' "$DIR/ng30/access.log"
}

@test "SPEC 4.7: a pinned host is never resolved by curl" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://lyncdiscover.does-not-exist.invalid/end'
	assert_success
	assert_equal "$(field primary_ip)" 127.0.0.30
}

@test "SPEC 4.7: 404 for a name the site does not have" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root/none'
	assert_success
	assert_equal "$(field result)" ok
	assert_equal "$(field status)" 404
}

@test "SPEC 4.7: 401 on a User URL gives the schemes and X-MS-WebTicketURL" {
	run "$HTTP_GET" --pin 127.0.0.30 'https://lyncdiscover.contoso.test/Autodiscover/AutodiscoverService.svc/root/oauth/user?originalDomain=contoso.test'
	assert_equal "$(field status)" 401
	assert_equal "$(field schemes)" Bearer,NTLM
	assert_equal "$(field webticket_url)" https://lyncdiscover.contoso.test/WebTicket/oauthtoken
}

@test "SPEC 4.7: 401 without X-MS-WebTicketURL, several schemes in one header" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://lyncdiscover.nowt.test/Autodiscover/AutodiscoverService.svc/root/oauth/user'
	assert_equal "$(field status)" 401
	assert_equal "$(field schemes)" NTLM,Negotiate
	assert_equal "$(field webticket_url)" ""
}

@test "SPEC 4.7: Basic over http is visible as a scheme" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://a.test/basic'
	assert_equal "$(field status)" 401
	assert_equal "$(field schemes)" Basic
}

@test "SPEC 4.7 (sipe): a 3xx is the answer when redirects are not followed" {
	run "$HTTP_GET" --pin 127.0.0.30 --max-redirects 0 'http://a.test/hop'
	assert_equal "$(field result)" ok
	assert_equal "$(field status)" 302
	assert_equal "$(field location)" http://a.test/Autodiscover/AutodiscoverService.svc/root/hop.next
	assert_equal "$(field hops)" 0
}

@test "SPEC 4.7 (lync2013): redirects are followed up to the maximum and the chain is kept" {
	run "$HTTP_GET" --pin 127.0.0.30 --max-redirects 5 'http://a.test/hop'
	assert_equal "$(field result)" ok
	assert_equal "$(field status)" 200
	assert_equal "$(field hops)" 2
	assert_equal "$(field hop0)" '302 http://a.test/Autodiscover/AutodiscoverService.svc/root/hop.next'
	assert_equal "$(field hop1)" '302 http://a.test/Autodiscover/AutodiscoverService.svc/root/hop.next.next'
	run "$HTTP_GET" --pin 127.0.0.30 --max-redirects 1 'http://a.test/hop'
	assert_equal "$(field result)" too-many-redirects
	run "$HTTP_GET" --pin 127.0.0.30 --max-redirects 5 'http://a.test/loop'
	assert_equal "$(field result)" too-many-redirects
	assert_equal "$(field hops)" 5
}

@test "SPEC 4.7: JSON and text/xml answers carry their own content type" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://a.test/json' 'http://a.test/textxml'
	assert_success
	assert_equal "$(field content_type)" application/json
	assert_output --partial 'content_type=text/xml'
}

@test "SPEC 4.7: a refused connection is refused, not a timeout" {
	run "$HTTP_GET" --pin 127.0.0.31 --timeout 3000 'https://lyncdiscover.contoso.test/'
	assert_failure 1
	assert_equal "$(field result)" refused
	assert_equal "$(field status)" 0
}

@test "SPEC 4.7: a server that never answers times out at the deadline, requests run together" {
	local start end
	start=$(date +%s%N)
	run "$HTTP_GET" --pin 127.0.0.32 --timeout 1000 'https://a.test/' 'https://b.test/' 'https://c.test/'
	end=$(date +%s%N)
	assert_failure 1
	[ "$(printf '%s\n' "$output" | grep -c '^result=timeout$')" = 3 ]
	# Three 1 s deadlines at once: well under the 3 s they would take one after the other.
	[ $(((end - start) / 1000000)) -lt $((2000 + SLACK)) ]
}

@test "SPEC 4.7: https with the test CA: the verify callback sees the session and accepts" {
	run "$HTTP_GET" --pin 127.0.0.30 --ca "$DIR/certs/ca.pem" 'https://pool.contoso.test/end'
	assert_success
	assert_equal "$(field tls)" 1
	assert_equal "$(field verify)" ok
	assert_equal "$(field status)" 200
}

@test "SPEC 4.7: a certificate without the name is refused by the callback, no request sent" {
	run "$HTTP_GET" --pin 127.0.0.33 --ca "$DIR/certs/ca.pem" 'https://lyncdiscover.contoso.test/end'
	assert_failure 1
	assert_equal "$(field result)" tls-refused
	assert_equal "$(field status)" 0
	assert_output --partial 'does not match'
	run grep -c 'GET /end' "$DIR/ng33/access.log"
	assert_output 0
}

@test "SPEC 4.7: a certificate from an untrusted issuer is refused by the callback" {
	run "$HTTP_GET" --pin 127.0.0.34 --ca "$DIR/certs/ca.pem" 'https://pool.contoso.test/end'
	assert_equal "$(field result)" tls-refused
	assert_output --partial 'NOT trusted'
}

@test "SPEC 4.7: a failed TLS handshake is a tls-error, before any callback" {
	run "$HTTP_GET" --pin 127.0.0.30 --ca "$DIR/certs/ca.pem" 'https://pool.contoso.test:80/end'
	assert_failure 1
	assert_equal "$(field result)" tls-error
	assert_equal "$(field verify)" not-called
}

@test "SPEC 4.7: a plain-http URL never calls the verify callback" {
	run "$HTTP_GET" --pin 127.0.0.34 --ca "$DIR/certs/ca.pem" 'http://pool.contoso.test/end'
	assert_success
	assert_equal "$(field verify)" not-called
}

@test "SPEC 4.7: a chunked body is read whole" {
	run curl -sS -D - -o /dev/null --resolve a.test:80:127.0.0.30 http://a.test/chunked/end
	assert_output --partial 'Transfer-Encoding: chunked'
	run "$HTTP_GET" --pin 127.0.0.30 --body 'http://a.test/chunked/end'
	assert_success
	assert_equal "$(field body_len)" "$(stat -c %s "$DIR/docroot/default/end.xml")"
}

@test "SPEC 4.7: a body over the cap is refused, with or without a length" {
	run "$HTTP_GET" --pin 127.0.0.30 'http://a.test/big'
	assert_equal "$(field result)" too-large
	assert_equal "$(field status)" 200
	run "$HTTP_GET" --pin 127.0.0.30 --max-body 100 'http://a.test/chunked/end'
	assert_equal "$(field result)" too-large
}
