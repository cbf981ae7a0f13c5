# Sitrep. `make build` renders the sample site into public/; `make test` runs every check.
GO      ?= go
BIN     := bin/sitrep
SITE    ?= .
FUZZTIME ?= 30s

.PHONY: build sitrep check serve test golden fuzz browser bench clean

build: sitrep
	./$(BIN) build -site $(SITE)

sitrep:
	$(GO) build -o $(BIN) ./generator/cmd/sitrep

check: sitrep
	./$(BIN) check -site $(SITE)

test:
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race ./...
	$(MAKE) fuzz FUZZTIME=5s

# bench: full builds of generated corpora against a markdown-only baseline
# (see docs/performance.md), then the stage benchmarks at 10,000 briefs.
BENCH_SIZES ?= 1000,10000,50000
BENCH_RUNS  ?= 5
bench: sitrep
	$(GO) run ./generator/cmd/bench -sitrep $(BIN) -sizes $(BENCH_SIZES) -runs $(BENCH_RUNS)
	SITREP_BENCH_BRIEFS=10000 $(GO) test ./generator/internal/build -run '^$$' -bench . -benchmem -count 1

golden:
	$(GO) test ./generator/internal/build -run Golden -update

fuzz:
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseBrief -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzFrontMatter -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseSlug -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzFastYAML -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzConvert -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzInline -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public .cache
