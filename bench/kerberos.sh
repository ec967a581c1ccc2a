# bench/kerberos.sh — section (g) of make bench: what --kerberos (SPEC §9) adds. Sourced by
# bench/run, whose helpers (sd, sum, median, ratio, verdict, domains, ensure_kam) it uses.
# A real MIT KDC for CONTOSO.TEST (tests/site/start-kdc) on 127.0.0.73, behind delayproxy -t on
# 127.0.0.73:KRB_PROXY_PORT, which hands every KDC reply back KRB_KDC_MS late; the zone points
# _kerberos._tcp.CONTOSO.TEST at the proxy, so the DNS proxies delay the SRV answer as any other.
KRB_ADDR=127.0.0.73
KRB_KDC_MS=${BENCH_KDC_MS:-50}
KRB_PROXY_PORT=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))

# krb_zone: the KDC's records, written into the bench zone (before dnsmasq starts).
krb_zone() {
	echo "srv-host=_kerberos._tcp.CONTOSO.TEST,kdc.contoso.test,$KRB_PROXY_PORT,0,100"
	echo "host-record=kdc.contoso.test,$KRB_ADDR"
}

# krb_setup: the KDC with jeremy and sip/pool.contoso.test, and its delaying proxy; 1 on failure.
krb_setup() {
	local p k
	command -v krb5kdc >/dev/null || [ -x /usr/sbin/krb5kdc ] || return 1
	"$site/start-kdc" "$dir/kdc" CONTOSO.TEST "$KRB_ADDR" >"$dir/kdc.err" 2>&1 || return 1
	for k in "addprinc -randkey jeremy" "addprinc -randkey sip/pool.contoso.test"; do
		KRB5_CONFIG="$dir/kdc/krb5.conf" KRB5_KDC_PROFILE="$dir/kdc/kdc.conf" kadmin.local -r CONTOSO.TEST -q "$k" \
			>>"$dir/kdc.err" 2>&1 || return 1
	done
	"$PROXY" -t -l "$KRB_ADDR" -u "$KRB_ADDR" "$KRB_PROXY_PORT" "$(cat "$dir/kdc/port")" "$KRB_KDC_MS" \
		>"$dir/krbdelay.out" 2>&1 &
	p=$!
	pids+=("$p")
	for _ in $(seq 100); do
		grep -q ready "$dir/krbdelay.out" 2>/dev/null && return 0
		kill -0 "$p" 2>/dev/null || return 1
		sleep 0.02
	done
	return 1
}

krb_cleanup() {
	"$site/stop-kdc" "$dir/kdc" 2>/dev/null
}

# krb_row LABEL ARGS...: one address at 50 ms DNS, without and with --kerberos, medians of REPEAT.
krb_row() {
	local label=$1 f=$dir/f.json i a b t0=() t1=() d=() k=() ok=0 base with kms added bound
	shift
	for i in $(seq "$REPEAT"); do # pairs run back to back: added = the median of their differences
		sd 50 "$f" "$@" >/dev/null
		a=$(sum total_ms "$f")
		sd 50 "$f" --kerberos "$@" >/dev/null
		b=$(sum total_ms "$f")
		t0+=("$a") t1+=("$b") d+=("$((b - a))") k+=("$(jq -s 'map(.kerberos.ms) | add // 0' "$f")")
		ok=$((ok + $(jq -s '[.[].kerberos.principals[] | select(.outcome == "not-proven")] | length' "$f")))
	done
	base=$(echo "${t0[*]}" | median) with=$(echo "${t1[*]}" | median) kms=$(echo "${k[*]}" | median)
	added=$(echo "${d[*]}" | median) bound=$((KRB_KDC_MS * 13 / 10))
	printf '%-30s %4s %4s %9s %9s %7s %7s %6s %5s\n' "$label" 50 "$KRB_KDC_MS" "$base" "$with" "$added" "$kms" "$bound" \
		"$ok/$REPEAT"
	echo "$label|$added|$bound" >>"$dir/krb.rows"
	[ -z "${BENCH_KEEP:-}" ] || cp "$f" "$dir/f-last.json"
}

# krb_batch N: N bench.test domains, -j 64, with connection, without and with --kerberos (one KDC).
krb_batch() {
	local n=$1 f=$dir/fb.json w0 w1 np
	domains "$n" "$dir/list$n"
	ensure_kam
	w0=$(sd 50 "$f" -j 64 -f "$dir/list$n")
	w1=$(sd 50 "$f" --kerberos --krb-realm=CONTOSO.TEST -j 64 -f "$dir/list$n")
	np=$(jq -s '[.[].kerberos.principals[] | select(.proof == "as")] | length' "$f")
	printf '%-6s %14s %16s %8s %10s\n' "$n" "$w0" "$w1" "$((w1 - w0))" "$np/$n"
}

# krb_section: sets out_g and the targets; nothing measured when the KDC did not start.
# shellcheck disable=SC2034 # out_g is printed by bench/run
krb_section() {
	if ! krb_setup; then
		out_g="the KDC did not start (krb5-kdc, krb5-admin-server): $(tail -n 3 "$dir/kdc.err" 2>/dev/null)"
		verdict 0 "(g) --kerberos: not measured (the KDC did not start)"
		return
	fi
	export KRB5_CONFIG=/dev/null KRB5CCNAME="FILE:$dir/no-ticket" # KDCs from DNS; no TGT
	ensure_kam
	: >"$dir/krb.rows"
	out_g=$(
		printf '%-30s %4s %4s %9s %9s %7s %7s %6s %5s\n' "" "DNS" "KDC" "total ms" "total ms" "added" "krb" "bound" \
			"not-"
		printf '%-30s %4s %4s %9s %9s %7s %7s %6s %5s\n' "case (one address)" "ms" "ms" "without" "--kerberos" "ms" "ms" \
			"ms" "proven"
		krb_row "contoso.test" sip:jeremy@contoso.test
		echo
		printf '%-6s %14s %16s %8s %10s\n' "batch" "wall ms" "wall ms" "added" "KDC"
		printf '%-6s %14s %16s %8s %10s\n' "addrs" "without" "--kerberos" "ms" "answered"
		for n in 10 100; do krb_batch "$n"; done
	)
	local label added bound
	while IFS='|' read -r label added bound; do
		verdict $((added <= bound)) "(g) $label, DNS 50 ms, KDC $KRB_KDC_MS ms: --kerberos adds ${added} ms <= ${bound} ms (1.3 x one KDC round trip)"
	done <"$dir/krb.rows"
}
