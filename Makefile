# powermap tasks. `make run` and `make test` work on a fresh clone.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test test-all lint fmt type clean demo voa model

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=69" wheel
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

## The main job on data/: extract, build the knowledge graph, validate, export and render the site into out/.
run: $(STAMP)
	mkdir -p out
	$(BIN)/powermap -q extract data > out/extractions.json
	$(BIN)/powermap build data --store out/store
	$(BIN)/powermap stats --store out/store
	$(BIN)/powermap validate --store out/store
	$(BIN)/powermap export --store out/store --format trig --out out/powermap.trig
	$(BIN)/powermap export --store out/store --format gexf --out out/actors.gexf
	$(BIN)/powermap export --store out/store --format csv --out out/actors
	$(BIN)/powermap who-gains --store out/store --limit 5
	$(BIN)/powermap site --store out/store --out out/site
	$(BIN)/powermap evaluate data

demo: run

## Retrain the shipped claim model from the committed sentence annotations (data/claims).
model: $(STAMP)
	$(BIN)/python -m powermap.extract.training --annotations data/claims \
		--out extract/models/claims.json --candidates data/claims/candidates.jsonl

VOA ?= data/voa
VOA_OUT ?= out/voa
JOBS ?= 2
## A real corpus end to end: build the VOA stories of $(VOA) into $(VOA_OUT)/store, validate
## the store with SHACL, render the site into $(VOA_OUT)/site. The 77 stories of the shared
## corpus: make voa VOA=../shared/corpora/voa
voa: $(STAMP)
	mkdir -p $(VOA_OUT)
	$(BIN)/powermap build $(VOA) --store $(VOA_OUT)/store --jobs $(JOBS)
	$(BIN)/powermap validate --store $(VOA_OUT)/store
	$(BIN)/powermap site --store $(VOA_OUT)/store --out $(VOA_OUT)/site

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

type: $(STAMP)
	$(BIN)/mypy

## Lint, types and the whole test suite (slow tests included).
test: $(STAMP) lint type
	bash scripts/test-setup.sh
	POWERMAP_REQUIRE_SERVERS=1 $(BIN)/pytest -m "slow or not slow" -q

## Fast tests only.
test-fast: $(STAMP)
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) out build *.egg-info
