# sipdiscover — plain make. `make V=1` shows the commands; `make SANITIZE=1` builds
# with ASan+UBSan into build-san/ (tests then run that binary).
#
# For packagers: CFLAGS, CPPFLAGS, LDFLAGS and LIBS are yours (dpkg-buildflags may set
# them); what the code needs lives in SD_CPPFLAGS, SD_CFLAGS, SD_LDFLAGS and SD_LIBS.
# The defaults below apply only to a variable you leave unset. Paths: PREFIX, BINDIR,
# DATADIR, MANDIR, BASHCOMPDIR, ZSHCOMPDIR, FISHCOMPDIR, ICINGA2DIR, SDDATADIR, DESTDIR.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
MANDIR  ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR  ?= $(DATADIR)/zsh/vendor-completions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d
ICINGA2DIR  ?= $(DATADIR)/icinga2/include/plugins-contrib.d
SDDATADIR   ?= $(DATADIR)/sipdiscover
DESTDIR ?=
CC      ?= cc
# pkg-config modules the program links with; add a module by appending its name here.
PKGS     = ldns gnutls popt jansson libidn2 libcurl expat krb5
# The version is in the file VERSION, and only there; NEWS.md says what each one changed.
VERSION := $(file <VERSION)

ifeq ($(V),1)
Q =
else
Q = @
endif

# _FORTIFY_SOURCE needs optimisation (glibc warns on every file at -O0) and fights ASan.
FORTIFY  = $(if $(filter -O0,$(CFLAGS))$(filter 1,$(SANITIZE)),,-D_FORTIFY_SOURCE=2)
CFLAGS   ?= -O2 -g -fstack-protector-strong -fPIE
CPPFLAGS ?= $(FORTIFY)
LDFLAGS  ?= -pie -Wl,-z,relro,-z,now
LIBS     ?=

BUILD    = build
ifeq ($(SANITIZE),1)
BUILD    = build-san
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
endif

# Goals that run without the libraries (they install them, or need no compiler).
NOLIB_GOALS = deps deps-run deps-test check demo clean lint uninstall fuzz-clean complexity \
	dist changelog deb deb-check deps-pkg
ifneq ($(filter-out $(NOLIB_GOALS),$(or $(MAKECMDGOALS),all)),)
PKGS_MISSING := $(shell for m in $(PKGS); do pkg-config --exists $$m || echo $$m; done)
ifneq ($(PKGS_MISSING),)
$(error pkg-config cannot find module(s): $(PKGS_MISSING); `make deps` installs the Debian packages)
endif
DEPS_CFLAGS := $(shell pkg-config --cflags $(PKGS)) -pthread
DEPS_LIBS   := $(shell pkg-config --libs $(PKGS)) -pthread
endif

SD_CPPFLAGS = -D_POSIX_C_SOURCE=200809L -DSD_VERSION='"$(VERSION)"'
SD_CFLAGS   = -std=c11 -Wall -Wextra -Wpedantic $(SAN) $(DEPS_CFLAGS)
SD_LDFLAGS  = $(SAN)
SD_LIBS     = $(DEPS_LIBS)
DEPFLAGS    = -MMD -MP # header dependencies from the compiler: $(BUILD)/*.d

# The layers of src/, lowest first. Each folder is compiled with the include paths of
# the layers it may use and no others (LAYER_USES), so an include that points up is a
# build error; the pure layers (LAYER_GUARD) also get a folder of stand-in headers that
# turn any GnuTLS, curl or socket include into an #error. HACKING.md explains the layers.
LAYERS        = util wire core net view app
LAYER_USES_util = util
LAYER_USES_wire = util wire
LAYER_USES_core = util wire core
LAYER_USES_net  = util wire core net
LAYER_USES_view = util wire core view
LAYER_USES_app  = util wire core net view app
LAYER_GUARD_util = src/guard/nolib
LAYER_GUARD_wire = src/guard/nolib src/guard/nosocket
LAYER_GUARD_core = src/guard/nolib src/guard/nosocket
LAYER_GUARD_view = src/guard/nolib src/guard/nosocket
layer_of   = $(word 2,$(subst /, ,$(1)))
layer_incs = $(foreach g,$(LAYER_GUARD_$(1)),-isystem $(g)) $(addprefix -Isrc/,$(LAYER_USES_$(1)))
ALL_INCS   = $(addprefix -Isrc/,$(LAYERS))

SRCS    = $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.c))
OBJS    = $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS))
LIBOBJS = $(filter-out $(BUILD)/app/main.o,$(OBJS)) # for unit tests, fuzz targets, benchmarks
BIN     = $(BUILD)/sipdiscover
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))

.PHONY: all deps deps-run deps-test demo check unit e2e valgrind lint install uninstall clean

all: $(BIN)
ifneq ($(SANITIZE),1)
all: sipdiscover
endif

deps:
	$(Q)scripts/deps build
deps-run:
	$(Q)scripts/deps build run
deps-test:
	$(Q)scripts/deps build run test

# ./sipdiscover is the plain build; the sanitizer build stays in build-san/.
sipdiscover: $(BIN)
	$(Q)cp $(BIN) $@.tmp && mv -f $@.tmp $@ # a running copy keeps its old file

$(BIN): $(OBJS)
	@echo "  LD    $@"
	$(Q)$(CC) $(SD_LDFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(SD_LIBS) $(LIBS)

# SPEC §4.7: the https checks need curl's GnuTLS flavour; any other libcurl is refused here,
# at build time, with the package to install (scripts/curl-backend.c).
CURL_BACKEND_OK = $(BUILD)/curl-backend.ok
$(CURL_BACKEND_OK): scripts/curl-backend.c
	@mkdir -p $(@D)
	@echo "  CHECK libcurl's TLS library"
	$(Q)$(CC) $(SD_CPPFLAGS) $(SD_CFLAGS) $(SD_LDFLAGS) -o $(BUILD)/curl-backend $< $(SD_LIBS) && \
	tls=$$($(BUILD)/curl-backend) || { echo "libcurl is built with $${tls:-an unknown TLS library}, not GnuTLS:" \
		"sipdiscover's https certificate checks need curl's GnuTLS flavour; install libcurl4-gnutls-dev" \
		"(it replaces libcurl4-openssl-dev / libcurl4-nss-dev)" >&2; exit 1; }
	$(Q)touch $@

$(OBJS): | $(CURL_BACKEND_OK)

$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	@echo "  CC    $<"
	$(Q)$(CC) $(call layer_incs,$(call layer_of,$<)) $(SD_CPPFLAGS) $(CPPFLAGS) $(SD_CFLAGS) $(CFLAGS) \
		$(DEPFLAGS) -c -o $@ $< # the guards first: a library's own -isystem must not get past them

$(BUILD)/unit:
	$(Q)mkdir -p $@

$(BUILD)/unit/%: tests/unit/%.c $(LIBOBJS) | $(BUILD)/unit
	@echo "  CC    $@"
	$(Q)pkg-config --exists cmocka || { echo "pkg-config cannot find module cmocka; \`make deps-test\` installs it" >&2; exit 1; }
	$(Q)$(CC) $(SD_CPPFLAGS) $(CPPFLAGS) $(SD_CFLAGS) $(CFLAGS) $(DEPFLAGS) -MF $@.d -MT $@ $(ALL_INCS) \
		$$(pkg-config --cflags cmocka) $(SD_LDFLAGS) $(LDFLAGS) -o $@ $< $(LIBOBJS) \
		$$(pkg-config --libs cmocka) $(SD_LIBS) $(LIBS)

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d)

# make demo SIPDISCOVER=/usr/bin/sipdiscover runs an installed binary instead of building one.
demo: deps-run
	$(Q)$(if $(SIPDISCOVER),,$(MAKE) --no-print-directory all)
	$(Q)SIPDISCOVER='$(SIPDISCOVER)' tests/site/demo

check: deps-test
	$(Q)$(MAKE) --no-print-directory $(BIN) $(UNIT_BINS) tools
	$(Q)SIPDISCOVER=$(CURDIR)/$(BIN) tests/run-all $(UNIT_BINS)

unit: $(UNIT_BINS)
	$(Q)for t in $(UNIT_BINS); do $$t || exit 1; done

e2e: $(BIN) tools
	$(Q)SIPDISCOVER=$(CURDIR)/$(BIN) bats tests/e2e

# The end-to-end suite with the plain build under valgrind (slow: minutes, not part of CI).
valgrind: deps-test build/sipdiscover
	$(Q)SIPDISCOVER=$(CURDIR)/tests/tools/valgrind-sd TIME_SLACK_MS=5000 bats tests/e2e

lint:
	$(Q)mandoc -Tlint -W warning man/sipdiscover.1

# The monitoring definitions get the installed binary's path (@BINDIR@) written in.
SUBST = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SDDATADIR@|$(SDDATADIR)|g'

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR) $(DESTDIR)$(ICINGA2DIR) $(DESTDIR)$(SDDATADIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/sipdiscover
	install -m 644 man/sipdiscover.1 $(DESTDIR)$(MANDIR)/man1/sipdiscover.1
	install -m 644 completions/sipdiscover.bash $(DESTDIR)$(BASHCOMPDIR)/sipdiscover
	install -m 644 completions/_sipdiscover $(DESTDIR)$(ZSHCOMPDIR)/_sipdiscover
	install -m 644 completions/sipdiscover.fish $(DESTDIR)$(FISHCOMPDIR)/sipdiscover.fish
	install -m 644 man/sipdiscover.schema.json $(DESTDIR)$(SDDATADIR)/sipdiscover.schema.json
	$(SUBST) contrib/nagios-sipdiscover.cfg.in >$(DESTDIR)$(SDDATADIR)/nagios-sipdiscover.cfg
	$(SUBST) contrib/icinga2-sipdiscover.conf.in >$(DESTDIR)$(ICINGA2DIR)/sipdiscover.conf
	chmod 644 $(DESTDIR)$(SDDATADIR)/nagios-sipdiscover.cfg $(DESTDIR)$(ICINGA2DIR)/sipdiscover.conf

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sipdiscover $(DESTDIR)$(MANDIR)/man1/sipdiscover.1 \
		$(DESTDIR)$(BASHCOMPDIR)/sipdiscover $(DESTDIR)$(ZSHCOMPDIR)/_sipdiscover \
		$(DESTDIR)$(FISHCOMPDIR)/sipdiscover.fish $(DESTDIR)$(ICINGA2DIR)/sipdiscover.conf \
		$(DESTDIR)$(SDDATADIR)/sipdiscover.schema.json $(DESTDIR)$(SDDATADIR)/nagios-sipdiscover.cfg
	-rmdir $(DESTDIR)$(SDDATADIR) 2>/dev/null

clean:
	rm -rf build build-san sipdiscover

-include tests/fuzz/fuzz.mk bench/bench.mk tests/tools/tools.mk packaging/packaging.mk

# The 15 most complex functions of src/ (pmccabe); tests/run-all fails above the
# threshold written in scripts/complexity.
.PHONY: complexity
complexity:
	$(Q)scripts/complexity
