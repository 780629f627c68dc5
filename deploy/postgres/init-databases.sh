#!/bin/sh
# Creates the two databases of the production profile, each owned by its own
# login role: Rasa's tracker store and the front desk's request store.
# Run once by the postgres image on an empty data volume
# (/docker-entrypoint-initdb.d/); also usable by hand against any server:
#   PGHOST=db.example PGUSER=postgres TRACKER_DB_PASSWORD=... CLINIC_DB_PASSWORD=... \
#     deploy/postgres/init-databases.sh
# Passwords come from the environment and reach the server as psql variables,
# never on a command line.
set -eu
: "${TRACKER_DB_PASSWORD:?}" "${CLINIC_DB_PASSWORD:?}"
psql -v ON_ERROR_STOP=1 --no-psqlrc --username "${PGUSER:-${POSTGRES_USER:-postgres}}" --dbname "${POSTGRES_DB:-postgres}" \
  --set tracker_db="${TRACKER_DB_NAME:-rasa}" --set tracker_user="${TRACKER_DB_USER:-rasa}" \
  --set clinic_db="${CLINIC_DB_NAME:-clinic}" --set clinic_user="${CLINIC_DB_USER:-clinic}" \
  --set tracker_password="$TRACKER_DB_PASSWORD" --set clinic_password="$CLINIC_DB_PASSWORD" <<'SQL'
CREATE ROLE :"tracker_user" LOGIN PASSWORD :'tracker_password';
CREATE DATABASE :"tracker_db" OWNER :"tracker_user";
REVOKE ALL ON DATABASE :"tracker_db" FROM PUBLIC;
CREATE ROLE :"clinic_user" LOGIN PASSWORD :'clinic_password';
CREATE DATABASE :"clinic_db" OWNER :"clinic_user";
REVOKE ALL ON DATABASE :"clinic_db" FROM PUBLIC;
SQL
