# Everything a fresh machine with Python 3.11 and make needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= $(HOME)/.local/share/budgetqa/budget.db

.PHONY: run test bench bench-scale lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	# bytecode even where PYTHONDONTWRITEBYTECODE is set: a cold ask otherwise compiles for ~90 ms
	$(BIN)/python -m compileall -q bot ingest knowledge textnorm
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/budgetqa run

test: $(STAMP)
	$(BIN)/ruff check bot ingest knowledge textnorm tests
	$(BIN)/ruff format --check bot ingest knowledge textnorm tests
	$(BIN)/mypy
	$(BIN)/pytest -q

# BENCH_ARGS e.g. "--quick --sizes 100 --workdir /tmp/bq" (then add --skip-ingest to re-run the query side)
bench: $(STAMP)
	$(BIN)/python -m tests.bench $(BENCH_ARGS)

bench-scale: $(STAMP)
	$(BIN)/python -m tests.bench_scale --sizes 10000 $(BENCH_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
