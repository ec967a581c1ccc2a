#!/usr/bin/env bats
# STYLE.md's layering, read from the compiler's include tree (cc -H): the pure modules see
# no GnuTLS, no curl and no socket header, so they stay testable without the network.
load common

# The one list of pure modules: no I/O, no clock, no globals.
PURE="plan candidate decide verdict verdict_probe naming uri sip dns_wire profile result autodiscover_decide"

# Headers a pure module must not reach at all, and headers that neither it nor a project
# header may include itself (a library it uses, ldns for one, may pull them in).
NEVER='/(gnutls|curl)/'
SOCKETS='/sys/socket\.h$|/netinet/|/arpa/'

# layering_violations FILE: one line per forbidden include in FILE's include tree,
# "includer -> header"; nothing when FILE is clean.
layering_violations() {
	local file=$1
	# shellcheck disable=SC2046 # pkg-config's flags are words
	"${CC:-cc}" -std=c11 -D_POSIX_C_SOURCE=200809L $(pkg-config --cflags ldns gnutls popt jansson libidn2) \
		-Isrc -H -fsyntax-only "$file" 2>&1 >/dev/null |
		awk -v top="$file" -v never="$NEVER" -v sockets="$SOCKETS" '
			/^\.+ / {
				depth = index($0, " ") - 1
				path = substr($0, depth + 2)
				stack[depth] = path
				from = depth == 1 ? top : stack[depth - 1]
				if (path ~ never || (path ~ sockets && (from == top || from ~ /^src\//)))
					print from " -> " path
			}'
}

@test "the layering check sees GnuTLS behind a project header and sockets included directly" {
	cd "$TOP"
	local probe=$BATS_TEST_TMPDIR/probe.c
	printf '#include "conn.h"\n' >"$probe"
	run layering_violations "$probe"
	assert_output --partial "conn.h -> /usr/include/gnutls/gnutls.h"
	printf '#include <arpa/inet.h>\n' >"$probe"
	run layering_violations "$probe"
	assert_output --partial "$probe -> /usr/include/arpa/inet.h"
}

@test "STYLE: no pure module includes a header that pulls in GnuTLS, curl or sockets" {
	cd "$TOP"
	local m bad=""
	for m in $PURE; do
		[ -f "src/$m.c" ] || fail "pure module src/$m.c is missing: update PURE"
		bad+=$(layering_violations "src/$m.c" | sed "s|^|src/$m.c: |")$'\n'
	done
	[ -z "${bad//$'\n'/}" ] || fail "$bad"
}
