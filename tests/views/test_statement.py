"""A judgment's evidence is the sentence that states it, found in the report around its grade
word; expected sentences are copied by hand from the seed reports."""

from __future__ import annotations

from flask.testing import FlaskClient

from kg.views.statement import statement

JUDGMENT = "https://w3id.org/police-inspection-kg/id/inspection/derbyshire-constabulary/"


def marked(view: dict, kind: str) -> list[str]:
    text = view["text"]
    return [
        " ".join(text[m["start"] : m["end"]].split()) for m in view["marks"] if m["kind"] == kind
    ]


def judgment_statement(client: FlaskClient, path: str) -> dict:
    view = client.get("/node", query_string={"iri": JUDGMENT + path}).get_json()
    about = next(f for f in view["facts"] if f["kind"] == "about")
    return about["evidence"][0]["statement"]


def test_a_peel_grade_is_stated_by_the_sentence_after_it(client: FlaskClient) -> None:
    view = judgment_statement(client, "peel-effectiveness/2016/judgment/investigation")
    assert marked(view, "grade") == ["Good"]
    assert marked(view, "sentence") == [
        "Derbyshire Constabulary is good at investigating crime and reducing re-offending."
    ]
    assert marked(view, "heading") == [
        "How effective is the force at investigating crime and reducing re-offending?"
    ]


def test_a_grade_that_closes_a_summary_is_stated_by_the_summary(client: FlaskClient) -> None:
    # 2014: the grade follows the question's "Summary" bullets; the text after it is the next
    # section's opening ("In the 12 months to March 2014..."), which states nothing about it.
    view = judgment_statement(client, "crime-inspection/2014/judgment/anti-social-behaviour")
    [summary] = marked(view, "sentence")
    assert summary.startswith("• Derbyshire Constabulary shows a strong commitment")
    assert summary.endswith("so that all can learn from good practice.")
    assert "In the 12 months" not in view["text"]
    # The heading prints a non-breaking hyphen where the question's wording has "-".
    assert " ".join(view["heading"]["text"].split()) == (
        "How effective is the force at tackling anti\u2011social behaviour?"
    )


def test_a_grade_printed_twice_is_skipped_to_its_sentence() -> None:
    text = "Question?\n\nMeeting the standard\n\nMeeting the standard\nThe force does well. More."
    start = text.index("Meeting")
    view = statement(text, start, start + len("Meeting the standard"), "Question?")
    assert marked(view, "sentence") == ["The force does well."]
    assert marked(view, "heading") == ["Question?"]
