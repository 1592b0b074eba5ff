# The two commands of the README, and the few a developer needs besides.
#   make run   installs dependencies, builds, builds a sample firmware and scans it
#   make test  installs dependencies, builds (normal and ASan+UBSan), runs every test
JOBS ?= $(shell nproc)
BUILD ?= build
ASAN_BUILD ?= build-asan
FUZZ_BUILD ?= build-fuzz
export GB_FIXTURES ?= $(HOME)/.cache/glassbox/fixtures

.PHONY: all deps build asan test unit run fixtures fuzz fuzz-smoke bench install format clean

all: build

deps:
	bash scripts/install-deps.sh

$(BUILD)/build.ninja $(BUILD)/Makefile:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: $(BUILD)/Makefile
	cmake --build $(BUILD) -j $(JOBS)

asan:
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DGB_SANITIZE=ON
	cmake --build $(ASAN_BUILD) -j $(JOBS)

fixtures:
	bash tests/fixtures/build-all.sh "$(GB_FIXTURES)"

test: deps build asan fixtures
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --output-on-failure -j $(JOBS)
	$(MAKE) fuzz-smoke

fuzz:
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=Debug -DGB_FUZZ=ON -DGB_TESTS=OFF
	cmake --build $(FUZZ_BUILD) -j $(JOBS)

fuzz-smoke: fuzz
	bash tests/fuzz/smoke.sh $(FUZZ_BUILD)

run: deps build
	bash tests/fixtures/build-sample.sh sample
	$(BUILD)/glassbox scan sample/router.bin --db sample/glassbox.db -o report.json --format json
	$(BUILD)/glassbox report --db sample/glassbox.db latest --format text

bench: deps build fixtures
	bash scripts/install-deps.sh --bench
	bash bench/run.sh

install: build
	cmake --install $(BUILD)

format:
	clang-format -i $$(git ls-files '*.c' '*.h')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(FUZZ_BUILD)
