# The entry points people remember. `make run` and `make test` set everything up on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= outputs
GOLDEN := outputs/golden

.PHONY: setup run test unit nbval lab golden bench lint clean check-pages

setup: $(STAMP)

# One install step: the package with its test extras, and the `smartcity` Jupyter kernel
# registered inside the virtual environment.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name smartcity --display-name "Python (smartcity)"
	touch $(STAMP)

run: setup
	$(BIN)/smartcity run --out $(OUT)

test: setup
	$(BIN)/python -m pytest tests
	$(MAKE) nbval

# The fast tests only: the batch tests (marked `batch`, whole sample runs) are left out.
unit: setup
	$(BIN)/python -m pytest tests -m "not batch"

# Full nbval (outputs compared) over every committed workbook, in run order.
nbval: setup
	$(BIN)/python -m pytest --nbval notebooks --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

# The pages as a reader's browser shows them: a sample run in each language (with PDFs and
# the decision record), the parser check of every page, headless Chromium (Debian: apt-get
# install -y chromium) on the index and three agency reports, failing on any console
# message; screenshots in outputs/check-pages*/screenshots/ (never committed).
check-pages: setup
	$(BIN)/smartcity run --out outputs/check-pages --pdf
	$(BIN)/smartcity record --out outputs/check-pages --pdf
	$(BIN)/smartcity run --out outputs/check-pages-en --lang en --pdf
	$(BIN)/smartcity record --out outputs/check-pages-en --pdf
	$(BIN)/python -m smartcity_utils.reports.check_pages outputs/check-pages outputs/check-pages-en

lab: setup
	$(BIN)/smartcity lab

golden: setup
	$(BIN)/python -m smartcity_utils.batch.golden --out $(GOLDEN)

# Timing and memory against baselines measured in the same run (not part of `make test`).
bench: setup
	$(BIN)/python -m benchmarks

lint: setup
	$(BIN)/ruff check smartcity_utils tests benchmarks

clean:
	rm -rf $(VENV) outputs/*
