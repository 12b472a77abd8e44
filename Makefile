# belregions: `make run` sets up and serves the demo; `make test` runs the tests.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
ADMIN_PASSWORD ?= belregions-demo

.PHONY: venv run demo test lint worker beat clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --upgrade pip >/dev/null

venv: $(PY)
	$(VENV)/bin/pip install -r requirements.txt

demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --admin-password $(ADMIN_PASSWORD)

run: demo
	@echo "Dashboard: http://127.0.0.1:8000/  Admin: http://127.0.0.1:8000/admin/ (admin / $(ADMIN_PASSWORD))"
	$(PY) manage.py runserver 127.0.0.1:8000

test: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: venv
	$(VENV)/bin/ruff check .

worker:
	$(VENV)/bin/celery -A belregions worker --loglevel=INFO

beat:
	$(VENV)/bin/celery -A belregions beat --loglevel=INFO

clean:
	rm -rf var .pytest_cache .ruff_cache
