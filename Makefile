# sipdiscover — plain make. `make V=1` shows the commands; `make SANITIZE=1` builds
# with ASan+UBSan into build-san/ (tests then run that binary).
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
DESTDIR ?=
CC      ?= cc
PKGS     = ldns gnutls popt jansson libidn2 libcurl expat
VERSION  = 0.1.0

ifeq ($(V),1)
Q =
else
Q = @
endif

HARDEN   = -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
CFLAGS  ?= -O2 -g
CFLAGS  += -std=c11 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L \
           -DSD_VERSION='"$(VERSION)"'
LDFLAGS += -pie -Wl,-z,relro,-z,now
BUILD    = build
ifeq ($(SANITIZE),1)
BUILD    = build-san
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS += -fsanitize=address,undefined
HARDEN   = -fPIE
endif
CPPFLAGS += $(HARDEN)

DEPS_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lpthread
CMOCKA      = $(shell pkg-config --cflags --libs cmocka 2>/dev/null)

SRCS    = $(wildcard src/*.c)
OBJS    = $(patsubst src/%.c,$(BUILD)/%.o,$(SRCS))
LIBOBJS = $(filter-out $(BUILD)/main.o,$(OBJS)) # for unit tests, fuzz targets, benchmarks
BIN     = $(BUILD)/sipdiscover
UNIT_BINS = $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
BASHCOMPDIR ?= $(shell pkg-config --variable=completionsdir bash-completion 2>/dev/null || echo $(DATADIR)/bash-completion/completions)

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
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(DEPS_LIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	@echo "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPS_CFLAGS) -c -o $@ $<

$(BUILD) $(BUILD)/unit:
	$(Q)mkdir -p $@

$(BUILD)/unit/%: tests/unit/%.c $(LIBOBJS) $(wildcard src/*.h tests/unit/*.h) | $(BUILD)/unit
	@echo "  CC    $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPS_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) $(DEPS_LIBS) $(CMOCKA) $(LDFLAGS)

demo: deps-run
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/site/demo

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

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASHCOMPDIR) \
		$(DESTDIR)$(DATADIR)/zsh/vendor-completions $(DESTDIR)$(DATADIR)/fish/vendor_completions.d
	install -m 755 sipdiscover $(DESTDIR)$(BINDIR)/sipdiscover
	install -m 644 man/sipdiscover.1 $(DESTDIR)$(MANDIR)/man1/sipdiscover.1
	install -m 644 completions/sipdiscover.bash $(DESTDIR)$(BASHCOMPDIR)/sipdiscover
	install -m 644 completions/_sipdiscover $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_sipdiscover
	install -m 644 completions/sipdiscover.fish $(DESTDIR)$(DATADIR)/fish/vendor_completions.d/sipdiscover.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sipdiscover $(DESTDIR)$(MANDIR)/man1/sipdiscover.1 \
		$(DESTDIR)$(BASHCOMPDIR)/sipdiscover $(DESTDIR)$(DATADIR)/zsh/vendor-completions/_sipdiscover \
		$(DESTDIR)$(DATADIR)/fish/vendor_completions.d/sipdiscover.fish

clean:
	rm -rf build build-san sipdiscover

-include tests/fuzz/fuzz.mk bench/bench.mk tests/tools/tools.mk

# The 15 most complex functions of src/ (pmccabe); tests/run-all fails above the
# threshold written in scripts/complexity.
.PHONY: complexity
complexity:
	$(Q)scripts/complexity
