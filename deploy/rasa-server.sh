#!/bin/sh
# The Rasa server of the production profile (the image's default command).
# Rasa with the project's patches (python -m server). Conversations in
# PostgreSQL and locks in Redis through deploy/endpoints.yml;
# the patient channels of credentials.yml; Rasa's HTTP API stays off (no
# --enable-api). SITE_ORIGINS: the website origin(s) browsers may call from,
# space-separated. It is split here, never globbed, so one variable can carry
# several origins (Kubernetes does not split $(VAR) in args).
set -eu
set -f
: "${SITE_ORIGINS:?set SITE_ORIGINS to the website origin(s), space-separated}"
# shellcheck disable=SC2086  # splitting SITE_ORIGINS is the point
exec python -m server run --model models/assistant.tar.gz --endpoints deploy/endpoints.yml \
  --credentials credentials.yml --interface 0.0.0.0 --port 5005 --cors $SITE_ORIGINS
