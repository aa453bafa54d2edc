# Cap Quartiers — everyday commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run

.PHONY: setup setup-run run chat validate test pytest lint bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# What running needs, nothing else (no test tools): the production install.
$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $(RUN_STAMP)

# Running plus the development tools (tests, lint, types).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev,postgres,admin,graph]'
	touch $(STAMP) $(RUN_STAMP)

setup-run: $(RUN_STAMP)

setup: $(STAMP)

# With TELEGRAM_BOT_TOKEN: the real bot. Without: the same dialog in this terminal.
run: setup-run
	$(BIN)/python -m bot run

chat: setup-run
	$(BIN)/python -m bot chat

validate: setup-run
	$(BIN)/python -m bot validate
	$(BIN)/python -m bot test-dialogs

lint: setup
	$(BIN)/ruff check bot tests bench
	$(BIN)/ruff format --check bot tests bench
	$(BIN)/mypy

pytest: setup
	$(BIN)/python -m pytest

# What CI runs: lint, types, the shipped corpus, then every test.
test: lint validate pytest

bench: setup
	for f in bench/bench_*.py; do echo "== $$f"; $(BIN)/python $$f || exit 1; done

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
