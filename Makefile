# impactlib — the two commands: `make briefs` (main job) and `make test`.
# Everything is set up on first use: a virtual environment in .venv with the package,
# its notebook/brief extras and its test tools.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    := build
export MPLBACKEND := agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all setup briefs test bench lab demo notebooks lint clean

all: briefs

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "impactlib needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[briefs,test]"
	@touch $(STAMP)

setup: $(STAMP)

## make briefs: validate the bundled data, render the 22 county briefs and the curated notebooks into build/
briefs: $(STAMP)
	$(BIN)/impactlib validate
	$(BIN)/impactlib brief --all --out $(OUT)/briefs
	$(BIN)/impactlib notebooks --out $(OUT)/notebooks
	@echo "Done: $(OUT)/briefs and $(OUT)/notebooks"

## make test: unit tests, doctests, and the stored notebooks with nbval, on up to 4 processes
## (pytest-xdist; the tests of one file stay in one process)
## (axe-core for the accessibility test is fetched from npm where npm is; the test skips without it)
AXE := build/axe/node_modules/axe-core/axe.min.js
test: $(STAMP)
	@[ -f $(AXE) ] || { command -v npm >/dev/null 2>&1 \
		&& npm install --silent --no-audit --no-fund --prefix build/axe axe-core@4.14.1; } \
		|| echo "axe-core not installed (no npm): the accessibility test will skip"
	$(BIN)/python -m pytest -p no:cacheprovider --durations=15 -n auto --maxprocesses 4 --dist loadfile \
		tests impactlib README.md notebooks \
		--doctest-modules --doctest-glob=README.md \
		--nbval --nbval-sanitize-with tests/nbval_sanitize.cfg

## make bench: time the indicators (library vs loop vs vectorised, 1x-10x) and the briefs
## (not part of make test); writes build/bench/
bench: $(STAMP)
	$(BIN)/python benchmarks/bench_indicators.py --out $(OUT)/bench
	$(BIN)/python benchmarks/bench_briefs.py --out $(OUT)/bench

## make lab: open the notebooks in JupyterLab
lab: $(STAMP)
	$(BIN)/jupyter lab notebooks

## make demo: regenerate the synthetic demo data (byte-identical for the same seed)
demo: $(STAMP)
	$(BIN)/impactlib demo

## make notebooks: re-execute the stored notebooks in place (after a library change)
notebooks: $(STAMP)
	for nb in notebooks/*.ipynb; do \
		$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.record_timing=False "$$nb" || exit 1; \
	done

lint: $(STAMP)
	$(BIN)/ruff check impactlib tests

clean:
	rm -rf $(OUT) .pytest_cache
