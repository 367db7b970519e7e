"""The public API the inbox calls."""

from comptoir.nlp import Analysis, analyse


def test_analyse_returns_language_sentiment_and_intents():
    result = analyse("Toujours pas de chauffage, c'est urgent ! Vous pouvez passer quand ?")
    assert isinstance(result, Analysis)
    assert result.language == "fr"
    assert result.sentiment in {"negative", "neutral", "positive"}
    assert -1.0 <= result.sentiment_score <= 1.0
    assert "urgent" in result.intents and "question" in result.intents


def test_score_sign_follows_sentiment():
    happy = analyse("Merci beaucoup, tout était parfait, on reviendra !")
    unhappy = analyse("Horrible, le pire hôtel de ma vie, chambre sale et personnel odieux")
    assert happy.sentiment == "positive" and happy.sentiment_score > 0.3
    assert unhappy.sentiment == "negative" and unhappy.sentiment_score < -0.3


def test_what_needs_an_answer_rises_first():
    urgent = analyse("Inondation dans la cave, venez immédiatement s'il vous plaît")
    question = analyse("Vous faites du pain sans gluten ?")
    praise = analyse("Bravo pour vos croissants, un régal")
    spam = analyse("Gagnez des followers gratuits, cliquez ici http://x.y")
    assert urgent.priority > question.priority > praise.priority > spam.priority


def test_empty_and_odd_inputs_do_not_fail():
    for text in ["", "   ", "🙂", "http", "@user", "1234", "?" * 500, "a" * 10_000]:
        result = analyse(text)
        assert result.language == "unknown" or len(text) > 100
