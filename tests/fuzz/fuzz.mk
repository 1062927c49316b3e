# tests/fuzz/fuzz.mk - host fuzzing with libFuzzer (Debian's clang): `make fuzz-host
# SECONDS=N` runs each target for N seconds (default 60) under AddressSanitizer and
# UBSan, starting from the checked-in seed corpus (tests/fuzz/corpus/TARGET, copied
# to $(BUILD)/fuzz/corpus-TARGET, where new inputs collect). SEED=N fixes libFuzzer's
# seed (a run is then repeatable); FUZZ=TARGET... runs only those targets. A crash
# leaves its input in $(BUILD)/fuzz/ (crash-*): keep it in the corpus and add a
# regression test named after the bug.
#
# Targets:
#   elf    kernel/elf.c's elf_check
#   cpio   kernel/cpio.c's reader
#   path   kernel/vfs.c's path lookup and operations on names (with kernel/ramfs.c)
#   shell  the shell's lexer and parser (userland/programs/shell/lex.c, parse.c),
#          and its word expansion (expand.c) without running anything
#
# `make fuzz-replay` (part of `make test` and `make unit-tests` when clang is
# installed: tests/fuzz/replay.sh) runs each target once over its checked-in
# corpus, a quick check that every past crash stays fixed.
FUZZ_OUT     := $(BUILD)/fuzz
FUZZ_CFLAGS  := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
FUZZ_KFLAGS  := -DHOST_TEST -iquote kernel -I . -include tests/unit/host_rename.h
FUZZ_TARGETS := elf cpio path shell

FUZZ_KDEPS   := $(wildcard kernel/*.h abi/*.h tests/unit/host_rename.h)

# FUZZ_SRCS_t: what fuzz_t is built from besides tests/fuzz/fuzz_t.c; FUZZ_FLAGS_t:
# its compiler flags; FUZZ_LDFLAGS_t: its link flags; FUZZ_DEPS_t: headers.
FUZZ_SRCS_elf    := kernel/elf.c kernel/string.c
FUZZ_FLAGS_elf   := $(FUZZ_KFLAGS)
FUZZ_DEPS_elf    := $(FUZZ_KDEPS)
FUZZ_SRCS_cpio   := kernel/cpio.c kernel/string.c
FUZZ_FLAGS_cpio  := $(FUZZ_KFLAGS)
FUZZ_DEPS_cpio   := $(FUZZ_KDEPS)
# path: kmalloc is the harness's (the host's malloc, so ASan sees each inode), and
# inode_new is wrapped to count the live inodes.
FUZZ_SRCS_path   := kernel/vfs.c kernel/ramfs.c kernel/string.c
FUZZ_FLAGS_path  := $(FUZZ_KFLAGS)
FUZZ_DEPS_path   := $(FUZZ_KDEPS)
FUZZ_LDFLAGS_path := -Wl,--wrap=inode_new
# shell: built against the host's C library, tests/fuzz/shell/libuser.h standing in
# for userland/libuser's (no system call is ever made: the harness's stubs answer).
FUZZ_SRCS_shell  := $(patsubst %,userland/programs/shell/%.c,lex parse util expand var)
FUZZ_FLAGS_shell := -I tests/fuzz/shell -I . -iquote userland/programs/shell
FUZZ_DEPS_shell  := userland/programs/shell/sh.h $(wildcard tests/fuzz/shell/*.h abi/*.h)

define FUZZ_RULE
$(FUZZ_OUT)/fuzz_$(1): tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) tests/fuzz/fuzz.mk $(FUZZ_DEPS_$(1))
	@mkdir -p $$(@D)
	$(Q)clang $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -o $$@ tests/fuzz/fuzz_$(1).c $(FUZZ_SRCS_$(1)) $(FUZZ_LDFLAGS_$(1))
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULE,$(t))))

# FUZZ_OPTS_t: libFuzzer options of its own (the run is in $(FUZZ_OUT): absolute
# paths): a dictionary of each script language's words; an input that takes 10 s
# is a failure (a hang); the shell takes lines of 10,000 bytes and more.
FUZZ_OPTS_path   := -dict=$(CURDIR)/tests/fuzz/path.dict -timeout=10
FUZZ_OPTS_shell  := -dict=$(CURDIR)/tests/fuzz/shell.dict -max_len=16384 -timeout=10

FUZZ_RUN := $(or $(FUZZ),$(FUZZ_TARGETS))
fuzz_rparen := )
# Sets $opts in the shell loops below to the target $t's FUZZ_OPTS_t.
FUZZ_OPTS_CASE = case $$t in $(foreach t,$(FUZZ_TARGETS),$(t)$(fuzz_rparen) opts='$(FUZZ_OPTS_$(t))';;) esac

.PHONY: fuzz-host fuzz-replay
fuzz-host: $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_RUN))
	$(Q)for t in $(FUZZ_RUN); do $(FUZZ_OPTS_CASE); \
	    mkdir -p $(FUZZ_OUT)/corpus-$$t && cp -n tests/fuzz/corpus/$$t/* $(FUZZ_OUT)/corpus-$$t/ && \
	    echo "fuzz-host: $$t for $(or $(SECONDS),60) s$(if $(SEED), (seed $(SEED)))" && \
	    (cd $(FUZZ_OUT) && ./fuzz_$$t -max_total_time=$(or $(SECONDS),60) -print_final_stats=1 \
	        $(if $(SEED),-seed=$(SEED)) $$opts corpus-$$t > fuzz_$$t.log 2>&1); rc=$$?; \
	    tail -n 12 $(FUZZ_OUT)/fuzz_$$t.log; \
	    [ $$rc = 0 ] || { echo "fuzz-host: $$t failed: see $(FUZZ_OUT)/fuzz_$$t.log"; exit 1; }; \
	done

# Each checked-in input once (no fuzzing): TAP lines, as in make test.
fuzz-replay: $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))
	$(Q)bash tests/fuzz/replay.sh $(BUILD)

# make test and make unit-tests replay the corpora too (tests/run.sh), when clang
# is there to build the targets (about 10 s from scratch); otherwise they skip it.
ifneq ($(shell command -v clang 2>/dev/null),)
test unit-tests: $(patsubst %,$(FUZZ_OUT)/fuzz_%,$(FUZZ_TARGETS))
endif
