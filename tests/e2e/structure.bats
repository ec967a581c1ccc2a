#!/usr/bin/env bats
# HACKING.md "Layers": the folders of src/ are layers, and the build keeps them. Each test
# plants one violation in a copy of the tree and shows that the build (or make check's
# structure rules, scripts/structure and scripts/complexity) refuses it, so a rule that no
# longer catches anything fails here.
load common

SRC=$BATS_FILE_TMPDIR/src

mk() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SANITIZE make -C "$SRC" --no-print-directory "$@"
}

setup_file() {
	mkdir -p "$SRC"
	tar -C "$TOP" --exclude=./.git --exclude=./build --exclude=./build-san \
		--exclude=./build-fuzz --exclude=./sipdiscover -cf - . | tar -C "$SRC" -xf -
	mk -j2 build/sipdiscover >"$BATS_FILE_TMPDIR/build.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/build.log" >&2; return 1; }
}

# plant LAYER TEXT: a module src/LAYER/planted.c holding TEXT, compiled as its layer is.
plant() {
	printf '%s\nint planted(void);\nint planted(void) { return 0; }\n' "$2" >"$SRC/src/$1/planted.c"
	run mk "build/$1/planted.o"
	rm -f "$SRC/src/$1/planted.c" "$SRC/build/$1/planted.o"
}

@test "layers: every layer of src/ builds with only the include paths it may use" {
	run mk -n -B V=1 build/core/plan.o build/net/dns.o build/view/report_json.o
	assert_success
	# The layer's paths come first, before any library's own -isystem (krb5's is
	# /usr/include/mit-krb5, which would otherwise be searched before the guards).
	assert_output --partial ' -isystem src/guard/nolib -isystem src/guard/nosocket -Isrc/util -Isrc/wire -Isrc/core -D'
	assert_output --partial ' -Isrc/util -Isrc/wire -Isrc/core -Isrc/net -D'
	assert_output --partial ' -isystem src/guard/nolib -isystem src/guard/nosocket -Isrc/util -Isrc/wire -Isrc/core -Isrc/view -D'
	refute_output --partial 'guard/nosocket -Isrc/util -Isrc/wire -Isrc/core -Isrc/net -D' # net may use sockets
}

@test "layers: a socket header in the pure core is a build error" {
	plant core '#include <sys/socket.h>'
	assert_failure
	assert_output --partial '<sys/socket.h> included in a pure layer'
	plant core '#include <netinet/in.h>'
	assert_failure
	plant wire '#include <arpa/inet.h>'
	assert_failure
}

@test "layers: GnuTLS, curl or Kerberos in a pure layer (core, wire, view, util) is a build error" {
	plant core '#include <gnutls/gnutls.h>'
	assert_failure
	assert_output --partial 'only src/net and src/app may use it'
	plant view '#include <curl/curl.h>'
	assert_failure
	plant util '#include <gnutls/x509.h>'
	assert_failure
	plant wire '#include <krb5.h>'
	assert_failure
}

@test "layers: a header of a higher layer is not found from a lower one" {
	plant core '#include "conn.h"'
	assert_failure
	assert_output --partial 'conn.h: No such file'
	plant view '#include "dns.h"'
	assert_failure
	plant wire '#include "result.h"'
	assert_failure
	plant util '#include "sip.h"'
	assert_failure
}

@test "layers: the same includes compile in the layers that may use them (the probe is sound)" {
	plant net '#include <sys/socket.h>
#include <gnutls/gnutls.h>
#include "conn.h"'
	assert_success
	plant core '#include "sip.h"
#include <stdio.h>'
	assert_success
}

@test "layers: no source file reaches another folder with a relative path" {
	run grep -rn '#include "\.\./' "$TOP/src"
	assert_failure
}

@test "structure: make check's rules pass on the tree as it is" {
	run "$SRC/scripts/structure" "$SRC/build"
	assert_success
	assert_output --partial "ok no module cycles"
	assert_output --partial "ok no file of src/ is over 400 lines"
}

@test "structure: a module cycle is found, with the calls that make it" {
	printf '#include "candidate.h"\nint planted_up(void);\nint planted_up(void) { return 0; }\n' >"$SRC/src/core/naming_planted.c"
	printf 'int planted_up(void);\nint planted_down(void);\nint planted_down(void) { return planted_up(); }\n' >"$SRC/src/core/candidate_planted.c"
	printf 'int planted_down(void);\nint planted_up2(void);\nint planted_up2(void) { return planted_down(); }\n' >>"$SRC/src/core/naming_planted.c"
	mk build/core/naming_planted.o build/core/candidate_planted.o
	run "$SRC/scripts/structure" "$SRC/build"
	rm -f "$SRC"/src/core/*_planted.c "$SRC"/build/core/*_planted.o
	assert_failure
	assert_output --partial "cycle: core/candidate_planted, core/naming_planted"
	assert_output --partial "core/candidate_planted -> core/naming_planted: planted_up()"
}

@test "structure: a file over 400 lines is named" {
	seq 401 | sed 's|^|/* line |; s|$| */|' >"$SRC/src/util/planted_long.h"
	run "$SRC/scripts/structure" "$SRC/build"
	rm -f "$SRC/src/util/planted_long.h"
	assert_failure
	assert_output --partial "src/util/planted_long.h: 401"
}

@test "structure: a function over complexity 15 is named" {
	{
		echo 'int planted_complex(int x);'
		echo 'int planted_complex(int x) {'
		for i in $(seq 16); do echo "	if (x == $i) return $i;"; done
		echo '	return 0; }'
	} >"$SRC/src/util/planted_complex.c"
	run "$SRC/scripts/complexity" --check
	rm -f "$SRC/src/util/planted_complex.c"
	assert_failure
	assert_output --partial "planted_complex"
}
