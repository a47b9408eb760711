# Two entry points for a fresh clone: `make run` and `make test`. Everything else is a step they
# share. The virtual environment and the database are rebuilt only when their inputs change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     := db/evidens.sqlite
DATA   := $(wildcard db/*.toml db/*/*.toml)

.PHONY: run test db lint bench bundle clean

run: $(DB)
	$(BIN)/evidens gui

test: $(DB)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest
	$(BIN)/ruff check src tests benchmarks

db: $(DB)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(DB): $(VENV)/.installed $(DATA) $(wildcard src/evidens/*.py src/evidens/evidence/*.py)
	$(BIN)/evidens build-db

lint: $(VENV)/.installed
	$(BIN)/ruff check src tests benchmarks

bench: $(DB)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The frozen one-folder app in dist/evidens/ (PyInstaller; see build/README.md).
$(VENV)/.build-installed: $(VENV)/.installed pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[build]'
	touch $@

bundle: $(DB) $(VENV)/.build-installed
	$(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
		--workpath build/work --distpath dist build/evidens.spec

clean:
	rm -rf $(VENV) $(DB) build/work dist
