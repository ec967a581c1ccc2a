# Test tools (not installed): badpeer, the misbehaving TLS/SIP server of
# tests/e2e/faults.bats; dnsfault, the misbehaving DNS server of dns_transport.bats; http-get,
# src/net/http.c alone for tests/e2e/http.bats. Included by the top-level Makefile; also usable alone:
#   make -f tests/tools/tools.mk tools
# Always a plain build in build/tools/, also under SANITIZE=1: the tools are the
# test's hostile peers, not the code under test.
TOOLS_DIR   = build/tools
TOOLS_BINS  = $(TOOLS_DIR)/badpeer $(TOOLS_DIR)/dnsfault $(TOOLS_DIR)/http-get
TOOLS_CC   ?= cc

.PHONY: tools
tools: $(TOOLS_BINS)

$(TOOLS_DIR)/badpeer: tests/tools/badpeer.c | $(TOOLS_DIR)
	@echo "  CC    $@"
	$(if $(filter 1,$(V)),,@)$(TOOLS_CC) -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -o $@ $< $(shell pkg-config --cflags --libs gnutls)

HTTP_GET_SRC = src/net/http.c src/net/http_xfer.c src/wire/http_header.c src/util/str.c src/util/ipaddr.c src/util/status.c
$(TOOLS_DIR)/http-get: tests/tools/http-get.c $(HTTP_GET_SRC) src/net/http.h src/net/http_xfer.h src/wire/http_header.h | $(TOOLS_DIR)
	@echo "  CC    $@"
	$(if $(filter 1,$(V)),,@)$(TOOLS_CC) -std=c11 -Wall -Wextra -Wpedantic -D_POSIX_C_SOURCE=200809L -Isrc/util -Isrc/wire -Isrc/net -o $@ $< $(HTTP_GET_SRC) $(shell pkg-config --cflags --libs libcurl gnutls)

$(TOOLS_DIR)/dnsfault: tests/tools/dnsfault.c | $(TOOLS_DIR)
	@echo "  CC    $@"
	$(if $(filter 1,$(V)),,@)$(TOOLS_CC) -std=c11 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -o $@ $<

$(TOOLS_DIR):
	$(if $(filter 1,$(V)),,@)mkdir -p $@
