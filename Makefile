# belregions: `make run` sets up and serves the demo; `make test` runs the tests.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
ADMIN_PASSWORD ?= belregions-demo
# The tests run in this many processes: most slow tests wait on a worker, a browser or a server, so three
# keep two cores busy (make test TEST_PROCESSES=0 runs them in one).
TEST_PROCESSES ?= 3
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: venv run demo test lint worker beat clean messages

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --upgrade pip >/dev/null

venv: $(PY)
	$(VENV)/bin/pip install -r requirements.txt

demo: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --admin-password $(ADMIN_PASSWORD)

# The embedded default runs parse tasks in-process: no worker and no beat needed. With CELERY_BROKER_URL
# set, run `make worker` and `make beat` (exactly one) beside it.
run: demo
	@echo "Dashboard: http://$(HOST):$(PORT)/  Admin: http://$(HOST):$(PORT)/admin/ (admin / $(ADMIN_PASSWORD))"
	@if [ -n "$$CELERY_BROKER_URL" ]; then echo "CELERY_BROKER_URL is set: start 'make worker' and 'make beat' too."; fi
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist worksteal --durations=15

lint: venv
	$(VENV)/bin/ruff check .

# After changing a marked string: the catalogues again (new msgids empty, changed ones fuzzy: translate them),
# then their .mo, which are committed (README, "Languages"). Needs GNU gettext (apt install gettext). The
# catalogue is the dashboard's and the editors' admin's (templates/admin, marked strings of articles/ and
# belregions/); the API stays English. Not --ignore=articles: makemessages ignores a directory by its name too,
# which would drop templates/admin/articles/; the parser has no marked strings, so adds nothing.
MESSAGE_DIRS := --ignore=.venv --ignore=tests --ignore=bench --ignore=var --ignore=artifacts --ignore=static \
	--ignore=api
messages: venv
	@command -v msgfmt >/dev/null || { echo "msgfmt not found: install GNU gettext (apt install gettext)"; exit 1; }
	$(PY) manage.py makemessages --all --no-obsolete --no-wrap $(MESSAGE_DIRS)
	$(PY) scripts/fill_source_catalogue.py locale/en/LC_MESSAGES/django.po  # English, the source, as itself
	$(PY) manage.py compilemessages --ignore=.venv

worker:
	$(VENV)/bin/celery -A config worker --loglevel=INFO

# Exactly one beat per deployment: it sends the sweep of stuck articles and the re-sends.
beat:
	$(VENV)/bin/celery -A config beat --loglevel=INFO --enable-remote-control

clean:
	rm -rf var .pytest_cache .ruff_cache
