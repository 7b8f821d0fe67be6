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

# The bundle is built in a venv of its own holding the app and PyInstaller only: whatever a
# developer's .venv holds (wordcloud's matplotlib, keyrings.alt), the bundle is the same.
DISTVENV := build/venv
DISTSTAMP := $(DISTVENV)/.installed-dist

$(DISTSTAMP): pyproject.toml
	@test -x $(DISTVENV)/bin/python || $(PYTHON) -m venv $(DISTVENV)
	$(DISTVENV)/bin/python -m pip install --quiet --upgrade pip 'setuptools>=77' wheel
	$(DISTVENV)/bin/python -m pip install --quiet '.[dist]'
	@touch $(DISTSTAMP)

# The app goes into the bundle with its analysis compiled by mypyc (setup.py), about a third
# faster. It is installed as a wheel, never editable, so no compiled module lands in the
# source tree, where it would hide later edits of its .py file. Any change under kiosk/
# rebuilds it (a minute, most of it the C compiler).
# setuptools builds in build/lib* and packs whatever that folder holds: a module deleted
# from kiosk/ would live on there, so the folder is emptied first.
COMPILED := $(DISTVENV)/.installed-compiled
$(COMPILED): $(DISTSTAMP) setup.py $(shell find kiosk assets -type f -not -path '*/__pycache__/*')
	rm -rf build/lib.* build/temp.* build/bdist.* voc_kiosk.egg-info
	VOC_KIOSK_MYPYC=1 $(DISTVENV)/bin/python -m pip install --quiet --no-deps \
		--no-build-isolation --force-reinstall .
	@touch $(COMPILED)

# Runs the app on the bundled demo feed, in a window (the desk profile).
run: QT_QPA_PLATFORM=
run: $(APPSTAMP)
	$(PY) -m kiosk --demo --windowed

lint: $(STAMP)
	$(VENV)/bin/ruff check kiosk tests benchmarks training packaging
	$(VENV)/bin/ruff format --check kiosk tests benchmarks training packaging
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# ruff, mypy, the import contracts, then pytest, headless. Stops at the first failure.
test: lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

snapshot: $(APPSTAMP)
	$(PY) -m kiosk snapshot --demo --out snapshot.png --size 1920x1080

bench: $(DEVSTAMP)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(PY) $$b || exit 1; done

# dist/voc-kiosk/: the app as a folder to copy anywhere; start dist/voc-kiosk/voc-kiosk.
dist: $(COMPILED)
	VOC_KIOSK_MYPYC=1 $(DISTVENV)/bin/pyinstaller --noconfirm --log-level WARN pyinstaller.spec
	@du -sh dist/voc-kiosk

clean:
	rm -rf $(VENV) build dist .mypy_cache .pytest_cache .ruff_cache
