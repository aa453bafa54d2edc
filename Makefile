# Cap Quartiers — everyday commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run chat validate test pytest lint bench clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,admin]'
	touch $(STAMP)

setup: $(STAMP)

# With TELEGRAM_BOT_TOKEN: the real bot. Without: the same dialog in this terminal.
run: setup
	$(BIN)/python -m bot run

chat: setup
	$(BIN)/python -m bot chat

validate: setup
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
