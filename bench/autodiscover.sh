# bench/autodiscover.sh — the autodiscover section of bench/run (sourced by it; SPEC §4.7,
# issue 13's "Speed"): the lync2013 profile's stage 0 against a web server that takes
# AD_HTTP_MS per HTTP exchange, on one address and on a batch.
#
# The web site, on 127.0.0.70-72 (reserved for the benchmark):
#   127.0.0.70:80/443  nginx as the reverse proxy (TLS, a certificate naming *.<domain> for
#                      every bench domain below), proxy_pass to
#   127.0.0.72:8080    delayproxy -t: every answer of the web service AD_HTTP_MS late, to
#   127.0.0.71:8080    nginx (tests/site/start-nginx) serving the documents by Host.
# So every HTTP exchange, http or https, costs AD_HTTP_MS plus the loopback's own time: the
# delay sits where a real web service spends its time, behind the proxy's TLS.
# The domains (lyncdiscoverinternal.X and lyncdiscover.X both at 127.0.0.70):
#   aN.bench.test  Root -> User link -> User document naming aN.bench.test:5061 (Kamailio)
#   uN.bench.test  Root -> User link -> 401 with X-MS-WebTicketURL; SRV to uN.bench.test:5061
#   wN.bench.test  Root -> User link to webint.wN / webext.wN (another host, resolved when the
#                  link is seen) -> User document: the link level pays a DNS round trip too
# Every domain also has _sipinternaltls._tcp.X -> X:5061, so DNS discovery works after it.
# Uses bench/run's dir, site, sip_addr, PROXY, REPEAT, pids, sd, median, ratio, verdict.
# shellcheck shell=bash disable=SC2154 # those come from bench/run

AD_HTTP_MS=50
AD_FRONT=127.0.0.70 AD_BACK=127.0.0.71 AD_DELAY=127.0.0.72 AD_PORT=8080
# ad_count KIND: how many domains of that kind (a, u, w)
ad_count() { case $1 in a) echo 100 ;; *) echo 10 ;; esac; }
AD_LINK_PATH=/Autodiscover/AutodiscoverService.svc/root

# ad_zone: the dnsmasq lines of the autodiscover domains (appended to bench-zone.conf).
ad_zone() {
	local k n i h
	for k in a u w; do
		n=$(ad_count "$k")
		for i in $(seq "$n"); do
			echo "srv-host=_sipinternaltls._tcp.$k$i.bench.test,$k$i.bench.test,5061,0,100"
			echo "host-record=$k$i.bench.test,$sip_addr"
			for h in lyncdiscoverinternal lyncdiscover; do echo "host-record=$h.$k$i.bench.test,$AD_FRONT"; done
			if [ "$k" = w ]; then for h in webint webext; do echo "host-record=$h.$k$i.bench.test,$AD_FRONT"; done; fi
		done
	done
}

# ad_docs DOCROOT: the documents, one directory per Host (tests/site/start-nginx's layout).
ad_docs() {
	local d=$1 k n i h s link x='<?xml version="1.0" encoding="utf-8"?>'
	for k in a u w; do
		n=$(ad_count "$k")
		for i in $(seq "$n"); do
			for h in lyncdiscoverinternal lyncdiscover webint webext; do
				s=$d/$h.$k$i.bench.test
				mkdir -p "$s/oauth" || return 1
				case $k:$h in
				w:lyncdiscoverinternal) link=https://webint.w$i.bench.test$AD_LINK_PATH/user ;;
				w:lyncdiscover) link=https://webext.w$i.bench.test$AD_LINK_PATH/user ;;
				u:*) link=https://$h.u$i.bench.test$AD_LINK_PATH/oauth/user ;;
				*) link=https://$h.$k$i.bench.test$AD_LINK_PATH/user ;;
				esac
				printf '%s<AutodiscoverResponse AccessLocation="Internal"><Root><Link token="User" href="%s"/></Root></AutodiscoverResponse>\n' \
					"$x" "$link" >"$s/index.xml"
				printf '%s<AutodiscoverResponse AccessLocation="Internal"><User><SipClientInternalAccess fqdn="%s" port="5061"/><SipClientExternalAccess fqdn="%s" port="5061"/></User></AutodiscoverResponse>\n' \
					"$x" "$k$i.bench.test" "$k$i.bench.test" >"$s/user.xml"
				if [ "$k" = u ]; then touch "$s/oauth/user.401" || return 1; fi
			done
		done
	done
}

# ad_front_conf CERT KEY: the reverse proxy's nginx configuration.
ad_front_conf() {
	local f=$dir/ng-front
	cat <<CONF
$([ "$(id -u)" = 0 ] && echo "user root;")
worker_processes 2;
worker_rlimit_nofile 8192;
pid $f/nginx.pid;
error_log $f/error.log warn;
daemon on;
events { worker_connections 4096; }
http {
    access_log off;
    client_body_temp_path $f/tmp/body;
    proxy_temp_path $f/tmp/proxy;
    fastcgi_temp_path $f/tmp/fastcgi;
    uwsgi_temp_path $f/tmp/uwsgi;
    scgi_temp_path $f/tmp/scgi;
    server {
        listen $AD_FRONT:80;
        listen $AD_FRONT:443 ssl;
        server_name _;
        ssl_certificate $1;
        ssl_certificate_key $2;
        location / {
            proxy_pass http://$AD_DELAY:$AD_PORT;
            proxy_set_header Host \$host;
        }
    }
}
CONF
}

# ad_setup: the certificate, both nginx and the delaying proxy; 1 when something failed.
ad_setup() {
	local names="" k n i p
	for k in a u w; do
		n=$(ad_count "$k")
		for i in $(seq "$n"); do names="$names *.$k$i.bench.test"; done
	done
	# mkcert-names splits the names unquoted: no file in pki/ matches "*.aN.bench.test"
	(cd "$dir/pki" && "$site/mkcert-names" "$dir/pki" adfront ca "${names# }") || return 1
	ad_docs "$dir/addocs" || return 1
	mkdir -p "$dir/ng-back"
	"$site/start-nginx" "$dir/ng-back" "$AD_BACK" "$AD_PORT" 8443 "$dir/pki/adfront.pem" \
		"$dir/pki/adfront-key.pem" "$dir/addocs" >/dev/null || return 1
	"$PROXY" -t -l "$AD_DELAY" -u "$AD_BACK" "$AD_PORT" "$AD_PORT" "$AD_HTTP_MS" >"$dir/addelay.out" 2>&1 &
	p=$!
	pids+=("$p")
	for _ in $(seq 100); do
		grep -q ready "$dir/addelay.out" 2>/dev/null && break
		kill -0 "$p" 2>/dev/null || return 1
		sleep 0.02
	done
	mkdir -p "$dir/ng-front/tmp" || return 1
	ad_front_conf "$dir/pki/adfront.pem" "$dir/pki/adfront-key.pem" >"$dir/ng-front/nginx.conf" || return 1
	nginx -p "$dir/ng-front" -c "$dir/ng-front/nginx.conf" -e "$dir/ng-front/error.log" 2>"$dir/ng-front/start.err" ||
		return 1
	for _ in $(seq 50); do
		ss -Hltn "src $AD_FRONT:443" | grep -q . && return 0
		sleep 0.1
	done
	return 1
}

ad_cleanup() {
	"$site/stop-nginx" "$dir/ng-front" 2>/dev/null
	"$site/stop-nginx" "$dir/ng-back" 2>/dev/null
}

# ad_figures FILE: one line of the run's figures (one JSON object per address):
#   stage-1 DNS ms (slowest query of stage 1, all sent together), autodiscover_ms,
#   link levels of the winning URL, the client's sequential autodiscover ms (its names'
#   queries one after the other + the needed URLs' exchanges), client_estimate_ms, total_ms
ad_figures() {
	# levels: the winning entry and the hops before it back to its first URL (each hop is an
	# entry with from); a build whose entries fold their links in counts its followed links
	jq -r 'def chain($a; $i): if $a[$i].via == null then 1 else 1 + chain($a; $a[$i].from) end;
		[([.queries[] | select(.stage == 1) | .ms] | max // 0), .autodiscover_ms,
		(.autodiscover as $a | [range(0; $a | length) | select($a[.].winner)
			| ([chain($a; .), ([$a[.].links[] | select(.followed)] | length) + 1] | max)] | max // 0),
		(([.queries[] | select(.role == "autodiscover") | .ms] | add // 0)
		 + ([.autodiscover[] | select(.needed) | .ms] | add // 0)),
		.client_estimate_ms, .total_ms] | @tsv' "$1"
}

# ad_row LABEL DNS_LATENCY ADDRESS DNS_PER_LEVEL: medians over REPEAT runs; the bound allows
# DNS_PER_LEVEL more DNS round trips per link level (a link to a host not yet resolved).
ad_row() {
	local lat=$2 f=$dir/ad.json i s1=() s0=() st=() lv=() ca=() ce=() tt=() a b c d e g
	for i in $(seq "$REPEAT"); do
		sd "$lat" "$f" --profile=lync2013 "$3" >/dev/null
		read -r a b c d e g < <(ad_figures "$f")
		s1+=("$a") s0+=("$b") st+=($((a + b))) lv+=("$c") ca+=("$d") ce+=("$e") tt+=("$g")
	done
	local m1 m0 mst mlv mca mce mtt bound lvl_ms
	m1=$(echo "${s1[*]}" | median) m0=$(echo "${s0[*]}" | median) mst=$(echo "${st[*]}" | median)
	mlv=$(echo "${lv[*]}" | median) mca=$(echo "${ca[*]}" | median) mce=$(echo "${ce[*]}" | median)
	mtt=$(echo "${tt[*]}" | median)
	lvl_ms=$((mlv * AD_HTTP_MS + (mlv - 1) * $4 * lat))
	bound=$(awk -v d="$lat" -v l="$lvl_ms" 'BEGIN { printf "%d", 1.3 * (d + l) }')
	printf '%-26s %3s %3s %9s %6s %5s %6s %5s %s %6s %5sx %6s %5sx %5sx\n' "$1" "$lat" "$mlv" \
		"$([ "$4" = 0 ] && echo "$mlv x $AD_HTTP_MS" || echo "$lvl_ms")" "$m1" "$m0" "$mst" "$bound" \
		"$([ "$mst" -le "$bound" ] && echo PASS || echo MISS)" "$mca" "$(ratio "$mca" "$mst")" "$mce" \
		"$(ratio "$mce" "$mst")" "$(ratio "$mce" "$mtt")"
	echo "$1|$lat|$mst|$bound|$mce|$mtt|$mca" >>"$dir/ad.rows"
}

# ad_batch N: N aN domains at 50 ms DNS, -j 64: wall, the slowest stage 0, the sequential
# client's time for the N domains (N x the one-address a1 estimate at 50 ms: the estimates of
# the -j 64 run itself are inflated by 64 checks competing for one CPU), good.
ad_batch() {
	local n=$1 f=$dir/adb$1.json w=() i one
	one=$(awk -F'|' '$1 ~ /^a1:/ && $2 == 50 { print $5 }' "$dir/ad.rows")
	seq "$n" | awk '{ print "sip:user" $1 "@a" $1 ".bench.test" }' >"$dir/adlist$n"
	for i in $(seq $((n <= 10 ? 3 : 1))); do
		w+=("$(sd 50 "$f" --profile=lync2013 -j 64 -f "$dir/adlist$n")")
	done
	local wall est ok s0
	wall=$(echo "${w[*]}" | median)
	est=$((n * ${one:-0}))
	s0=$(jq -s 'map(.autodiscover_ms) | max // 0' "$f")
	ok=$(jq -s 'map(select(.status == "ok" or .status == "warning")) | length' "$f")
	printf '%-6s %8s %14s %11s %10s %8s\n' "$n" "$wall" "$s0" "$est" "$(ratio "$est" "$wall")x" "$ok/$n"
	echo "$n $wall $est" >>"$dir/ad.batch"
}

# ad_section: sets out_e (the table) and adds the targets; nothing measured if the site failed.
# shellcheck disable=SC2034 # out_e is printed by bench/run
ad_section() {
	if ! ad_setup; then
		out_e="the autodiscover site did not start: $(cat "$dir/ng-front/start.err" "$dir/ng-back/error.log" 2>/dev/null | tail -n 3)"
		verdict 0 "(e) autodiscover: not measured (the web site did not start)"
		return
	fi
	ensure_kam
	: >"$dir/ad.rows"
	: >"$dir/ad.batch"
	out_e=$(
		printf '%-26s %3s %3s %9s %6s %5s %6s %5s %s %6s %6s %6s %6s %6s\n' "" "DNS" "" "HTTP" "DNS" "stage" "names" \
			"bound" "    " "client" "AD/" "client" "est/" "est/"
		printf '%-26s %3s %3s %9s %6s %5s %6s %5s %s %6s %6s %6s %6s %6s\n' "case (one address, lync2013)" "ms" "lvl" "ms" \
			"stage1" "0 ms" "+st.0" "ms" "    " "AD ms" "stage" "est ms" "stage" "total"
		for lat in 20 50; do
			ad_row "a1: Root->User->User doc" "$lat" sip:jeremy@a1.bench.test 0
			ad_row "u1: Root->User->401" "$lat" sip:jeremy@u1.bench.test 0
			ad_row "w1: User link to webint" "$lat" sip:jeremy@w1.bench.test 1
		done
		echo
		printf '%-6s %8s %14s %11s %10s %8s\n' "batch" "wall ms" "max stage 0 ms" "seq. client" "seq/wall" "good"
		for n in 10 100; do ad_batch "$n"; done
	)
	local label lat st bound est tt ca
	while IFS='|' read -r label lat st bound est tt ca; do
		verdict $((st <= bound)) "(e) $label, DNS $lat ms, HTTP $AD_HTTP_MS ms: names + stage 0 ${st} ms <= ${bound} ms"
		verdict "$(awk -v e="$est" -v t="$st" 'BEGIN { print (t > 0 && e >= 3 * t) }')" \
			"(e) $label, DNS $lat ms: client_estimate_ms ${est} ms >= 3 x names + stage 0 ${st} ms ($(ratio "$est" "$st")x)"
	done <"$dir/ad.rows"
	local n wall est
	while read -r n wall est; do
		verdict "$(awk -v e="$est" -v w="$wall" 'BEGIN { print (w > 0 && e >= 3 * w) }')" \
			"(e) batch of $n, -j 64: sequential client ${est} ms >= 3 x wall ${wall} ms ($(ratio "$est" "$wall")x)"
	done <"$dir/ad.batch"
}
