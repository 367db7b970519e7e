"""``{% options %}``: a select's options, the chosen one marked, everything escaped."""

from __future__ import annotations

from django.template import Context, Template


def render(choices: object, selected: object) -> str:
    template = Template("{% load choices %}{% options choices selected %}")
    return template.render(Context({"choices": choices, "selected": selected}))


def test_the_chosen_value_is_marked_even_when_read_from_a_url_as_text():
    html = render([(1, "Julie"), (12, "Marc")], "12")
    assert html == '<option value="1">Julie</option><option value="12" selected>Marc</option>'


def test_nothing_is_marked_without_a_choice():
    assert "selected" not in render([(2, "Paul"), (3, "Lina")], None)
    assert "selected" not in render([(2, "Paul"), (3, "Lina")], "")


def test_labels_and_values_are_escaped():
    html = render([('"><script>', "<b>Gâteaux</b>")], "")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;b&gt;Gâteaux&lt;/b&gt;" in html
