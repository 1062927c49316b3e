# tests/fuzz/fuzz.mk - host fuzzing with libFuzzer (Debian's clang): `make fuzz-host
# SECONDS=N` runs each target for N seconds (default 60) under AddressSanitizer and
# UBSan, starting from the checked-in seed corpus (tests/fuzz/corpus/TARGET, copied
# to $(BUILD)/fuzz/corpus-TARGET, where new inputs collect). A crash leaves its input
# in $(BUILD)/fuzz/ (crash-*): add it to the unit tests as a regression test.
#
# Targets: elf (kernel/elf.c's elf_check), cpio (kernel/cpio.c's reader).
FUZZ_OUT     := $(BUILD)/fuzz
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -DHOST_TEST -iquote kernel -I . -include tests/unit/host_rename.h \
                -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_TARGETS := elf cpio
FUZZ_KMODS_elf  := elf string
FUZZ_KMODS_cpio := cpio string

define FUZZ_RULE
$(FUZZ_OUT)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(patsubst %,kernel/%.c,$(FUZZ_KMODS_$(1))) tests/fuzz/fuzz.mk
	@mkdir -p $$(@D)
	$(Q)clang $(FUZZ_CFLAGS) -o $$@ tests/fuzz/fuzz_$(1).c $(patsubst %,kernel/%.c,$(FUZZ_KMODS_$(1)))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

.PHONY: fuzz-host
fuzz-host: $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))
	$(Q)for t in $(FUZZ_TARGETS); do \
	    mkdir -p $(FUZZ_OUT)/corpus-$$t && cp -n tests/fuzz/corpus/$$t/* $(FUZZ_OUT)/corpus-$$t/ && \
	    echo "fuzz-host: $$t for $(or $(SECONDS),60) s" && \
	    (cd $(FUZZ_OUT) && ./fuzz_$$t -max_total_time=$(or $(SECONDS),60) -print_final_stats=1 corpus-$$t \
	        > fuzz_$$t.log 2>&1); rc=$$?; tail -n 12 $(FUZZ_OUT)/fuzz_$$t.log; \
	    [ $$rc = 0 ] || { echo "fuzz-host: $$t failed: see $(FUZZ_OUT)/fuzz_$$t.log"; exit 1; }; \
	done
