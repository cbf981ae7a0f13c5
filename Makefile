# Sitrep. `make build` renders the sample site into public/; `make test` runs every check.
GO      ?= go
BIN     := bin/sitrep
SITE    ?= .
FUZZTIME ?= 30s

.PHONY: build sitrep check serve test golden fuzz browser clean

build: sitrep
	./$(BIN) build -site $(SITE)

sitrep:
	$(GO) build -o $(BIN) ./generator/cmd/sitrep

check: sitrep
	./$(BIN) check -site $(SITE)

serve: sitrep
	./$(BIN) serve -site $(SITE)

test:
	@out=$$(gofmt -l generator); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) test -race ./...
	$(MAKE) fuzz FUZZTIME=5s

golden:
	$(GO) test ./generator/internal/build -run Golden -update

fuzz:
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseBrief -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/content -run '^$$' -fuzz FuzzParseSlug -fuzztime $(FUZZTIME)
	$(GO) test ./generator/internal/markdown -run '^$$' -fuzz FuzzConvert -fuzztime $(FUZZTIME)

clean:
	rm -rf bin public
