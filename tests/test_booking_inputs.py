"""Names, phone numbers and preferred times as patients type them."""

from datetime import datetime, timedelta

import pytest

from actions.booking_inputs import (
    PreferredTimeError,
    clean_name,
    display_phone,
    introduced_name,
    is_clear_yes,
    is_vague_preference,
    name_in,
    parse_phone,
    parse_preferred_time,
)
from clinic.settings import clinic_timezone

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=clinic_timezone())  # a Monday afternoon


@pytest.mark.parametrize(
    "text",
    [
        "(512) 555-0142",
        "512.555.0142",
        "+1 512 555 0142",
        "5125550142",
        "512-555-0142",
        "my number is 512 555 0142",
        "call me at (512)555-0142 pls",
        # read out in words (stop 31): voice dictation, some patients
        "five one two. five five five. oh one four two",
        "its 512 five five five zero one four two",
        "cinco uno dos, cinco cinco cinco, cero uno cuatro dos",
    ],
)
def test_common_us_formats_are_stored_as_e164(text):
    assert parse_phone(text) == "+15125550142"


@pytest.mark.parametrize(
    "text",
    [
        "123",
        "555-0142",
        "my number",
        "512 555",
        "",
        "12345678901234",
        "one two three four five six seven",
        "i have two kids, one is five and one is nine",
    ],
)
def test_what_is_not_a_phone_number_is_refused(text):
    assert parse_phone(text) is None


@pytest.mark.parametrize(
    "text, e164",
    [
        # stop 50 (development 23's kind, own wording): the area code said apart
        ("area code is 409 and then 555 0177", "+14095550177"),
        ("la lada es 956, el numero 555-0123", "+19565550123"),
        ("area code 409", None),
    ],
)
def test_an_area_code_said_apart_joins_its_number(text, e164):
    assert parse_phone(text) == e164


def test_phone_numbers_are_shown_the_way_americans_write_them():
    assert display_phone("+15125550142") == "(512) 555-0142"


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Jane Doe", "Jane Doe"),
        ("my name is jane doe", "Jane Doe"),
        ("it's Priya Patel", "Priya Patel"),
        ("María José García-López", "María José García-López"),
        ("Mary-Jane O'Neil", "Mary-Jane O'Neil"),
        ("Dr. Smith", "Dr. Smith"),
    ],
)
def test_names_are_accepted_and_tidied(text, expected):
    assert clean_name(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "123",
        "yes",
        "no thanks",
        "asdf",
        "xzcv bnm",
        "what is rfa?",
        "jane@doe.com",
        "I don't want to",
        "a",
        "<script>alert(1)</script>",
        "Robert'); DROP TABLE requests;--",
        "thank you kindly",
        "much appreciated",
        "grax!!",
        "gracias",
        "thx",
    ],
)
def test_what_is_not_a_name_is_refused(text):
    assert clean_name(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("next tuesday morning", "Tuesday, November 24, 2026 at 9:00 AM"),
        ("the 14th after 3pm", "Monday, December 14, 2026 at 3:00 PM"),
        ("friday at 2", "Friday, November 27, 2026 at 2:00 PM"),
        ("tomorrow afternoon", "Tuesday, November 24, 2026 at 2:00 PM"),
        ("december 3 at 10:30", "Thursday, December 3, 2026 at 10:30 AM"),
        ("Thursday 11am please", "Thursday, November 26, 2026 at 11:00 AM"),
        ("monday", "Monday, November 30, 2026 (any time)"),
        ("3pm", "Monday, November 23, 2026 at 3:00 PM"),
        # stop 36 (development 15's kind, own wording): the week after this one
        ("wednesday next week at 9am", "Wednesday, December 2, 2026 at 9:00 AM"),
        ("oops i meant tuesday the coming week at 10", "Tuesday, December 1, 2026 at 10:00 AM"),
        ("thursday of the following week, 1pm", "Thursday, December 3, 2026 at 1:00 PM"),
        ("next week on friday afternoon", "Friday, December 4, 2026 at 2:00 PM"),
        # stop 40: the part of a day before the day ("of the 9th" was September)
        ("the morning of the 9th", "Wednesday, December 9, 2026 at 9:00 AM"),
        ("afternoon of the 2nd", "Wednesday, December 2, 2026 at 2:00 PM"),
    ],
)
def test_preferred_times_in_patients_words(text, expected):
    assert parse_preferred_time(text, NOW).display() == expected


@pytest.mark.parametrize(
    "text,reason",
    [
        ("yesterday", "past"),
        ("today at 1pm", "past"),
        ("asap", "unparseable"),
        ("whenever", "unparseable"),
        ("last monday", "past"),
        ("this past friday?", "past"),
        ("el lunes pasado", "past"),
        ("december 3 2028", "too_far"),
    ],
)
def test_past_unparseable_and_far_times_are_refused(text, reason):
    with pytest.raises(PreferredTimeError) as error:
        parse_preferred_time(text, NOW)
    assert error.value.reason == reason


@pytest.mark.parametrize(
    "text, weekday, hour",
    [
        ("monday at 3pm EST", 0, 14),  # Eastern 3 pm is 2 pm in the clinic (Central)
        ("fri 10am ET", 4, 9),
        ("thurs 2pm", 3, 14),
        ("next tues morning", 1, 9),
        ("weds at 10:30 central", 2, 10),
        ("tmrw at 11", (NOW.weekday() + 1) % 7, 11),
        ("sat 1pm pacific", 5, 15),
        ("wed am", 2, 9),
        ("ok ok thurs pm", 3, 14),
        ("ok friday works, around noon", 4, 12),
        ("monday 1pm eastern time, I'm in new york", 0, 12),
    ],
)
def test_sms_shorthand_and_time_zones(text, weekday, hour):
    preferred = parse_preferred_time(text, NOW)
    assert (preferred.when.weekday(), preferred.when.hour) == (weekday, hour)
    assert str(preferred.when.tzinfo) == "America/Chicago"


@pytest.mark.parametrize(
    "text, weekday, hour",
    [
        # stop 20: a clause of no day beside one that reads ("ok sounds good. ..."),
        # a correction of "last" to "next", a weekday said twice
        ("ok sounds good. thursday at 11am", 3, 11),
        ("argh not last week, NEXT tuesday afternoon", 1, 14),
        ("mondays are easiest, this monday afternoon if there's room", 0, 14),
    ],
)
def test_the_part_of_a_message_that_names_the_day_is_read(text, weekday, hour):
    preferred = parse_preferred_time(text, NOW)
    assert (preferred.when.weekday(), preferred.when.hour) == (weekday, hour)


def test_two_different_days_are_still_a_preference_kept_as_said():
    with pytest.raises(PreferredTimeError):
        parse_preferred_time("not monday, tuesday or thursday", NOW)


@pytest.mark.parametrize(
    "text, vague",
    [
        ("any weekday morning", True),
        ("mornings are best", True),
        ("asap", True),
        ("banana", False),
        ("idk", False),
        # stop 34: SMS spellings, and "retired" (development 15's kinds, own wording)
        ("wkends r best", True),
        ("whenevr u can", True),
        ("im retired, so pretty much open", True),
        ("my kid is retiring his jersey", False),
        # stop 52 (development 24's kinds, own wording): SMS "x", any afternoon
        ("x las noches", True),
        ("cualquier tarde esta bien", True),
    ],
)
def test_vague_preferences(text, vague):
    assert is_vague_preference(text) is vague


@pytest.mark.parametrize(
    "text, name",
    [
        # stop 52 (development 24's kind, own wording): the name introduced
        # in lowercase with "soy" / "im", the number's label between them
        ("llamenme porfa, soy eugenia villalobos paz y mi cel es 915 555 0199", "Eugenia Villalobos Paz"),
        ("im tobias wren and my cell number is 512 555 0111", "Tobias Wren"),
    ],
)
def test_a_lowercase_name_before_the_numbers_label_is_introduced(text, name):
    assert introduced_name(text) == name


def test_everyday_words_before_the_numbers_label_are_no_name():
    assert introduced_name("soy nueva y mi numero es 512 555 0100") is None
    assert introduced_name("im really tired and my phone is 512 555 0100") is None


@pytest.mark.parametrize(
    "text, name",
    [
        ("Book me in please - Ximena Ruiz, 512-555-0134, next monday afternoon", "Ximena Ruiz"),
        ("I want to book, my name is Ana Diaz and my number is 512 555 0134", "Ana Diaz"),
        ("I'm Ann Lee, 512 555 0134", "Ann Lee"),
        ("Tuesday Morning works", None),
        ("what is RFA", None),
        # stop 23: a name ends with its sentence; initials and "St." stay inside it
        ("booking for my father, Augustin Leclerc. Best number is 512 555 0189", "Augustin Leclerc"),
        ("this is for J. R. Tolkien", "J. R. Tolkien"),
        ("it's for Mary Ann St. Claire, thanks", "Mary Ann St. Claire"),
        # how it is spelled, then the name
        ("ah perdon mi nombre es con z, Beatriz Olvera Zúñiga", "Beatriz Olvera Zúñiga"),
        ("my name is with an e, Jaime Lannister", "Jaime Lannister"),
        # stop 34: a middle initial with its full stop, in lowercase too
        ("its for my dad, his name: oscar t. lindqvist", "Oscar T. Lindqvist"),
        ("my name is Ruth A. Bergen. 512 555 0134", "Ruth A. Bergen"),
        # stop 45: "name" opening a clause, the name in lowercase after it
        ("hi can i get an appointment for my back, name della pruitt", "Della Pruitt"),
        ("name: ann marie lowe", "Ann Marie Lowe"),
        ("please name the shot in the back", None),
    ],
)
def test_a_name_inside_a_longer_message(text, name):
    assert name_in(text) == name


@pytest.mark.parametrize(
    "text", ["after 4", "before 10am", "despues de las 4", "antes de las 10", "a partir de las 3"]
)
def test_a_range_of_hours_with_no_day_is_a_preference_for_any_day_not_today(text):
    from actions.booking_inputs_es import parse_preferred_time_in

    with pytest.raises(PreferredTimeError) as error:
        parse_preferred_time_in(text, "en")
    assert error.value.reason == "unparseable"  # never "past", whatever the hour now
    assert is_vague_preference(text)


@pytest.mark.parametrize(
    "before, new, after",
    [
        ("Jesenia Pardo", "Yesenia", "Yesenia Pardo"),
        ("Maricela Villareal", "Villarreal", "Maricela Villarreal"),
        ("Jane Doe", "Janet Doe", "Janet Doe"),
        ("Jane Doe", "Bob", "Bob"),  # like no word of the name: the whole new name
        (None, "Ana", "Ana"),
    ],
)
def test_a_corrected_word_of_a_name_replaces_the_word_it_respells(before, new, after):
    from actions.booking_inputs import respelled

    assert respelled(before, new) == after


@pytest.mark.parametrize(
    "text, yes",
    [
        ("sorry I meant yes, please book it", True),
        ("oops i mean yes", True),
        ("that works, yes", True),
        ("works for me", True),
        ("sorry, yes but change the time", False),
        ("sorry what?", False),
        ("i mean maybe", False),
        # stop 34: a mind changed back to yes after "no" at the summary
        ("oh wait actually yes, send it", True),
        ("actually yeah its right, my mistake", True),
        ("wait actually no", False),
        ("actually yes but the time is wrong", False),
        ("actually, hold on", False),
        # stop 45: a yes in two languages
        ("oui, yes", True),
        ("si, yes please", True),
        ("sí pero cambia la hora", False),
        # stop 47: it sounds or looks right (development 20's kind, own wording)
        ("sounds correct, yep", True),
        ("looks right to me", True),
        ("sounds right?", False),
        # stop 48: what is shown is said to be right, the yes after it
        # (development 21's kind, own wording)
        ("That all seems correct, yes.", True),
        ("everything is right", True),
        ("it all looks wrong", False),
        # stop 50 (development 23's kind, own wording): "ye" on SMS
        ("ye all good", True),
        ("ye but the number is wrong", False),
        # stop 52 (development 24's kind, own wording): everything confirmed
        # as "all correct"
        ("thats all correct, send it", True),
        ("all correct yes", True),
        ("that's all right but change the time", False),
        ("that's all", False),
    ],
)
def test_a_yes_after_an_apology_is_a_clear_yes(text, yes):
    assert is_clear_yes(text) is yes


def test_the_last_sentence_that_reads_is_the_time_meant():
    when = parse_preferred_time("ugh my bad, wrong week. next thursday morning then", NOW)
    assert when.when.weekday() == 3 and when.when > NOW


def test_a_yes_after_thanks_is_a_clear_yes_and_idc_no_name():
    assert is_clear_yes("Thanks. Yes, have them call me.")
    assert not is_clear_yes("thanks but no")
    assert clean_name("idc") is None
    assert name_in("hi this is Walter Greer I'm on the voice thing") == "Walter Greer"


def test_a_time_with_a_remark_after_it_reads_from_its_first_clause():
    when = parse_preferred_time(
        "Thursday at 10am eastern time, we'll be driving down from Tulsa that week", NOW
    )
    assert when.when.weekday() == 3 and when.when.hour == 9 and when.has_time


@pytest.mark.parametrize(
    "text", ["mondays are out, otherwise anytime", "tuesdays are bad for me, any other day"]
)
def test_a_day_said_to_be_out_is_not_the_day(text):
    with pytest.raises(PreferredTimeError):
        parse_preferred_time(text, NOW)


def test_the_day_after_a_day_said_to_be_bad_is_the_day():
    assert parse_preferred_time("monday is bad, wednesday afternoon", NOW).when.weekday() == 2


def test_a_span_of_time_in_a_longer_answer_names_the_day():
    now = datetime(2026, 12, 1, 9, 0, tzinfo=clinic_timezone())
    found = parse_preferred_time("maybe in three weeks once my test results are in", now)
    assert found.when.date() == (now + timedelta(weeks=3)).date() and not found.has_time
    with pytest.raises(PreferredTimeError):
        parse_preferred_time("whenever my sister can drive me", now)


@pytest.mark.parametrize(
    "text, weekday, hour",
    [
        # stop 27 (own wording): the time first, then a remark with a daypart
        ("thursday morning. by the afternoon my back is shot", 3, 9),
        # a clause before "so" that reads as no time
        ("ill be visiting family in new york so tue 10am eastern", 1, 9),
    ],
)
def test_the_clause_that_reads_as_a_time_is_the_time(text, weekday, hour):
    when = parse_preferred_time(text, NOW).when
    assert (when.weekday(), when.hour) == (weekday, hour)


def test_past_a_day_meaning_after_it_is_no_day_gone_by():
    # "this past friday" is gone; "any day past wednesday" is after it
    with pytest.raises(PreferredTimeError) as gone:
        parse_preferred_time("this past friday", NOW)
    assert gone.value.reason == "past"
    with pytest.raises(PreferredTimeError) as after:
        parse_preferred_time("any day past wednesday works", NOW)
    assert after.value.reason == "unparseable"  # kept as the patient's words, not refused


def test_a_place_someone_comes_from_is_no_name():
    assert name_in("coming up from San Marcos, want to book for the nerve block") is None
    # stop 44 (development 18s's kind, own wording): "Thanks, My GP."
    assert name_in("My GP did labs and all of it came back fine. My Aunt has fibro. Do I?") is None
    assert name_in("Our PCP sent me, this is Dana Whitley") == "Dana Whitley"
    assert name_in("Dana Whitley from Round Rock, 512 555 0188") == "Dana Whitley"


@pytest.mark.parametrize(
    "text, day",
    [
        # stop 32: a weekday some weeks off (development 13's kind, own wording); NOW is Monday the 23rd
        ("in two weeks on thursday", 10),  # December 10: Thursday of the week two weeks on
        ("friday in 3 weeks", 18),
        ("in a week on the monday", 30),
        ("in two weeks", 7),  # a span alone: two weeks to the day
        # stop 33: the week after next (development 14's kind, own wording)
        ("wednesday the week after next", 9),
        ("the week after next, on friday at 3", 11),
        ("ok checked my calendar. thurs the week after next around 11am", 10),
        # stop 37: "on a friday" (development 16's kind, own wording)
        ("in two weeks on a friday, if possible", 11),
        # stop 43 (development 18s's kind, own wording): the count as a word
        # with "a <day>" before it and words after
        ("a wednesday in two weeks would be great", 9),
        ("maybe a tuesday in three weeks if thats ok", 15),
    ],
)
def test_a_weekday_some_weeks_off_is_that_weeks_day(text, day):
    assert parse_preferred_time(text, NOW).when.day == day


@pytest.mark.parametrize(
    "text, weekday",
    [
        # stop 32: a self-correction before the day (development 13's kind, own wording)
        ("no wait i meant next thurs", "Thursday"),
        ("nope sorry, friday at 2", "Friday"),
        # stop 47: the day said wrong, and what it should be (development 20's
        # kind, own wording); a whole day name after "wait"
        ("wrong day, should be weds 9am", "Wednesday"),
        ("it shud b fri at 1", "Friday"),
        ("wait sorry tuesday", "Tuesday"),
    ],
)
def test_a_self_correction_before_the_day_is_no_part_of_it(text, weekday):
    assert parse_preferred_time(text, NOW).when.strftime("%A") == weekday


def test_a_no_before_a_day_is_still_a_preference_against_it():
    with pytest.raises(PreferredTimeError):
        parse_preferred_time("no mondays", NOW)


@pytest.mark.parametrize(
    "text, weekday, hour",
    [
        # stop 33: "@" for "at" (dateparser read "thurs @ 4" as April), "aftr"
        ("next thurs @ 4", "Thursday", 16),
        ("fri @ 10am", "Friday", 10),
        ("tues aftr 2", "Tuesday", 14),
        # the clause before a reason ("since", "because")
        ("i can do any wednesday morning since thats when my husband is home", "Wednesday", 9),
        # stop 49 (own wording, development 22's kinds): "2" for "to" (read as
        # February), a laugh before the self-correction
        ("switch it 2 thurs aftn pls", "Thursday", 14),
        ("2 wed morning", "Wednesday", 9),
        ("haha oops i meant next fri @ 11", "Friday", 11),
    ],
)
def test_shorthand_and_reasons_around_a_day_and_time(text, weekday, hour):
    when = parse_preferred_time(text, NOW).when
    assert (when.strftime("%A"), when.hour) == (weekday, hour)


@pytest.mark.parametrize("text", ["friday 9 CST", "monday the 9th"])
def test_a_weekday_named_is_never_stored_as_another_day(text):
    # stop 33: dateparser read "friday 9 CST" as September, "monday the 9th" as a
    # day that is no Monday; the form keeps the words as said instead
    try:
        when = parse_preferred_time(text, NOW).when
    except PreferredTimeError:
        return
    named = text.split()[0].capitalize()
    assert when.strftime("%A") == named


def test_a_name_after_the_word_name_leaves_the_word_out():
    # stop 33 (development 14's kind, own wording)
    assert name_in("Need to book. Name Olu Adeyemi, cell 512 555 0177") == "Olu Adeyemi"
    assert name_in("Nombre Ana Ruiz, cel 512 555 0100") == "Ana Ruiz"
    # a first or last name given by part stays for the form's own reading
    assert name_in("first name Dora last name Kwan") is None
    assert name_in("what name should I use") is None


def test_a_lowercase_name_before_the_numbers_label_and_the_number():
    # stop 48 (development 21's kind, own wording)
    assert name_in("its ines okafor cell 915 555 0163") == "Ines Okafor"
    assert name_in("im ines okafor my mobile 915 555 0163") == "Ines Okafor"
    # everyday words before a number are still no name
    assert name_in("im so tired cell 512 555 0100") is None
    assert name_in("im flying in to see family phone 512 555 0101") is None


@pytest.mark.parametrize(
    "text, name",
    [
        # stop 37 (development 16's kind, own wording): a name typed in
        # lowercase after "im", right before the number
        ("hi need an appointment, im lucia valdez ortega 512 555 0166", "Lucia Valdez Ortega"),
        ("im tran nguyen, 737-555-0120, any morning", "Tran Nguyen"),
        # everyday words before a number are no name
        ("im so sore today 512 555 0101", None),
        ("im flying in from dallas 512 555 0101", None),
        ("hey im new here 512-555-0101", None),
    ],
)
def test_a_lowercase_name_after_im_counts_right_before_the_number(text, name):
    assert name_in(text) == name
