# Routine tasks. `make run` serves the site; `make test` runs every test.
.PHONY: run test lint format demo reindex messages superuser bench bench-alerts bench-backup bench-wire soak backup

run:            ## set up, migrate, load demo content if empty, serve on 127.0.0.1:8000
	bin/run

test:           ## lint, then all tests on SQLite (and PostgreSQL + Redis when DATABASE_URL/REDIS_URL are set)
	bin/test

lint:
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format:
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

demo:           ## load demo content into the configured database
	.venv/bin/python manage.py seed_demo

reindex:        ## rebuild the search index and social-card crops (content saved before discovery was installed)
	.venv/bin/python manage.py rebuild_search_index
	.venv/bin/python manage.py make_derivatives

messages:       ## refresh the Arabic and Spanish catalogues from the code (needs gettext), then compile them
	.venv/bin/python manage.py makemessages -l ar -l es --ignore=.venv --ignore=node_modules \
		--ignore=staticfiles --ignore=uploads --ignore=bench --ignore=test-artifacts --ignore=tests
	.venv/bin/python manage.py compilemessages --ignore=.venv --ignore=node_modules

superuser:
	.venv/bin/python manage.py createsuperuser

bench:          ## generate a large archive (ARTICLES=100000), serve it with gunicorn, measure with wrk; see bench/run
	bin/setup
	bench/run

bench-alerts:   ## publish-to-webhook and alert-to-push p50/p95, and a 10,000-subscription fan-out by two workers
	bin/setup
	.venv/bin/python -m bench.alerts

bench-backup:   ## back up the benchmark archive, restore it into an empty database, compare 200 pages; see bench/backup
	bin/setup
	bench/backup

bench-wire:     ## wire ingest speed from a drop folder (ITEMS=5000), one table; see bench/wire_ingest.py
	bin/setup
	.venv/bin/python -m bench.wire_ingest --items $${ITEMS:-5000}

soak:           ## 5 minutes of wrk (64 connections) on gunicorn + PostgreSQL + Redis, Redis restarted half way; SOAK_SECONDS=60 for less
	bin/setup
	bench/soak.sh

backup:         ## the database and media in a new folder under var/backups/ (manage.py restore [--check] FOLDER)
	.venv/bin/python manage.py backup
