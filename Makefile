# Two commands set up everything on a fresh machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test serve lock browser clean

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.lock
	$(BIN)/python -m pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
	touch $(STAMP)

# Debian's chromium drives the browser tests; Playwright cannot download browsers here.
browser:
	@[ -x $(CHROMIUM) ] || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; }

# Builds into a folder of its own and swaps it in at once (generator/build/publish.py): a failed
# or killed build leaves the previous site whole.
site: $(STAMP)
	$(BIN)/peerdir validate
	$(BIN)/python -m generator.build.publish --site-dir site --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

# One worker per core (at least 2, at most 6): measured on 2 cores, 4 workers took 504 s and 2 took
# 453 s. Every built site is made once per run, whatever the number of workers (tests/conftest.py).
# worksteal: a worker that runs out of tests takes some of another's, so the run does not end on
# one worker still working through its share of long tests.
TEST_JOBS ?= $(shell n=$$(nproc 2>/dev/null || echo 2); [ $$n -lt 2 ] && n=2; [ $$n -gt 6 ] && n=6; echo $$n)

test: $(STAMP) browser
	$(BIN)/python -m pytest -n $(TEST_JOBS) --dist worksteal -q

lock:
	$(BIN)/python -m pip freeze --all --exclude-editable | grep -v -E '^(-e|pip==)' | sed '1i # Pinned, complete dependency set (runtime + tests). Regenerate with: make lock' > requirements.lock

clean:
	rm -rf site .pytest_cache
