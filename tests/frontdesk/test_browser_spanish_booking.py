"""End to end in Spanish, in real Chromium: a patient chats and books in the
website widget (the trained assistant, behind `python -m widget.serve --proxy`),
and the request reaches the front desk marked Spanish, so staff call back in it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from frontdesk.store import Store
from tests.frontdesk.conftest import sign_in
from tests.frontdesk.test_browser import running_web
from tests.widget.browser import Patient, network_noise, widget_words
from tests.widget.conftest import widget_server

pytestmark = pytest.mark.model

NAME = "Rocío Gutiérrez Salinas"
FIRST = "hola, quiero hacer una cita para el bloqueo nervioso"
# Words that would give away an English reply in a Spanish conversation.
ENGLISH = re.compile(r"\b(Sorry|Thanks|Thank you|What|Shall|Done|Please|Yes|your)\b")


def book_in_spanish(browser, url):
    """A patient on the (English) demo page who writes in Spanish: (reference, patient)."""
    patient = Patient(browser, url)
    patient.open_by_keyboard()
    assert widget_words(patient.page)["lang"] == "en"
    turns = [
        (FIRST, "Con gusto le ayudo a pedir una cita", "¿cuál es su nombre completo?"),
        (NAME, f"Gracias, {NAME}.", "¿A qué número de teléfono le podemos llamar?"),
        ("512 555 0187", "¿Qué día y a qué hora le conviene?", '"el martes en la mañana"'),
        ("el martes en la mañana", "Esta es su solicitud de cita:", "¿La envío a nuestra recepción"),
    ]
    for typed, opening, asked in turns:
        reply = patient.ask(typed)
        assert opening in reply and asked in reply, (typed, reply)
        assert not ENGLISH.search(reply), (typed, reply)
    summary = reply
    assert f"• Nombre: {NAME}" in summary
    assert "• Teléfono: (512) 555-0187" in summary
    assert re.search(r"• Hora preferida: martes, \d+ de \w+ de \d{4}, 9:00", summary), summary
    assert "• Sobre: bloqueos nerviosos" in summary
    page = patient.page
    expect(page.get_by_role("button", name="Sí, enviarla", exact=True)).to_be_enabled()
    expect(page.get_by_role("button", name="No, cambiar algo", exact=True)).to_be_enabled()

    # the widget's own words followed the patient into Spanish
    words = widget_words(page)
    assert words["lang"] == "es" and words["launcher"] == "Chatee con nosotros"
    assert words["label"] == "Escriba su mensaje" and words["send"] == "Enviar"
    assert words["title"] == "Asistente de Momentum Medical"
    assert words["notice"].startswith("No es para emergencias. Si está en peligro llame al 911")
    expect(page.get_by_role("region", name="Asistente de Momentum Medical")).to_be_visible()
    expect(page.get_by_role("button", name="Cerrar el chat")).to_be_visible()
    assert page.locator(".mmc-user .mmc-sr").last.text_content() == "Usted dijo: "
    # each message read in its own language: the English welcome, then Spanish
    expect(page.locator(".mmc-msg").first).to_have_attribute("lang", "en")
    expect(page.locator('.mmc-msg[lang="es"]')).to_have_count(patient.message_count() - 1)

    done = patient.ask("sí")
    assert done.startswith("¡Listo! Su número de referencia es MM-"), done
    assert "le llamará al (512) 555-0187 en un plazo de un día hábil para confirmar su cita" in done
    assert not ENGLISH.search(done), done
    reference = re.search(r"\bMM-[2-9A-HJ-NP-Z]{5}\b", done).group(0)
    expect(page.get_by_role("button", name="Sí, enviarla", exact=True)).to_be_disabled()
    assert widget_words(page)["lang"] == "es"
    assert patient.dialogs == [] and network_noise(patient.problems) == []
    return reference, patient


def test_a_patient_books_in_spanish_in_the_widget_and_the_front_desk_sees_it_as_spanish(
    browser, servers, tmp_path
):
    with widget_server(servers.rasa_url, tmp_path, proxy=True) as demo:
        reference, patient = book_in_spanish(browser, demo.url)
        patient.close()

    url = servers.env["CLINIC_DB_URL"]
    with running_web(tmp_path, url) as (base, _log):
        context = browser.new_context()
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            sign_in(page, base)
            expect(page.get_by_role("heading", name="Patient requests")).to_be_visible()

            request = page.locator(f"#request-{reference}")
            row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=reference))
            expect(row).to_have_count(1)
            expect(row.locator(".name")).to_have_text(NAME)  # accents and both surnames, as typed
            expect(row.locator(".language")).to_have_text("Spanish (español)")
            expect(row.locator(".language")).to_have_class(re.compile(r"\blanguage-es\b"))
            expect(row).to_contain_text("+15125550187")
            expect(row).to_contain_text("Patient wrote: “el martes en la mañana”")

            request.get_by_text("Transcript").click()
            first = request.locator("li.from-patient").first
            expect(first).to_contain_text(FIRST)
            expect(first.locator(".said")).to_have_attribute("lang", "es")  # read aloud in Spanish
            expect(first.locator("strong")).to_have_text("Patient:")  # the page's own word, in English
            expect(first.locator("[lang]")).to_have_count(1)
            expect(request.locator("li.from-patient").filter(has_text=NAME)).to_have_count(1)
        finally:
            context.close()

    store = Store(url)
    try:
        stored = store.get(reference)
        assert stored.language == "es" and stored.full_name == NAME
        assert stored.phone_e164 == "+15125550187"
    finally:
        store.dispose()
