# The two commands a user needs are `make demo` and `make test` (see README.md).
# Both create .venv once and reuse it; the install is redone only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
OUT    := out

.PHONY: demo test lint lab notebooks model eval bench clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[fast,notebooks,dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(PY) -m toolkit demo --out $(OUT)

lint: $(STAMP)
	$(VENV)/bin/ruff check toolkit tests benchmarks

test: lint
	$(PY) -m pytest --nbval --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider -q

lab: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/

# Re-run the notebooks in place (after a change to the model or the rules), without execution
# timestamps, so that the stored outputs are what nbval compares and the diff shows only them.
notebooks: $(STAMP)
	cd notebooks && for nb in *.ipynb; do \
		../$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace \
			--ExecutePreprocessor.record_timing=False \
			--ClearMetadataPreprocessor.enabled=True \
			--ClearMetadataPreprocessor.clear_notebook_metadata=False $$nb || exit 1; \
	done

# Re-train the shipped theme model from corpus/ (deterministic).
model: $(STAMP)
	$(PY) -m toolkit train corpus/themes/train.jsonl -o toolkit/data/themes_model.npz

eval: $(STAMP)
	$(PY) benchmarks/evaluate_all.py

# The labour statutes beside the checkout (reference data, not shipped) add volume and variety.
STATUTES := ../shared/data/statutes

bench: $(STAMP)
	$(PY) -m toolkit.bench $(if $(wildcard $(STATUTES)),--extra $(STATUTES))

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache
