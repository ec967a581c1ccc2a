#!/usr/bin/env bats
# SPEC §4.1, §6, §8: the connection stage: TCP/TLS attempts, certificate validation,
# one REGISTER without credentials, and the verdict they lead to. Real servers on
# 127.0.0.20-29 (Kamailio, and a Perl listener for clear text on a TLS port);
# the DNS data is tests/e2e/data/probe.conf.
load common

# Where each server lives (see data/probe.conf for the names).
POOL2=127.0.0.20 # pool2.contoso.test: one Kamailio per REGISTER answer mode
CERTS=127.0.0.21 # sipexternal.contoso.test: one Kamailio per certificate defect
EDGE=127.0.0.22  # edge.contoso.test:443
WRONG=127.0.0.23 # pool.edge.contoso.test: certificate for another name
DEAD=127.0.0.25  # first address of sipinternal.contoso.test: nothing listens
ALIVE=127.0.0.24 # second address (lower, so DNS order is not sorted order)
TCPONLY=127.0.0.26
PLAIN=127.0.0.27
NOBODY=127.0.0.28

# start_peer NAME ADDR TLS_PORT TCP_PORT CERT MODE [FQDN [REDIRECT_HOST]]: runs
# start-kamailio in the background (they start in parallel), its directory
# $DIR/peer-NAME; wait_peers waits for all of them and fails if one failed.
STARTERS=()
start_peer() {
	local name=$1 addr=$2 tls=$3 tcp=$4 cert=$5 mode=$6
	shift 6
	"$SITE/start-kamailio" "$DIR/peer-$name" "$addr" "$tls" "$tcp" \
		"$DIR/certs/$cert.pem" "$DIR/certs/$cert-key.pem" "$mode" "$@" 3>&- &
	STARTERS+=($!)
}

wait_peers() {
	local pid failed=0
	for pid in "${STARTERS[@]}"; do
		wait "$pid" || failed=1
	done
	return "$failed"
}

# A listener that answers every connection with a clear-text SIP status line.
start_plain() {
	perl -MIO::Socket::INET -e '
		my ($addr, $port, $pidf) = @ARGV;
		my $s = IO::Socket::INET->new(LocalAddr => $addr, LocalPort => $port,
			Listen => 8, ReuseAddr => 1) or die "plain: $addr:$port: $!\n";
		open(my $f, ">", $pidf) or die "plain: $pidf: $!\n";
		print $f "$$\n";
		close $f;
		while (my $c = $s->accept) {
			$c->autoflush(1);
			print $c "SIP/2.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n";
			sysread($c, my $buf, 4096);
			close $c;
		}' "$PLAIN" 5061 "$DIR/plain.pid" </dev/null >/dev/null 2>"$DIR/plain.err" 3>&- &
	for _ in $(seq 50); do
		[ -s "$DIR/plain.pid" ] && return 0
		sleep 0.1
	done
	cat "$DIR/plain.err" >&2
	return 1
}

setup_file() {
	export DIR=$BATS_FILE_TMPDIR
	if [ "$(id -u)" -ne 0 ] &&
		[ "$(cat /proc/sys/net/ipv4/ip_unprivileged_port_start 2>/dev/null || echo 1024)" -gt 443 ]; then
		skip "needs root (or ip_unprivileged_port_start <= 443): the Access Edge listens on port 443"
	fi
	"$SITE/mkcerts" "$DIR/certs"
	export CA="--cafile=$DIR/certs/ca.pem"
	start_dnsmasq "$DIR" "$BATS_TEST_DIRNAME/data/probe.conf"
	export DNS_PORT
	start_plain

	start_peer lync "$POOL2" 5061 5060 valid lync pool2.contoso.test
	start_peer ocs "$POOL2" 5062 0 valid ocs pool2.contoso.test
	start_peer digest "$POOL2" 5063 0 valid digest pool2.contoso.test
	start_peer redirect "$POOL2" 5064 0 valid redirect pool2.contoso.test pool.contoso.test
	start_peer redirect-out "$POOL2" 5065 0 valid redirect pool2.contoso.test pool.contoso.net
	start_peer silent "$POOL2" 5066 0 valid silent pool2.contoso.test
	# SPEC 6: a director redirecting to a home pool that works (the lync peer on 5061), and to one that does not resolve.
	start_peer redirect-home "$POOL2" 5067 0 valid redirect pool2.contoso.test pool2.contoso.test
	start_peer redirect-gone "$POOL2" 5068 0 valid redirect pool2.contoso.test gone.contoso.test
	start_peer redirect-ip "$POOL2" 5069 0 valid redirect pool2.contoso.test "$POOL2"
	start_peer untrusted "$CERTS" 5061 0 untrusted lync sipexternal.contoso.test
	start_peer expired "$CERTS" 5062 0 expired lync sipexternal.contoso.test
	start_peer notyet "$CERTS" 5063 0 notyet lync sipexternal.contoso.test
	start_peer expiring20 "$CERTS" 5064 0 expiring20 lync sipexternal.contoso.test
	start_peer expiring5 "$CERTS" 5065 0 expiring5 lync sipexternal.contoso.test
	start_peer edge "$EDGE" 443 0 valid lync edge.contoso.test
	start_peer wrongname "$WRONG" 5061 0 wrongname lync pool.edge.contoso.test
	start_peer alive "$ALIVE" 5061 0 valid lync sipinternal.contoso.test
	start_peer tcponly "$TCPONLY" 0 5060 valid lync sip.tcponly.probe.test
	wait_peers
}

teardown_file() {
	local d
	for d in "$BATS_FILE_TMPDIR"/peer-*/; do
		"$SITE/stop-kamailio" "$d" || true
	done
	if [ -s "$BATS_FILE_TMPDIR/plain.pid" ]; then
		kill "$(cat "$BATS_FILE_TMPDIR/plain.pid")" 2>/dev/null || true
	fi
	stop_dnsmasq "$BATS_FILE_TMPDIR"
}

# REGISTER requests a peer has logged so far.
registers() {
	grep -c 'sipdiscover-peer: REGISTER' "$DIR/peer-$1/kamailio.log" || true
}

# host:port/transport:outcome of each attempt, in order.
attempts() {
	json '[.attempts[] | "\(.host):\(.port)/\(.transport):\(.outcome)"] | join(" ")'
}

# One line per hint, for grep.
hints() {
	json '.hints[].text'
}

# sd, and the wall-clock time it took in ms in $elapsed.
sd_timed() {
	local t0
	t0=$(date +%s%N)
	sd "$@"
	elapsed=$((($(date +%s%N) - t0) / 1000000))
}

# --- SPEC 6: a successful attempt and the unauthenticated REGISTER ---

@test "SPEC 6: a valid certificate and a Lync front end: ok, 401 offering NTLM, Kerberos and TLS-DSK" {
	sd --json "$CA" jeremy@pool2.contoso.test
	assert_success
	[ "$(json .status)" = ok ]
	[ "$(json '.server | "\(.host) \(.port) \(.transport) \(.address) \(.origin)"')" = "pool2.contoso.test 5061 tls $POOL2 srv" ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json '.attempts[0].tls | "\(.chain_ok) \(.name_ok) \(.dates_ok)"')" = "true true true" ]
	days=$(json '.attempts[0].tls.days_to_expiry')
	[ "$days" -ge 364 ]
	[ "$days" -le 365 ]
	[ "$(json '.attempts[0].sip.status_code')" = 401 ]
	[ "$(json '[.attempts[0].sip.challenges[].protocol] | join(" ")')" = "NTLM Kerberos TLS-DSK" ]
	[ "$(json '[.attempts[0].sip.challenges[].realm] | unique | join(",")')" = "SIP Communications Service" ]
	[ "$(json '[.attempts[0].sip.challenges[].header] | unique | join(",")')" = WWW-Authenticate ]
	[ "$(json '.attempts[0].sip.challenges[] | select(.protocol == "Kerberos") | .targetname')" = sip/pool2.contoso.test ]
	[ "$(json '.attempts[0].sip.server')" = RTC/5.0 ]
}

@test "SPEC 6: the trace shows REGISTER (no credentials) -> 401 and what the server offers" {
	sd "$CA" jeremy@pool2.contoso.test
	assert_success
	assert_output --partial 'REGISTER (no credentials) -> 401'
	assert_output --regexp 'offers NTLM +realm "SIP Communications Service"'
	assert_output --regexp 'offers Kerberos +realm "SIP Communications Service" targetname "sip/pool2.contoso.test"'
	assert_output --partial 'offers TLS-DSK'
}

@test "SPEC 6: the TLS handshake carries SNI = the candidate host" {
	sd --json "$CA" jeremy@pool2.contoso.test
	assert_success
	run tail -n 1 <(grep 'sipdiscover-peer: REGISTER' "$DIR/peer-lync/kamailio.log")
	assert_output --partial "from tls:"
	assert_output --partial "sni=pool2.contoso.test "
}

@test "SPEC 6: the client stops at the first success: later candidates are not contacted" {
	before=$(grep -c 'from tcp:' "$DIR/peer-lync/kamailio.log" || true)
	sd --json "$CA" jeremy@pool2.contoso.test
	assert_success
	[ "$(json '.candidates | length')" = 3 ]
	[ "$(attempts)" = "pool2.contoso.test:5061/tls:ok" ]
	[ "$(grep -c 'from tcp:' "$DIR/peer-lync/kamailio.log" || true)" = "$before" ]
	sd "$CA" jeremy@pool2.contoso.test
	assert_output --partial 'the client stops at the first success'
}

@test "SPEC 6: an OCS front end answers 407 with Proxy-Authenticate NTLM and Kerberos" {
	sd --json "$CA" --internal-server=pool2.contoso.test:5062 jeremy@contoso.test
	assert_success
	[ "$(json '.attempts[0].sip.status_code')" = 407 ]
	[ "$(json '[.attempts[0].sip.challenges[].protocol] | join(" ")')" = "NTLM Kerberos" ]
	[ "$(json '[.attempts[0].sip.challenges[].header] | unique | join(",")')" = Proxy-Authenticate ]
	[ "$(json '[.attempts[0].sip.challenges[].realm] | unique | join(",")')" = "SIP Communications Service" ]
	[ "$(json '.attempts[0].sip.server')" = RTC/3.5 ]
}

@test "SPEC 6: a registrar's Digest challenge is reported with its realm" {
	sd --json "$CA" --internal-server=pool2.contoso.test:5063 jeremy@contoso.test
	assert_success
	[ "$(json '.attempts[0].sip.status_code')" = 401 ]
	[ "$(json '[.attempts[0].sip.challenges[].protocol] | join(" ")')" = Digest ]
	[ "$(json '.attempts[0].sip.challenges[0].realm')" = contoso.test ]
	[ "$(json '.attempts[0].sip.challenges[0].header')" = WWW-Authenticate ]
}

@test "SPEC 6: a 301 redirect reports its Contact and a hint naming the home pool" {
	sd --json "$CA" --internal-server=pool2.contoso.test:5067 jeremy@contoso.test
	assert_success
	[ "$(json .status)" = ok ]
	[ "$(json '.attempts[0].sip.status_code')" = 301 ]
	[[ "$(json '.attempts[0].sip.contact')" == *"sip:pool2.contoso.test:5061;transport=tls"* ]]
	hints | grep -q 'redirects to .*pool2.contoso.test.*home pool'
	run ! grep -q 'naming rule' <<<"$(hints)"
}

@test "SPEC 6: a 301 to a home pool that resolves and works is followed: OK, the hop shown in the trace and JSON" {
	before=$(registers lync)
	sd --json "$CA" --internal-server=pool2.contoso.test:5067 jeremy@contoso.test
	assert_success
	[ "$(json .status)" = ok ]
	[ "$(json '.redirects | length')" = 1 ]
	[ "$(json '.redirects[0] | "\(.code) \(.host):\(.port)/\(.transport) \(.address) \(.outcome) \(.dns)"')" = \
		"301 pool2.contoso.test:5061/tls $POOL2 ok answer" ]
	[ "$(json '.redirects[0].tls.name_ok')" = true ]
	[ "$(json '.redirects[0].sip.status_code')" = 401 ]
	[[ "$(json .reason)" == *"REGISTER answered 301"*"to pool2.contoso.test:5061 ($POOL2), which answered 401 Unauthorized"* ]]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	# The home pool got the same REGISTER.
	[ "$(registers lync)" -gt "$before" ]
	sd "$CA" --internal-server=pool2.contoso.test:5067 jeremy@contoso.test
	assert_output --partial "redirect 1: 301 to pool2.contoso.test:5061 tls $POOL2  ok"
}

@test "SPEC 6: a 301 to a home pool that does not resolve is CRITICAL, naming the pool (it used to be OK)" {
	sd --json "$CA" --internal-server=pool2.contoso.test:5068 jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json .status)" = critical ]
	[ "$(json '.redirects[0] | "\(.host) \(.outcome) \(.dns)"')" = "gone.contoso.test does-not-resolve nxdomain" ]
	[[ "$(json .reason)" == *"redirects the REGISTER (301) to the home pool gone.contoso.test:5061, which does not resolve (nxdomain)"* ]]
	hints | grep -q 'home pool gone.contoso.test, which does not resolve (nxdomain from 127.0.0.1#'
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	sd -q "$CA" --internal-server=pool2.contoso.test:5068 jeremy@contoso.test
	assert_output --partial 'CRITICAL: the client would not sign in:'
	# The home pool was looked up through the tool's DNS server.
	grep -q 'query\[A\] gone.contoso.test' "$DIR/dnsmasq.log"
}

@test "SPEC 6: a 301 to a home pool that refuses connections is CRITICAL; one to its address validates against that address" {
	# pool.contoso.test resolves (127.0.0.2), but nothing listens there.
	sd --json "$CA" --internal-server=pool2.contoso.test:5064 jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.redirects[0] | "\(.host) \(.outcome)"')" = "pool.contoso.test refused" ]
	hints | grep -q 'home pool pool.contoso.test:5061 (127.0.0.2).*refuses connections'
	# A Contact naming an address: the certificate (for pool2.contoso.test) does not name it.
	sd --json "$CA" --internal-server=pool2.contoso.test:5069 jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.redirects[0] | "\(.host) \(.outcome) \(.tls.name_ok)"')" = "$POOL2 certificate-invalid false" ]
}

@test "SPEC 6: a redirect to a pool outside the sign-in domain fails the naming rule, and its failure is the client's" {
	sd --json "$CA" --internal-server=pool2.contoso.test:5065 jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json .status)" = critical ]
	[ "$(json '.attempts[0].sip.status_code')" = 301 ]
	[[ "$(json '.attempts[0].sip.contact')" == *"pool.contoso.net"* ]]
	hints | grep -q 'pool.contoso.net fails the naming rule'
	[ "$(json '.redirects[0].host')" = pool.contoso.net ]
}

@test "SPEC 3: --tls-name validates against the pool's name while connecting to the front end's address" {
	# The certificate names pool2.contoso.test (and 127.0.0.1), not $POOL2.
	sd --json "$CA" --internal-server="$POOL2:5061" --tls-name=Pool2.Contoso.Test jeremy@contoso.test
	assert_success
	[ "$(json '.attempts[0] | "\(.host) \(.address) \(.outcome) \(.tls.name_ok)"')" = "$POOL2 $POOL2 ok true" ]
	[ "$(json .policy.tls_name)" = pool2.contoso.test ]
	[ "$(json '.attempts[0].sip.status_code')" = 401 ]
	grep -q "sni=pool2.contoso.test" "$DIR/peer-lync/kamailio.log"
	sd "$CA" --internal-server="$POOL2:5061" --tls-name=pool2.contoso.test jeremy@contoso.test
	assert_output --partial 'TLS name pool2.contoso.test for the manual servers (--tls-name)'
	# Without it the address is the name checked, and the certificate does not hold it.
	sd --json "$CA" --internal-server="$POOL2:5061" --no-tcp jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0] | "\(.outcome) \(.tls.name_ok)"')" = "certificate-invalid false" ]
	# A name the certificate does not hold: the hint names it, not the address.
	sd --json "$CA" --internal-server="$POOL2:5061" --no-tcp --tls-name=other.contoso.test jeremy@contoso.test
	[ "$status" -eq 2 ]
	hints | grep -q "does not name other.contoso.test"
	# Without a manual server it is a usage error.
	sd_split --tls-name=pool2.contoso.test jeremy@contoso.test
	[ "$status" -eq 3 ]
	[[ $stderr == *"--tls-name needs --internal-server or --external-server"* ]]
}

@test "SPEC 6: no credentials are ever sent: one REGISTER, without Authorization" {
	before=$(registers ocs)
	sd -v "$CA" --internal-server=pool2.contoso.test:5062 jeremy@contoso.test
	assert_success
	assert_output --partial 'REGISTER sip:'
	assert_output --partial 'CSeq: 1 REGISTER'
	assert_output --partial '407 Proxy Authentication Required'
	refute_output --partial 'Authorization'
	# The 407 is not answered with a second, authenticated REGISTER.
	[ "$(registers ocs)" -eq $((before + 1)) ]
	before=$(registers lync)
	sd -v "$CA" jeremy@pool2.contoso.test
	assert_success
	refute_output --partial 'Authorization'
	[ "$(registers lync)" -eq $((before + 1)) ]
}

@test "SPEC 6: --no-register connects and validates but sends no REGISTER: sip is null" {
	before=$(registers lync)
	sd --json "$CA" --no-register jeremy@pool2.contoso.test
	assert_success
	[ "$(json .status)" = ok ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json '.attempts[0].tls.chain_ok')" = true ]
	[ "$(json '.attempts[0].sip')" = null ]
	[ "$(registers lync)" -eq "$before" ]
}

# --- SPEC 6, 8: certificate validation ---

@test "SPEC 8: a certificate for another name fails the attempt; the hint lists the names it has" {
	sd --json "$CA" jeremy@edge.contoso.test
	[ "$(json '.attempts[0].host')" = pool.edge.contoso.test ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json '.attempts[0].tls | "\(.chain_ok) \(.name_ok) \(.dates_ok)"')" = "true false true" ]
	[ "$(json '.attempts[0].tls.sans | join(" ")')" = other.example.test ]
	[ "$(json '.attempts[0].tls.days_to_expiry | type')" = number ]
	[ "$(json '.attempts[0].tls.subject')" = CN=other.example.test ]
	hints | grep -q 'does not name pool.edge.contoso.test (it names: other.example.test)'
	sd "$CA" jeremy@edge.contoso.test
	assert_output --partial 'certificate: subject CN=other.example.test'
	assert_output --partial 'chain trusted, name DOES NOT MATCH, dates valid'
}

@test "SPEC 8: after a failed certificate a later candidate that works is chosen, with a warning" {
	sd --json "$CA" jeremy@edge.contoso.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(attempts)" = "pool.edge.contoso.test:5061/tls:certificate-invalid edge.contoso.test:443/tls:ok" ]
	[ "$(json '.server | "\(.host) \(.port) \(.transport) \(.address)"')" = "edge.contoso.test 443 tls $EDGE" ]
	[[ "$(json .reason)" == *"after 1 failed attempt"* ]]
	[ "$(json '.attempts[1].sip.status_code')" = 401 ]
	run tail -n 1 <(grep 'sipdiscover-peer: REGISTER' "$DIR/peer-edge/kamailio.log")
	assert_output --partial "sni=edge.contoso.test "
}

@test "SPEC 7: the trace marks the first attempt and, separately, the server the client signs in to" {
	sd "$CA" jeremy@edge.contoso.test
	[ "$status" -eq 1 ]
	run grep -E -- '<- (first|the client)' <<<"$output"
	[ "${#lines[@]}" -eq 2 ]
	[[ "${lines[0]}" == *"pool.edge.contoso.test:5061 tls"*"<- first the client would try" ]]
	[[ "${lines[1]}" == *"edge.contoso.test:443 tls"*"<- the client signs in here" ]]
}

@test "SPEC 8: a certificate for another name with nothing else working is critical" {
	sd --json "$CA" --internal-server=pool.edge.contoso.test jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json .status)" = critical ]
	[ "$(json .server)" = null ]
	[ "$(attempts)" = "pool.edge.contoso.test:5061/tls:certificate-invalid pool.edge.contoso.test:5060/tcp:refused" ]
}

@test "SPEC 8: a certificate from an untrusted CA fails the chain check; the hint mentions --cafile" {
	sd --json "$CA" --internal-server=sipexternal.contoso.test:5061 --no-tcp jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json '.attempts[0].tls | "\(.chain_ok) \(.name_ok) \(.dates_ok)"')" = "false true true" ]
	[ "$(json '.attempts[0].tls.issuer')" = "CN=sipdiscover untrusted CA" ]
	[ "$(json '.attempts[0].tls.days_to_expiry | type')" = number ]
	hints | grep -q 'root this machine trusts nor to one in --cafile'
}

@test "SPEC 8: without --cafile the test CA is not trusted; with its CA as --cafile the certificate is" {
	sd --json --internal-server=pool2.contoso.test --no-tcp jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json '.attempts[0].tls.chain_ok')" = false ]
	hints | grep -q -- '--cafile'
	sd --json --cafile="$DIR/certs/evil-ca.pem" --internal-server=sipexternal.contoso.test:5061 jeremy@contoso.test
	assert_success
	[ "$(json '.attempts[0].tls.chain_ok')" = true ]
}

@test "SPEC 8: an expired certificate fails the dates check; the hint says when it expired" {
	sd --json "$CA" --internal-server=sipexternal.contoso.test:5062 --no-tcp jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json '.attempts[0].tls | "\(.chain_ok) \(.name_ok) \(.dates_ok)"')" = "true true false" ]
	[ "$(json '.attempts[0].tls.days_to_expiry')" -lt 0 ]
	[ "$(json '.attempts[0].tls.not_after')" = "$(($(date -u +%Y) - 1))-01-01T00:00:00Z" ]
	hints | grep -q "expired on $(($(date -u +%Y) - 1))-01-01"
}

@test "SPEC 8: a certificate not yet valid fails the dates check" {
	sd --json "$CA" --internal-server=sipexternal.contoso.test:5063 --no-tcp jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json '.attempts[0].outcome')" = certificate-invalid ]
	[ "$(json '.attempts[0].tls | "\(.chain_ok) \(.name_ok) \(.dates_ok)"')" = "true true false" ]
	[ "$(json '.attempts[0].tls.days_to_expiry')" -gt 365 ]
	hints | grep -q "not valid before $(($(date -u +%Y) + 5))-01-01"
}

@test "SPEC 8: a certificate expiring within --warning-days (default 30) is a warning" {
	sd --json "$CA" --internal-server=sipexternal.contoso.test:5064 jeremy@contoso.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	days=$(json '.attempts[0].tls.days_to_expiry')
	[ "$days" -ge 19 ]
	[ "$days" -le 20 ]
	[ "$(json .server.host)" = sipexternal.contoso.test ]
	hints | grep -q "expires in $days days"
}

@test "SPEC 8: a certificate expiring within --critical-days (default 7) is critical" {
	sd --json "$CA" --internal-server=sipexternal.contoso.test:5065 jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(json .status)" = critical ]
	days=$(json '.attempts[0].tls.days_to_expiry')
	[ "$days" -ge 4 ]
	[ "$days" -le 5 ]
	hints | grep -q "expires in $days days"
}

@test "SPEC 8: --warning-days and --critical-days move the expiry thresholds" {
	sd --json "$CA" --warning-days=10 --internal-server=sipexternal.contoso.test:5064 jeremy@contoso.test
	assert_success
	[ "$(json .status)" = ok ]
	[ "$(json '.attempts[0].tls.days_to_expiry')" -ge 19 ]
	sd --json "$CA" --critical-days=3 --internal-server=sipexternal.contoso.test:5065 jeremy@contoso.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
}

# --- SPEC 6, 8: connection failures ---

@test "SPEC 8: TLS refused while clear-text TCP works: warning, transport tcp, a hint to fix TLS" {
	sd --json "$CA" jeremy@tcponly.probe.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(attempts)" = "sip.tcponly.probe.test:5061/tls:refused sip.tcponly.probe.test:5060/tcp:ok" ]
	[ "$(json '.server | "\(.host) \(.port) \(.transport)"')" = "sip.tcponly.probe.test 5060 tcp" ]
	[ "$(json '.attempts[1].tls')" = null ]
	[ "$(json '.attempts[1].sip.status_code')" = 401 ]
	hints | grep -q 'TLS to sip.tcponly.probe.test:5061 fails (refused) while clear-text TCP to port 5060 works'
}

@test "SPEC 8: the same TCP-only site under --no-tcp is critical, with a hint naming the policy" {
	sd --json "$CA" --no-tcp jeremy@tcponly.probe.test
	[ "$status" -eq 2 ]
	[ "$(json .status)" = critical ]
	[ "$(attempts)" = "sip.tcponly.probe.test:5061/tls:refused" ]
	hints | grep -q -- '--no-tcp'
}

@test "SPEC 6: a port where nothing listens: outcome refused, with a hint" {
	sd --json "$CA" --internal-server="$NOBODY" jeremy@contoso.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "$NOBODY:5061/tls:refused $NOBODY:5060/tcp:refused" ]
	[ "$(json '.attempts[0].tls')" = null ]
	# one hint per fact (issue 22): both ports in one hint
	hints | grep -q "Connections to $NOBODY:5061 ($NOBODY) and $NOBODY:5060 ($NOBODY) are refused"
}

@test "SPEC 6: a port that accepts but never speaks TLS times out within --timeout, not a hang" {
	sd_timed --json "$CA" --timeout=1 jeremy@mute.probe.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "sip.mute.probe.test:5060/tls:timeout" ]
	ms=$(json '.attempts[0].ms')
	[ "$ms" -ge 900 ]
	[ "$ms" -le $((1500 + SLACK)) ]
	[ "$elapsed" -lt $((2500 + SLACK)) ]
}

# The TCP connection was made and only the TLS handshake timed out: the usual cause is a TLS
# record naming the clear-text SIP port (5060), so the hint must not say "cannot be reached".
@test "SPEC 6: a TLS handshake timeout after the TCP connection is not called unreachable" {
	sd --json "$CA" --timeout=1 jeremy@mute.probe.test
	[ "$(json '.attempts[0].outcome')" = timeout ]
	[ "$(json '.attempts[0].connect_ms')" -lt 500 ]
	h=$(hints)
	run ! grep -q 'cannot be reached' <<<"$h"
	grep -q 'TLS listener' <<<"$h"
}

@test "SPEC 6: clear text on the TLS port fails the handshake: tls-failed, check the TLS listener port" {
	sd --json "$CA" jeremy@plain.probe.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "sip.plain.probe.test:5061/tls:tls-failed" ]
	[ "$(json '.attempts[0].detail')" != "" ]
	# SPEC 6 (issue 20): "5061, not 5060" because what answered is not TLS
	hints | grep -q 'answers the TLS handshake with something that is not TLS'
	hints | grep -q 'not its clear-text one (5060)'
	hints | grep -q "TLS listener"
}

@test "SPEC 8: a server that never answers REGISTER: warning, no answer, bounded by --timeout" {
	sd_timed --json "$CA" --timeout=1 --internal-server=pool2.contoso.test:5066 jeremy@contoso.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json '.attempts[0].outcome')" = ok ]
	[ "$(json '.attempts[0].sip.sent')" = true ]
	[ "$(json '.attempts[0].sip.status_code')" = null ]
	[ -n "$(json '.attempts[0].sip.error')" ]
	ms=$(json '.attempts[0].sip.ms')
	[ "$ms" -ge 900 ]
	[ "$ms" -le $((1500 + SLACK)) ]
	[[ "$(json .reason)" == *"no SIP answer"* ]]
	hints | grep -q 'accepted the connection but gave no SIP answer'
	[ "$elapsed" -lt $((2500 + SLACK)) ]
}

# The error names the REGISTER and the whole --timeout, not what was left of it at the last read.
@test "SPEC 6: a server that never answers REGISTER: sip.error says no answer to REGISTER within --timeout" {
	sd --json "$CA" --timeout=1 --internal-server=pool2.contoso.test:5066 jeremy@contoso.test
	[[ "$(json '.attempts[0].sip.error')" == *"no answer"*"within 1000 ms"* ]]
}

# --- SPEC 4.1, 6: which attempts, in which order ---

@test "SPEC 4.1: a manual internal server: no SRV query; tried over TLS 5061, then TCP 5060" {
	sd --json "$CA" --internal-server=sip.tcponly.probe.test jeremy@tcponly.probe.test
	[ "$status" -eq 1 ]
	[ "$(json '[.queries[].type] | unique | join(" ")')" = "A AAAA" ]
	[ "$(attempts)" = "sip.tcponly.probe.test:5061/tls:refused sip.tcponly.probe.test:5060/tcp:ok" ]
	[ "$(json .server.origin)" = manual-internal ]
}

@test "SPEC 4.1: a manual external server is tried over TLS only, on port 443 by default" {
	sd --json "$CA" --internal-server=pool.edge.contoso.test --external-server=edge.contoso.test jeremy@contoso.test
	[ "$status" -eq 1 ]
	[ "$(attempts)" = "pool.edge.contoso.test:5061/tls:certificate-invalid pool.edge.contoso.test:5060/tcp:refused edge.contoso.test:443/tls:ok" ]
	[ "$(json '.server | "\(.host) \(.port) \(.transport) \(.origin)"')" = "edge.contoso.test 443 tls manual-external" ]
	# A host whose clear-text TCP works is still not tried over TCP as external.
	sd --json "$CA" --external-server=sip.tcponly.probe.test jeremy@tcponly.probe.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "sip.tcponly.probe.test:443/tls:refused" ]
}

@test "SPEC 6: each address of a candidate is tried in DNS order" {
	sd --json "$CA" jeremy@sipinternal.contoso.test
	[ "$status" -eq 1 ]
	[ "$(json .status)" = warning ]
	[ "$(json '.candidates | length')" = 1 ]
	[ "$(json '[.queries[0].additional[].address] | join(" ")')" = "$DEAD $ALIVE" ]
	[ "$(json '[.attempts[] | "\(.host):\(.port) \(.address) \(.outcome)"] | join(", ")')" = \
		"sipinternal.contoso.test:5061 $DEAD refused, sipinternal.contoso.test:5061 $ALIVE ok" ]
	[ "$(json .server.address)" = "$ALIVE" ]
}

@test "SPEC 7: client_estimate_ms is at least the sum of the attempts' ms" {
	sd --json "$CA" --timeout=1 jeremy@mute.probe.test
	sum=$(json '[.attempts[].ms] | add')
	[ "$sum" -ge 900 ]
	[ "$(json .client_estimate_ms)" -ge "$sum" ]
	sd --json "$CA" jeremy@edge.contoso.test
	[ "$(json .client_estimate_ms)" -ge "$(json '[.attempts[].ms] | add')" ]
}

# --- SPEC 4.3, 4.4: what the client does after its SRV targets fail ---

@test "SPEC 4.3: an SRV target that resolves but refuses: the fallback names are looked up and the hint says the client will not use them" {
	sd --json "$CA" jeremy@dead.probe.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "sip.dead.probe.test:5061/tls:refused" ]
	[ "$(json '[.queries[] | select(.name == "sipinternal.dead.probe.test")] | length')" -ge 1 ]
	hints | grep -q "sipinternal.dead.probe.test resolves ($NOBODY), but the client will not use it"
}

@test "SPEC 4.4: sipe's last attempt, the domain itself, fails as does-not-resolve; names only tried if they resolve are skipped" {
	sd --json "$CA" --profile=sipe jeremy@dead.probe.test
	[ "$status" -eq 2 ]
	[ "$(attempts)" = "sip.dead.probe.test:5061/tls:refused sipinternal.dead.probe.test:5061/tls:refused sip.dead.probe.test:443/tls:refused dead.probe.test:5061/tls:does-not-resolve" ]
	[ "$(json '[.candidates[] | select(.host == "sipexternal.dead.probe.test") | .state] | join(" ")')" = skipped-does-not-resolve ]
}

@test "SPEC 3: --deadline bounds the whole check: UNKNOWN naming the stage, what was done is reported" {
	sd_timed --json "$CA" --timeout=2 --deadline=1 jeremy@slow.probe.test
	[ "$status" -eq 3 ]
	[ "$elapsed" -lt 1500 ]
	[ "$(json .status)" = unknown ]
	[ "$(json .reason)" = "deadline of 1 s expired during the connection stage (attempt 1 of 2)" ]
	[ "$(json '.queries[0].result')" = answer ]
	[ "$(json '.candidates | length')" = 2 ]
	[ "$(attempts)" = "sip.slow.probe.test:5060/tls:timeout" ]
	run "$TOP/tests/tools/validate-json" "$TOP/man/sipdiscover.schema.json" <<<"$output"
	assert_success
	sd_timed --json "$CA" --timeout=2 jeremy@slow.probe.test
	[ "$status" -eq 2 ]
	[ "$elapsed" -ge 3500 ]
}

@test "SPEC 3: a --deadline that is not a positive number of seconds is a one-line usage error" {
	local bad
	for bad in 0 -1 x 1s ''; do
		sd_split --deadline="$bad" jeremy@contoso.test
		[ "$status" -eq 3 ]
		[ "${stderr%%$'\n'*}" = "sipdiscover: --deadline: \"$bad\" is not a number of seconds (0 < s <= 3600)" ]
	done
}

@test "SPEC 4.4: --profile=sipe probes Communicator's attempts too, and the comparison says what it would get" {
	sd --json "$CA" --profile=sipe jeremy@cmp.probe.test
	[ "$status" -eq 1 ]
	# SPEC 6: pidgin-sipe stops at the name-mismatch prompt of its first server; TCP only if the user rejects it
	[ "$(json .server.host)" = pool.edge.contoso.test ]
	[ "$(json .server.address)" = "$WRONG" ]
	[ "$(json .prompt.kind)" = certificate ]
	[ "$(attempts)" = "pool.edge.contoso.test:5061/tls:certificate-invalid sip.tcponly.probe.test:5060/tcp:ok" ]
	[ "$(json '.attempts[1].if_rejected')" = true ]
	[[ "$(json .profile_comparison)" == "pidgin-sipe would sign in to pool.edge.contoso.test:5061; Communicator would try sip.cmp.probe.test:5061 first and fail: certificate-invalid ("* ]]
	[[ "$(json .profile_comparison)" != *"not probed"* ]]
}
