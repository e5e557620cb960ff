# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Where PyICU (ICU for name matching, through rigour and normality) comes from: "wheel", the prebuilt
# pyicu-wheels, no compiler needed; or "source", built against the system's ICU (g++, pkg-config and
# libicu-dev). Default: what $(VENV) was made with, else wheel. Changing it makes $(VENV) anew.
ICU    ?= $(or $(shell cat $(VENV)/.icu 2>/dev/null),wheel)

.PHONY: venv lock test test-unit lint demo bench-load bench-query bench-match bench-screen bench-suggest bench-scale bench-spark bench-cpu bench clean

venv: $(VENV)/.installed-$(ICU)

# Installed with requirements.lock as constraints: the versions the labelled-set figures were measured with.
$(VENV)/.installed-$(ICU): pyproject.toml requirements.lock packaging/pyicu-from-wheel/pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
		|| { echo "kb needs Python >= 3.11 (found $$($(PYTHON) --version 2>&1))" >&2; exit 1; }
	@case "$(ICU)" in \
		wheel) ;; \
		source) { pkg-config --exists icu-i18n 2>/dev/null && command -v g++ >/dev/null 2>&1; } \
			|| { echo "ICU=source builds PyICU against the system's ICU and needs its headers and a C++ compiler: on Debian or Ubuntu, apt-get install libicu-dev pkg-config g++ (or leave ICU unset for the prebuilt wheel)" >&2; exit 1; } ;; \
		*) echo "ICU is wheel or source, not '$(ICU)'" >&2; exit 1 ;; \
	esac
	@if [ -d $(VENV) ] && [ "$$(cat $(VENV)/.icu 2>/dev/null)" != "$(ICU)" ]; then \
		echo "== $(VENV) has another PyICU (or none recorded): making it anew for ICU=$(ICU)"; rm -rf $(VENV); fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock $(if $(filter wheel,$(ICU)),./packaging/pyicu-from-wheel) -e '.[dev]'
	@echo $(ICU) > $(VENV)/.icu
	@touch $@

## make lock: requirements.lock anew from a clean install of the newest releases (in a throwaway venv);
## then `make test`, and compare the figures with tests/test_match_figures.py before committing it
lock:
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --quiet ./packaging/pyicu-from-wheel -e '.[dev]'; \
	pyicu=$$("$$tmp/venv/bin/python" -c 'import importlib.metadata as m; print(m.version("pyicu").split("+")[0])'); \
	{ sed -n '/^#/!q;p' requirements.lock; \
	  { "$$tmp/venv/bin/python" -m pip freeze --exclude-editable | grep -v '^pyicu @'; echo "pyicu==$$pyicu"; } \
	  | LC_ALL=C sort -f; } > "$$tmp/lock"; \
	mv "$$tmp/lock" requirements.lock; git diff --stat -- requirements.lock 2>/dev/null || true

## make test: every test against a real Neo4j (NEO4J_URI, else kb's own local server, else Docker)
test: venv
	$(BIN)/pytest

## make test-unit: only the tests that need no Neo4j (parsers, rules, formats): no server starts
test-unit: venv
	$(BIN)/pytest -m "not neo4j"

## make lint: ruff and mypy --strict
lint: venv
	$(BIN)/ruff check kb tests bench
	$(BIN)/ruff format --check kb tests bench
	$(BIN)/mypy

## make demo: start the local Neo4j, load the Inspur bundle, derive every regime, answer the exposure questions
demo: venv
	@$(BIN)/kb server status --format json | grep -q '"state": "running"' || $(BIN)/kb server start
	$(BIN)/kb db init
	$(BIN)/kb load bundle docs/examples/inspur
	$(BIN)/kb derive
	@echo "== Unlisted affiliates under the BIS Affiliates Rule, as of 2025-10-15 (rule in force)"
	$(BIN)/kb affiliates --regime bis --as-of 2025-10-15
	@echo "== ... and as of today (suspended 2025-11-10 to 2026-11-09; back from 2026-11-10 unless BIS extended it: see the warning)"
	$(BIN)/kb affiliates --regime bis
	@echo "== Exposure of the Inspur-Cisco joint venture, with its evidence (and a picture of it)"
	$(BIN)/kb exposure inspur-cisco-jv --graph cisco-jv-exposure.html
	@echo "== Cisco's joint-venture exposure"
	$(BIN)/kb jv-exposure cisco-systems

## make bench-load: kb's cold load, reload and 1% delta against neo4j-admin import on a synthetic
## bundle (N entities, default 1000000); figures go to bench/results/ (see docs/bench.md)
bench-load: venv
	$(BIN)/python bench/bench_load.py --entities $(or $(N),1000000)

## make bench-query: derive every regime, kb exposure p50/p99, affiliates --of, what-if on the synthetic
## bundle (N entities, default 1000000), against the in-memory reference; figures to bench/results/
bench-query: venv
	$(BIN)/python bench/bench_query.py --entities $(or $(N),1000000)

## make bench-match: precision, recall and F1 of kb.resolution on the labelled pairs (a threshold
## sweep, time per comparison, blocking recall) and on the cross-script set, beside nomenklatura's
## logic-v2 (installed once into bench/.venv-baseline, never into kb's venv); needs the real samples
## (KB_SHARED_DIR); no Neo4j
bench-match: venv
	$(BIN)/python bench/bench_match.py

## make bench-screen: kb screen of 10,000 noisy portfolio rows against the synthetic graph (N entities,
## default 1000000), against a plain exact-name lookup in the same run; figures to bench/results/
bench-screen: venv
	$(BIN)/python bench/bench_screen.py --entities $(or $(N),1000000)

## make bench-suggest: kb resolve suggest from the graph's match keys against the in-memory Blocker it
## replaced, on the synthetic graph (N entities, default 1000000; the in-memory side needs the RAM
## for all of them, hence not in `make bench`); LIMIT=50 keeps the best 50 as the CLI does (at 1M,
## every pair kept needs ~6 GB more); figures to bench/results/
bench-suggest: venv
	$(BIN)/python bench/bench_suggest.py --entities $(or $(N),1000000) $(if $(LIMIT),--limit $(LIMIT))

## make bench-scale: the growth curve: load (incremental and --bulk), derive, exposure p50/p99,
## affiliates, screen and suggest (stopped at SUGGEST_CAP seconds, default 600; kb load at LOAD_CAP, 7200) at each of SIZES
## entities (default 100000,1000000; 10000000 needs about 70 GB of disk, 40 GB of memory and hours: docs/scale.md),
## one table with the growth exponents to bench/results/scale-<date>.md and .json
bench-scale: venv
	$(BIN)/python bench/bench_scale.py --sizes $(or $(SIZES),100000,1000000) --suggest-cap $(or $(SUGGEST_CAP),600) \
		--load-cap $(or $(LOAD_CAP),7200)

## make bench-spark: kb load --engine spark (local[*]) against kb load and neo4j-admin import on one
## synthetic bundle (N entities, default 100000), the second Spark run writing nothing; figures to bench/results/
bench-spark: venv
	$(BIN)/python bench/bench_spark.py --entities $(or $(N),100000) --admin

## make bench-cpu: a cold kb load's CPU seconds per 1,000 rows, the server's (by kind of thread) and kb's,
## then the same statements replayed with kb's work removed: the rate the server allows on this many
## cores (N entities, default 100000); figures to bench/results/
bench-cpu: venv
	$(BIN)/python bench/bench_cpu.py --entities $(or $(N),100000)

bench: bench-load bench-query bench-match bench-screen

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
