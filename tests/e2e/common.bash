# Shared by the end-to-end tests: real servers on loopback, started per file.
# shellcheck shell=bash
bats_require_minimum_version 1.5.0
load '/usr/lib/bats/bats-support/load'
load '/usr/lib/bats/bats-assert/load'

TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
SITE=$TOP/tests/site
SD=${SIPDISCOVER:-$TOP/sipdiscover}

# SPEC §7: the trace wraps to the terminal's width, 80 on a pipe; the suites read whole lines,
# so they ask for a width no line reaches (spec7_wrap.bats tests the wrapping itself).
export COLUMNS=1000

# Time bounds prove "no hang", not speed: make valgrind widens them by this much.
SLACK=${TIME_SLACK_MS:-0}

# A port in the dynamic range; the starters retry when it turns out to be taken.
random_port() {
	echo $((20000 + (RANDOM * 32768 + RANDOM) % 40000))
}

# Waits (bounded) until a DNS server answers on 127.0.0.1:$1.
wait_dns() {
	local i
	for i in $(seq 50); do
		drill -Q -p "$1" @127.0.0.1 SOA test. >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

# start_dnsmasq DIR [EXTRA_CONF]: the site's zone (tests/site/zone.conf) plus extra
# configuration; logs every query to DIR/dnsmasq.log. Sets DNS_PORT.
start_dnsmasq() {
	local dir=$1 extra=${2:-/dev/null} try
	for try in 1 2 3 4 5; do
		DNS_PORT=$(random_port)
		if dnsmasq --conf-file="$SITE/zone.conf" --conf-file="$extra" --port="$DNS_PORT" \
			--listen-address=127.0.0.1 --pid-file="$dir/dnsmasq.pid" --log-queries=extra \
			--log-facility="$dir/dnsmasq.log" 2>>"$dir/dnsmasq.err"; then
			wait_dns "$DNS_PORT" && return 0
		fi
	done
	cat "$dir/dnsmasq.err" >&2
	return 1
}

stop_dnsmasq() {
	[ -f "$1/dnsmasq.pid" ] && kill "$(cat "$1/dnsmasq.pid")" 2>/dev/null || true
}

# start_testns DIR DATAFILE: ldns-testns with crafted answers, with 3 extra
# processes so concurrent queries are served concurrently. Sets TNS_PORT.
start_testns() {
	local dir=$1 data=$2 try
	for try in 1 2 3 4 5; do
		TNS_PORT=$(random_port)
		ldns-testns -f 3 -p "$TNS_PORT" "$data" >"$dir/testns.log" 2>&1 3>&- &
		echo $! >"$dir/testns.pid"
		wait_dns "$TNS_PORT" && return 0
		stop_testns "$dir"
	done
	cat "$dir/testns.log" >&2
	return 1
}

stop_testns() {
	local pid
	for pid in $(cat "$1/testns.pid" 2>/dev/null) $(sed -n 's/^forked pid: //p' "$1/testns.log" 2>/dev/null); do
		kill "$pid" 2>/dev/null || true
	done
}

# start_silent DIR ADDR PORT...: a listener on ADDR that accepts connections on each PORT and
# never says a word (a server that hangs); stopped by stop_silent DIR.
start_silent() {
	local dir=$1 addr=$2
	shift 2
	python3 -c 'import socket, sys, time
ss = []
for port in sys.argv[2:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((sys.argv[1], int(port)))
    s.listen(16)
    ss.append(s)
print("ready", flush=True)
time.sleep(600)' "$addr" "$@" >"$dir/silent.log" 2>&1 3>&- &
	echo $! >"$dir/silent.pid"
	for _ in $(seq 50); do
		grep -q ready "$dir/silent.log" && return 0
		sleep 0.1
	done
	return 1
}

stop_silent() {
	[ -f "$1/silent.pid" ] && kill "$(cat "$1/silent.pid")" 2>/dev/null || true
}

# Runs sipdiscover against the file's DNS server.
sd() {
	run "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 "$@"
}

# Like sd, but keeps stderr apart ($output is stdout only, $stderr is stderr).
sd_split() {
	run --separate-stderr "$SD" --dns-server="127.0.0.1:$DNS_PORT" --timeout=2 "$@"
}

# Runs sipdiscover against the file's crafted-answer server (ldns-testns).
sdt() {
	run "$SD" --dns-server="127.0.0.1:$TNS_PORT" --timeout=2 "$@"
}

# jq over the last run's output, which must be one JSON object.
json() {
	jq -r "$1" <<<"$output"
}
