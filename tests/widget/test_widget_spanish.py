"""The widget's own words in Spanish, in real Chromium against canned replies:
on a Spanish page, and when the patient writes (or the assistant answers) in
Spanish; back to English on request."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.widget.browser import Patient, network_noise, widget_words
from tests.widget.conftest import free_port, widget_server

WEBHOOK = "**/webhooks/rest/webhook"


@pytest.fixture()
def dead_end(tmp_path):
    with widget_server(f"http://127.0.0.1:{free_port()}", tmp_path, proxy=True) as server:
        yield server


class Rasa:
    """Answers the widget's posts with canned replies, and keeps what it was sent."""

    def __init__(self, page, *replies):
        self.bodies, self.replies = [], list(replies)
        page.route(WEBHOOK, self.handle)

    def handle(self, route):
        self.bodies.append(json.loads(route.request.post_data))
        text = self.replies.pop(0) if self.replies else "Okay."
        route.fulfill(
            status=200,
            content_type="application/json",
            body=json.dumps([{"recipient_id": "x", "text": text}]),
        )


def spanish_page(page):
    """The demo page as a Spanish site serves it: <html lang="es">."""

    def handle(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace('<html lang="en">', '<html lang="es">'))

    page.route("**/", handle)


def open_panel(page):
    page.locator(".mmc-launcher").click()
    expect(page.locator(".mmc-panel")).to_be_visible()


def test_on_a_spanish_page_the_widget_speaks_spanish(browser, dead_end):
    context = browser.new_context()
    page = context.new_page()
    try:
        spanish_page(page)
        rasa = Rasa(page, "La fibromialgia es una condición crónica que causa dolor generalizado.")
        page.goto(dead_end.url)
        open_panel(page)
        words = widget_words(page)
        assert words["launcher"] == "Chatee con nosotros" and words["lang"] == "es"
        assert words["notice"].startswith("No es para emergencias. Si está en peligro llame al 911")
        assert "988" in words["notice"] and words["label"] == "Escriba su mensaje"
        assert words["send"] == "Enviar" and words["title"] == "Asistente de Momentum Medical"
        expect(page.locator(".mmc-bot .mmc-text").first).to_contain_text("Hola, soy el asistente automático")
        expect(page.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
        page.get_by_label("Escriba su mensaje").fill("¿Qué es la fibromialgia?")
        page.get_by_label("Escriba su mensaje").press("Enter")
        expect(page.locator(".mmc-bot .mmc-text").nth(1)).to_contain_text("La fibromialgia es")
        assert rasa.bodies[0]["language"] == "es"
        assert page.locator(".mmc-user .mmc-sr").first.text_content() == "Usted dijo: "
    finally:
        context.close()


def test_the_widget_follows_the_patient_into_spanish_and_back(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        rasa = Rasa(
            page,
            "Con gusto le ayudo a pedir una cita. Primero, ¿cuál es su nombre completo?",
            "Of course. What's your full name?",
        )
        patient.open_by_keyboard()
        assert widget_words(page)["launcher"] == "Chat with us"
        assert patient.ask("hola, quiero hacer una cita por favor").startswith("Con gusto")
        assert rasa.bodies[0]["language"] == "es"  # switched as the patient wrote
        words = widget_words(page)
        assert words["label"] == "Escriba su mensaje" and words["lang"] == "es"
        page.reload()  # the conversation's language is kept with it
        assert widget_words(page)["lang"] == "es"
        page.get_by_label("Escriba su mensaje").fill("in English please")
        page.get_by_label("Escriba su mensaje").press("Enter")
        expect(page.locator(".mmc-label")).to_have_text("Type your message")
        assert rasa.bodies[1]["language"] == "en"
        assert widget_words(page)["launcher"] == "Chat with us"
        assert network_noise(patient.problems) == []
    finally:
        patient.close()


def test_a_name_or_a_short_word_does_not_switch_the_widget(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        Rasa(page, "Thanks, María José. What's the best phone number to reach you?", "Okay.")
        patient.open_by_keyboard()
        patient.ask("María José García López")
        patient.ask("sí")
        assert widget_words(page)["lang"] == "en"
    finally:
        patient.close()


def message_languages(page):
    """Each message's lang and what a screen reader hears before it."""
    return page.evaluate(
        """[...document.querySelectorAll('.mmc-msg')].map(m =>
               [m.getAttribute('lang'), (m.querySelector('.mmc-sr') || {}).textContent])"""
    )


def test_each_message_keeps_the_language_it_was_shown_in(browser, dead_end):
    patient = Patient(browser, dead_end.url)
    try:
        page = patient.page
        Rasa(
            page,
            "Con gusto le ayudo a pedir una cita. Primero, ¿cuál es su nombre completo?",
            "Of course. What's your full name?",
        )
        patient.open_by_keyboard()
        patient.ask("hola, quiero hacer una cita por favor")
        english_welcome = ["en", "Assistant said: "]
        spanish = [["es", "Usted dijo: "], ["es", "El asistente dijo: "]]
        # the English welcome is not read with a Spanish voice once the widget is Spanish
        assert message_languages(page) == [english_welcome, *spanish]
        page.reload()
        assert message_languages(page) == [english_welcome, *spanish]
        page.get_by_label("Escriba su mensaje").fill("in English please")
        page.get_by_label("Escriba su mensaje").press("Enter")
        expect(page.locator(".mmc-msg")).to_have_count(5)
        english = [["en", "You said: "], ["en", "Assistant said: "]]
        assert message_languages(page) == [english_welcome, *spanish, *english]
    finally:
        patient.close()
