"""The relation rules on sentences written for the test, with the ontology's relation types and
gazetteer: what each rule finds, and sentences in which it must find nothing."""

from __future__ import annotations

import pytest

from kg.extract.entities import EntityMatcher, load_entities
from kg.extract.relations import (
    RelationFact,
    RelationType,
    find_relations,
    force_entity,
    load_relation_types,
)
from kg.facts import Entity
from kg.graph.files import load_ontology
from kg.settings import Settings
from kg.source.document import SourceDocument

REPORT = "https://w3id.org/police-inspection-kg/id/report/test"
ID = "https://w3id.org/police-inspection-kg/id/"


@pytest.fixture(scope="module")
def setup(settings: Settings) -> tuple[EntityMatcher, tuple[RelationType, ...]]:
    ontology = load_ontology(settings)
    return EntityMatcher(load_entities(ontology)), load_relation_types(ontology)


def relations(setup, text: str, force: str | None = "Derbyshire Constabulary") -> set[tuple]:
    """(subject, relation type, object or object words) of each relation found in `text`."""
    matcher, types = setup
    doc = SourceDocument(REPORT, text)
    found = find_relations(doc, matcher, types, force_entity(matcher, force))
    for fact in found:
        assert doc.text[fact.evidence.start : fact.evidence.end] == fact.evidence.exact
    return {_short(fact) for fact in found}


def _short(fact: RelationFact) -> tuple:
    obj = fact.object.iri.removeprefix(ID) if fact.object else fact.object_text
    return (fact.subject.iri.removeprefix(ID), fact.relation.slug, obj)


def test_force_entity_needs_the_whole_name(setup) -> None:
    matcher, _types = setup
    assert force_entity(matcher, "Derbyshire Constabulary").iri.endswith("derbyshire-constabulary")
    assert force_entity(matcher, "Derbyshire Constabulary area") is None
    assert force_entity(matcher, None) is None


def test_chaired_by_a_chief_officer_is_chaired_from_the_force(setup) -> None:
    found = relations(
        setup,
        "The local criminal justice board, chaired by the chief constable, meets monthly.",
    )
    assert ("body/local-criminal-justice-board", "chaired-by", "org/derbyshire-constabulary") in (
        found
    )


def test_a_chief_officer_chairs_a_board(setup) -> None:
    found = relations(setup, "An assistant chief constable chairs a digital innovation board.")
    assert ("body/digital-innovation-board", "chaired-by", "org/derbyshire-constabulary") in found


def test_a_chief_officer_without_a_force_stays_words(setup) -> None:
    found = relations(setup, "The chief constable chairs a safer communities board.", force=None)
    assert found == {("body/safer-communities-board", "chaired-by", "The chief constable")}


def test_an_officer_of_another_rank_is_not_the_force(setup) -> None:
    found = relations(setup, "The safer communities board is chaired by a chief inspector.")
    assert found == {("body/safer-communities-board", "chaired-by", "a chief inspector")}


def test_the_force_works_with_partners_named_after_such_as(setup) -> None:
    found = relations(
        setup,
        "The force works well with its partners (such as local councils and housing agencies) "
        "in tackling ASB together.",
    )
    assert found == {
        ("org/derbyshire-constabulary", "works-with", "org/local-authorities"),
        ("org/derbyshire-constabulary", "works-with", "org/housing-associations"),
    }


def test_works_with_stops_at_a_purpose_clause(setup) -> None:
    found = relations(
        setup,
        "The force works well with partner organisations, such as local councils, to tackle "
        "crime with the probation service.",
    )
    assert found == {("org/derbyshire-constabulary", "works-with", "org/local-authorities")}


def test_works_with_nothing_named_finds_nothing(setup) -> None:
    assert relations(setup, "The force works well with partners to prevent crime.") == set()


def test_the_force_must_open_the_sentence(setup) -> None:
    assert (
        relations(
            setup,
            "Officers told us that the force, in their view, works well with local councils.",
        )
        == set()
    )


def test_involved_in_a_forum_is_membership(setup) -> None:
    found = relations(
        setup,
        "The constabulary is actively involved in the local resilience forum and regularly "
        "tests its plans with the probation service.",
    )
    assert found == {("org/derbyshire-constabulary", "member-of", "org/local-resilience-forum")}


def test_involved_in_a_power_is_nothing(setup) -> None:
    # A legal power is neither an arrangement nor a body: the class check keeps it out.
    assert relations(setup, "The force is involved in dispersal orders.") == set()


def test_brings_together_a_coordination_of_partners(setup) -> None:
    found = relations(
        setup,
        "The local criminal justice board, chaired by the chief constable, brings together the "
        "courts, the Crown Prosecution Service and partners to oversee the outcome of police "
        "investigations with the probation service.",
    )
    assert (
        "org/crown-prosecution-service",
        "member-of",
        "body/local-criminal-justice-board",
    ) in found
    assert not any(s == "org/probation-service" for s, _r, _o in found)


def test_brings_together_needs_the_gathering_just_before(setup) -> None:
    found = relations(
        setup,
        "The local criminal justice board met, and a review of the week brings together the "
        "Crown Prosecution Service and the probation service.",
    )
    assert found == set()


def test_no_cue_no_relation(setup) -> None:
    found = relations(
        setup,
        "The Crown Prosecution Service and the local criminal justice board were both "
        "mentioned in the probation service report.",
    )
    assert found == set()


def test_crimes_investigated_by_a_unit(setup) -> None:
    found = relations(
        setup,
        "Crimes assessed as less complex or lower risk (e.g. criminal damage or some domestic "
        "abuse cases) are investigated by the ‘custody investigation unit’.",
    )
    assert found == {
        (
            "unit/custody-investigation-unit",
            "investigates",
            "Crimes assessed as less complex or lower risk (e.g. criminal damage or some "
            "domestic abuse cases)",
        )
    }


def test_investigated_by_someone_of_a_named_thing_is_nothing(setup) -> None:
    # The named thing after the cue stands in a prepositional phrase: not the subject.
    found = relations(setup, "Cases are investigated by officers of the Crown Prosecution Service.")
    assert found == set()


def test_co_located_with_a_named_partner(setup) -> None:
    found = relations(setup, "Derby BCU is co-located with Derby City Council.")
    assert found == {("unit/derby-bcu", "co-located-with", "org/derby-city-council")}


def test_co_located_with_unnamed_partners_is_nothing(setup) -> None:
    found = relations(
        setup, "Derby BCU is co-located with partner agencies in three neighbourhoods."
    )
    assert found == set()


def test_eval_scores_rules_alone_and_with_curated() -> None:
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import RDF, SKOS

    from kg.namespaces import KGO
    from kg.views.evaluate import _gold_aliases, _relations

    graph = Graph()

    def thing(slug: str, *names: str) -> URIRef:
        node = URIRef(ID + slug)
        for name in names:
            graph.add((node, SKOS.prefLabel, Literal(name, lang="en")))
        return node

    force = thing("force", "Derbyshire Constabulary")
    iom = thing("iom", "integrated offender management")
    prisons = thing("prisons", "prison service")
    for slug, subject, obj, how in [
        ("r1", force, iom, "rule"),
        ("r2", prisons, iom, "curated"),
        ("r3", force, iom, "rule"),  # the same pair stated again: counted, not merged
    ]:
        relation = URIRef(ID + slug)
        graph.add((relation, RDF.type, KGO.StatedRelation))
        graph.add((relation, KGO.relationSubject, subject))
        graph.add((relation, KGO.relationObject, obj))
        graph.add((relation, KGO.extractedBy, Literal(how)))
    gold = [
        {"subject": "Derbyshire Constabulary", "object": "Integrated offender management"},
        {"subject": "HM Prison Service", "object": "Integrated offender management"},
    ]
    aliases = _gold_aliases([{"name": "HM Prison Service", "aliases": ["prison service"]}])
    rules = _relations(graph, gold, aliases, {"rule"})
    both = _relations(graph, gold, aliases, {"rule", "curated"})
    assert (rules.kind, rules.found, rules.recalled, rules.correct_found) == (
        "relations:rule",
        2,
        1,
        2,
    )
    assert (both.kind, both.found, both.recalled, both.correct_found) == ("relations", 3, 2, 3)
    # Without the gold's alias, "HM Prison Service" is not the graph's "prison service".
    assert _relations(graph, gold, {}, {"rule", "curated"}).recalled == 1


def test_curated_table_and_turtle_agree() -> None:
    """seeds/curated/more-relations.ttl is what `kg curate table` makes of the hand-written
    table beside it: the table is the source."""
    from kg.curation.table import generate
    from tests.paths import PROJECT_ROOT

    curated = PROJECT_ROOT / "seeds" / "curated"
    expected = generate(
        curated / "more-relations.tsv", PROJECT_ROOT / "seeds", PROJECT_ROOT / "ontology" / "kg.ttl"
    )
    assert (curated / "more-relations.ttl").read_text(encoding="utf-8") == expected


def test_a_curated_table_row_with_the_object_as_worded(tmp_path) -> None:
    """An object in double quotes is text: no node, no direct property; the header names the
    table the Turtle came from."""
    from rdflib import Graph, Literal

    from kg.curation.table import generate
    from kg.namespaces import KGO, KGR, OA
    from tests.paths import PROJECT_ROOT

    seed_table = PROJECT_ROOT / "seeds" / "curated" / "more-relations.tsv"
    first = next(
        line
        for line in seed_table.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )
    fields = first.split(" | ")
    fields[0], fields[5], fields[6] = "worded", '"the East Midlands forces"', "-"
    table = tmp_path / "worded.tsv"
    table.write_text(" | ".join(fields) + "\n", encoding="utf-8")
    text = generate(table, PROJECT_ROOT / "seeds", PROJECT_ROOT / "ontology" / "kg.ttl")
    assert text.startswith("# Generated by `kg curate table` from worded.tsv,")
    graph = Graph().parse(data=text, format="turtle")
    node = KGR["curated/relation/worded"]
    assert set(graph.objects(node, KGO.relationObjectText)) == {Literal("the East Midlands forces")}
    assert not set(graph.objects(node, KGO.relationObject))
    assert not set(graph.predicate_objects(KGR[fields[3]]))  # no direct property
    assert (KGR["curated/relation/worded/evidence"], OA.hasBody, node) in graph


def test_a_curated_table_row_whose_quote_is_not_on_its_line_is_refused(tmp_path) -> None:
    from kg.curation.table import generate
    from kg.errors import KgError
    from tests.paths import PROJECT_ROOT

    table = tmp_path / "t.tsv"
    table.write_text(
        "x | 2015-peel-effectiveness-derbyshire | 3 | org/derbyshire-constabulary | uses | "
        "power/dvpn | - | The public protection unit (PPU) is the lead unit\n",
        encoding="utf-8",
    )
    with pytest.raises(KgError, match=r"relation 'x' in 2015-peel.*not found starting on line 3"):
        generate(table, PROJECT_ROOT / "seeds", PROJECT_ROOT / "ontology" / "kg.ttl")


def test_a_bracket_the_coordination_opens_does_not_end_it(setup) -> None:
    found = relations(
        setup,
        "Derby BCU enjoys a very close working relationship with Derby City Council (unitary "
        "authority) and South Derbyshire District Council, and the associated Safer Derby "
        "Partnership.",
    )
    assert found == {
        ("unit/derby-bcu", "works-with", "org/derby-city-council"),
        ("unit/derby-bcu", "works-with", "org/south-derbyshire-district-council"),
    }


def test_he_also_chairs_is_who_the_sentence_before_says(setup) -> None:
    matcher, types = setup
    text = (
        "The deputy chief constable chairs the local criminal justice board. She also chairs "
        "the safer neighbourhoods development group.\n"
    )
    doc = SourceDocument(REPORT, text)
    force = force_entity(matcher, "Derbyshire Constabulary")
    found = {_short(f): f for f in find_relations(doc, matcher, types, force)}
    group = ("body/safer-neighbourhoods-development-group", "chaired-by")
    assert (*group, "org/derbyshire-constabulary") in found
    fact = found[(*group, "org/derbyshire-constabulary")]
    assert fact.object_text == "The deputy chief constable"
    # The quote shows who "she" is: both sentences.
    assert fact.evidence.exact == text.strip()


def test_he_with_no_chair_before_him_is_no_relation(setup) -> None:
    found = relations(
        setup, "The force has a new structure. He also chairs the local criminal justice board.\n"
    )
    assert not any(rel == "chaired-by" for _s, rel, _o in found)


def test_a_body_found_by_its_form_is_a_relation_subject(setup) -> None:
    matcher, types = setup
    board = Entity(
        f"{ID}body/test/neighbourhood-tasking-board",
        "neighbourhood tasking board",
        frozenset({"neighbourhood tasking board"}),
        frozenset(),
        frozenset(),
    )
    doc = SourceDocument(
        REPORT, "An assistant chief constable chairs a neighbourhood tasking board.\n"
    )
    force = force_entity(matcher, "Derbyshire Constabulary")
    found = {_short(f) for f in find_relations(doc, matcher.extended([board]), types, force)}
    chaired = ("body/test/neighbourhood-tasking-board", "chaired-by", "org/derbyshire-constabulary")
    assert chaired in found
    assert not find_relations(doc, matcher, types, force)  # the gazetteer alone names nothing


def test_a_sentence_broken_by_a_blank_line_is_read_whole(setup) -> None:
    # A PDF's text often breaks a sentence with a blank line (a page or column break): the
    # sentence goes on in lower case after it, and what it states is one relation.
    matcher, types = setup
    text = (
        "• There is evidence of chief officer engagement: the deputy chief constable chairs "
        "the\n\nlocal criminal justice board, with partners involved.\n"
    )
    doc = SourceDocument(REPORT, text)
    force = force_entity(matcher, "Derbyshire Constabulary")
    found = {_short(f): f for f in find_relations(doc, matcher, types, force)}
    board = ("body/local-criminal-justice-board", "chaired-by", "org/derbyshire-constabulary")
    assert board in found
    assert "\n\nlocal criminal justice board" in found[board].evidence.exact
    # A capitalised line after the blank line starts a paragraph of its own.
    apart = "The deputy chief constable chairs the\n\nLocal criminal justice board meets often.\n"
    assert board not in {
        _short(f) for f in find_relations(SourceDocument(REPORT, apart), matcher, types, force)
    }


def test_both_these_meetings_are_the_two_bodies_named_before(setup) -> None:
    matcher, types = setup
    force = force_entity(matcher, "Derbyshire Constabulary")
    text = (
        "The local criminal justice board meets monthly. The safer neighbourhoods development "
        "group reviews priorities. Both these meetings are chaired by the deputy chief "
        "constable.\n"
    )
    found = {
        _short(f): f for f in find_relations(SourceDocument(REPORT, text), matcher, types, force)
    }
    for body in ("local-criminal-justice-board", "safer-neighbourhoods-development-group"):
        fact = found[(f"body/{body}", "chaired-by", "org/derbyshire-constabulary")]
        assert fact.object_text == "the deputy chief constable"
        assert fact.evidence.exact.endswith(
            "Both these meetings are chaired by the deputy chief constable."
        )
    # The quote of each starts at the sentence that names its body.
    group = found[
        ("body/safer-neighbourhoods-development-group", "chaired-by", "org/derbyshire-constabulary")
    ]
    assert group.evidence.exact.startswith("The safer neighbourhoods development group")
    # One body named before "both": no relation.
    one = (
        "The local criminal justice board meets monthly. Both these meetings are chaired by the "
        "DCC.\n"
    )
    assert not find_relations(SourceDocument(REPORT, one), matcher, types, force)


def test_a_sentence_opening_with_chaired_by_is_about_the_body_named_last(setup) -> None:
    matcher, types = setup
    force = force_entity(matcher, "Derbyshire Constabulary")
    text = (
        "The force set up a local criminal justice board. Chaired by the DCC membership of the "
        "board includes partners.\n"
    )
    found = {
        _short(f): f for f in find_relations(SourceDocument(REPORT, text), matcher, types, force)
    }
    fact = found[("body/local-criminal-justice-board", "chaired-by", "org/derbyshire-constabulary")]
    assert fact.object_text == "the DCC"
