# make bench: the benchmark (bench/run), with the DNS latency proxy it needs.
.PHONY: bench
BENCH_PROXY = $(BUILD)/bench/delayproxy

bench: all $(BENCH_PROXY)
	$(Q)SIPDISCOVER=$(CURDIR)/$(BIN) DELAYPROXY=$(CURDIR)/$(BENCH_PROXY) bench/run

$(BENCH_PROXY): bench/delayproxy.c
	$(Q)mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(CC) -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -o $@ $<
