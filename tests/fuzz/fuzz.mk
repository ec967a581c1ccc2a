# tests/fuzz/fuzz.mk — libFuzzer targets over the pure parsers and the decision,
# built with clang into build-fuzz/ (included by the top Makefile).
#
#   make fuzz-build                  the fuzzers: build-fuzz/fuzz_{uri,dns,sip,naming,autodiscover}
#   make fuzz [FUZZ_SECONDS=60]      each target FUZZ_SECONDS s on build-fuzz/corpus-<target>,
#                                    a copy of tests/fuzz/corpus/<target> (make -j2: two at once)
#   make fuzz-smoke                  each target 10 s, for CI
#   make fuzz-regress                each target once over its seed corpus (a second or two)
#   make fuzz-crashes                replays tests/fuzz/crashes/<target>/crash-*: fails while
#                                    any of them still crashes
#   make fuzz-clean
# FUZZ_TARGETS=dns narrows any of them to some targets. Logs: build-fuzz/fuzz_<target>.log;
# a crashing input lands in build-fuzz/artifacts-<target>/.
FUZZ_CC       ?= clang
FUZZ_DIR       = build-fuzz
FUZZ_TARGETS  ?= uri dns sip naming autodiscover
FUZZ_SECONDS  ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_TIME      = $(FUZZ_SECONDS)
FUZZ_SAN       = -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS    = -g -O1 -fsanitize=fuzzer-no-link $(FUZZ_SAN) -std=c11 -Wall -Wextra -Wpedantic \
                 -D_POSIX_C_SOURCE=200809L -DSD_VERSION='"fuzz"'
FUZZ_LDFLAGS   = -fsanitize=fuzzer $(FUZZ_SAN)
FUZZ_OBJS      = $(patsubst src/%.c,$(FUZZ_DIR)/obj/%.o,$(filter-out src/app/main.c,$(SRCS)))
SRC_HEADERS    = $(foreach l,$(LAYERS),$(wildcard src/$(l)/*.h))
FUZZ_BINS      = $(addprefix $(FUZZ_DIR)/fuzz_,$(FUZZ_TARGETS))
FUZZ_RUNS      = $(addprefix fuzz-run-,$(FUZZ_TARGETS))
FUZZ_REGRESS   = $(addprefix fuzz-regress-,$(FUZZ_TARGETS))
# Largest input per target: an address (past uri.c's 1024-byte domain buffer), a
# domain/host pair, a DNS message over TCP, and a SIP message just past SIP_MAX_MESSAGE
# so that the 64 KiB limit itself is reachable; an autodiscover document just past
# AD_DOC_MAX_BYTES (256 KiB) for the same reason.
FUZZ_MAXLEN_uri    = 1280
FUZZ_MAXLEN_naming = 1024
FUZZ_MAXLEN_dns    = 65535
FUZZ_MAXLEN_sip    = 66000
FUZZ_MAXLEN_autodiscover = 263000
FUZZ_ENV   = ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
FUZZ_FLAGS = -print_final_stats=1 -timeout=10 -rss_limit_mb=2048
FUZZ_DICT  = $(if $(wildcard tests/fuzz/$*.dict),-dict=tests/fuzz/$*.dict)

.PHONY: fuzz-build fuzz fuzz-smoke fuzz-regress fuzz-crashes fuzz-clean $(FUZZ_RUNS) $(FUZZ_REGRESS)

fuzz-build: $(FUZZ_BINS)

$(FUZZ_DIR)/obj/%.o: src/%.c $(SRC_HEADERS)
	@mkdir -p $(@D)
	@echo "  CC    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPS_CFLAGS) $(call layer_incs,$(call layer_of,$<)) -c -o $@ $<

$(FUZZ_BINS): $(FUZZ_DIR)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS) $(SRC_HEADERS)
	@echo "  LD    $@"
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(DEPS_CFLAGS) $(ALL_INCS) -o $@ $< $(FUZZ_OBJS) $(FUZZ_LDFLAGS) $(DEPS_LIBS)

fuzz: $(FUZZ_RUNS)

fuzz-smoke: FUZZ_TIME = $(FUZZ_SMOKE_SECONDS)
fuzz-smoke: $(FUZZ_RUNS)

# The run works on a copy of the seeds so that the inputs it adds never reach the tree.
# Its summary (final coverage and stats) is printed; on a finding, the log's tail too.
$(FUZZ_RUNS): fuzz-run-%: $(FUZZ_DIR)/fuzz_%
	@echo "  FUZZ  $* for $(FUZZ_TIME) s (log: $(FUZZ_DIR)/fuzz_$*.log)"
	$(Q)mkdir -p $(FUZZ_DIR)/corpus-$* $(FUZZ_DIR)/artifacts-$*
	$(Q)cp -R tests/fuzz/corpus/$*/. $(FUZZ_DIR)/corpus-$*/
	$(Q)$(FUZZ_ENV) $< $(FUZZ_FLAGS) -max_len=$(FUZZ_MAXLEN_$*) -max_total_time=$(FUZZ_TIME) $(FUZZ_DICT) \
		-artifact_prefix=$(FUZZ_DIR)/artifacts-$*/ $(FUZZ_DIR)/corpus-$* >$(FUZZ_DIR)/fuzz_$*.log 2>&1; \
	rc=$$?; \
	grep -E '^#[0-9]+[[:space:]]+DONE|^stat::' $(FUZZ_DIR)/fuzz_$*.log | sed 's/^/  $*: /'; \
	if [ $$rc -ne 0 ]; then \
		tail -n 60 $(FUZZ_DIR)/fuzz_$*.log; \
		echo "fuzz_$*: FAILED (exit $$rc); the input is in $(FUZZ_DIR)/artifacts-$*/" >&2; exit 1; \
	fi

fuzz-regress: $(FUZZ_REGRESS)

$(FUZZ_REGRESS): fuzz-regress-%: $(FUZZ_DIR)/fuzz_%
	@echo "  RUN   $< over tests/fuzz/corpus/$*"
	$(Q)$(FUZZ_ENV) $< -runs=0 -max_len=$(FUZZ_MAXLEN_$*) tests/fuzz/corpus/$* >$(FUZZ_DIR)/regress_$*.log 2>&1 \
		|| { tail -n 60 $(FUZZ_DIR)/regress_$*.log; exit 1; }

# Each reproducer under tests/fuzz/crashes/<target>/ against its target: a fixed one passes.
fuzz-crashes: $(FUZZ_BINS)
	$(Q)status=0; \
	for t in $(FUZZ_TARGETS); do \
		for f in tests/fuzz/crashes/$$t/crash-*; do \
			[ -f "$$f" ] || continue; \
			if $(FUZZ_ENV) $(FUZZ_DIR)/fuzz_$$t "$$f" >$(FUZZ_DIR)/replay.log 2>&1; then \
				echo "  fixed     $$f"; \
			else \
				echo "  CRASHES   $$f"; grep -m1 -E '^(==[0-9]+==ERROR|SUMMARY|.*invariant violated)' $(FUZZ_DIR)/replay.log; status=1; \
			fi; \
		done; \
	done; \
	exit $$status

fuzz-clean:
	rm -rf $(FUZZ_DIR)
