# tests/unit/unit.mk - host unit tests for the pure kernel modules (cmocka, ASan, UBSan).
#
# Included from the top-level Makefile, which provides $(BUILD) and $(Q). Defines
# UNIT_TESTS, the test binaries ($(BUILD)/unit/test_<module>), and the rules that
# build them; running them is the top-level Makefile's business, e.g.
#   CMOCKA_MESSAGE_OUTPUT=TAP build/unit/test_pmm
#
# Kernel sources are compiled for the host with -DHOST_TEST and with
# tests/unit/host_rename.h forced in (kernel/string.c's memset, strlen, ... become
# k_memset, k_strlen, ... so they do not clash with libc). -iquote kernel, never
# -I kernel: kernel/string.h must not shadow libc's <string.h>.

UNIT_SRCDIR  := tests/unit
UNIT_OUT     := $(BUILD)/unit
UNIT_CC      ?= gcc
UNIT_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
UNIT_WARN    := -Wall -Wextra -Werror -Wno-unused-parameter
UNIT_CFLAGS  := -std=gnu11 -g -O1 -DHOST_TEST -iquote kernel -I . $(UNIT_SAN) $(UNIT_WARN) -MMD -MP
UNIT_KCFLAGS := $(UNIT_CFLAGS) -include $(UNIT_SRCDIR)/host_rename.h
UNIT_LDFLAGS := $(UNIT_SAN)
UNIT_LDLIBS  := -lcmocka
# The top-level Makefile's quiet-mode line printer, when there is one.
UNIT_SAY = $(if $(value say),$(call say,$(1),$(2)),echo "  $(1)	$(2)")

# test_<name> is built from tests/unit/test_<name>.c, tests/unit/support.c and the
# kernel modules listed in UNIT_KMODS_<name> (kernel/<module>.c).
UNIT_NAMES := string printf cmdline cpio multiboot pmm vm kmalloc elf fs
UNIT_KMODS_string    := string
UNIT_KMODS_printf    := printf string
UNIT_KMODS_cmdline   := cmdline string
UNIT_KMODS_cpio      := cpio string
UNIT_KMODS_multiboot := multiboot cmdline string
UNIT_KMODS_pmm       := pmm string
UNIT_KMODS_vm        := vm pmm string
UNIT_KMODS_kmalloc   := kmalloc pmm string
UNIT_KMODS_elf       := elf string
# test_fs: the file tree (vfs.c, ramfs.c, file.c); test_fs.c itself stubs what
# they reach beyond these (timer_ticks, devfs_root, procfs_root, the user copies).
UNIT_KMODS_fs        := vfs ramfs file kmalloc pmm string
# Extra objects: test_cpio also reads an archive made by the host's cpio(1).
UNIT_EXTRA_cpio      := $(UNIT_OUT)/sample_cpio.o

UNIT_TESTS := $(patsubst %,$(UNIT_OUT)/test_%,$(UNIT_NAMES))

# Kernel modules, host build.
$(UNIT_OUT)/kernel/%.o: kernel/%.c $(UNIT_SRCDIR)/host_rename.h $(UNIT_SRCDIR)/unit.mk
	@mkdir -p $(@D)
	$(Q)$(call UNIT_SAY,HOSTCC,$<)
	$(Q)$(UNIT_CC) $(UNIT_KCFLAGS) -c $< -o $@

# Test sources and support code.
$(UNIT_OUT)/%.o: $(UNIT_SRCDIR)/%.c $(UNIT_SRCDIR)/unit.mk
	@mkdir -p $(@D)
	$(Q)$(call UNIT_SAY,HOSTCC,$<)
	$(Q)$(UNIT_CC) $(UNIT_CFLAGS) -c $< -o $@

define UNIT_LINK_RULE
$(UNIT_OUT)/test_$(1): $(UNIT_OUT)/test_$(1).o $(UNIT_OUT)/support.o \
                       $(patsubst %,$(UNIT_OUT)/kernel/%.o,$(UNIT_KMODS_$(1))) $(UNIT_EXTRA_$(1))
	$(Q)$$(call UNIT_SAY,HOSTLD,$$@)
	$(Q)$(UNIT_CC) $(UNIT_LDFLAGS) -o $$@ $$^ $(UNIT_LDLIBS)
endef
$(foreach n,$(UNIT_NAMES),$(eval $(call UNIT_LINK_RULE,$(n))))

# A sample newc archive made by the host's cpio(1) from a small, known tree (the
# contents test_cpio.c expects), embedded with .incbin.
UNIT_CPIO_TREE := $(UNIT_OUT)/cpio-tree
$(UNIT_OUT)/sample.cpio: $(UNIT_SRCDIR)/unit.mk
	@mkdir -p $(@D)
	$(Q)$(call UNIT_SAY,CPIO,$@)
	$(Q)rm -rf $(UNIT_CPIO_TREE) && mkdir -p $(UNIT_CPIO_TREE)/dir/sub
	$(Q)printf 'hello, world\n' > $(UNIT_CPIO_TREE)/hello.txt
	$(Q): > $(UNIT_CPIO_TREE)/empty
	$(Q)printf 'abcde' > $(UNIT_CPIO_TREE)/dir/five.bin
	$(Q)seq 1 2000 > $(UNIT_CPIO_TREE)/dir/sub/numbers.txt
	$(Q)ln -s hello.txt $(UNIT_CPIO_TREE)/link
	$(Q)cd $(UNIT_CPIO_TREE) && find . -mindepth 1 | sed 's|^\./||' | LC_ALL=C sort | \
	    cpio -o -H newc -R 0:0 --reproducible --quiet > ../sample.cpio.tmp
	$(Q)mv $@.tmp $@

$(UNIT_OUT)/sample_cpio.o: $(UNIT_SRCDIR)/sample_cpio.S $(UNIT_OUT)/sample.cpio
	@mkdir -p $(@D)
	$(Q)$(call UNIT_SAY,HOSTAS,$<)
	$(Q)$(UNIT_CC) -c -DUNIT_CPIO_FILE='"$(UNIT_OUT)/sample.cpio"' $< -o $@

-include $(wildcard $(UNIT_OUT)/*.d $(UNIT_OUT)/kernel/*.d)
