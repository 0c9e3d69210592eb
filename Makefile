# heilongjiang-newmedia — the two commands that matter: `make report` and `make test`; `make help` lists them all.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
KERNEL := heilongjiang-newmedia
JOBS   ?=
ARGS   ?=
YES    ?=

.PHONY: help report test test-fast lab clean env

help:
	@echo "make report   build every chapter and the book into reports/ (book.pdf, book.html; chapters in html/, pdf/)"
	@echo "              ARGS=\"--lang en\" or other hlj-newmedia build options; JOBS=N chapters at once"
	@echo "make test     run the test suite (about 800 tests in two workers, 13-14 minutes on 2 cores; ARGS=\"-k name\" to pick some)"
	@echo "make test-fast  the library, methods, loaders and templates: no builds, no notebooks, no browser (about 45 s)"
	@echo "make lab      JupyterLab on the notebooks (runs by hand write to reports/.scratch/, never to the reports)"
	@echo "make env      only install the pinned environment into .venv (the targets above do it when needed)"
	@echo "make clean    remove reports/ (only what the build made; asks first, YES=1 not to ask) and Python caches"
	@echo "make help     this list"
	@echo "The first make report or make test installs the environment (3-5 minutes, under a minute with a warm pip cache)."

env: $(STAMP)

# The package's own modules are compiled once here: the editable install does not, and where PYTHONDONTWRITEBYTECODE
# is set (as on CI machines) every build process (command, kernels, renderer) would otherwise compile them again.
$(STAMP): pyproject.toml requirements.lock
	@echo "Installing the pinned Python environment into $(VENV): $$(grep -c '==' requirements.lock) packages from requirements.lock"
	@echo "(pandas, matplotlib, seaborn, JupyterLab, papermill, nbconvert, WeasyPrint, the Noto Sans CJK font, ...)."
	@echo "This happens once, and again only when pyproject.toml or requirements.lock change;"
	@echo "it usually takes 3-5 minutes (under a minute with a warm pip cache)."
	@start=$$(date +%s); \
	{ test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); } && \
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]' && \
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (heilongjiang-newmedia)" >/dev/null && \
	$(BIN)/python -m compileall -q heilongjiang_newmedia >/dev/null && \
	echo "Environment ready in $$(( $$(date +%s) - start )) s: $(VENV)"
	@rm -f $(VENV)/.installed-*
	@touch $@

report: $(STAMP)
	@echo "Building the reports into reports/ (about 40 s on 2 cores when nothing is cached; unchanged chapters are reused)."
	$(BIN)/hlj-newmedia build $(if $(JOBS),--jobs $(JOBS)) $(ARGS)

# Everything (what CI runs): two pytest workers (pytest-xdist), each taking whole test modules, slowest first
# (tests/conftest.py; --no-loadscope-reorder keeps that order instead of xdist's "most tests first"); the chapters
# are built once per language/province and shared between the workers.
test: $(STAMP)
	@echo "Running the test suite in two workers: one dot per test, percent done at the right (about 13-14 minutes on 2 cores)."
	$(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder $(ARGS)

# The library, methods, loaders and templates: no builds, no notebooks, no browser; one pytest worker per core
# (pytest-xdist): about 45 s on 2 cores.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser" -n auto $(ARGS)

# JupyterLab on the project with the pinned environment; the "Python (heilongjiang-newmedia)" kernel is this venv.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/01_introduction.ipynb

# reports/ goes through `hlj-newmedia clean`: it removes only a folder the build made, holding only build outputs.
clean:
	@if [ -x $(BIN)/hlj-newmedia ]; then $(BIN)/hlj-newmedia clean $(if $(YES),--yes); fi
	rm -rf .pytest_cache .hypothesis *.egg-info
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
