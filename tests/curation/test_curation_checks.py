"""Checking submissions, in process: every rejection case against the one curator over the
session's loaded graph (the `curator` fixture), each refused with its message and nothing
stored; and focused validation giving the answers of validating the whole graph. The commands
and the service around the curator (a rejection exits 1 and writes nothing) are tested in
test_curation.py."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from kg.curation.curator import Curator
from kg.graph.files import union_graph
from kg.graph.parsing import parse_rdf_text
from kg.graph.validate import format_report, validate_graph
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings
from tests.submissions import (
    EMSOU,
    EMSOU_QUOTE,
    KGR,
    PREFIXES,
    good_relation,
    relation_with_evidence,
    report_quote,
    snapshot,
    without_evidence,
)

# Rejections: what and where, and nothing stored ----------------------------------------------
# Each case gives the submission (Turtle) and what the report must say of it.

Case = Callable[[Settings, RdflibStore], tuple[str, list[str]]]


def undefined_term(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    turtle = good_relation(settings).replace("kgo:relationSubject", "kgo:relationSubjet")
    line = next(n for n, text in enumerate(turtle.splitlines(), 1) if "kgo:relationSubjet" in text)
    return turtle, [
        f"submission.ttl, line {line}: kgo:relationSubjet is not defined",
        "did you mean kgo:relationSubject",
    ]


def missing_node(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    turtle = good_relation(settings).replace(f"<{EMSOU}>", f"<{KGR}org/emsuo>")
    return turtle, [
        f"refers to <{KGR}org/emsuo>, which the graph does not hold",
        f"did you mean <{EMSOU}>",
    ]


def missing_datatype(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    turtle = good_relation(settings).replace('"^^xsd:nonNegativeInteger ; oa:end', '" ; oa:end')
    return turtle, ["start", "xsd:nonNegativeInteger"]


def not_a_number(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    turtle = good_relation(settings).replace('oa:start "', 'oa:start "x')
    return turtle, ["is not a valid xsd:nonNegativeInteger"]


def quote_not_at_its_offsets(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    report, start, end = report_quote(settings, "2015", EMSOU_QUOTE)
    turtle = relation_with_evidence("moved", report, EMSOU_QUOTE, start + 3, end + 3)
    return turtle, [f"the quote does not stand at offsets {start + 3}-{end + 3}"]


def missing_evidence(settings: Settings, store: RdflibStore) -> tuple[str, list[str]]:
    return without_evidence(settings), ["A stated relation needs evidence"]


def second_grade_on_an_existing_judgment(
    settings: Settings, store: RdflibStore
) -> tuple[str, list]:
    """Caught in the context of the graph: the submission alone has one grade."""
    judgment, grade = next(
        iter(
            store.query(
                "SELECT ?j ?g WHERE { ?j a kgo:Judgment ; kgo:grade ?g } ORDER BY ?j LIMIT 1"
            )
        )
    )
    other = next(g for g in ("good", "inadequate") if not str(grade).endswith(f"/{g}"))
    turtle = PREFIXES + f"<{judgment}> kgo:grade <{KGR}grade/{other}> .\n"
    return turtle, ["A judgment needs exactly one grade"]


@pytest.mark.parametrize(
    "case",
    [
        undefined_term,
        missing_node,
        missing_datatype,
        not_a_number,
        quote_not_at_its_offsets,
        missing_evidence,
        second_grade_on_an_existing_judgment,
    ],
    ids=lambda case: case.__name__,
)
def test_a_submission_is_rejected_saying_what_and_where(
    curator: Curator, settings: Settings, store: RdflibStore, case: Case
) -> None:
    turtle, expected = case(settings, store)
    before = snapshot(settings.data_dir)
    submitted = parse_rdf_text(turtle, "turtle", "submission.ttl")
    report = curator.check(submitted, turtle, "submission.ttl")  # as `kg curate add` checks
    assert not report.conforms
    printed = format_report(report)  # as `kg curate add` prints it
    for text in expected:
        assert text in printed
    assert snapshot(settings.data_dir) == before, "checking a submission changed the data folder"


# Focused validation gives the answers of validating the whole graph ---------------------------


def test_focused_validation_matches_whole_graph_validation(
    curator: Curator, settings: Settings, store: RdflibStore
) -> None:
    union = union_graph(store.dataset)
    judgment, finding = next(
        iter(
            store.query(
                "SELECT ?j ?f WHERE { ?j a kgo:Judgment . ?f kgo:findingType ?type ; "
                "kgo:ofInspection ?i . ?j kgo:ofInspection ?i } ORDER BY ?j ?f LIMIT 1"
            )
        )
    )
    submissions = [
        good_relation(settings),
        without_evidence(settings),
        PREFIXES + f"<{judgment}> kgo:grade <{KGR}grade/outstanding>, <{KGR}grade/good> .",
        PREFIXES + f'<{finding}> kgo:text "a second text" ; kgo:ofInspection <{judgment}> .',
        PREFIXES + f'<{EMSOU}> a org:FormalOrganization ; skos:prefLabel "" .',
    ]
    checker = curator.checker
    for turtle in submissions:
        submitted = parse_rdf_text(turtle, "turtle", "test")
        focus = checker.focus_nodes(submitted)
        # The whole graph with the submission: added to the union, then taken out again.
        added = [triple for triple in submitted if triple not in union]
        for triple in added:
            union.add(triple)
        try:
            whole = validate_graph(union, checker.shapes, focus_nodes=focus)
        finally:
            for triple in added:
                union.remove(triple)
        focused = validate_graph(
            checker.focused_context(submitted), checker.shapes, focus_nodes=focus
        )

        def key(report):
            return sorted((r.focus, r.path, r.message) for r in report.results)

        assert key(focused) == key(whole), turtle
