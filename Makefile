# fangkong — GNU Makefile front door.
#   make          build ./fangkong (optimised)
#   make run      install what is missing, build, demo database, serve :8080
#   make test     install what is missing, build, run every test, one summary line
#   make bench    benchmarks side by side (see bench/)
#   make clean
# Everything generated goes to build/.

CC      ?= cc
PKGS    := libmicrohttpd sqlite3 jansson libsodium expat minizip freexl xlsxwriter libqrencode
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lcsv -lpthread -lm
WARN    := -Wall -Wextra -Wshadow -Wno-sign-conversion -Wformat=2 -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wno-missing-field-initializers \
           -Wno-format-truncation  # snprintf truncation is the intended, checked behaviour
CFLAGS  ?= -O2 -g
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc -Ibuild/gen
SAN     := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined

SRCS    := $(sort $(wildcard src/*/*.c))
GEN_C   := build/gen/pinyin_data.c build/gen/region_data.c
WEB_FILES := $(shell find web -type f 2>/dev/null | sort)
OBJS    := $(SRCS:%.c=build/rel/%.o) $(GEN_C:build/gen/%.c=build/rel/gen/%.o) build/rel/assets.o
SOBJS   := $(SRCS:%.c=build/san/%.o) $(GEN_C:build/gen/%.c=build/san/gen/%.o) build/san/assets.o
TESTS   := $(sort $(wildcard tests/unit/test_*.c))
TBINS   := $(TESTS:tests/unit/%.c=build/san/tests/%)

.PHONY: all deps deps-test run test test-unit test-api test-e2e bench clean format check-format
all: fangkong

deps:
	@scripts/deps.sh build
deps-test:
	@scripts/deps.sh test

fangkong: build/rel/main.o $(OBJS)
	$(CC) -o $@ $^ $(PKG_LIBS)
# the sanitizer build used by the API and browser tests
build/fangkong-san: build/san/main.o $(SOBJS)
	$(CC) $(SAN) -o $@ $^ $(PKG_LIBS)

build/rel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/san/%.o: %.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<
build/rel/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<
build/san/main.o: src/main.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -MMD -MP -c -o $@ $<
build/rel/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<
build/san/gen/%.o: build/gen/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -c -o $@ $<

# Generated tables
build/gen/pinyin_data.c: tools/gen_pinyin.awk
	@mkdir -p build/gen
	bzcat /usr/share/unicode/Unihan_Readings.txt.bz2 | LC_ALL=C awk -f tools/gen_pinyin.awk > $@.tmp && mv $@.tmp $@
build/gen/region_data.c: tools/gen_regions.mjs
	@mkdir -p build/gen
	node tools/gen_regions.mjs > $@.tmp && mv $@.tmp $@

# Web assets embedded into the binary (see tools/embed.sh)
build/gen/assets.S: tools/embed.sh $(WEB_FILES) package-lock.json
	@mkdir -p build/gen
	tools/embed.sh build/gen > $@.tmp && mv $@.tmp $@
build/rel/assets.o build/san/assets.o: build/gen/assets.S
	@mkdir -p $(dir $@)
	$(CC) -c -x assembler -o $@ $<

build/san/tests/%: tests/unit/%.c $(SOBJS)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(SAN) -Itests/unit -o $@ $< $(SOBJS) $(PKG_LIBS) -lcmocka

run: deps
	@$(MAKE) --no-print-directory -j2 fangkong
	@test -f fangkong.db || ./fangkong demo --db fangkong.db
	@echo "打开 http://127.0.0.1:8080/ — 登录 admin / Demo2020（演示账号见 README）"
	./fangkong serve --db fangkong.db --listen 127.0.0.1:8080

test: deps-test
	@$(MAKE) --no-print-directory -j2 fangkong build/fangkong-san $(TBINS)
	@tests/run-all.sh

test-unit: $(TBINS)
	@fail=0; for t in $(TBINS); do $$t > build/$$(basename $$t).log 2>&1 || { echo "FAIL $$t"; tail -20 build/$$(basename $$t).log; fail=1; }; done; \
	[ $$fail = 0 ] && echo "unit tests passed"

# benchmarks: deps first (wrk, nginx, pandas…), then the optimised build, then
# bench/run.sh (bench/README.md); BENCH_* variables are passed through
bench:
	@scripts/deps.sh bench
	@$(MAKE) --no-print-directory fangkong
	@bench/run.sh

format:
	clang-format -i $(SRCS) src/main.c $(wildcard src/*/*.h) $(TESTS)
check-format:
	@clang-format --dry-run --Werror $(SRCS) src/main.c $(wildcard src/*/*.h) $(TESTS)

clean:
	rm -rf build fangkong

-include $(shell find build -name '*.d' 2>/dev/null)
