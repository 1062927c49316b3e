# tests/tests.mk - `make test`: host unit tests (cmocka, ASan + UBSan) and boot tests
# (QEMU under TCG, serial log checked). tests/run.sh runs them all and prints the
# closing "N passed, M failed" line.

-include tests/unit/unit.mk

test: $(BUILD)/tinyos.elf $(BUILD)/test/tinyos.elf $(BUILD)/tinyos.iso $(UNIT_TESTS)
	$(Q)BUILD=$(BUILD) bash tests/run.sh $(UNIT_TESTS)

unit-tests: $(UNIT_TESTS)
	$(Q)BUILD=$(BUILD) bash tests/run.sh --unit-only $(UNIT_TESTS)

boot-tests: $(BUILD)/tinyos.elf $(BUILD)/test/tinyos.elf $(BUILD)/tinyos.iso
	$(Q)BUILD=$(BUILD) bash tests/run.sh --boot-only

# make fuzz [MINUTES=N] [SEED=N] [WORKERS=N] [REPLAY="W INC [ITER [FROM]]"] [ONLY=NR,...]:
# the in-OS system-call fuzzer as pid 1 of the test kernel (tests/boot/fuzz.sh).
.PHONY: fuzz
fuzz: $(BUILD)/test/tinyos.elf
	$(Q)BUILD=$(BUILD) MINUTES="$(MINUTES)" SEED="$(SEED)" WORKERS="$(WORKERS)" REPLAY="$(REPLAY)" ONLY="$(ONLY)" \
	    HANG="$(HANG)" bash tests/boot/fuzz.sh
