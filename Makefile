# Sitrep. `make build` renders the sample site into public/; `make test` runs every check.
GO      ?= go
BIN     := bin/sitrep
SITE    ?= .
FUZZTIME ?= 30s

.PHONY: build sitrep check serve test golden fuzz browser bench archive clean

build: sitrep
	./$(BIN) build -site $(SITE)

sitrep:
	$(GO) build -o $(BIN) ./generator/cmd/sitrep

check: sitrep
	./$(BIN) check -site $(SITE)

# The audit: W3C Nu Html Checker, axe-core in Chromium, Lighthouse, xmllint and
# the feed/sitemap checks, run offline against the sample site (when content/
# exists), the fixture and audit/stress, built and served under /briefing/,
# then axe and Lighthouse on three pages of a generated archive of 10,000
# briefs (AUDITFLAGS=-archive=0 leaves it out).
# Not part of `make test`.
# A check whose input was not built (feed, sitemap, search page) is a finding;
# AUDITFLAGS=-strict=false only reports it.
.PHONY: audit audit-tools screenshots
AUDIT_DIR  := audit
AUDITFLAGS ?=
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

audit: sitrep audit-tools
	$(GO) build -o bin/audit ./generator/cmd/audit
	./bin/audit -repo . -tools $(AUDIT_DIR) -sitrep $(BIN) $(AUDITFLAGS)

# Debian packages only when their command is missing; npm packages pinned by
# $(AUDIT_DIR)/package-lock.json, reinstalled only when the lock file changes
# (so later runs need no network).
audit-tools: $(AUDIT_DIR)/node_modules/.installed
	@missing=""; \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	command -v xmllint >/dev/null 2>&1 || missing="$$missing libxml2-utils"; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium fonts-dejavu-core"; \
	if [ -n "$$missing" ]; then \
	  echo "apt-get install$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(AUDIT_DIR)/node_modules/.installed: $(AUDIT_DIR)/package.json $(AUDIT_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "apt-get install nodejs npm"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm; }
	cd $(AUDIT_DIR) && npm ci --ignore-scripts --no-audit --no-fund
	touch $@

# Screenshots of the longest brief and actor page at 1280 and 390 px for the README.
screenshots: sitrep audit-tools
	$(GO) build -o bin/audit ./generator/cmd/audit
	./bin/audit -repo . -tools $(AUDIT_DIR) -sitrep $(BIN) -screenshots docs/screenshots

serve: sitrep
	./$(BIN) serve -site $(SITE)

# make test runs every fuzz target on its seeds and on testdata/fuzz (each
# input fuzzing ever found) as plain tests, then explores with each target
# briefly (TEST_FUZZTIME); make fuzz explores for longer (FUZZTIME). A crasher
# either writes under testdata/fuzz is committed with its fix.
# make test counts executions rather than seconds: Go 1.26's fuzz
# coordinator can fail a timed run at its deadline with "context deadline
# exceeded" and no crasher (golang/go#75804, fixed in Go 1.27); a count has
# no deadline. The same failure of a timed make fuzz is that bug, not a find.
TEST_FUZZTIME ?= 50000x

test:
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race -timeout 30m ./...
	$(MAKE) --no-print-directory fuzz FUZZTIME=$(TEST_FUZZTIME)

# bench: full builds of generated corpora against a markdown-only baseline
# (see docs/performance.md), then the stage benchmarks at 10,000 briefs.
BENCH_SIZES ?= 1000,10000,50000
BENCH_RUNS  ?= 5
bench: sitrep
	$(GO) run ./generator/cmd/bench -sitrep $(BIN) -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS)
	SITREP_BENCH_BRIEFS=10000 $(GO) test ./generator/internal/markdown -run '^$$' -bench . -benchmem -count 1
	SITREP_BENCH_BRIEFS=10000 $(GO) test ./generator/internal/build -run '^$$' -bench . -benchmem -count 1
	$(MAKE) --no-print-directory archive

# archive: generated archives built and measured as a reader gets them
# (docs/performance.md, "Archive scale"): per page kind the largest page in
# elements and gzipped bytes, the search index, and the bytes a first query
# fetches in Chromium, against the budgets. ARCHIVEFLAGS=-fail exits 1 over
# a budget; ARCHIVEFLAGS=-browser=false skips Chromium.
ARCHIVE_SIZES ?= 10000,50000
ARCHIVEFLAGS  ?=
archive: sitrep
	$(GO) build -o bin/archive ./generator/cmd/archive
	./bin/archive -sitrep $(BIN) -sizes $(ARCHIVE_SIZES) $(ARCHIVEFLAGS)

golden:
	$(GO) test ./generator/internal/build -run Golden -update

fuzz:
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseBrief -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzFrontMatter -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseSlug -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content/frontmatter -run '^$$' -fuzz FuzzSplit -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content/frontmatter -run '^$$' -fuzz FuzzFastYAML -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzConvert -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzInline -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzAutolinks -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/tmplexec -run '^$$' -fuzz FuzzEscapers -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/tmplexec -run '^$$' -fuzz FuzzTemplates -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public .cache
