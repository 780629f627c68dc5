"""Each request's language, so staff call back in it: stored, migrated into
an older database, shown on the page, in the API and the CLI."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from clinic.requests import MIGRATIONS, requests
from frontdesk.cli import details, table
from frontdesk.store import Store
from tests.frontdesk.conftest import sample
from tests.frontdesk.test_web import sign_in


def test_a_request_keeps_the_patients_language(store):
    spanish = store.create_request(**sample(language="es"))
    english = store.create_request(**sample())
    assert store.get(spanish.reference).language == "es"
    assert store.get(english.reference).language == "en"
    assert spanish.to_json()["language"] == "es"


@pytest.mark.parametrize("bad", ["fr", "", None, "spanish", 1])
def test_only_a_language_the_assistant_speaks_is_stored(store, bad):
    with pytest.raises(ValueError, match="language must be one of en, es"):
        store.create_request(**sample(language=bad))


def old_schema(url):
    """The requests table as the release before languages created it, with one request."""
    engine = sa.create_engine(url, future=True)
    old = sa.MetaData()
    columns = [c.copy() for c in requests.columns if c.name != "language"]
    sa.Table("requests", old, *columns)
    old.create_all(engine)
    with engine.begin() as conn:
        row = {k: v for k, v in sample().items() if k not in ("transcript", "preferred_time")}
        conn.execute(
            sa.text(
                "INSERT INTO requests (reference, kind, full_name, phone_e164, preferred_time_text,"
                " procedure, consent, status, created_at, updated_at, idempotency_key) VALUES"
                " ('MM-22222', :kind, :full_name, :phone_e164, :preferred_time_text, :procedure,"
                " :consent, 'open', '2031-01-01 00:00:00', '2031-01-01 00:00:00', :idempotency_key)"
            ),
            row,
        )
    engine.dispose()


def test_create_schema_adds_the_language_column_to_an_older_database(db_url):
    old_schema(db_url)
    store = Store(db_url)
    try:
        store.create_schema()
        store.create_schema()  # idempotent
        assert store.get("MM-22222").language == "en"  # the requests already there
        assert store.create_request(**sample(language="es")).language == "es"
        columns = {c["name"] for c in sa.inspect(store.engine).get_columns("requests")}
        assert {column for _, column, _ in MIGRATIONS} <= columns
    finally:
        store.dispose()


def test_the_queue_page_shows_each_requests_language(sqlite_store):
    from frontdesk.web import create_app
    from tests.frontdesk.test_web import SECRET, STAFF_PASSWORD, STAFF_USER

    sqlite_store.add_staff(STAFF_USER, STAFF_PASSWORD)
    spanish = sqlite_store.create_request(
        **sample(
            language="es",
            transcript=[{"sender": "patient", "text": "quiero una cita"}],
        )
    )
    english = sqlite_store.create_request(**sample())
    client = create_app(sqlite_store, secret_key=SECRET).test_client()
    sign_in(client)
    page = client.get("/").get_data(as_text=True)
    assert '<th scope="col">Language</th>' in page
    spanish_row = page.split(f'id="request-{spanish.reference}"')[1].split("</tbody>")[0]
    english_row = page.split(f'id="request-{english.reference}"')[1].split("</tbody>")[0]
    assert "Spanish (español)" in spanish_row and 'lang="es"' in spanish_row
    assert "English" in english_row and 'lang="es"' not in english_row
    # only the patient's words are Spanish: the page's own "Patient:" stays English for a screen reader
    assert '<strong>Patient:</strong> <span class="said" lang="es">quiero una cita</span>' in spanish_row
    assert '<li class="from-patient" lang' not in spanish_row


def test_the_cli_and_api_show_the_language(sqlite_store):
    spanish = sqlite_store.create_request(**sample(language="es"))
    assert "Language:        Spanish (español)" in details(spanish)
    assert "LANGUAGE" in table([spanish]) and "Spanish (español)" in table([spanish])
