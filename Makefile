# Two commands for a fresh Debian machine with Python 3.11:
#   make run    set everything up and open the dashboard on the bundled sample data
#   make test   set everything up, check lint and formatting, run every test (what CI runs)
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
APT_PACKAGES := chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 poppler-utils

.PHONY: setup system-packages run test lint format bench clean sample-data

setup: system-packages $(VENV)/.installed

# System packages: Chromium (browser tests, PNG export) and CJK fonts (Chinese in images).
system-packages:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi; \
		echo "Installing system packages:$$missing"; \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

# Loopback only: a single local user, whose history and column choices are kept in data/.
# To serve a team, configure sign-in (README, "Serving a team") instead of widening the address.
run: setup
	$(PY) -m streamlit run dashboard.py --server.port $(PORT) --server.address localhost

test: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

bench: setup
	for script in benchmarks/bench_*.py; do echo "== $$script"; PYTHONPATH=. $(PY) $$script || exit 1; done

sample-data: setup
	$(PY) sample_data/generate.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
