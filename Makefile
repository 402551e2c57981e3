# Two commands matter: `make demo` and `make test`. Both create .venv on first use.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=
PY_TREES := bulk simulator rtm tests scripts benchmarks

.PHONY: install system-deps demo test lint format bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev,postgres]'
	touch $(STAMP)

install: $(STAMP)

# The browser and PostgreSQL tests need Debian's chromium and postgresql. As root this installs
# them when missing; otherwise it names the exact command to run and the tests that need them fail.
system-deps:
	bash .ci/system-deps

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

lint: $(STAMP)
	$(BIN)/ruff check $(PY_TREES)
	$(BIN)/ruff format --check $(PY_TREES)
	$(BIN)/mypy bulk simulator rtm
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff format $(PY_TREES)
	$(BIN)/ruff check --fix $(PY_TREES)

# Two passes: the rules' own tests under coverage (branch coverage of bulk/rules must be 100 %),
# then everything else without a tracer, which would add about 40 % to the CPU of every test
# that runs the toolkit in its own process (docs/testing.md).
test: system-deps lint
	$(BIN)/python -m pytest -n 2 tests/rules --cov=bulk/rules --cov-branch --cov-report=term-missing:skip-covered --cov-fail-under=100 $(PYTEST_ARGS)
	$(BIN)/python -m pytest -n 2 --ignore=tests/rules $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	for b in benchmarks/*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage
