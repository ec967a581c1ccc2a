# sipdiscover — plain make. `make V=1` shows the commands.
PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
MANDIR  ?= $(PREFIX)/share/man
DESTDIR ?=
CC      ?= cc
PKGS     = ldns gnutls popt jansson libidn2
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
ifeq ($(SANITIZE),1)
CFLAGS  += -fsanitize=address,undefined -fno-omit-frame-pointer -O1
LDFLAGS += -fsanitize=address,undefined
HARDEN   = -fPIE
endif
CPPFLAGS += $(HARDEN)

DEPS_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
DEPS_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)

SRCS  = $(wildcard src/*.c)
OBJS  = $(patsubst src/%.c,build/%.o,$(SRCS))
# Everything but main.c, for the unit tests and fuzz targets.
LIBOBJS = $(filter-out build/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(patsubst tests/unit/%.c,build/unit/%,$(UNIT_SRCS))

.PHONY: all deps deps-run deps-test demo check unit e2e lint install uninstall clean

all: sipdiscover

deps:
	$(Q)scripts/deps build
deps-run:
	$(Q)scripts/deps build run
deps-test:
	$(Q)scripts/deps build run test

sipdiscover: $(OBJS)
	@echo "  LD    $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $(OBJS) $(DEPS_LIBS) -lpthread

build/%.o: src/%.c $(wildcard src/*.h) | build
	@echo "  CC    $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPS_CFLAGS) -c -o $@ $<

build build/unit:
	$(Q)mkdir -p $@

build/unit/%: tests/unit/%.c $(LIBOBJS) $(wildcard src/*.h tests/unit/*.h) | build/unit
	@echo "  CC    $@"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(DEPS_CFLAGS) -Isrc -o $@ $< $(LIBOBJS) \
		$(DEPS_LIBS) $(shell pkg-config --cflags --libs cmocka 2>/dev/null) -lpthread $(LDFLAGS)

demo: deps-run
	$(Q)$(MAKE) --no-print-directory all
	$(Q)tests/site/demo

check: deps-test
	$(Q)$(MAKE) --no-print-directory all $(UNIT_BINS)
	$(Q)tests/run-all $(UNIT_BINS)

unit: all $(UNIT_BINS)
	$(Q)for t in $(UNIT_BINS); do $$t || exit 1; done

e2e: all
	$(Q)bats tests/e2e

lint:
	$(Q)mandoc -Tlint -W warning man/sipdiscover.1

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1
	install -m 755 sipdiscover $(DESTDIR)$(BINDIR)/sipdiscover
	install -m 644 man/sipdiscover.1 $(DESTDIR)$(MANDIR)/man1/sipdiscover.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/sipdiscover $(DESTDIR)$(MANDIR)/man1/sipdiscover.1

clean:
	rm -rf build sipdiscover
