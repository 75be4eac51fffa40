"""Relations stated in one sentence, found by rule: a named thing, a cue phrase of a relation
type ("chaired by", "led by"; from the ontology's relation types), and what follows it.

    "... a strategic improvement group of partners and is chaired by the head of community
     safety from Derbyshire County Council."  -> the group, chaired by, "the head of community
     safety from Derbyshire County Council" (and Derbyshire County Council, the named thing)
    "The deputy chief constable chairs a confidence steering group" -> the group, chaired by,
     "The deputy chief constable"

What rules cannot find reliably is curated by hand in seeds/curated/.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.document import SourceDocument
from kg.extract.entities import Entity, EntityMatcher, paragraphs
from kg.facts import Evidence
from kg.namespaces import KGO, KGR

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z‘'\"(•])")
_DETERMINERS = {"the", "a", "an", "and", "of", "their", "its", "his", "her"}
_CLAUSE_END = re.compile(r"[,;:.]|\s(?:and|which|who|to|brings|provides|is|are)\s")


@dataclass(frozen=True)
class RelationType:
    iri: str
    slug: str
    label: str
    direct_property: str | None
    cues: tuple[str, ...]
    active_cues: tuple[str, ...]


@dataclass(frozen=True)
class RelationFact:
    subject: Entity
    relation: RelationType
    object: Entity | None
    object_text: str | None
    evidence: Evidence


def load_relation_types(ontology: Graph) -> tuple[RelationType, ...]:
    types = []
    for iri in ontology.subjects(SKOS.inScheme, KGR["scheme/relation"]):
        if not isinstance(iri, URIRef):
            continue
        prop = ontology.value(iri, KGO.asProperty)
        types.append(
            RelationType(
                iri=str(iri),
                slug=str(iri).rsplit("/", 1)[-1],
                label=str(ontology.value(iri, SKOS.prefLabel)),
                direct_property=str(prop) if prop is not None else None,
                cues=tuple(sorted(str(c) for c in ontology.objects(iri, KGO.cuePhrase))),
                active_cues=tuple(
                    sorted(str(c) for c in ontology.objects(iri, KGO.activeCuePhrase))
                ),
            )
        )
    return tuple(sorted(types, key=lambda t: t.iri))


def find_relations(
    doc: SourceDocument, matcher: EntityMatcher, types: tuple[RelationType, ...]
) -> tuple[RelationFact, ...]:
    found: dict[tuple, RelationFact] = {}
    for start, end in paragraphs(doc):
        normalised = doc.normalised(start, end)
        text = normalised.text
        bounds = [0, *(m.end() for m in _SENTENCE_END.finditer(text)), len(text)]
        for s_start, s_end in itertools.pairwise(bounds):
            sentence = text[s_start:s_end]
            mentions = matcher.find(sentence)
            if not mentions:
                continue
            evidence = doc.evidence(*normalised.source_span(s_start, s_end))
            for relation in types:
                for fact in _passive(sentence, mentions, relation, evidence, matcher):
                    found.setdefault(_key(fact), fact)
                for fact in _active(sentence, mentions, relation, evidence, matcher):
                    found.setdefault(_key(fact), fact)
    return tuple(found.values())


def _key(fact: RelationFact) -> tuple:
    return (
        fact.subject.iri,
        fact.relation.iri,
        fact.object.iri if fact.object else None,
        fact.object_text,
    )


def _passive(sentence, mentions, relation, evidence, matcher):
    """<subject> ... <cue> <object words>: the subject is the named thing nearest before."""
    for cue in relation.cues:
        for match in re.finditer(rf"\b{re.escape(cue)}\b", sentence, re.IGNORECASE):
            before = [m for m in mentions if m[1] <= match.start()]
            if not before:
                continue
            subject = before[-1][2]
            object_text = _clause(sentence[match.end() :])
            if not object_text:
                continue
            objects = [m for m in matcher.find(object_text)]
            yield RelationFact(
                subject, relation, objects[0][2] if objects else None, object_text, evidence
            )


def _active(sentence, mentions, relation, evidence, matcher):
    """<object words> <cue> <subject>: "The chief constable chairs a safer communities board"."""
    for cue in relation.active_cues:
        for match in re.finditer(rf"\b{re.escape(cue)}\b", sentence, re.IGNORECASE):
            after = [m for m in mentions if m[0] >= match.end()]
            if not after or len(sentence[match.end() : after[0][0]].split()) > 3:
                continue
            words_before = sentence[: match.start()].split()
            if not words_before or words_before[-1].lower() in _DETERMINERS:
                continue  # "the chairs of ..." is a noun, not the verb
            object_text = sentence[: match.start()].strip()
            object_text = re.split(r"[,;:]", object_text)[-1].strip()
            if not object_text or len(object_text.split()) > 12:
                continue
            objects = [m for m in matcher.find(object_text)]
            yield RelationFact(
                after[0][2], relation, objects[0][2] if objects else None, object_text, evidence
            )


def _clause(text: str) -> str:
    """The words up to the end of the clause."""
    match = _CLAUSE_END.search(text)
    clause = text[: match.start()] if match else text
    return clause.strip()
