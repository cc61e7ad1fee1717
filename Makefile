# zhibiao — extract economic indicators from Chinese articles.
# make            build bin/zhibiao
# make deps       install missing Debian packages (sudo when not root)
# make test       deps, build, then every test; ends with "N passed, N failed"
# make demo       deps, build, then the main job on samples/
# make asan       the whole test suite built with ASan and UBSan (build/asan)
# make valgrind   the seeds extraction under valgrind memcheck
# make fuzz       each fuzz target for FUZZ_SECONDS (default 60)
# make bench      the benchmark (BENCH_MB, default 16)
# make layers     no layer of extract/ includes a higher one
# make install    bin/zhibiao, rules, plots and the man page under PREFIX
#                 (default /usr/local; DESTDIR for staging)

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
       -Wstrict-prototypes
# make install: PREFIX (default /usr/local) and DESTDIR as usual
PREFIX ?= /usr/local
BINDIR = $(PREFIX)/bin
SHAREDIR = $(PREFIX)/share/zhibiao
MANDIR = $(PREFIX)/share/man/man1
# No checkout path is built in: the binary finds its rules and plots next
# to itself (../share/zhibiao, or the checkout it sits in), else in
# SHAREDIR (cli/cli.c)
CPPFLAGS += -D_XOPEN_SOURCE=700 -DPCRE2_CODE_UNIT_WIDTH=8 -Ibuild -Iextract

PCRE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
OPENCC_CFLAGS := $(shell $(PKG_CONFIG) --cflags opencc 2>/dev/null || echo -I/usr/include/opencc)
OPENCC_LIBS := $(shell $(PKG_CONFIG) --libs opencc 2>/dev/null || echo -lopencc)
XLSX_CFLAGS := $(shell $(PKG_CONFIG) --cflags xlsxwriter 2>/dev/null)
XLSX_LIBS := $(shell $(PKG_CONFIG) --libs xlsxwriter 2>/dev/null || echo -lxlsxwriter)
CPPFLAGS += $(XLSX_CFLAGS)
# Debian's libcsv-dev ships no .pc file
LIBS = $(PCRE_LIBS) $(XLSX_LIBS) -lcsv -lm -pthread

# override: make asan passes CFLAGS on the command line, which would
# otherwise drop these
ifeq ($(SANITIZE),1)
override CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
override LDFLAGS += -fsanitize=address,undefined
endif

# BUILD and BIN let a second configuration (make asan) live beside the first
BUILD ?= build
BIN ?= bin/zhibiao
# extract/ in layers, lowest first: base, pipeline, series, plot, eval,
# nightly, cli (make layers checks that no layer includes one above it)
LAYERS := base pipeline series plot eval nightly cli
SRCS := $(foreach l,$(LAYERS),$(wildcard extract/$(l)/*.c))
OBJS := $(SRCS:extract/%.c=$(BUILD)/%.o)
LIBOBJS := $(filter-out $(BUILD)/cli/%,$(OBJS))
# tests/unit mirrors extract/: tests/unit/LAYER/test_*.c, each linked with
# the library and the shared fixture (tests/unit/fixture.c)
UNIT_SRCS := $(foreach l,$(LAYERS),$(wildcard tests/unit/$(l)/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
FIXTURE := $(BUILD)/tests/fixture.o

.PHONY: all deps test unit demo report-shot clean asan valgrind fuzz bench gatebench layers \
	install uninstall FORCE
all: $(BIN)

$(BIN): $(OBJS)
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/%.o: extract/%.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PCRE_CFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# The traditional -> simplified character table comes from OpenCC's
# TSCharacters dictionary, read through libopencc at build time.
build/t2s_table.h: tools/gen_t2s.c
	@mkdir -p build
	$(CC) $(CPPFLAGS) $(OPENCC_CFLAGS) -O1 -o build/gen_t2s $< $(OPENCC_LIBS)
	build/gen_t2s > $@.tmp && mv $@.tmp $@

$(BUILD)/pipeline/normalize.o: build/t2s_table.h

# the share folder the binary was built for; a new PREFIX rebuilds cli.o
$(BUILD)/cli/cli.o: CPPFLAGS += -DZHIBIAO_SHARE_DIR='"$(SHAREDIR)"'
$(BUILD)/cli/cli.o: $(BUILD)/share-dir
$(BUILD)/share-dir: FORCE
	@mkdir -p $(dir $@)
	@echo '$(SHAREDIR)' | cmp -s - $@ || echo '$(SHAREDIR)' > $@
FORCE:

$(FIXTURE): tests/unit/fixture.c tests/unit/fixture.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(PCRE_CFLAGS) $(WARN) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(LIBOBJS) $(FIXTURE) tests/unit/check.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests/unit $(PCRE_CFLAGS) $(WARN) $(CFLAGS) \
		-Wno-missing-prototypes $(LDFLAGS) -o $@ $< $(LIBOBJS) $(FIXTURE) $(LIBS)

deps:
	@sh tools/deps.sh

# no layer of extract/ includes a higher one (also a suite of make test)
layers:
	@sh tools/layers.sh

unit: $(UNIT_BINS)

test: deps
	@$(MAKE) --no-print-directory all unit
	@sh tests/run.sh

# Every test again, built with AddressSanitizer and UndefinedBehaviorSanitizer;
# any report fails the run.
asan: deps
	@$(MAKE) --no-print-directory BUILD=build/asan BIN=build/asan/zhibiao \
		SANITIZE=1 CFLAGS="-O1 -g" all unit
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 \
	 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99 \
	 ZHIBIAO=build/asan/zhibiao UNIT_DIR=build/asan/tests sh tests/run.sh

valgrind: deps all
	@sh tests/valgrind.sh

fuzz: deps
	@sh tests/fuzz/run.sh

bench: deps all
	@python3 tools/bench.py

# The sentence gate (scan.c) against Hyperscan on the bench corpora, where
# libhyperscan-dev is installed: how the gate's matcher was chosen.
gatebench: all
	@$(PKG_CONFIG) --exists libhs || { echo "gatebench: libhyperscan-dev is not installed"; exit 2; }
	$(CC) $(CPPFLAGS) $(PCRE_CFLAGS) $$($(PKG_CONFIG) --cflags libhs) $(WARN) $(CFLAGS) \
		-o $(BUILD)/gatebench tools/gatebench.c $(LIBOBJS) $$($(PKG_CONFIG) --libs libhs) $(LIBS) -lstdc++
	@test -f build/bench/news-16/manifest.csv || python3 tools/gencorpus.py --source ../shared/seeds build/bench/news-16 16
	@test -f build/bench/corpus-16/manifest.csv || python3 tools/gencorpus.py build/bench/corpus-16 16
	$(BUILD)/gatebench rules build/bench/news-16/manifest.csv
	$(BUILD)/gatebench rules build/bench/corpus-16/manifest.csv

# The nightly job (zhibiao run) over the samples, rebuilt from scratch:
# output/observations.csv, output/series/, output/indicators.xlsx,
# output/changes.csv, output/charts/ and the report page
# output/report/index.html (see samples/report.conf).
demo: deps
	@$(MAKE) --no-print-directory all
	bin/zhibiao run --config samples/report.conf --full
	@echo "wrote output/observations.csv ($$(($$(wc -l < output/observations.csv) - 1)) rows), output/series/, output/indicators.xlsx, output/changes.csv, output/charts/ ($$(ls output/charts | grep -c '\.png$$') charts as PNG, SVG and PDF), output/report/index.html"

# docs/report-page.png: the report page of make demo, in headless Chromium.
report-shot:
	@sh tools/report_shot.sh output/report/index.html docs/report-page.png

# The binary, the default rules, the gnuplot scripts and the man page:
#   $(DESTDIR)$(BINDIR)/zhibiao
#   $(DESTDIR)$(SHAREDIR)/rules/*.rules, plots/*.gp
#   $(DESTDIR)$(MANDIR)/zhibiao.1
install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SHAREDIR)/rules \
		$(DESTDIR)$(SHAREDIR)/plots $(DESTDIR)$(MANDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/zhibiao
	install -m 644 rules/*.rules $(DESTDIR)$(SHAREDIR)/rules/
	install -m 644 plots/*.gp $(DESTDIR)$(SHAREDIR)/plots/
	install -m 644 docs/zhibiao.1 $(DESTDIR)$(MANDIR)/zhibiao.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/zhibiao $(DESTDIR)$(MANDIR)/zhibiao.1
	rm -rf $(DESTDIR)$(SHAREDIR)

clean:
	rm -rf build bin

-include $(OBJS:.o=.d)
