"""The SMS channel's shared state (channels/sms_state.py) on SQLite and on a real,
throwaway PostgreSQL database: two store instances stand for two Rasa replicas.
At the end, two SMS channel servers on loopback share one database, as replicas
behind a load balancer do."""

from __future__ import annotations

import logging
import threading

import pytest
import sqlalchemy as sa
from rasa.shared.exceptions import RasaException

from channels import sms_state
from channels.sms_format import Choice, Pending, more_suffix
from channels.sms_state import OptOutStore, Sessions, StateDb, hashed_sender
from channels.twilio_sms import TwilioSmsInput
from tests.channels.loopback import AUTH_TOKEN, PHONE, SENDER_SECRET, Phone
from tests.pg import throwaway_database

MORE_SUFFIX = more_suffix()

EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response />'
ALICE, BOB = hashed_sender(PHONE, SENDER_SECRET), hashed_sender("+15125550111", SENDER_SECRET)
CHOICES = [Choice("Yes, send it", "/affirm"), Choice("No, change something", "/deny")]
# what the bot may echo in a page: the booking summary holds the patient's name and number
SUMMARY = Pending(
    "Here's your appointment request:\n- Name: Ann Example-Lee\n- Phone: (512) 555-0199",
    "Reply 1 for Yes, send it; 2 for No, change something.",
)


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway database ``sms_state_test_<random>``, dropped afterwards."""
    with throwaway_database("sms_state_test") as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'state' / 'sms_state.db'}"
    url = request.getfixturevalue("postgres_url")
    engine = sa.create_engine(url, future=True)
    sms_state.metadata.drop_all(engine)  # each test starts without tables
    engine.dispose()
    return url


@pytest.fixture()
def replicas(db_url):
    """Makes StateDbs on ``db_url``, each with its own engine, as separate replicas would."""
    made = []

    def make():
        made.append(StateDb(db_url))
        return made[-1]

    yield make
    for db in made:
        db.engine.dispose()


def rows(db, table):
    with db.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(sa.select(table))]


def test_two_replicas_see_each_others_opt_outs(replicas):
    one, two = OptOutStore(replicas()), OptOutStore(replicas())
    assert not one.is_opted_out(ALICE)
    one.opt_out(ALICE)
    assert two.is_opted_out(ALICE) and not two.is_opted_out(BOB)
    two.opt_out(ALICE)  # STOP twice: still one row
    assert [r["sender"] for r in rows(two.db, sms_state.optout_table)] == [ALICE]
    two.opt_in(ALICE)
    assert not one.is_opted_out(ALICE)
    one.opt_in(BOB)  # never opted out: nothing to do


def test_two_replicas_see_each_others_choices_and_pages(replicas):
    one, two = Sessions(replicas(), SENDER_SECRET), Sessions(replicas(), SENDER_SECRET)
    assert two.get(ALICE).choices == [] and two.get(ALICE).pending is None
    one.put(ALICE, CHOICES, SUMMARY)
    seen = two.get(ALICE)
    assert seen.choices == CHOICES and seen.pending == SUMMARY
    assert two.get(BOB).choices == []
    two.set_pending(ALICE, Pending("the last page"))
    assert one.get(ALICE).choices == CHOICES and one.get(ALICE).pending == Pending("the last page")
    one.set_pending(ALICE, None)
    assert two.get(ALICE).choices == CHOICES and two.get(ALICE).pending is None
    two.put(ALICE, [Choice("Risks", "/ask_risks")], None)  # a new reply replaces it all
    assert one.get(ALICE).choices == [Choice("Risks", "/ask_risks")]
    one.put(ALICE, [], None)  # a reply with nothing to remember
    assert rows(one.db, sms_state.session_table) == []
    two.put(BOB, CHOICES, None)
    one.forget(BOB)
    assert two.get(BOB).choices == []


def test_sessions_expire_with_the_clock_and_are_purged_but_opt_outs_are_kept(replicas):
    now = [1000.0]
    clock = lambda: now[0]  # noqa: E731
    one = Sessions(replicas(), SENDER_SECRET, ttl=60, clock=clock, purge_every=3600)
    two = Sessions(replicas(), SENDER_SECRET, ttl=60, clock=clock, purge_every=3600)
    optouts = OptOutStore(one.db)
    optouts.opt_out(BOB)
    one.put(ALICE, CHOICES, SUMMARY)
    now[0] = 1059
    assert two.get(ALICE).choices == CHOICES
    two.set_pending(ALICE, Pending("page 2"))  # a MORE: 60 s more from now
    now[0] = 1118
    assert one.get(ALICE).pending == Pending("page 2")
    now[0] = 1119
    expired = two.get(ALICE)
    assert expired.choices == [] and expired.pending is None
    assert rows(one.db, sms_state.session_table) == []  # deleted on the way
    two.set_pending(ALICE, Pending("too late"))  # nothing to page any more
    assert one.get(ALICE).pending is None

    one.put(ALICE, CHOICES, None)  # at 1119, until 1179
    now[0] = 1150
    one.put(BOB, CHOICES, None)  # until 1210
    now[0] = 1180
    assert two.purge_expired() == 1
    assert [r["sender"] for r in rows(one.db, sms_state.session_table)] == [BOB]
    now[0] = 1e12
    assert two.purge_expired() == 1 and rows(one.db, sms_state.session_table) == []
    assert optouts.is_opted_out(BOB)


def test_writes_purge_expired_sessions_now_and_then(replicas):
    now = [0.0]
    sessions = Sessions(replicas(), SENDER_SECRET, ttl=60, clock=lambda: now[0], purge_every=300)
    sessions.put(ALICE, CHOICES, None)
    now[0] = 100
    sessions.put(BOB, CHOICES, None)  # less than 300 s since the first purge: none
    assert len(rows(sessions.db, sms_state.session_table)) == 2
    now[0] = 301
    sessions.put(BOB, CHOICES, None)
    assert [r["sender"] for r in rows(sessions.db, sms_state.session_table)] == [BOB]


def test_the_database_holds_hashed_ids_and_no_readable_text(replicas, caplog):
    caplog.set_level(logging.DEBUG)
    sessions = Sessions(replicas(), SENDER_SECRET)
    sessions.put(ALICE, CHOICES, SUMMARY)
    OptOutStore(sessions.db).opt_out(BOB)
    stored = repr(rows(sessions.db, sms_state.session_table) + rows(sessions.db, sms_state.optout_table))
    assert ALICE in stored and BOB in stored
    # whole phrases: a short one ("555") can turn up by chance in a timestamp or a hash
    for secret in (
        "Ann Example-Lee",
        "Example-Lee",
        "555-0199",
        "Yes, send it",
        "/affirm",
        "Reply 1",
        "appointment request",
    ):
        assert secret not in stored, secret
    # another secret (a rotated one) reads nothing, and says so without the text
    assert Sessions(sessions.db, "another-secret-0123456789").get(ALICE).choices == []
    assert "unreadable" in caplog.text and "Ann" not in caplog.text and "Yes, send" not in caplog.text


def test_concurrent_writers_on_two_replicas_do_not_error(replicas):
    # fresh databases: the replicas also race to create the tables
    dbs = [replicas(), replicas()]
    threads, workers, rounds = [], 6, 20
    errors, start = [], threading.Barrier(workers)

    def work(number):
        db = dbs[number % 2]
        sessions, optouts = Sessions(db, SENDER_SECRET, purge_every=0), OptOutStore(db)
        own = f"sms-thread-{number}"
        try:
            start.wait(30)
            for i in range(rounds):
                sessions.put(ALICE, CHOICES[: 1 + i % 2], Pending(f"page {i}"))
                sessions.set_pending(ALICE, None)
                sessions.get(ALICE)
                sessions.put(own, [Choice(f"choice {i}", f"/c{i}")], None)
                for sender in (ALICE, own):
                    optouts.opt_out(sender) if i % 2 else optouts.opt_in(sender)
                optouts.is_opted_out(ALICE)
        except Exception as error:  # reported below
            errors.append(error)

    for number in range(workers):
        threads.append(threading.Thread(target=work, args=(number,)))
        threads[-1].start()
    for thread in threads:
        thread.join(120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    reader = Sessions(dbs[0], SENDER_SECRET)
    for number in range(workers):  # every thread's last write is there
        assert reader.get(f"sms-thread-{number}").choices == [
            Choice(f"choice {rounds - 1}", f"/c{rounds - 1}")
        ]
        assert OptOutStore(dbs[1]).is_opted_out(f"sms-thread-{number}")  # the last round opts out
    assert reader.get(ALICE).choices in ([CHOICES[0]], CHOICES)  # whichever write came last


# -- the channel's settings ---------------------------------------------------


def channel(**credentials):
    return TwilioSmsInput.from_credentials(
        {
            "auth_token": AUTH_TOKEN,
            "sender_secret": SENDER_SECRET,
            "webhook_url": "https://sms.example.org/webhooks/twilio_sms/webhook",
            **credentials,
        }
    )


def engine_url(sms_channel):
    return sms_channel.optouts.db.engine.url.render_as_string(hide_password=False)


def test_the_state_url_comes_from_credentials_then_the_environment_then_the_default(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SMS_STATE_DB_URL", raising=False)
    default = channel()
    assert engine_url(default) == "sqlite:///var/sms_state.db"
    assert default.sessions.db is default.optouts.db  # one database, one pool
    default.optouts.opt_out(ALICE)
    assert (tmp_path / "var" / "sms_state.db").exists()

    monkeypatch.setenv("SMS_STATE_DB_URL", f"sqlite:///{tmp_path}/from-env.db")
    assert engine_url(channel()) == f"sqlite:///{tmp_path}/from-env.db"
    configured = channel(state_db_url=f"sqlite:///{tmp_path}/configured.db")
    assert engine_url(configured) == f"sqlite:///{tmp_path}/configured.db"


@pytest.mark.parametrize(
    "url",
    [
        "mysql://clinic:hunter2secret@db/sms",
        "not a url hunter2secret",
        "postgresql+nosuchdriver://clinic:hunter2secret@db/sms",
    ],
)
def test_a_bad_state_url_stops_the_channel_without_quoting_it(url):
    with pytest.raises(RasaException, match="state_db_url") as error:
        channel(state_db_url=url)
    assert "hunter2secret" not in str(error.value)


# -- two SMS channel servers (replicas) sharing one database ------------------


@pytest.fixture()
def two_replicas(make_server, db_url):
    servers = [make_server(state_db_url=db_url), make_server(state_db_url=db_url)]
    yield servers
    for server in servers:
        server.channel.optouts.db.engine.dispose()


def test_a_numbered_choice_shown_by_one_replica_is_understood_by_the_other(two_replicas):
    one, two = two_replicas
    assert (
        Phone(one.url)
        .says("confirm please")
        .endswith("Reply 1 for Yes, send it; 2 for No, change something; 3 for Cancel.")
    )
    assert Phone(two.url).says("2") == "Got 5 characters: /deny"
    assert [m.text for m in two.assistant.received] == ["/deny"]
    assert Phone(one.url).says("2") == "Got 1 characters: 2"  # the choices were used up
    assert Phone(two.url, number="+15125550111").says("1") == "Got 1 characters: 1"  # another phone


def test_more_pages_alternate_between_replicas(two_replicas):
    one, two = two_replicas
    pages = [Phone(one.url).says("long please")]
    while pages[-1].endswith(MORE_SUFFIX):
        pages.append(Phone(two_replicas[len(pages) % 2].url).says("MORE"))
        assert len(pages) < 10
    assert len(pages) >= 3 and pages[-1].endswith("Reply 1 for Risks; 2 for Recovery.")
    text = " ".join(pages)
    assert "Point 1:" in text and "Point 24:" in text
    assert Phone(two_replicas[len(pages) % 2].url).says("2") == "Got 13 characters: /ask_recovery"
    assert [m.text for m in one.assistant.received + two.assistant.received] == [
        "long please",
        "/ask_recovery",
    ]  # MORE never reached an assistant


def test_stop_on_one_replica_silences_the_other_until_start(two_replicas):
    one, two = two_replicas
    assert Phone(two.url).says("hello") == "Got 5 characters: hello"
    assert Phone(one.url).says("STOP").startswith("You're unsubscribed")
    for text in ("hello", "HELP", "1", "MORE"):
        assert Phone(two.url).send(text).text == EMPTY_TWIML
    assert Phone(two.url, number="+15125550111").says("hello")  # other phones still answered
    # "hello" twice on two, and on one only the stop intent that ends an open form
    assert len(two.assistant.received) == 2 and [m.text for m in one.assistant.received] == ["/stop"]
    assert Phone(two.url).says("START").startswith("You're subscribed again.")
    assert Phone(one.url).says("hello") == "Got 5 characters: hello"


def test_an_unreachable_state_database_gets_the_apology_not_a_500(make_server, caplog):
    from tests.harness.servers import free_port

    down = make_server(state_db_url=f"postgresql+psycopg2://postgres@127.0.0.1:{free_port()}/none")
    for text in ("hello", "STOP"):
        answer = Phone(down.url).send(text)
        assert answer.status_code == 200
        assert "Sorry, something went wrong. Please call" in answer.text
    assert down.assistant.received == []
    assert "OperationalError" in caplog.text and PHONE not in caplog.text
