# partnernet: `make run` serves the seeded graph, `make test` runs every test against a real Neo4j.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PN := $(BIN)/partnernet
STAMP := $(VENV)/.installed
# The test suite's own managed Neo4j (see tests/conftest.py), so tests never wipe the graph `make run` serves.
TEST_NEO4J := PARTNERNET_NEO4J_HOME=$(CURDIR)/.partnernet/neo4j-test PARTNERNET_NEO4J_BOLT_PORT=7688 \
	PARTNERNET_NEO4J_HTTP_PORT=7475 PARTNERNET_NEO4J_URI=neo4j://127.0.0.1:7688

.PHONY: help install run serve neo4j-start neo4j-stop neo4j-status neo4j-logs migrate seed test test-unit \
	check format schema bench explorer clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | expand -t 18

$(STAMP): pyproject.toml constraints.txt
	@test -n "$(PYTHON)" || { echo "Python 3.11+ not found: install python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) ## create .venv and install the pinned dependencies

neo4j-start: install ## fetch (first time) and start the managed local Neo4j
	$(PN) neo4j start

neo4j-stop: install ## stop the managed local Neo4j
	$(PN) neo4j stop

neo4j-status: install ## is the managed Neo4j running? version, ports, data dir
	$(PN) neo4j status || true

neo4j-logs: install ## last lines of the managed Neo4j's logs
	$(PN) neo4j logs

migrate: install ## apply the schema migrations (service/db/migrations/)
	$(PN) db migrate

seed: migrate ## load the seed graph from seeds/ (idempotent)
	$(PN) seed load seeds

# The explorer is built again only when its sources changed, and its packages installed again only when the lock
# file changed (5-6 s each time otherwise: most of a quick start).
EXPLORER_OUT := service/static/explorer/index.html
EXPLORER_SRC := $(shell find explorer/src -type f 2>/dev/null) $(wildcard explorer/index.html explorer/package.json \
	explorer/package-lock.json explorer/vite.config.js)

explorer: $(EXPLORER_OUT) ## build the /explore front end when Node.js is present (again when its sources change)

$(EXPLORER_OUT): $(EXPLORER_SRC)
	@if command -v npm >/dev/null && [ -f explorer/package.json ]; then \
		cd explorer && { [ node_modules/.package-lock.json -nt package-lock.json ] || \
			npm ci --no-audit --no-fund --loglevel=error; } && npm run build --silent; \
	else echo "explorer: Node.js or explorer/ missing, skipped"; fi

# The seed load migrates first; --if-changed skips it when the graph already holds these seeds (bench/README.md,
# "Quick start": a server just started would plan every load statement anew).
run: install explorer ## set up everything and serve http://127.0.0.1:8000/graphql on the seeded graph
	$(PN) neo4j start --if-managed
	$(PN) seed load seeds --if-changed
	$(PN) serve

serve: install ## serve without set-up steps
	$(PN) serve

test: install explorer ## set up everything and run the whole suite against a real Neo4j
	@if [ -z "$$PARTNERNET_NEO4J_URI" ]; then $(TEST_NEO4J) $(PN) neo4j start; fi
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: install ## only the tests that need no database
	$(BIN)/pytest tests/unit $(PYTEST_ARGS)

check: install ## ruff, ruff format --check, mypy --strict, import-linter's layer contracts
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install ## apply ruff's fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: install ## regenerate schema/schema.graphql from the code
	$(PN) schema export

bench: install ## run the benchmark harness (see bench/README.md)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean: ## stop managed servers and remove local state (.venv, .partnernet)
	-$(PN) neo4j stop
	-$(TEST_NEO4J) $(PN) neo4j stop
	rm -rf $(VENV) .partnernet *.egg-info
