"""SMS formatting: segments, GSM-7, numbered choices, MORE paging."""

import pytest

from channels.sms_format import (
    MAX_SEGMENTS,
    Choice,
    Pending,
    choice_for,
    choices_text,
    compose,
    fits,
    is_gsm7,
    more_suffix,
    next_page,
    paginate,
    segments,
    tidy,
    to_gsm,
)

MORE_SUFFIX = more_suffix()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("", 0),
        ("a" * 160, 1),
        ("a" * 161, 2),
        ("a" * 306, 2),
        ("a" * 307, 3),
        ("a" * 459, 3),
        ("a" * 460, 4),
        ("€" * 80, 1),  # extension characters count twice
        ("€" * 81, 2),
        ("é" * 160, 1),  # é is in GSM-7
        ("ç" * 70, 1),  # ç is not: UCS-2, 70 per single segment
        ("ç" * 71, 2),
        ("ç" * 201, 3),
        ("ç" * 202, 4),
        ("😀" * 35, 1),  # an emoji is two UTF-16 units
        ("😀" * 36, 2),
    ],
)
def test_segments_count_like_the_carriers(text, expected):
    assert segments(text) == expected


def test_gsm_lookalikes_keep_bot_text_in_gsm7():
    text = "Here’s “your” request…\n• Name – Ava\u00a0Thornton"
    mapped = to_gsm(text)
    assert mapped == 'Here\'s "your" request...\n- Name - Ava Thornton'
    assert is_gsm7(mapped)
    assert not is_gsm7(text)


def test_telling_the_patient_to_say_cancel_is_rewritten_for_sms():
    assert to_gsm('Or say "cancel" to stop.') == 'Or say "never mind" to stop.'
    assert to_gsm("Or say “cancel” to stop.") == 'Or say "never mind" to stop.'
    assert to_gsm("We can cancel it for you.") == "We can cancel it for you."


def test_tidy_drops_control_characters_and_blank_runs():
    assert tidy("a\x00b\x07c \n\n\n\nd\u200b ") == "abc\n\nd"


def test_short_choices_are_one_line():
    choices = [
        Choice("Yes, send it", "/affirm"),
        Choice("No, change something", "/deny"),
        Choice("Cancel", "/stop"),
    ]
    assert choices_text(choices) == "Reply 1 for Yes, send it; 2 for No, change something; 3 for Cancel."


def test_many_choices_are_a_numbered_list():
    choices = [Choice(f"Procedure number {i}", f"/p{i}") for i in range(1, 8)]
    text = choices_text(choices)
    assert text.startswith("Reply with a number:\n1) Procedure number 1\n2) ")
    assert text.endswith("7) Procedure number 7")


def test_compose_joins_texts_numbers_buttons_and_drops_custom_payloads():
    reply = compose(
        [
            {"text": "First."},
            {"custom": {"topic": "rfa", "sources": ["staff only"]}},
            {"image": "https://example.org/x.png"},
            {
                "text": "Second?",
                "buttons": [
                    {"title": "Risks", "payload": "/ask_risks"},
                    {"title": "Recovery", "payload": "/ask_recovery"},
                    {"title": "Risks again", "payload": "/ask_risks"},  # same payload once
                ],
            },
            {
                "text": "Read more",
                "buttons": [{"title": "Article", "type": "web_url", "payload": "https://example.org/a"}],
            },
        ]
    )
    assert reply.choices == [Choice("Risks", "/ask_risks"), Choice("Recovery", "/ask_recovery")]
    assert reply.body == "First.\nSecond?\nRead more\nArticle: https://example.org/a"
    assert reply.text.endswith("Reply 1 for Risks; 2 for Recovery.")
    assert "staff only" not in reply.text


def test_compose_of_nothing_is_empty():
    assert compose([{"custom": {"a": 1}}, {}]).text == ""


@pytest.mark.parametrize("text, index", [("1", 0), (" 2 ", 1), ("2.", 1), ("#3", 2), ("3)", 2)])
def test_a_bare_digit_picks_a_choice(text, index):
    choices = [Choice("A", "/a"), Choice("B", "/b"), Choice("C", "/c")]
    assert choice_for(text, choices) == (True, choices[index])


@pytest.mark.parametrize(
    "text, result",
    [
        ("4", (True, None)),
        ("0", (True, None)),
        ("911", (False, None)),
        ("5125550142", (False, None)),
        ("1 please", (False, None)),
        ("one", (False, None)),
    ],
)
def test_other_numbers_are_not_choices(text, result):
    assert choice_for(text, [Choice("A", "/a"), Choice("B", "/b"), Choice("C", "/c")]) == result


def test_a_short_reply_is_one_page():
    assert paginate("Hello.", "Reply 1 for Yes.") == ("Hello.\nReply 1 for Yes.", None)


def sentences(n):
    return " ".join(f"Sentence {i} says something useful about the procedure." for i in range(n))


def test_a_long_reply_is_cut_at_a_sentence_and_offers_more():
    page, pending = paginate(sentences(40))
    assert fits(page, MAX_SEGMENTS) and not fits(page + " " + sentences(3), MAX_SEGMENTS)
    assert page.endswith("procedure.\n" + MORE_SUFFIX)
    assert pending.rest.startswith("Sentence ")


def test_paging_returns_everything_once_and_choices_last():
    text = sentences(40)
    tail = "Reply 1 for Risks; 2 for Recovery."
    pages = []
    page, pending = paginate(text, tail)
    pages.append(page)
    while pending:
        page, pending = next_page(pending)
        pages.append(page)
    assert len(pages) >= 4
    assert all(segments(p) <= MAX_SEGMENTS for p in pages)
    assert all(p.endswith(MORE_SUFFIX) for p in pages[:-1])
    assert pages[-1].endswith(tail) and MORE_SUFFIX not in pages[-1]
    sent = " ".join(p.replace("\n" + MORE_SUFFIX, "") for p in pages)
    assert sent.replace("\n", " ") == text + " " + tail


def test_lines_are_preferred_boundaries():
    text = "\n".join(f"- Line {i}: a point from the article about recovery" for i in range(30))
    page, pending = paginate(text)
    body = page[: -len(MORE_SUFFIX) - 1]
    assert text.startswith(body) and text[len(body)] == "\n"
    assert pending.rest.startswith("- Line ")


def test_text_without_boundaries_is_still_cut_within_the_limit():
    page, pending = paginate("x" * 2000)
    assert segments(page) == MAX_SEGMENTS
    assert len(page) - len(MORE_SUFFIX) - 1 + len(pending.rest) == 2000


def test_unicode_text_pages_in_ucs2_segments_twice_as_many():
    text = "Douleur chronique ç " * 40
    page, pending = paginate(text)
    assert MAX_SEGMENTS < segments(page) <= 2 * MAX_SEGMENTS and not is_gsm7(page)
    assert pending is not None


def test_a_tail_too_long_for_a_page_is_paged_like_text():
    tail = "Reply with a number:\n" + "\n".join(
        f"{i}) A very long choice title number {i}" for i in range(1, 40)
    )
    pages, (page, pending) = [], paginate("Intro.", tail)
    pages.append(page)
    while pending:
        page, pending = next_page(pending)
        pages.append(page)
    assert all(segments(p) <= MAX_SEGMENTS for p in pages)
    assert "39) A very long choice title number 39" in pages[-1]


def test_next_page_of_the_rest():
    assert next_page(Pending("Last part.", "Reply 1 for A.")) == ("Last part.\nReply 1 for A.", None)


@pytest.mark.parametrize("language", ["en", "es"])
def test_an_answer_about_a_procedure_carries_its_facts_on_the_first_sms_page(language):
    """An answer the article gives in general, for a procedure asked about,
    starts with a line naming the procedure; the facts after it reach the
    patient on the first page, not only after MORE (Spanish answers, longer,
    had left them all to the second page)."""
    from clinic.content import get_content
    from clinic.topics import load_topics

    content, topics = get_content(language=language), load_topics(language=language)
    missing = []
    for key, topic in content.topics.items():
        if topic.applies_to == "none":
            continue
        for procedure in content.procedures:
            page, _ = paginate(content.answer(key, procedure).text, language=language)
            if topics[key].problems(page):
                missing.append((key, procedure))
    assert missing == []


@pytest.mark.parametrize("language", ["en", "es"])
def test_two_answers_in_one_turn_reach_the_patient_on_the_first_sms_page(language):
    """Two questions in one text ("q sintomas da la fibro? y las inyecciones
    te lo quitan para siempre?", development 23): both answers on the first
    page, not the second behind MORE; one answer keeps the usual page size."""
    from clinic.content import get_content
    from clinic.topics import load_topics

    content, topics = get_content(language=language), load_topics(language=language)
    asked = [("fm_symptoms", None), ("relief_duration", None)]
    messages = [
        {"text": content.answer(key, procedure).text, "custom": {"topic": key, "sources": []}}
        for key, procedure in asked
    ]
    reply = compose(messages)
    assert reply.answers == 2 and reply.max_segments == 2 * MAX_SEGMENTS
    page, _ = paginate(reply.body, max_segments=reply.max_segments, language=language)
    assert [key for key, _ in asked if topics[key].problems(page)] == []
    assert compose(messages[:1]).max_segments == MAX_SEGMENTS
    # a staff payload without a topic, or a topic without text, is no answer
    assert (
        compose([{"text": "Hi.", "custom": {"kind": "staff"}}, {"custom": {"topic": "fm_causes"}}]).answers
        == 0
    )
    # three answers still page at twice the size
    three = compose(
        messages + [{"text": content.answer("fm_causes", None).text, "custom": {"topic": "fm_causes"}}]
    )
    assert three.max_segments == 2 * MAX_SEGMENTS
