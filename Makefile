# The front door: `make run` and `make test` work on a fresh clone with Python >= 3.11.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
# pip on some machines warns about configured index folders that do not exist, and
# about justext asking for lxml's html_clean extra (lxml 6 names it html-clean; the
# cleaner is a dependency of ours anyway). Neither says anything about this project,
# so they are filtered out (errors still show).
PIP_NOISE := is ignored: it is neither a file nor a directory|does not provide the extra 'html_clean'
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
KERNELS := $(VENV)/.kernels

.PHONY: help setup run test lint format reference docs eval bench bench-increment bench-scale clean

help:
	@echo "make run        set up, then load samples/inbox into warehouse/"
	@echo "make test       set up, then run the test suite"
	@echo "make lint       ruff and mypy"
	@echo "make reference  rebuild newsdyads/reference/ from CLDR, pycountry and curated/"
	@echo "make docs       regenerate docs/data-dictionary.md from sql/dictionary.yml"
	@echo "make eval       country detection scores on ../shared/data (Reuters, Europarl)"
	@echo "make bench      benchmark: cold run of ARTICLES (1000000), daily INCREMENT (10000), profile"
	@echo "make bench-increment  only the two daily runs, as new days on the last bench's warehouse"
	@echo "make bench-scale  the same cold run on Dask clusters of SCALE_WORKERS (1,2,4,8,16) workers"
	@echo "make clean      remove the virtual environment and the warehouse outputs"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("newsdyads needs Python >= 3.11") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' 2>&1 \
		| { grep -Ev "$(PIP_NOISE)" || true; }
	@touch $(STAMP)

# The text kernels compiled into numba's cache (newsdyads/kernels.py): ~45 s once,
# which the first run paid otherwise; again only when a kernel's module changes.
$(KERNELS): $(STAMP) $(wildcard newsdyads/text/*.py)
	$(BIN)/newsdyads compile
	@touch $@

# Our own modules byte-compiled as pip compiles an installed package's: an editable
# install leaves that to the first import, which never writes them where
# PYTHONDONTWRITEBYTECODE is set (many containers), and then every process (each
# command, Dask worker and test subprocess) compiled them again: 0.3 s a process.
setup: $(STAMP) $(KERNELS)
	@$(BIN)/python -m compileall -q newsdyads tasks flows bench eval scripts > /dev/null

run: setup
	$(BIN)/newsdyads run --inbox samples/inbox --warehouse warehouse

test: setup
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy newsdyads flows tasks scripts bench eval

format: setup
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

reference: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,reference]' 2>&1 \
		| { grep -Ev "$(PIP_NOISE)" || true; }
	$(BIN)/python scripts/build_reference.py

docs: setup
	$(BIN)/python scripts/build_docs.py

eval: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,eval]' 2>&1 \
		| { grep -Ev "$(PIP_NOISE)" || true; }
	$(BIN)/python eval/countries.py

ARTICLES ?= 1000000
INCREMENT ?= 10000
SCALE_ARTICLES ?= 320000
SCALE_WORKERS ?= 1,2,4,8,16
# The corpus comes from ../shared/data, or from a pools file exported from it:
# `make bench POOLS=pools.json.xz` on a machine without it (bench/README.md).
POOLS ?=
POOLS_OPTION := $(if $(POOLS),--pools $(POOLS))

bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,eval]' 2>&1 \
		| { grep -Ev "$(PIP_NOISE)" || true; }
	$(BIN)/python bench/run.py --articles $(ARTICLES) --increment $(INCREMENT) --profile $(POOLS_OPTION)

bench-increment: setup
	$(BIN)/python bench/run.py --articles $(ARTICLES) --increment $(INCREMENT) --increment-only \
		$(POOLS_OPTION)

bench-scale: setup
	$(BIN)/python bench/scale.py --articles $(SCALE_ARTICLES) --workers $(SCALE_WORKERS) \
		$(POOLS_OPTION)

clean:
	rm -rf $(VENV) warehouse/newsdyads.duckdb warehouse/parquet warehouse/_runs \
		warehouse/_state warehouse/_versions warehouse/.writer.lock warehouse/prefect-server.log
