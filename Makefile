# The two commands a new user needs:  make run  and  make test
SHELL := /bin/bash
VENV := .venv
RASA := $(VENV)/bin/rasa
PY := $(VENV)/bin/python
# ACTION_ENDPOINT_URL is not set here: scripts/run derives it from ACTIONS_PORT
# (a fixed default here would send the action token to whatever holds 5055)
export TRACKER_DB_URL ?= sqlite:///var/trackers.db
export TF_CPP_MIN_LOG_LEVEL ?= 2
export RASA_TELEMETRY_ENABLED := false

.PHONY: install train run shell test test-unit validate evaluate safety-meaning report bench purge lock clean

install:            ## virtual environment + pinned, hash-checked dependencies
	@scripts/install

train: install      ## trains only when what the model is built from changed (scripts/train)
	@scripts/train

run: train          ## starts every server and says where to chat
	@scripts/run

shell: train        ## talk to the assistant in the terminal
	@scripts/run --shell

test: install       ## every test: content, actions, NLU, stories, held-out evaluation
	@scripts/test

test-unit: install  ## the fast tests only (no trained model)
	$(PY) -m pytest -m "not model" -q

validate: install   ## Rasa's checks of the training data and domain
	@scripts/validate

evaluate: train     ## the regression and development sets (reports/eval-<set>.md)
	$(PY) -m tests.evaluation heldout dev-en dev-es

safety-meaning: install  ## refit the safety net's reading by meaning on data/ and every development set (clinic/safety_meaning.json)
	$(PY) -m tests.evaluation.safety_meaning

report: install     ## 5-fold cross-validated NLU report (slow; not in CI)
	$(RASA) test nlu --nlu data content/procedure_names.yml --config config.yml --cross-validation --folds 5 --out reports/nlu-cv

bench: install      ## ours vs Rasa's default config: trains both, serves each in turn (~25 min); reports/bench.{json,md}
	$(PY) -m bench

purge: install      ## delete requests and conversations older than $RETENTION_DAYS (default 90)
	$(PY) -m frontdesk.cli purge

lock: install       ## re-pin requirements.lock (versions + sha256) from requirements.in, with uv
	$(VENV)/bin/uv pip compile requirements.in --generate-hashes --python-version 3.10 \
	  --python-platform x86_64-manylinux_2_28 --output-file requirements.lock --quiet

clean:
	rm -rf models .rasa var reports/*.json .pytest_cache
