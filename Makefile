# heilongjiang-newmedia — the two commands that matter: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml requirements.lock | sha256sum | cut -c1-16)
KERNEL := heilongjiang-newmedia
JOBS   ?=
ARGS   ?=

.PHONY: report test test-fast lab clean env

env: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "Python (heilongjiang-newmedia)" >/dev/null
	@rm -f $(VENV)/.installed-*
	@touch $@

report: $(STAMP)
	$(BIN)/hlj-newmedia build $(if $(JOBS),--jobs $(JOBS)) $(ARGS)

# Everything (what CI runs): the fast tests, then the chapters built once per language/province and shared.
test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

# The library, methods, loaders and templates: no builds, no notebooks, no browser (under a minute).
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser" $(ARGS)

# JupyterLab on the project with the pinned environment; the "Python (heilongjiang-newmedia)" kernel is this venv.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root) notebooks/01_introduction.ipynb

clean:
	rm -rf reports .pytest_cache .hypothesis build *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
