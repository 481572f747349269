# kam - key account plans as files. See README.md.
#
#   make            build build/kam and build/libkam.a
#   make demo       check and show the example plans repository (status, forecast, whitespace, ...)
#   make test       unit tests, JSON Schema Test Suite, end-to-end tests
#   make asan       the whole test suite under AddressSanitizer + UBSan
#   make install    PREFIX=/usr/local DESTDIR= (also BINDIR, LIBDIR, INCLUDEDIR, MANDIR, DATADIR)
#   make dist       build/kam-VERSION.tar.gz: the sources of HEAD and a VERSION file
#   make deb        Debian packages kam and libkam-dev in build/deb (dpkg-buildpackage)
#   make test-release  the release checks that take long: make deb and lintian
#   make deps       install the Debian packages kam needs (apt-get)
#   make vsix       the VS Code extension, build/kam-VERSION.vsix (needs npm and its registry)

# the version: a release tarball's VERSION file, else git describe, else "unknown"
VERSION := $(shell cat VERSION 2>/dev/null || git describe --tags --always --dirty 2>/dev/null || echo unknown)
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
MANDIR ?= $(DATADIR)/man
DESTDIR ?=
BUILD ?= build
CC ?= cc
CFLAGS ?= -O2 -g
WERROR ?=
SANITIZE ?=
# where SARIF's helpUri points: kam's docs folder (rules.md#rule-id below it)
DOCS_URL ?= https://your.forge/your-org/kam/blob/main/docs
BATS_SUITES ?= tests/e2e tests/bad-input tests/hostile

PKGS := libgit2 yaml-0.1 libcmark-gfm libpcre2-8 jansson libutf8proc
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# Debian 12 ships no pkg-config file for the extensions library
PKG_LIBS := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
PKG_LIBS += $(filter-out $(PKG_LIBS),-lcmark-gfm-extensions)

WARNINGS := -Wall -Wextra $(if $(WERROR),-Werror)
# -fPIC: libkam.a may be linked into shared objects (libkam-dev)
ALL_CFLAGS := -std=c11 -fPIC $(WARNINGS) $(CPPFLAGS) $(CFLAGS) $(SANITIZE) $(PKG_CFLAGS) \
	-Ilib/include -Ilib -I$(BUILD)/gen -include $(BUILD)/gen/version.h \
	-DKAM_DOCS_URL='"$(DOCS_URL)"' -MMD -MP
ALL_LDFLAGS := $(LDFLAGS) $(SANITIZE)
LIBS := $(PKG_LIBS) -lpthread -lm

LIB_SRC := $(wildcard lib/*.c)
CMD_SRC := $(wildcard cmd/*.c)
SCHEMAS := $(wildcard schema/*.schema.json)
LIB_OBJ := $(LIB_SRC:%.c=$(BUILD)/%.o) $(BUILD)/gen/schemas.o $(BUILD)/gen/css.o
CMD_OBJ := $(CMD_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)

.PHONY: all test test-run unit demo demo-run asan tsan deps ensure-deps install uninstall clean fmt man completions fuzz fuzz-build valgrind valgrind-all bench bench-deps vsix browser-deps \
	dist deb test-release FORCE

all: $(BUILD)/kam $(BUILD)/libkam.a

# the date the manual pages carry (kam help --man and md2man's): fixed, so
# the same sources make the same pages
MAN_DATE := 2026-12-02

# KAM_VERSION and KAM_MAN_DATE for every object; the header changes (and
# they are rebuilt) only when they do
$(BUILD)/gen/version.h: FORCE
	@mkdir -p $(dir $@)
	@printf '#define KAM_VERSION "%s"\n#define KAM_MAN_DATE "%s"\n' '$(VERSION)' '$(MAN_DATE)' > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

$(BUILD)/%.o: %.c $(BUILD)/gen/version.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(BUILD)/tools/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O1 $(WARNINGS) $< -o $@

# the schemas, and docs/rules.md for SARIF's per-rule help
$(BUILD)/gen/schemas.c: $(SCHEMAS) docs/rules.md $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed $@ $(foreach s,$(SCHEMAS),$(notdir $(s:.schema.json=))=$(s)) rules.md=docs/rules.md

$(BUILD)/gen/schemas.o: $(BUILD)/gen/schemas.c
	$(CC) -std=c11 -fPIC $(CFLAGS) $(SANITIZE) -c $< -o $@

# the rendered site's stylesheet, edited as a CSS file
$(BUILD)/gen/css.c: lib/kam.css $(BUILD)/tools/embed
	@mkdir -p $(dir $@)
	$(BUILD)/tools/embed -s kam_embedded_css $@ kam.css=lib/kam.css

$(BUILD)/gen/css.o: $(BUILD)/gen/css.c
	$(CC) -std=c11 -fPIC $(CFLAGS) $(SANITIZE) -c $< -o $@

$(BUILD)/libkam.a: $(LIB_OBJ)
	@rm -f $@
	$(AR) rcs $@ $^

$(BUILD)/kam: $(CMD_OBJ) $(BUILD)/libkam.a
	$(CC) $(ALL_LDFLAGS) $(CMD_OBJ) $(BUILD)/libkam.a $(LIBS) -o $@

# --- tests ---------------------------------------------------------------

$(BUILD)/tests/test_%: tests/unit/test_%.c $(BUILD)/libkam.a
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) $< $(BUILD)/libkam.a $(LIBS) -lcmocka -o $@

# the official JSON Schema Test Suite, as Debian packages it
JSON_SUITE ?= /usr/share/json-schema-test-suite/tests/draft7

test: ensure-deps
	@if command -v npm >/dev/null 2>&1; then $(MAKE) --no-print-directory browser-deps; \
	else echo "make test: no npm: the browser test (tests/e2e/browser.bats) is skipped"; fi
	@$(MAKE) --no-print-directory test-run

# playwright-core and axe-core for tests/e2e/browser.bats, pinned by
# tests/browser/package-lock.json; the browser is Debian's chromium
browser-deps: tests/browser/node_modules/.package-lock.json

tests/browser/node_modules/.package-lock.json: tests/browser/package.json tests/browser/package-lock.json
	cd tests/browser && npm ci --no-audit --no-fund
	@touch $@

# the official SARIF 2.1.0 schema, fetched once for the SARIF test
SARIF_SCHEMA := build/sarif-2.1.0.json
$(SARIF_SCHEMA):
	tools/sarif-schema.sh $@

# Markdown to HTML as GitHub renders it, for the hostile-output suite
$(BUILD)/tests/cmark-html: tests/hostile/cmark_html.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARNINGS) $(CFLAGS) $(SANITIZE) $(PKG_CFLAGS) $< $(ALL_LDFLAGS) $(PKG_LIBS) -o $@

test-run: all $(UNIT_BIN) $(SARIF_SCHEMA) $(BUILD)/tests/cmark-html
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; \
		JSON_SUITE=$(JSON_SUITE) SARIF_SCHEMA=$(abspath $(SARIF_SCHEMA)) $$t; done
	CC="$(CC)" tests/compat/libgit2.sh
	KAM=$(abspath $(BUILD)/kam) SARIF_SCHEMA=$(abspath $(SARIF_SCHEMA)) CMARK_HTML=$(abspath $(BUILD)/tests/cmark-html) bats $(BATS_SUITES)

# the unit tests and the libgit2 compile test alone: CI runs them once more
# built with clang (make unit CC=clang BUILD=build/clang)
unit: all $(UNIT_BIN) $(SARIF_SCHEMA)
	@set -e; for t in $(UNIT_BIN); do echo "== $$t"; \
		JSON_SUITE=$(JSON_SUITE) SARIF_SCHEMA=$(abspath $(SARIF_SCHEMA)) $$t; done
	CC="$(CC)" tests/compat/libgit2.sh

asan:
	@$(MAKE) --no-print-directory ensure-deps
	@$(MAKE) --no-print-directory BUILD=build/asan CFLAGS="-O1 -g -fno-omit-frame-pointer" \
		SANITIZE="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all" test-run

# checking, diffs and rendering run on a pool of threads: the unit and
# end-to-end suites under ThreadSanitizer (not the bad-input suite, whose
# memory limits leave ThreadSanitizer no room to start)
tsan:
	@$(MAKE) --no-print-directory ensure-deps
	@TSAN_OPTIONS="halt_on_error=1" $(MAKE) --no-print-directory BUILD=build/tsan CFLAGS="-O1 -g" \
		SANITIZE="-fsanitize=thread" BATS_SUITES=tests/e2e test-run

# --- fuzzing (libFuzzer, clang) -------------------------------------------

FUZZ_CC ?= clang
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := doc schema body diff dates repo_schema refs writers render lsp yaml_fast
FUZZ_DIR := build/fuzz

fuzz-build:
	@$(MAKE) --no-print-directory BUILD=$(FUZZ_DIR)/obj CC=$(FUZZ_CC) CFLAGS="-g -O1" \
		SANITIZE="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" $(FUZZ_DIR)/obj/libkam.a
	@for t in $(FUZZ_TARGETS); do \
		$(FUZZ_CC) -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -Ilib/include -Ilib tests/fuzz/fuzz_$$t.c \
			$(FUZZ_DIR)/obj/libkam.a $(LIBS) -o $(FUZZ_DIR)/fuzz_$$t || exit 1; done

# seeds: the target's corpus in tests/fuzz, plus every plan fixture
fuzz: fuzz-build
	@mkdir -p $(FUZZ_DIR)/crashes
	@set -e; for t in $(FUZZ_TARGETS); do \
		mkdir -p $(FUZZ_DIR)/corpus-$$t; cp tests/fuzz/corpus/$$t/* $(FUZZ_DIR)/corpus-$$t/; \
		if [ $$t != dates ] && [ $$t != diff ] && [ $$t != repo_schema ] && [ $$t != lsp ]; then \
			cp tests/fixtures/check/*.md example-accounts/accounts/*.md $(FUZZ_DIR)/corpus-$$t/; fi; \
		echo "== fuzz_$$t for $(FUZZ_SECONDS) s"; \
		$(FUZZ_DIR)/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -timeout=10 -rss_limit_mb=2048 \
			$$(if [ $$t = refs ]; then echo -max_len=2097152; fi) \
			-artifact_prefix=$(FUZZ_DIR)/crashes/$$t- -print_final_stats=1 $(FUZZ_DIR)/corpus-$$t 2>&1 \
			| grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)' || true; \
	done
	@if ls $(FUZZ_DIR)/crashes/* >/dev/null 2>&1; then echo "crashes:"; ls $(FUZZ_DIR)/crashes; exit 1; fi

# valgrind memcheck under every kam run. CI (make valgrind) sweeps the bad-input
# suite and the end-to-end suites that parse, check, resolve, render, diff,
# read history and serve the editor: about half the end-to-end tests, since
# the whole sweep (make valgrind-all, about an hour on two cores) outgrows
# CI next to the sanitizer runs, which cover every suite
VALGRIND_E2E := fixtures check broken-plan partial refs commerce status render render-qbr \
	history history-facts diff git lsp
valgrind: all
	KAM=$(abspath tools/valgrind-kam) bats tests/bad-input $(VALGRIND_E2E:%=tests/e2e/%.bats)

valgrind-all: all
	KAM=$(abspath tools/valgrind-kam) bats tests/e2e tests/bad-input

# --- benchmark -------------------------------------------------------------

build/bench/gen: tests/bench/gen.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARNINGS) $< $(shell pkg-config --cflags --libs libgit2) -o $@

build/bench/floor: tests/bench/floor.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARNINGS) $< $(shell pkg-config --cflags --libs yaml-0.1 libcmark-gfm) -o $@

build/bench/measure: tests/bench/measure.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -O2 $(WARNINGS) $< -o $@

# make bench is not part of make test: it takes minutes and wants a quiet
# machine. make bench-deps installs the peer (ajv + gray-matter, the versions
# pinned in tests/bench/peer/package-lock.json); without it the peer is left out.
bench: all build/bench/gen build/bench/floor build/bench/measure
	tests/bench/bench.sh

bench-deps:
	cd tests/bench/peer && npm ci --no-audit --no-fund

# --- demo ----------------------------------------------------------------

# The VS Code extension (editors/vscode): npm ci installs the versions pinned in
# package-lock.json, vsce (a pinned devDependency) packs it. Not part of
# `make test`: it needs the npm registry. At a release tag (vX.Y.Z) the
# extension's version must be kam's; between releases it keeps its own.
VSIX := $(BUILD)/kam-$(VERSION).vsix
vsix:
	@v=$$(node -p 'require("./editors/vscode/package.json").version') && \
		case '$(VERSION)' in v[0-9]*-*|[!v]*) ;; *) test "v$$v" = '$(VERSION)' || \
		{ echo "editors/vscode/package.json: version $$v, kam is $(VERSION)" >&2; exit 1; } ;; esac
	cd editors/vscode && npm ci --no-audit --no-fund --ignore-scripts
	@mkdir -p $(BUILD)
	cd editors/vscode && npx --no-install vsce package --skip-license \
		--allow-missing-repository --out $(abspath $(VSIX))
	@ls -l $(VSIX)

demo: ensure-deps
	@$(MAKE) --no-print-directory demo-run

demo-run: all
	@tools/demo.sh $(BUILD)

# --- dependencies ---------------------------------------------------------

deps:
	tools/deps.sh install

ensure-deps:
	@tools/deps.sh check || tools/deps.sh install

# --- manual pages, pkg-config, install ----------------------------------------

# the pages are kam's own --help text and command table, so they cannot
# drift from it; kam-format(5) and kam-rules(7) are the docs, through md2man
COMMANDS = $(shell $(BUILD)/kam completion --values commands 2>/dev/null)
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
ZSHCOMPDIR ?= $(DATADIR)/zsh/site-functions
FISHCOMPDIR ?= $(DATADIR)/fish/vendor_completions.d

$(BUILD)/tools/md2man: tools/md2man.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 $(WARNINGS) $(CFLAGS) $(PKG_CFLAGS) $< $(PKG_LIBS) -o $@

man: $(BUILD)/kam $(BUILD)/tools/md2man
	@mkdir -p $(BUILD)/man
	$(BUILD)/kam help --man > $(BUILD)/man/kam.1
	@for c in $(COMMANDS); do $(BUILD)/kam help --man $$c > $(BUILD)/man/kam-$$c.1; done
	$(BUILD)/tools/md2man kam-format 5 "the plan format: account plans, meeting notes, kam.yaml" \
		$(MAN_DATE) "kam(1), kam-rules(7)" < docs/format.md > $(BUILD)/man/kam-format.5
	$(BUILD)/tools/md2man kam-rules 7 "the plan rules kam check applies, and why" \
		$(MAN_DATE) "kam(1), kam-check(1)" < docs/rules.md > $(BUILD)/man/kam-rules.7

# completion scripts, generated from kam's command table
completions: $(BUILD)/kam
	@mkdir -p $(BUILD)/completions
	$(BUILD)/kam completion bash > $(BUILD)/completions/kam
	$(BUILD)/kam completion zsh > $(BUILD)/completions/_kam
	$(BUILD)/kam completion fish > $(BUILD)/completions/kam.fish

# kam.pc names the folders of this install: made again when they change
PC_DIRS := $(PREFIX) $(INCLUDEDIR) $(LIBDIR) $(VERSION)
$(BUILD)/kam.pc: FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' 'prefix=$(PREFIX)' 'includedir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(INCLUDEDIR))' \
		'libdir=$(patsubst $(PREFIX)/%,$${prefix}/%,$(LIBDIR))' '' \
		'Name: kam' 'Description: key account plans as files: load, check, diff, render' \
		'Version: $(VERSION)' 'Requires: $(PKGS)' \
		'Libs: -L$${libdir} -lkam -lcmark-gfm-extensions -lpthread -lm' 'Cflags: -I$${includedir}' > $@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi

install: all man completions $(BUILD)/kam.pc
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(LIBDIR)/pkgconfig $(DESTDIR)$(INCLUDEDIR)/kam \
		$(DESTDIR)$(DATADIR)/kam/schema $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 \
		$(DESTDIR)$(MANDIR)/man7 $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR) $(DESTDIR)$(FISHCOMPDIR)
	install -m 755 $(BUILD)/kam $(DESTDIR)$(BINDIR)/kam
	install -m 644 $(BUILD)/libkam.a $(DESTDIR)$(LIBDIR)/libkam.a
	install -m 644 $(BUILD)/kam.pc $(DESTDIR)$(LIBDIR)/pkgconfig/kam.pc
	install -m 644 lib/include/kam/*.h $(DESTDIR)$(INCLUDEDIR)/kam/
	install -m 644 $(SCHEMAS) $(DESTDIR)$(DATADIR)/kam/schema/
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/kam-format.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 $(BUILD)/man/kam-rules.7 $(DESTDIR)$(MANDIR)/man7/
	install -m 644 $(BUILD)/completions/kam $(DESTDIR)$(BASHCOMPDIR)/kam
	install -m 644 $(BUILD)/completions/_kam $(DESTDIR)$(ZSHCOMPDIR)/_kam
	install -m 644 $(BUILD)/completions/kam.fish $(DESTDIR)$(FISHCOMPDIR)/kam.fish

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/kam $(DESTDIR)$(LIBDIR)/libkam.a $(DESTDIR)$(LIBDIR)/pkgconfig/kam.pc
	rm -f $(DESTDIR)$(MANDIR)/man1/kam.1 $(DESTDIR)$(MANDIR)/man1/kam-*.1
	rm -f $(DESTDIR)$(MANDIR)/man5/kam-format.5 $(DESTDIR)$(MANDIR)/man7/kam-rules.7
	rm -f $(DESTDIR)$(BASHCOMPDIR)/kam $(DESTDIR)$(ZSHCOMPDIR)/_kam $(DESTDIR)$(FISHCOMPDIR)/kam.fish
	rm -rf $(DESTDIR)$(INCLUDEDIR)/kam $(DESTDIR)$(DATADIR)/kam

# --- release: tarball and Debian packages ------------------------------------

# the version of HEAD, which is what the tarball holds (not the work tree's -dirty)
DIST_VERSION = $(shell git describe --tags --always 2>/dev/null || echo '$(VERSION)')
DIST = kam-$(DIST_VERSION)
DIST_TAR := build/$(DIST).tar.gz

# the files of HEAD (not the work tree) and the VERSION they were made as
dist:
	@mkdir -p build/dist-tmp
	@printf '%s\n' '$(DIST_VERSION)' > build/dist-tmp/VERSION
	git archive --format=tar --prefix=$(DIST)/ HEAD > build/dist-tmp/$(DIST).tar
	tar -rf build/dist-tmp/$(DIST).tar --owner=0 --group=0 --numeric-owner \
		--transform='s,^,$(DIST)/,' -C build/dist-tmp VERSION
	gzip -n -9 -c build/dist-tmp/$(DIST).tar > $(DIST_TAR)
	@rm -rf build/dist-tmp
	@echo $(DIST_TAR)

# a Debian version from kam's: v1.2.0-3-gabc1234-dirty -> 1.2.0+3+gabc1234+dirty;
# a bare commit (no tag yet) -> 0~gabc1234
DEB_VERSION = $(shell echo '$(DIST_VERSION)' | sed -e 's/^v//' -e 's/^\([^0-9]\)/0~g\1/' -e 's/-/+/g')
DEB_DIR := build/deb

# the tarball unpacked, a changelog entry for its version, then
# dpkg-buildpackage; lintian when it is installed
deb: dist
	rm -rf $(DEB_DIR) && mkdir -p $(DEB_DIR)
	tar -xzf $(DIST_TAR) -C $(DEB_DIR)
	tools/deb-changelog.sh '$(DEB_VERSION)' > $(DEB_DIR)/$(DIST)/debian/changelog
	cd $(DEB_DIR)/$(DIST) && dpkg-buildpackage -us -uc -b
	@ls $(DEB_DIR)/*.deb
	@if command -v lintian >/dev/null; then lintian --fail-on error,warning $(DEB_DIR)/*.changes; fi

test-release: all
	KAM=$(abspath $(BUILD)/kam) bats tests/release

clean:
	rm -rf $(BUILD) build

fmt:
	clang-format -i lib/*.c lib/*.h lib/include/kam/*.h cmd/*.c cmd/*.h tests/unit/*.c tools/*.c

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
