# Migration Academy — the two commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: deps setup run test test-sqlite test-postgres test-django6 lint messages bench bench-smoke bench-scales soak clean test-s3 cluster cluster-test cluster-smoke

# Dependencies and compiled translations: what both the server and the tests need.
deps: $(VENV)/.installed node_modules/.installed
	@$(PY) manage.py compiletranslations

setup: deps
	@$(PY) manage.py migrate --noinput -v 0
	@echo "Setup complete."

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"'
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -c constraints.txt -e '.[dev]'
	@touch $@

node_modules/.installed: package.json package-lock.json .npmrc
	npm ci --no-audit --no-fund
	@touch $@

# Links in emails and certificates use the address this server really answers on
# (`make run PORT=8001` -> http://127.0.0.1:8001), unless ACADEMY_BASE_URL is set.
run: export ACADEMY_BASE_URL ?= http://$(HOST):$(PORT)
run: setup
	@$(PY) manage.py seed_demo
	@echo ""
	@echo "Migration Academy is running at http://$(HOST):$(PORT)/  (Ctrl+C stops it)"
	@echo "Links in emails and certificates point at $(ACADEMY_BASE_URL)/ (ACADEMY_BASE_URL)."
	@echo "Without EMAIL_URL, emails are printed here, in this terminal, not sent."
	@echo "For H5P activities open http://academy.localhost:$(PORT)/ (the player runs isolated on h5p.academy.localhost)."
	@$(PY) manage.py serve $(HOST):$(PORT)

# The whole suite on embedded SQLite, then again on PostgreSQL when DATABASE_URL is set.
# Tests build their own databases, so they need the dependencies but no migrated one.
test: deps
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "DATABASE_URL is not set: the PostgreSQL run was skipped."; fi

test-sqlite:
	@echo "== Test suite on SQLite"
	env -u DATABASE_URL $(VENV)/bin/pytest $(PYTEST_ARGS)

test-postgres:
	@echo "== Test suite on PostgreSQL"
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# The suite on SQLite against the newest Django 6.x, in its own venv: an upgrade that
# breaks the code is caught the day it is released (the project itself runs 5.2 LTS).
# Django 6 needs Python 3.12 or newer.
DJANGO6_VENV := .venv-django6
PYTHON_DJANGO6 ?= python3.12
test-django6:
	@test -x $(DJANGO6_VENV)/bin/python || $(PYTHON_DJANGO6) -m venv $(DJANGO6_VENV)
	@grep -iv '^django==' constraints.txt > $(DJANGO6_VENV)/constraints.txt
	@$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	  print("\n".join(d for d in p["dependencies"] + p["optional-dependencies"]["dev"] \
	  if not d.lower().startswith("django>")))' > $(DJANGO6_VENV)/requirements.txt
	$(DJANGO6_VENV)/bin/pip install --quiet --upgrade -c $(DJANGO6_VENV)/constraints.txt \
	  -r $(DJANGO6_VENV)/requirements.txt 'Django>=6.0,<7'
	@$(DJANGO6_VENV)/bin/python -c 'import django; print("== Test suite on SQLite, Django", django.get_version())'
	env -u DATABASE_URL $(DJANGO6_VENV)/bin/python manage.py compiletranslations
	env -u DATABASE_URL $(DJANGO6_VENV)/bin/pytest -p no:cacheprovider $(PYTEST_ARGS)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Extract translatable strings (a developer's tool: needs GNU gettext's xgettext). Each app
# with its own locale/ folder has its own catalogue; the rest (templates/) is the root one.
LOCALE_APPS = $(patsubst %/locale/,%,$(wildcard */locale/))
messages:
	@for app in $(LOCALE_APPS); do \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l pl -l en -l uk --no-obsolete -v 0); done
	$(PY) manage.py makemessages -l pl -l en -l uk --no-obsolete -v 0 \
	  -i '.venv/*' -i 'node_modules/*' $(foreach app,$(LOCALE_APPS),-i '$(app)/*') \
	  -i 'tests/*' -i 'bench/*' -i 'staticfiles/*'

clean:
	rm -rf $(VENV) node_modules staticfiles

# --- bench --- Benchmarks and load tests against gunicorn (docs/performance.md).
# With DATABASE_URL set they use their own PostgreSQL databases on that server
# (academy_bench, academy_bench_smoke); without it, SQLite in a temporary file.
$(VENV)/.bench-installed: pyproject.toml constraints.txt $(VENV)/.installed
	$(PIP) install --quiet -c constraints.txt -e '.[dev,bench]'
	@touch $@

bench: setup $(VENV)/.bench-installed
	bash bench/run.sh bench

bench-smoke: setup $(VENV)/.bench-installed
	bash bench/run.sh smoke

# The learner pages at each of BENCH_SCALES (one database per scale, seeded once), then
# their p50 side by side (bench/results/scales.json). Scale 10 seeds in ~10 min.
BENCH_SCALES ?= 0.1 1 10
bench-scales: setup $(VENV)/.bench-installed
	for scale in $(BENCH_SCALES); do BENCH_SCALE=$$scale bash bench/run.sh scale || exit $$?; done
	$(PY) manage.py bench_scales $(foreach s,$(BENCH_SCALES),bench/results/scale-$(s).json)

soak: setup $(VENV)/.bench-installed
	bash bench/run.sh soak

# --- scaling --- Several app servers, shared storage and cache (docs/deployment.md).
# The whole suite again, browser tests included, with every storage on a real S3 API
# (moto on the loopback).
S3_TESTS ?=
test-s3: deps
	ACADEMY_TEST_STORAGE=s3 $(VENV)/bin/pytest -q $(S3_TESTS) $(PYTEST_ARGS)

# Two gunicorn app servers behind a load balancer, a worker, the scheduler, S3 (moto),
# the machine's PostgreSQL (academy_cluster) and Redis; ports 8220-8223 (CLUSTER_PORT).
cluster: setup $(VENV)/.bench-installed
	$(PY) bench/cluster/cluster.py up

cluster-test: setup $(VENV)/.bench-installed
	$(PY) bench/cluster/cluster.py test

cluster-smoke: setup $(VENV)/.bench-installed
	CLUSTER_DURATION=20 CLUSTER_USERS=6 $(PY) bench/cluster/cluster.py test
