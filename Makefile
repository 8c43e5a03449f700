# Two commands on a fresh machine with Python 3.11:
#   make run    set up, load the demo city, serve http://127.0.0.1:8000/ with a task worker
#   make test   set up the same way, run the whole test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
DEMO_PASSWORD ?= yunxi-demo-2026
PYTEST_ARGS ?=
export DJANGO_SETTINGS_MODULE ?= parentschool.settings.dev

.PHONY: run test prereq setup migrate demo worker serve lint lock messages clean

prereq:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null \
	  || { echo "Python 3.11 is required (found: $$($(PYTHON) --version 2>&1))."; \
	       echo "  Debian/Ubuntu: apt-get install python3.11 python3.11-venv; macOS: brew install python@3.11"; exit 1; }
	@$(PYTHON) -c 'import venv, ensurepip' 2>/dev/null \
	  || { echo "Python's venv module is missing: apt-get install python3.11-venv"; exit 1; }
	@for tool in ffmpeg ffprobe; do command -v $$tool >/dev/null \
	  || { echo "$$tool is required to process lesson videos."; \
	       echo "  Debian/Ubuntu: apt-get install ffmpeg; macOS: brew install ffmpeg; Windows: winget install ffmpeg"; exit 1; }; done

$(BIN)/.installed: requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps -e .
	@touch $@

setup: prereq $(BIN)/.installed

migrate: setup
	$(BIN)/python manage.py migrate --no-input

demo: migrate
	$(BIN)/python manage.py load_demo --password "$(DEMO_PASSWORD)"

run: demo
	@echo "Starting the task worker and the web server on http://$(HOST):$(PORT)/ (Ctrl+C stops both)"
	@trap 'kill 0' EXIT INT TERM; \
	  $(BIN)/python manage.py db_worker --queue-name '*' --no-reload & \
	  $(BIN)/python manage.py runserver $(HOST):$(PORT)

test: setup
	@DJANGO_SETTINGS_MODULE=parentschool.settings.test $(BIN)/pytest $(PYTEST_ARGS); rc=$$?; \
	  if [ $$rc -eq 5 ]; then echo "pytest collected no tests: failing."; exit 1; fi; exit $$rc

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Production-style serving (granian, hashed static files); set SECRET_KEY first.
serve: migrate
	DJANGO_SETTINGS_MODULE=parentschool.settings.production $(BIN)/python manage.py collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=parentschool.settings.production $(BIN)/python -m parentschool.serve

worker: setup
	$(BIN)/python manage.py db_worker --queue-name '*' --no-reload

# Re-resolve the pinned requirements from requirements*.in in throwaway environments.
lock:
	rm -rf /tmp/ps-lock && $(PYTHON) -m venv /tmp/ps-lock
	/tmp/ps-lock/bin/pip install --quiet -r requirements.in
	{ echo "# Every runtime dependency, pinned. Direct ones are in requirements.in; regenerate with \`make lock\`."; \
	  /tmp/ps-lock/bin/pip freeze; } > requirements.txt
	/tmp/ps-lock/bin/pip freeze | sort > /tmp/ps-lock/runtime.txt
	/tmp/ps-lock/bin/pip install --quiet -r requirements-dev.in
	{ echo "# Test and tooling dependencies, pinned. Direct ones are in requirements-dev.in; regenerate with \`make lock\`."; \
	  echo "-r requirements.txt"; comm -13 /tmp/ps-lock/runtime.txt <(/tmp/ps-lock/bin/pip freeze | sort); } > requirements-dev.txt

# Translators: extract strings, edit locale/zh_Hans/LC_MESSAGES/django.po, compile.
messages: setup
	$(BIN)/python manage.py makemessages -l zh_Hans --ignore='.venv/*' --ignore='var/*' --ignore='node_modules/*'
	$(BIN)/python manage.py compilemessages -l zh_Hans --ignore='.venv/*'

clean:
	rm -rf $(VENV) var
