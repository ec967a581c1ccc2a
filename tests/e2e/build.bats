#!/usr/bin/env bats
# Issue 11 point 9: the Makefile as a packager uses it. Each build runs in a copy of
# the tree (no build/ from the suite's own build), with the flags a packager sets:
# CFLAGS, CPPFLAGS and LDFLAGS are theirs, the flags the code needs are the Makefile's.
load common

SRC=$BATS_FILE_TMPDIR/src

# make in the copy, without the make that runs this suite leaking its flags in (make exports
# command-line variables: `make check SANITIZE=1` would otherwise build the copy into build-san/).
mk() {
	env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SANITIZE make -C "$SRC" --no-print-directory -j2 "$@"
}

setup_file() {
	mkdir -p "$SRC"
	tar -C "$TOP" --exclude=./.git --exclude=./build --exclude=./build-san \
		--exclude=./build-fuzz --exclude=./sipdiscover -cf - . | tar -C "$SRC" -xf -
	command -v dpkg-buildflags >/dev/null || return 0
	mk V=1 CFLAGS="$(dpkg-buildflags --get CFLAGS)" CPPFLAGS="$(dpkg-buildflags --get CPPFLAGS)" \
		LDFLAGS="$(dpkg-buildflags --get LDFLAGS)" all unit >"$BATS_FILE_TMPDIR/dpkg.log" 2>&1 ||
		{ cat "$BATS_FILE_TMPDIR/dpkg.log" >&2; return 1; }
}

need_dpkg() {
	command -v dpkg-buildflags >/dev/null ||
		skip "dpkg-buildflags missing: Debian dpkg-dev could not be installed (scripts/packages.txt)"
}

@test "make with dpkg-buildflags' CFLAGS, CPPFLAGS and LDFLAGS builds, and the unit tests pass" {
	need_dpkg
	run "$SRC/build/sipdiscover" --version
	assert_success
	assert_output --regexp '^sipdiscover [0-9]'
	run cat "$BATS_FILE_TMPDIR/dpkg.log"
	assert_output --partial -- "-ffile-prefix-map=" # dpkg's CFLAGS reached the compiler
	assert_output --partial -- "-std=c11"
	assert_output --partial -- "-Wl,-z,relro"
	refute_output --partial "warning:"
	refute_output --regexp '\[  FAILED  \]'
}

@test "make CFLAGS=-O0 builds: the flags the code needs are not in CFLAGS" {
	mk clean >/dev/null
	run mk V=1 CFLAGS=-O0 sipdiscover
	assert_success
	refute_output --partial "warning:"
	refute_output --partial -- "-O2"
	assert_output --partial -- "-std=c11"
	assert_output --partial -- "-pthread"
	refute_output --partial -- "-lpthread"
	run "$SRC/sipdiscover" --version
	assert_success
}

@test "the default build is hardened: stack protector and PIE in CFLAGS, FORTIFY in CPPFLAGS, relro and now in LDFLAGS" {
	run mk -n -B V=1 build/app/main.o build/sipdiscover
	assert_success
	assert_output --regexp ' -D_FORTIFY_SOURCE=2 .*-O2 -g -fstack-protector-strong -fPIE .*-c -o build/app/main.o'
	assert_output --regexp '-pie -Wl,-z,relro,-z,now -o build/sipdiscover'
	run mk -n -B V=1 CFLAGS=-O2 LDFLAGS= build/app/main.o build/sipdiscover
	refute_output --partial -- "-fstack-protector-strong" # theirs replace the defaults
	refute_output --partial -- "-Wl,-z,now"
}

@test "make SANITIZE=1 builds the sanitizer binary in build-san/" {
	run mk SANITIZE=1
	assert_success
	run "$SRC/build-san/sipdiscover" --version
	assert_success
	run nm "$SRC/build-san/sipdiscover"
	assert_output --partial __asan_init
}

@test "a header change rebuilds exactly the objects that include it (compiler dependencies)" {
	mk sipdiscover >/dev/null
	local header users
	header=$(ls "$SRC"/src/*/*.h | head -1)
	users=$(cd "$SRC" && grep -l "${header#"$SRC"/}" build/*/*.d | sed 's|\.d$|.o|' | sort)
	[ -n "$users" ]
	touch "$header"
	run mk -n
	assert_success
	[ "$(grep -oE -- '-c -o build/[a-z]+/[a-z_0-9]+\.o' <<<"$output" | sed 's|^-c -o ||' | sort)" = "$users" ]
}

@test "a missing pkg-config module is an error that names it" {
	run mk PKGS="ldns sd-no-such-module"
	assert_failure
	assert_output --partial "sd-no-such-module"
}

@test "make install DESTDIR=... PREFIX=/usr puts every file where a Debian package expects it" {
	local dest=$BATS_FILE_TMPDIR/dest
	mk sipdiscover >/dev/null
	rm -f "$SRC/sipdiscover" # install copies the build output, not ./sipdiscover
	run mk install DESTDIR="$dest" PREFIX=/usr
	assert_success
	run sh -c "cd '$dest' && find . -type f | sort"
	assert_output "./usr/bin/sipdiscover
./usr/share/bash-completion/completions/sipdiscover
./usr/share/fish/vendor_completions.d/sipdiscover.fish
./usr/share/icinga2/include/plugins-contrib.d/sipdiscover.conf
./usr/share/man/man1/sipdiscover.1
./usr/share/sipdiscover/nagios-sipdiscover.cfg
./usr/share/sipdiscover/sipdiscover.schema.json
./usr/share/zsh/vendor-completions/_sipdiscover"
	"$dest/usr/bin/sipdiscover" --version
	[ "$(stat -c %a "$dest/usr/bin/sipdiscover")" = 755 ]
	[ "$(stat -c %a "$dest/usr/share/icinga2/include/plugins-contrib.d/sipdiscover.conf")" = 644 ]
	grep -q '"/usr/bin/sipdiscover", "--nagios"' "$dest/usr/share/icinga2/include/plugins-contrib.d/sipdiscover.conf"
	grep -q 'command_line *\/usr\/bin\/sipdiscover --nagios' "$dest/usr/share/sipdiscover/nagios-sipdiscover.cfg"
	run grep -rI '@[A-Z]*@' "$dest"
	assert_failure
	run mk uninstall DESTDIR="$dest" PREFIX=/usr
	assert_success
	run find "$dest" -type f
	assert_output ""
}

@test "make install PREFIX=/opt/sd keeps every file under the prefix" {
	local dest=$BATS_FILE_TMPDIR/opt
	run mk install DESTDIR="$dest" PREFIX=/opt/sd
	assert_success
	run sh -c "cd '$dest' && find . -type f | grep -v '^./opt/sd/'"
	assert_output ""
	grep -q '"/opt/sd/bin/sipdiscover"' "$dest/opt/sd/share/icinga2/include/plugins-contrib.d/sipdiscover.conf"
}

# SPEC §4.7: the https checks are the SIP attempts' own whatever libcurl is built with, so a
# libcurl that is not the GnuTLS flavour is refused at build time, naming the package.
@test "spec4_7 a libcurl not built on GnuTLS is refused at build time, naming libcurl4-gnutls-dev" {
	local fake=$BATS_TEST_TMPDIR/fakecurl
	mkdir -p "$fake"
	# a libcurl that says what Debian's OpenSSL flavour says; the check asks nothing else
	cat >"$fake/fake.c" <<-'C'
	#include <curl/curl.h>
	static curl_version_info_data info = { .version = "7.88.1", .ssl_version = "OpenSSL/3.0.11" };
	curl_version_info_data *curl_version_info(CURLversion v) { (void)v; return &info; }
	C
	cc -shared -fPIC -o "$fake/libcurl.so" "$fake/fake.c" $(pkg-config --cflags libcurl)
	printf 'Name: libcurl\nDescription: fake\nVersion: 7.88.1\nLibs: -L%s -Wl,-rpath,%s -lcurl\nCflags: %s\n' \
		"$fake" "$fake" "$(pkg-config --cflags libcurl)" >"$fake/libcurl.pc"
	PKG_CONFIG_PATH=$fake run mk BUILD="$BATS_TEST_TMPDIR/build" all
	assert_failure
	assert_output --partial "libcurl is built with OpenSSL/3.0.11, not GnuTLS"
	assert_output --partial "install libcurl4-gnutls-dev"
	refute_output --partial "  CC    src/"      # refused before any of the program is compiled
	# the GnuTLS flavour passes the same check
	run mk BUILD="$BATS_TEST_TMPDIR/build" "$BATS_TEST_TMPDIR/build/curl-backend.ok"
	assert_success
}
