# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: venv test lint demo bench-load clean

venv: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "kb needs Python >= 3.11 (found $$($(PYTHON) --version 2>&1))" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## make test: every test against a real Neo4j (NEO4J_URI, else kb's own local server, else Docker)
test: venv
	$(BIN)/pytest

## make lint: ruff and mypy --strict
lint: venv
	$(BIN)/ruff check kb tests bench
	$(BIN)/ruff format --check kb tests bench
	$(BIN)/mypy

## make demo: start the local Neo4j, initialise the schema, load the Inspur bundle, ask it a question
demo: venv
	@$(BIN)/kb server status --format json | grep -q '"state": "running"' || $(BIN)/kb server start
	$(BIN)/kb db init
	$(BIN)/kb load bundle docs/examples/inspur
	$(BIN)/kb cypher "$$(cat docs/examples/inspur/question.cypher)"

## make bench-load: kb's cold load, reload and 1% delta against neo4j-admin import on a synthetic
## bundle (N entities, default 1000000); figures go to bench/results/ (see docs/bench.md)
bench-load: venv
	$(BIN)/python bench/bench_load.py --entities $(or $(N),1000000)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
