#!/usr/bin/env bats
# Issue 19: releases and the Debian package. The version lives in VERSION only; NEWS.md
# says what each release changed and debian/changelog is made from it; debian/copyright and
# debian/control repeat COPYING and scripts/packages.txt, so these tests keep them equal;
# make dist is reproducible. (make deb-check, which needs root and a fresh Debian root,
# installs, runs, removes and purges the package itself: .ci/run calls it.)
load common

VERSION=$(cat "$TOP/VERSION")

@test "VERSION is a semantic version and the binary under test reports it" {
	[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]
	run "$SD" --version
	assert_success
	assert_output "sipdiscover $VERSION"
}

@test "NEWS.md: one heading per release, newest first, the newest is VERSION" {
	local versions
	versions=$(sed -n 's/^## \([^ ]*\) (\(unreleased\|[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]\))$/\1/p' "$TOP/NEWS.md")
	[ "$(grep -c '^## ' "$TOP/NEWS.md")" = "$(wc -l <<<"$versions")" ] # every heading has that form
	[ "$(head -n 1 <<<"$versions")" = "$VERSION" ]
	[ "$(sort -t. -k1,1nr -k2,2nr -k3,3nr <<<"$versions")" = "$versions" ]
	[ "$(sort -u <<<"$versions" | wc -l)" = "$(wc -l <<<"$versions")" ]
	# only the newest may be unreleased
	local unreleased
	unreleased=$(sed -n 's/^## \(.*\) (unreleased)$/\1/p' "$TOP/NEWS.md")
	[ -z "$unreleased" ] || [ "$unreleased" = "$VERSION" ]
}

@test "debian/changelog is the one NEWS.md makes (make changelog), at VERSION-1" {
	cd "$TOP"
	run packaging/news2changelog
	assert_success
	[ "$output" = "$(cat debian/changelog)" ] ||
		{ diff <(echo "$output") debian/changelog >&2; false; }
	run dpkg-parsechangelog -l debian/changelog -S Version
	assert_output "$VERSION-1"
	run sh -c "dpkg-parsechangelog -l debian/changelog --format rfc822 --all | sed -n 's/^Version: //p'"
	assert_output "$(sed -n 's/^## \([0-9.]*\) .*/\1-1/p' NEWS.md)"
}

@test "a NEWS.md item that debian/changelog lacks is found" {
	cd "$TOP"
	awk '{ print } /^### / && !done { print "- An item only NEWS.md has."; done = 1 }' NEWS.md \
		>"$BATS_TEST_TMPDIR/NEWS.md"
	! cmp -s NEWS.md "$BATS_TEST_TMPDIR/NEWS.md"
	run packaging/news2changelog "$BATS_TEST_TMPDIR/NEWS.md"
	assert_success
	assert_output --partial "    - An item only NEWS.md has."
	[ "$output" != "$(cat debian/changelog)" ]
}

@test "debian/copyright is DEP-5 and its licence text is COPYING's" {
	cd "$TOP"
	run sed -n 1p debian/copyright
	assert_output "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
	grep -qx 'License: BSD-2-clause' debian/copyright
	grep -q '^BSD 2-Clause License$' COPYING
	[ "$(grep '^ ' debian/copyright | sed -e 's/^ //' -e 's/^\.$//')" = \
		"$(sed -n '/^Redistribution/,$p' COPYING)" ]
}

@test "debian/control builds with scripts/packages.txt's build packages, and cmocka only for the tests" {
	cd "$TOP"
	local want have
	# build-essential (make, gcc, libc6-dev) is never named in Build-Depends (lintian: error)
	want=$(awk '$1 == "build" && $2 !~ /^(make|gcc|libc6-dev)$/ { print $2 }' scripts/packages.txt |
		sort; echo "debhelper-compat (= 13)"; echo "libcmocka-dev <!nocheck>")
	have=$(sed -n '/^Build-Depends:/,/^[A-Z]/p' debian/control | sed -e '$d' -e 's/^Build-Depends://' |
		tr ',' '\n' | sed -e 's/^ *//' -e 's/ *$//' | grep .)
	[ "$(sort <<<"$want")" = "$(sort <<<"$have")" ] || { diff <(sort <<<"$want") <(sort <<<"$have") >&2; false; }
	grep -q '^pkg  *libcmocka-dev$' scripts/packages.txt # make deb installs what the build's tests need
	grep -qx 'Rules-Requires-Root: no' debian/control
	sed -n '/^Package: sipdiscover$/,$p' debian/control | grep -q '\${shlibs:Depends}'
	[ ! -e debian/compat ] # the level is debhelper-compat's, not a second place
}

@test "make dist twice gives the same bytes: the committed tree, sorted, owned by 0/0, dated by the last commit" {
	git -C "$TOP" rev-parse --verify -q HEAD >/dev/null || skip "not a git checkout: make dist archives HEAD"
	cd "$TOP"
	local a=$BATS_FILE_TMPDIR/a.tar.gz b=$BATS_FILE_TMPDIR/b.tar.gz when
	run packaging/dist "$VERSION" "$a"
	assert_success
	sleep 1
	run sh -c 'umask 077 && packaging/dist "$1" "$2"' sh "$VERSION" "$b" # modes do not follow the umask
	assert_success
	cmp "$a" "$b"
	run od -An -tx1 -j3 -N5 "$a" # gzip -n: the header's flags (no name) and time are zero
	assert_output " 00 00 00 00 00"
	[ "$(tar -tzf "$a" | grep -v '^sipdiscover-'"$VERSION"'/' | wc -l)" = 0 ]
	[ "$(tar -tzf "$a" | sed 's|/$||')" = "$(tar -tzf "$a" | sed 's|/$||' | LC_ALL=C sort)" ]
	[ "$(tar --numeric-owner -tvzf "$a" | awk '{ print $2 }' | sort -u)" = "0/0" ]
	when=$(git log -1 --format=%ct HEAD)
	[ "$(TZ=UTC tar --full-time -tvzf "$a" | awk '{ print $4 " " $5 }' | sort -u)" = \
		"$(TZ=UTC date -d "@$when" '+%Y-%m-%d %H:%M:%S')" ]
	[ "$(tar -tzf "$a" | grep -v '/$' | sed "s|^sipdiscover-$VERSION/||" | LC_ALL=C sort)" = \
		"$(git ls-tree -r --name-only HEAD | LC_ALL=C sort)" ]
	[ "$(tar -xOzf "$a" "sipdiscover-$VERSION/VERSION")" = "$VERSION" ]
}

@test "make demo SIPDISCOVER=PATH runs that binary, and a wrong PATH is one line" {
	run env SIPDISCOVER="$BATS_TEST_TMPDIR/none" "$SITE/demo"
	assert_failure
	assert_output "demo: $BATS_TEST_TMPDIR/none is not an executable (SIPDISCOVER names the binary)"
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS -u SIPDISCOVER make -C "$TOP" -n demo
	assert_output --partial -- "--no-print-directory all" # the demo builds its binary
	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$TOP" -n demo SIPDISCOVER="$SD"
	assert_success
	refute_output --partial -- "--no-print-directory all" # or builds none
	run env SIPDISCOVER="$SD" "$SITE/demo"
	assert_success
	assert_line --index 0 "== $SD: sipdiscover $VERSION =="
	assert_output --partial "OK: the client would sign in to pool.contoso.test:5061"
	assert_output --partial "SIPDISCOVER CRITICAL - 1 of 2 OK, 1 CRITICAL: fabrikam.test"
}
