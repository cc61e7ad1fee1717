# zhibiao — extract economic indicators from Chinese articles.
# make            build bin/zhibiao
# make deps       install missing Debian packages (sudo when not root)
# make test       deps, build, then every test; ends with "N passed, N failed"
# make demo       deps, build, then the main job on samples/

CC ?= cc
PKG_CONFIG ?= pkg-config
CFLAGS ?= -O2 -g
WARN = -std=c11 -Wall -Wextra -Wshadow -Wformat=2 -Wmissing-prototypes \
       -Wstrict-prototypes
CPPFLAGS += -D_XOPEN_SOURCE=700 -DPCRE2_CODE_UNIT_WIDTH=8 -Ibuild -Iextract \
            -DZHIBIAO_RULES_DIR='"$(CURDIR)/rules"'

PCRE_CFLAGS := $(shell $(PKG_CONFIG) --cflags libpcre2-8 2>/dev/null)
PCRE_LIBS := $(shell $(PKG_CONFIG) --libs libpcre2-8 2>/dev/null || echo -lpcre2-8)
OPENCC_CFLAGS := $(shell $(PKG_CONFIG) --cflags opencc 2>/dev/null || echo -I/usr/include/opencc)
OPENCC_LIBS := $(shell $(PKG_CONFIG) --libs opencc 2>/dev/null || echo -lopencc)
# Debian's libcsv-dev ships no .pc file
LIBS = $(PCRE_LIBS) -lcsv -lm

ifeq ($(SANITIZE),1)
CFLAGS += -fsanitize=address,undefined -fno-omit-frame-pointer
LDFLAGS += -fsanitize=address,undefined
endif

SRCS := $(wildcard extract/*.c)
OBJS := $(SRCS:extract/%.c=build/%.o)
LIBOBJS := $(filter-out build/main.o,$(OBJS))
UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=build/tests/%)

.PHONY: all deps test unit demo clean format-check
all: bin/zhibiao

bin/zhibiao: $(OBJS)
	@mkdir -p bin
	$(CC) $(LDFLAGS) -o $@ $(OBJS) $(LIBS)

build/%.o: extract/%.c
	@mkdir -p build
	$(CC) $(CPPFLAGS) $(PCRE_CFLAGS) $(WARN) $(CFLAGS) -MMD -MP -c -o $@ $<

# The traditional -> simplified character table comes from OpenCC's
# TSCharacters dictionary, read through libopencc at build time.
build/t2s_table.h: tools/gen_t2s.c
	@mkdir -p build
	$(CC) $(CPPFLAGS) $(OPENCC_CFLAGS) -O1 -o build/gen_t2s $< $(OPENCC_LIBS)
	build/gen_t2s > $@.tmp && mv $@.tmp $@

build/normalize.o: build/t2s_table.h

build/tests/%: tests/unit/%.c $(LIBOBJS) tests/unit/check.h
	@mkdir -p build/tests
	$(CC) $(CPPFLAGS) $(PCRE_CFLAGS) $(WARN) $(CFLAGS) -Wno-missing-prototypes \
		$(LDFLAGS) -o $@ $< $(LIBOBJS) $(LIBS)

deps:
	@sh tools/deps.sh

unit: $(UNIT_BINS)

test: deps
	@$(MAKE) --no-print-directory all unit
	@sh tests/run.sh

demo: deps
	@$(MAKE) --no-print-directory all
	bin/zhibiao extract --manifest samples/manifest.csv -o output/observations.csv
	@echo "wrote output/observations.csv ($$(($$(wc -l < output/observations.csv) - 1)) rows)"

clean:
	rm -rf build bin

-include $(OBJS:.o=.d)
