# The README's two commands: `make run` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q

.PHONY: run test install install-test assets demo bench lock messages check clean

run: install assets
	$(VENV)/bin/velkomst run

# One pytest worker per core (pytest-xdist), each with its own test database; PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= auto
test: install-test assets
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the lock files change.
$(VENV)/.installed: requirements.lock pyproject.toml | $(PY)
	$(PIP) install -r requirements.lock
	$(PIP) install --no-deps -e .
	touch $@

$(VENV)/.installed-test: requirements-test.lock $(VENV)/.installed
	$(PIP) install -r requirements-test.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
assets: node_modules/.installed

demo: install assets
	$(VENV)/bin/velkomst migrate
	$(VENV)/bin/velkomst demo --replace

bench: install-test assets
	$(PY) bench/pages.py
	$(PY) bench/allocation.py --quick
	$(PY) bench/forecast.py

# Regenerate the lock files after changing pyproject.toml.
lock: | $(PY)
	$(PIP) install uv
	$(VENV)/bin/uv pip compile -q pyproject.toml -o requirements.lock
	$(VENV)/bin/uv pip compile -q pyproject.toml --extra test -o requirements-test.lock

# Collect new interface strings into the Danish catalogue, then compile it.
# Apps with their own locale/ folder keep their own catalogue; the project catalogue holds the rest.
APP_CATALOGUES := $(patsubst %/locale,%,$(wildcard velkomst/*/locale))
MAKEMESSAGES := makemessages -l da -l en --no-obsolete --no-fuzzy-matching --add-location file
messages: install
	cd velkomst && ../$(VENV)/bin/velkomst $(MAKEMESSAGES) -i "demo/*" $(foreach app,$(APP_CATALOGUES),-i "$(notdir $(app))/*")
	$(foreach app,$(APP_CATALOGUES),(cd $(app) && $(CURDIR)/$(VENV)/bin/velkomst $(MAKEMESSAGES)) &&) true
	cd velkomst && ../$(VENV)/bin/velkomst compilemessages

check: install-test
	$(VENV)/bin/ruff check velkomst bench tests
	$(VENV)/bin/lint-imports
	$(VENV)/bin/velkomst makemigrations --check --dry-run
	$(VENV)/bin/velkomst check

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
