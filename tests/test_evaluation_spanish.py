"""The evaluation checks a Spanish set's replies with the Spanish patterns, and
that they are in Spanish; a mixed message's reply may be in either language."""

from clinic.content import get_content
from tests.evaluation.checks import topic_problems
from tests.evaluation.dialogue import mentions

SPANISH = get_content(language="es").answer("rfa").text
ENGLISH = get_content().answer("rfa").text


def test_a_spanish_question_needs_a_spanish_reply_with_the_facts():
    assert topic_problems(["rfa"], SPANISH, "es") == []
    assert "not in Spanish" in topic_problems(["rfa"], ENGLISH, "es")
    assert topic_problems(["rfa"], "La RFA es un procedimiento.", "es") != []


def test_english_and_mixed_questions():
    assert topic_problems(["rfa"], ENGLISH) == []
    assert topic_problems(["rfa"], SPANISH) != []
    assert topic_problems(["rfa"], SPANISH, "mixed") == [] and topic_problems(["rfa"], ENGLISH, "mixed") == []


def test_a_mention_ignores_the_replys_accents_not_its_words():
    assert mentions("estimulador|medula espinal", "Sobre la estimulación de la médula espinal (SCS)")
    assert mentions("RFA", "about rfa")
    assert not mentions("medula espinal", "Sobre la ablación por radiofrecuencia")
