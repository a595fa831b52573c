# Two commands matter: `make run` and `make test`. Both bootstrap uv and the locked .venv.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
RUN := $(UV) run --frozen --no-sync

.PHONY: run test lint typecheck layers pytest services sync clean bench bench-quick messages

run: sync
	@$(RUN) gptbot run

test: sync services lint typecheck layers pytest

sync: .venv/.synced

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	@touch $@

$(CURDIR)/.tools/bin/uv:
	python3 -m venv $(CURDIR)/.tools
	$(CURDIR)/.tools/bin/pip install --quiet uv

services:
	@scripts/ensure-test-services.sh

lint:
	$(RUN) ruff check .
	$(RUN) ruff format --check .

typecheck:
	$(RUN) mypy

layers:
	$(RUN) lint-imports

# pytest exits 5 when it collects no tests; that is not a failure of the suite.
pytest:
	@$(RUN) pytest -n auto; rc=$$?; if [ $$rc -eq 5 ]; then echo "no tests were collected"; exit 0; fi; exit $$rc

# The user texts' catalogs compiled after an edit of a .po; the .mo files are committed beside them (ADR 45)
messages: sync
	$(RUN) pybabel compile -d application/messages/locales -D messages --statistics

# Benchmarks against baselines measured in the same run; figures go to docs/benchmarks.md. Never in CI.
bench: sync services
	@$(RUN) python -m bench

bench-quick: sync services
	@$(RUN) python -m bench --quick

clean:
	rm -rf .venv .tools .pytest_cache .mypy_cache .ruff_cache
