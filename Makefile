# gradstep: `make run` starts the app, `make test` runs every test.
# Both create .venv and install what they need on a fresh machine.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint bench qt-libs clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test,bench]"
	touch $(STAMP)

qt-libs:
	bash .ci/install-qt-libs.sh

run: $(STAMP) qt-libs
	$(PY) main.py $(ARGS)

test: $(STAMP) qt-libs
	$(PY) -m ruff check .
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

bench: $(STAMP) qt-libs
	for script in tests/benchmarks/*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$script || exit 1; done

clean:
	rm -rf $(VENV) build dist *.egg-info

# ---- Desktop integration and packaging ----
# install-desktop: the launcher, menu entry and icons for this user, Exec pointing at this
# checkout's venv launcher. DATA_HOME can be overridden (e.g. for a test into a temp dir).
DATA_HOME ?= $(HOME)/.local/share
ICON_SIZES := 16 32 48 64 128 256 512

.PHONY: install-desktop uninstall-desktop icons

icons: $(STAMP) qt-libs
	QT_QPA_PLATFORM=offscreen $(PY) resources/render_icons.py

install-desktop: $(STAMP)
	mkdir -p $(DATA_HOME)/applications
	sed -e 's|^Exec=gradstep|Exec="$(CURDIR)/$(VENV)/bin/gradstep"|' \
	    -e 's|^TryExec=gradstep|TryExec=$(CURDIR)/$(VENV)/bin/gradstep|' \
	    resources/gradstep.desktop > $(DATA_HOME)/applications/gradstep.desktop
	for size in $(ICON_SIZES); do \
	  install -Dm644 resources/icons/gradstep-$$size.png \
	    $(DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/gradstep.png || exit 1; \
	done
	install -Dm644 resources/icons/gradstep.svg $(DATA_HOME)/icons/hicolor/scalable/apps/gradstep.svg
	if command -v update-desktop-database >/dev/null; then update-desktop-database $(DATA_HOME)/applications; fi
	if command -v gtk-update-icon-cache >/dev/null; then gtk-update-icon-cache -q -t $(DATA_HOME)/icons/hicolor; fi
	@echo "installed $(DATA_HOME)/applications/gradstep.desktop"

uninstall-desktop:
	rm -f $(DATA_HOME)/applications/gradstep.desktop $(DATA_HOME)/icons/hicolor/scalable/apps/gradstep.svg
	for size in $(ICON_SIZES); do rm -f $(DATA_HOME)/icons/hicolor/$${size}x$${size}/apps/gradstep.png; done

# bundle: a one-folder PyInstaller app in dist/gradstep/ that needs no Python on the target.
# Built from its own venv (build/venv-bundle) so test tools and torch stay out of it.
BUNDLE_VENV := build/venv-bundle
BUNDLE_STAMP := $(BUNDLE_VENV)/.installed

.PHONY: bundle bundle-smoke

$(BUNDLE_STAMP): pyproject.toml
	$(PYTHON) -m venv $(BUNDLE_VENV)
	$(BUNDLE_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BUNDLE_VENV)/bin/python -m pip install --quiet -e ".[bundle]"
	touch $(BUNDLE_STAMP)

bundle: $(BUNDLE_STAMP) qt-libs
	bash resources/bundle_libs.sh
	$(BUNDLE_VENV)/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
	  --workpath build/pyinstaller --distpath dist resources/gradstep.spec
	@echo "dist/gradstep: $$(du -sh dist/gradstep | cut -f1)"

# Launches the bundle with --screenshot offscreen (Python hidden where possible), checks the PNG.
bundle-smoke: $(STAMP)
	bash resources/bundle_smoke.sh /tmp/gradstep-bundle-smoke.png
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/startup.py --runs 3 --command dist/gradstep/gradstep

# Full-size proofs that gradstep holds up (CI runs smaller versions of each; see README).
.PHONY: soak stepping-soak training-soak fuzz monkey proofs

stepping-soak: $(STAMP)
	$(PY) -m tests.soak.stepping --moves 100000

training-soak: $(STAMP) qt-libs
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.soak.training --steps 10000
	QT_QPA_PLATFORM=offscreen $(PY) -m tests.soak.training --steps 10000 --fast

soak: stepping-soak training-soak

fuzz: $(STAMP)
	$(PY) -m tests.soak.fuzz --expr 10000 --session 10000

monkey: $(STAMP) qt-libs
	GRADSTEP_MONKEY_ACTIONS=2000 QT_QPA_PLATFORM=offscreen $(PY) -m pytest -s tests/gui/app/test_monkey.py

proofs: soak fuzz monkey
