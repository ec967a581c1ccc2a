# Releases and the Debian package (NEWS.md, packaging/, debian/). Included by the Makefile.
#   make dist       build/sipdiscover-$(VERSION).tar.gz of the committed tree, reproducible
#   make changelog  debian/changelog from NEWS.md (tests/e2e/release.bats checks they agree)
#   make deb        build/deb/sipdiscover_$(VERSION)-1_<arch>.deb from that tarball, with
#                   dpkg-buildpackage -us -uc -b, then lintian (no error, no warning)
#   make deb-check  in a fresh Debian 12 root (../shared/tools/fresh-machine, root only):
#                   make deb, install, the demo and the live Icinga 2 test against the
#                   installed files, remove, purge, and the file list before and after
.PHONY: dist changelog deb deb-check deps-pkg

DIST      = $(BUILD)/sipdiscover-$(VERSION).tar.gz
DEB_DIR   = $(BUILD)/deb
DEB_ARCH  = $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB       = $(DEB_DIR)/sipdiscover_$(VERSION)-1_$(DEB_ARCH).deb
FRESH_MACHINE ?= ../shared/tools/fresh-machine

deps-pkg:
	$(Q)scripts/deps build pkg

# Not a file target: the tarball follows HEAD, which make cannot see.
dist:
	$(Q)packaging/dist $(VERSION) $(DIST)

changelog:
	$(Q)packaging/news2changelog >debian/changelog.tmp && mv -f debian/changelog.tmp debian/changelog

# The package is built in a tree unpacked from the dist tarball, so what is packaged is
# exactly the committed tree (the tarball doubles as the .orig.tar.gz).
deb: deps-pkg dist
	$(Q)rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	$(Q)cp $(DIST) $(DEB_DIR)/sipdiscover_$(VERSION).orig.tar.gz
	$(Q)tar -C $(DEB_DIR) -xzf $(DIST)
	$(Q)test "$$(dpkg-parsechangelog -l $(DEB_DIR)/sipdiscover-$(VERSION)/debian/changelog -S Version)" = "$(VERSION)-1" || \
		{ echo "deb: debian/changelog is not at $(VERSION)-1 (make changelog, then commit)" >&2; exit 1; }
	$(Q)cd $(DEB_DIR)/sipdiscover-$(VERSION) && env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS \
		dpkg-buildpackage -us -uc -b >../build.log 2>&1 || { tail -n 40 ../build.log >&2; exit 1; }
	$(Q)lintian --fail-on error,warning $(DEB_DIR)/sipdiscover_$(VERSION)-1_$(DEB_ARCH).changes
	@echo "$(DEB)"

deb-check:
	$(Q)test -x $(FRESH_MACHINE) || { echo "deb-check: $(FRESH_MACHINE) missing (it sits beside the checkout)" >&2; exit 1; }
	$(Q)$(FRESH_MACHINE) env SD_FRESH_ROOT=1 packaging/deb-check
