# The two commands of the README: `make run` and `make test`. Both install what is missing
# (Debian packages, librdkafka >= 2.1, the Tansu broker), start the local stack and build.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
STACK := scripts/stack
WITH_ENV := eval "$$($(STACK) env)" &&
SWIFT_BUILD_FLAGS ?=

.PHONY: run test bench build stack-up stack-down clean

## run: start the stack, migrate, create topics, run every Relais process in the foreground (Ctrl-C stops all)
run:
	scripts/run

## test: start the stack and run every test (unit and integration); non-zero on failure
test: stack-up
	$(WITH_ENV) swift build --build-tests $(SWIFT_BUILD_FLAGS)
	$(WITH_ENV) swift test --skip-build $(SWIFT_BUILD_FLAGS) --skip IntegrationTests --skip LearningTests --skip RelayIntegration
	# Three groups run on their own, because on a 2-core machine they starve the timing checks of
	# the other suites or are starved by them: the CPU-bound algorithm tests (they hold the test
	# process's threads for seconds), the in-process relays (a socket once waited 30 s for a close
	# while the first group loaded both cores) and the process suites (each starts several
	# `relais` processes).
	$(WITH_ENV) swift test --skip-build $(SWIFT_BUILD_FLAGS) --filter LearningTests
	$(WITH_ENV) swift test --skip-build $(SWIFT_BUILD_FLAGS) --filter RelayIntegration
	$(WITH_ENV) swift test --skip-build $(SWIFT_BUILD_FLAGS) --filter IntegrationTests

## bench: run the benchmarks of bench/ against the local stack and print JSON figures
bench: stack-up
	$(WITH_ENV) swift build -c release --product relais-bench
	$(WITH_ENV) .build/release/relais-bench

## build: debug build of the relais binary
build:
	$(STACK) install
	$(WITH_ENV) swift build $(SWIFT_BUILD_FLAGS)

stack-up:
	$(STACK) up

stack-down:
	$(STACK) down

clean:
	$(STACK) down
	rm -rf .build .relais
