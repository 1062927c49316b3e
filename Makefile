# Tiny OS - the top-level Makefile.
#
#   make            build build/tinyos.elf (boot with qemu -kernel) and build/tinyos.iso (GRUB)
#   make run        boot it in QEMU, serial console on this terminal (KVM if usable, else TCG)
#   make test       build everything, run every test, end with "N passed, M failed"
#   make soak       MINUTES=N of many processes with checksums under a fast timer (tools/soak.sh)
#   make gdb        boot halted under QEMU's gdb stub with gdb attached
#   make clean
#
# Build order, as the design says: libuser -> programs -> initramfs (cpio newc)
# -> the kernel that embeds it. The kernel is linked twice: the second link adds
# the symbol table made from the first (tools/gensyms.sh) for panic backtraces.

BUILD   := build
CC      := gcc
LD      := ld
# `make V=1` shows the full commands.
ifeq ($(V),1)
Q :=
say = true
else
Q := @
say = echo "  $(1)	$(2)"
endif

# Everything needs the Debian tools; install them (as root) or say how.
ifeq ($(filter clean,$(MAKECMDGOALS)),)
DEPS_STATUS := $(shell sh tools/deps.sh $(filter gdb bench fuzz-host fuzz-replay,$(MAKECMDGOALS)) 1>&2; echo $$?)
ifneq ($(DEPS_STATUS),0)
$(error required tools are missing; see the message above)
endif
endif

WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
GCCINC   = $(shell $(CC) -print-file-name=include)

# Kernel: freestanding, higher half (-mcmodel=kernel), no red zone (interrupts push
# onto the stack), no SSE/x87 (-mgeneral-regs-only: user FPU state stays untouched),
# frame pointers for backtraces, only gcc's own headers.
KCFLAGS  = -std=gnu11 -O2 -g $(WARN) -ffreestanding -nostdinc -isystem $(GCCINC) \
           -mno-red-zone -mcmodel=kernel -fno-pic -fno-pie -mgeneral-regs-only \
           -fno-stack-protector -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
           -fno-asynchronous-unwind-tables -fcf-protection=none \
           -fno-tree-loop-distribute-patterns -fno-strict-aliasing \
           -iquote kernel -I . -I $(BUILD)/gen -MMD -MP \
           -DINITRAMFS_FILE='"$(BUILD)/initramfs.cpio"'
# The test kernel (build/test/tinyos.elf) is also built with the sanitizers: UBSan
# (kernel/sanitize.c reports file, line and kind, then panics) and the stack
# protector with a global guard that sanitize_init makes random at boot.
KTESTFLAGS := -DTINYOS_TEST -fsanitize=undefined -fno-sanitize-recover=all \
              -fstack-protector-strong -mstack-protector-guard=global
KLDFLAGS := -nostdlib -z max-page-size=0x1000 -z noexecstack --no-warn-rwx-segments \
            -T kernel/arch/x86_64/kernel.ld

KSRCS := $(sort $(wildcard kernel/*.c kernel/*.S kernel/arch/x86_64/*.c kernel/arch/x86_64/*.S))
KOBJS      := $(patsubst %,$(BUILD)/%.o,$(KSRCS))
KTEST_OBJS := $(patsubst %,$(BUILD)/test/%.o,$(KSRCS))

# Userland: static, freestanding, linked at the design's addresses.
UCFLAGS  = -std=gnu11 -O2 -g $(WARN) -ffreestanding -nostdinc -isystem $(GCCINC) \
           -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
           -fcf-protection=none -fno-tree-loop-distribute-patterns \
           -I userland/libuser -I . -I $(BUILD)/gen -MMD -MP
ULDFLAGS := -nostdlib -static -z max-page-size=0x1000 -z noexecstack -T userland/user.ld
LIBUSER_SRCS := $(sort $(wildcard userland/libuser/*.c userland/libuser/*.S))
LIBUSER_OBJS := $(patsubst %,$(BUILD)/%.o,$(LIBUSER_SRCS))
# Every folder under userland/programs/ is a program; all its .c and .S files are linked.
PROGRAMS := $(sort $(notdir $(wildcard userland/programs/*)))
prog_objs = $(patsubst %,$(BUILD)/%.o,$(sort $(wildcard userland/programs/$(1)/*.c userland/programs/$(1)/*.S)))
# Where a program goes in the initramfs: bin/NAME unless named here.
INSTALL_shell := bin/sh
INSTALL_test  := bin/usertests
INSTALL_forkbomb := test/forkbomb
INSTALL_framecheck := test/framecheck
install_path = $(or $(INSTALL_$(1)),bin/$(1))

.PHONY: all run gdb bench soak test unit-tests boot-tests clean
.DELETE_ON_ERROR:

all: $(BUILD)/tinyos.elf $(BUILD)/tinyos.iso

# ---- generated headers
$(BUILD)/gen/abi/syscall_nr.h: abi/syscall_64.tbl tools/syscalltbl.sh
	@mkdir -p $(@D)
	$(Q)$(call say,GEN,$@)
	$(Q)sh tools/syscalltbl.sh nr $< > $@
$(BUILD)/gen/syscall_table.h: abi/syscall_64.tbl tools/syscalltbl.sh
	@mkdir -p $(@D)
	$(Q)$(call say,GEN,$@)
	$(Q)sh tools/syscalltbl.sh table $< > $@
$(BUILD)/gen/abi/syscall_list.h: abi/syscall_64.tbl tools/syscalltbl.sh
	@mkdir -p $(@D)
	$(Q)$(call say,GEN,$@)
	$(Q)sh tools/syscalltbl.sh list $< > $@
GENERATED := $(BUILD)/gen/abi/syscall_nr.h $(BUILD)/gen/syscall_table.h

# ---- userland
$(BUILD)/userland/%.c.o: userland/%.c $(BUILD)/gen/abi/syscall_nr.h $(BUILD)/gen/abi/syscall_list.h
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(BUILD)/userland/%.S.o: userland/%.S
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(UCFLAGS) -c $< -o $@
$(BUILD)/libuser.a: $(LIBUSER_OBJS)
	$(Q)rm -f $@
	$(Q)ar rcs $@ $^
define program_rule
$(BUILD)/programs/$(1): $(call prog_objs,$(1)) $(BUILD)/libuser.a userland/user.ld
	@mkdir -p $$(@D)
	$(Q)$$(call say,LD,$$@)
	$(Q)$(LD) $(ULDFLAGS) -o $$@ $(BUILD)/userland/libuser/crt0.S.o $(call prog_objs,$(1)) $(BUILD)/libuser.a
endef
$(foreach p,$(PROGRAMS),$(eval $(call program_rule,$(p))))

# A host tool that writes malformed ELF files (from a good one) for the loader tests.
$(BUILD)/tools/mkbadelf: tools/mkbadelf.c
	@mkdir -p $(@D)
	$(Q)$(call say,HOSTCC,$<)
	$(Q)$(CC) -std=gnu11 -O2 -Wall -Wextra -Werror -o $@ $<

# ---- real Linux programs: C built with Debian's musl-gcc -static, run unmodified
MUSL_PROGRAMS := $(patsubst tests/musl/%.c,$(BUILD)/musl/%,$(wildcard tests/musl/*.c))
$(BUILD)/musl/%: tests/musl/%.c
	@mkdir -p $(@D)
	$(Q)$(call say,MUSLCC,$<)
	$(Q)musl-gcc -static -O2 -Wall -Wextra -Werror -o $@ $<

# Debian's busybox-static, unmodified, goes to /usr/bin with a link per applet
# (after /bin in PATH, so the project's own utilities come first). `make run
# BUSYBOX=` leaves it out (make test needs it). The choice is remembered in a
# stamp file, so that changing it rebuilds the initramfs.
BUSYBOX ?= /bin/busybox
BUSYBOX_STAMP := $(BUILD)/busybox.choice
$(shell mkdir -p $(BUILD) && [ -f $(BUSYBOX_STAMP) ] && [ "$$(cat $(BUSYBOX_STAMP))" = "$(BUSYBOX)" ] || \
        echo "$(BUSYBOX)" > $(BUSYBOX_STAMP))

# ---- initramfs: the programs (without debug info: build/programs/ keeps it for gdb),
# userland/rootfs/ (data files), the shell's test cases (/shelltests), generated test
# files; packed as a newc cpio archive
ROOTFS_FILES := $(shell find userland/rootfs tests/shell/cases -type f 2>/dev/null) tests/shell/inos.sh \
                tests/busybox/script.sh
$(BUILD)/initramfs.cpio: $(addprefix $(BUILD)/programs/,$(PROGRAMS)) $(ROOTFS_FILES) $(MUSL_PROGRAMS) $(BUSYBOX_STAMP) \
                         $(if $(wildcard tools/mkbadelf.c),$(BUILD)/tools/mkbadelf)
	$(Q)$(call say,CPIO,$@)
	$(Q)rm -rf $(BUILD)/initramfs && mkdir -p $(BUILD)/initramfs/bin
	$(Q)if [ -d userland/rootfs ]; then cp -R userland/rootfs/. $(BUILD)/initramfs/; fi
	$(Q)mkdir -p $(BUILD)/initramfs/shelltests && cp -R tests/shell/cases tests/shell/inos.sh $(BUILD)/initramfs/shelltests/
	$(Q)mkdir -p $(BUILD)/initramfs/test/musl && $(foreach m,$(MUSL_PROGRAMS),strip -o $(BUILD)/initramfs/test/musl/$(notdir $(m)) $(m) &&) true
	$(Q)mkdir -p $(BUILD)/initramfs/test/busybox && cp tests/busybox/script.sh $(BUILD)/initramfs/test/busybox/
	$(Q)if [ -n "$(BUSYBOX)" ] && [ -x "$(BUSYBOX)" ]; then mkdir -p $(BUILD)/initramfs/usr/bin && cp $(BUSYBOX) $(BUILD)/initramfs/usr/bin/busybox && \
	    for a in $$($(BUSYBOX) --list); do [ -e $(BUILD)/initramfs/usr/bin/$$a ] || ln -s busybox $(BUILD)/initramfs/usr/bin/$$a; done; fi
	$(Q)$(foreach p,$(PROGRAMS),mkdir -p $(dir $(BUILD)/initramfs/$(call install_path,$(p))) && \
	    strip --strip-debug -o $(BUILD)/initramfs/$(call install_path,$(p)) $(BUILD)/programs/$(p) &&) true
	$(Q)if [ -x $(BUILD)/tools/mkbadelf ]; then mkdir -p $(BUILD)/initramfs/test/elf && \
	    $(BUILD)/tools/mkbadelf $(BUILD)/initramfs/test/elf $(BUILD)/programs/exitcode; fi
	$(Q)cd $(BUILD)/initramfs && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | \
	    cpio -o -H newc -R 0:0 --reproducible --quiet > ../initramfs.cpio

# ---- kernel (normal and test builds)
$(BUILD)/kernel/%.c.o: kernel/%.c $(GENERATED)
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/kernel/%.S.o: kernel/%.S $(BUILD)/initramfs.cpio
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@
$(BUILD)/test/kernel/%.c.o: kernel/%.c $(GENERATED)
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) $(KTESTFLAGS) -c $< -o $@
$(BUILD)/test/kernel/%.S.o: kernel/%.S $(BUILD)/initramfs.cpio
	@mkdir -p $(@D)
	$(Q)$(call say,CC,$<)
	$(Q)$(CC) $(KCFLAGS) -DTINYOS_TEST -c $< -o $@

# link DIR OBJS: first link with an empty symbol table, then with the real one.
define link_kernel
	@mkdir -p $(1)
	$(Q)$(call say,LD,$@ (two links: symbol table))
	$(Q)sh tools/gensyms.sh > $(1)/ksyms0.S
	$(Q)$(CC) $(KCFLAGS) -c $(1)/ksyms0.S -o $(1)/ksyms0.o
	$(Q)$(LD) $(KLDFLAGS) -o $(1)/kernel.pass1.elf $(2) $(1)/ksyms0.o
	$(Q)sh tools/gensyms.sh $(1)/kernel.pass1.elf > $(1)/ksyms.S
	$(Q)$(CC) $(KCFLAGS) -c $(1)/ksyms.S -o $(1)/ksyms.o
	$(Q)$(LD) $(KLDFLAGS) -o $@ $(2) $(1)/ksyms.o
	$(Q)sh tools/check-image.sh $(1)/kernel.pass1.elf $@
endef

$(BUILD)/tinyos.elf: $(KOBJS) kernel/arch/x86_64/kernel.ld tools/gensyms.sh tools/check-image.sh
	$(call link_kernel,$(BUILD)/link,$(KOBJS))
$(BUILD)/test/tinyos.elf: $(KTEST_OBJS) kernel/arch/x86_64/kernel.ld tools/gensyms.sh tools/check-image.sh
	$(call link_kernel,$(BUILD)/test/link,$(KTEST_OBJS))

# ---- GRUB image (legacy BIOS)
$(BUILD)/tinyos.iso: $(BUILD)/tinyos.elf tools/grub.cfg
	$(Q)rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	$(Q)cp $(BUILD)/tinyos.elf $(BUILD)/iso/boot/tinyos.elf
	$(Q)cp tools/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)$(call say,GRUB,$@)
	$(Q)grub-mkrescue -o $@ $(BUILD)/iso > $(BUILD)/grub-mkrescue.log 2>&1 || { cat $(BUILD)/grub-mkrescue.log; exit 1; }

# ---- running
run: all
	sh tools/run-qemu.sh $(BUILD)/tinyos.elf

gdb: all
	sh tools/gdb.sh $(BUILD)/tinyos.elf

# Tiny OS against Debian's Linux kernel in the same QEMU (tools/bench.sh); ROUNDS=N.
bench: all
	BUILD=$(BUILD) ROUNDS=$(or $(ROUNDS),3) bash tools/bench.sh

# The soak (tools/soak.sh): MINUTES=N (default 5), SEED=, WORKERS=, SOAK_HZ=, WATCHDOG=.
soak: $(BUILD)/tinyos.elf
	BUILD=$(BUILD) MINUTES=$(or $(MINUTES),5) SEED=$(SEED) WORKERS=$(or $(WORKERS),12) \
	    SOAK_HZ=$(or $(SOAK_HZ),1000) WATCHDOG=$(or $(WATCHDOG),120) bash tools/soak.sh

# ---- tests
include tests/tests.mk
include tests/fuzz/fuzz.mk

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
