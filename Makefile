# Cap Quartiers — everyday commands. `make run` and `make test` work on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
RUN_STAMP := $(VENV)/.installed-run
GRAPH_STAMP := $(VENV)/.installed-graph
CLI := $(BIN)/cap-quartiers
# extra arguments for chat and graph: make chat ARGS="--from lieu --set age=18_25"
ARGS ?=

.PHONY: setup setup-run run chat validate scenarios graph test pytest lint bench clean

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
	touch $(STAMP) $(RUN_STAMP) $(GRAPH_STAMP)

# Running plus the Graphviz binding for `make graph` (the picture also needs Debian's graphviz: dot).
$(GRAPH_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[graph]'
	touch $(GRAPH_STAMP) $(RUN_STAMP)

setup-run: $(RUN_STAMP)

setup: $(STAMP)

# With TELEGRAM_BOT_TOKEN: the real bot. Without: the same dialog in this terminal.
run: setup-run
	$(CLI) run

# For counsellors: try the dialog, check it, play the scenarios, draw it.
chat: setup-run
	$(CLI) chat $(ARGS)

validate: setup-run
	$(CLI) validate
	$(CLI) test-dialogs

scenarios: setup-run
	$(CLI) test-dialogs

# The picture of the dialog (Graphviz; Mermaid text when dot is missing), opened in a browser.
graph: $(GRAPH_STAMP)
	mkdir -p var
	$(CLI) graph --format html --out var/dialogue.html $(ARGS)
	@echo "Ouvre var/dialogue.html dans ton navigateur."

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
