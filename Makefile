# Short names for the common jobs. Each target creates .venv on a fresh clone.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
APPSTAMP := $(VENV)/.installed-app
STAMP := $(VENV)/.installed-test
DEVSTAMP := $(VENV)/.installed-dev
export QT_QPA_PLATFORM ?= offscreen

.PHONY: run test lint bench dist snapshot clean

# What the app needs, and nothing else: `make run` must not wait for test tools, and the test
# extra's keyrings.alt would turn a missing keyring into a plaintext file.
$(APPSTAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $(APPSTAMP)

$(STAMP): $(APPSTAMP)
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(DEVSTAMP)

# Runs the app on the bundled demo feed, in a window (the desk profile).
run: QT_QPA_PLATFORM=
run: $(APPSTAMP)
	$(PY) -m kiosk --demo --windowed

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests benchmarks training
	$(VENV)/bin/ruff format --check kiosk tests benchmarks training
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# ruff, mypy, the import contracts, then pytest, headless. Stops at the first failure.
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

snapshot: $(APPSTAMP)
	$(PY) -m kiosk snapshot --demo --out snapshot.png --size 1920x1080

bench: $(DEVSTAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

dist: $(DEVSTAMP)
	$(VENV)/bin/pyinstaller --noconfirm pyinstaller.spec

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
