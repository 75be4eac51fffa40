"""Relations stated in one sentence, found by rule: a named thing, a cue phrase of a relation
type ("chaired by", "led by"; from the ontology's relation types), and what follows it.

    "... a strategic improvement group of partners and is chaired by the head of community
     safety from Derbyshire County Council."  -> the group, chaired by, "the head of community
     safety from Derbyshire County Council" (and Derbyshire County Council, the named thing)
    "The deputy chief constable chairs a confidence steering group" -> the group, chaired by,
     "The deputy chief constable" (and the report's force: a chief officer named by rank alone
     in an inspection of one force is that force's)
    "The force works well with partner organisations, such as local councils" -> the force,
     works with, local councils (a named object is required; "the force" or "the constabulary"
     opening the sentence is the report's force)
    "The local criminal justice board, chaired by the chief constable, brings together the
     courts, the Crown Prosecution Service and partners" -> the Crown Prosecution Service,
     participates in, the board (each named thing of the coordination after the cue)

What rules cannot find reliably is curated by hand in seeds/curated/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from kg.extract.entities import EntityMatcher
from kg.facts import Entity, RelationFact, RelationType
from kg.namespaces import KGO, KGR
from kg.source.document import SourceDocument
from kg.source.segments import clause_bounds, running_paragraphs, sentences

_DETERMINERS = {"the", "a", "an", "and", "of", "their", "its", "his", "her"}
_PREPOSITIONS = {"of", "from", "for", "with", "in", "at", "on", "by", "to"}
_OBJECT_WORDS = 16  # at most, for the object as worded before an active cue
_CLAUSE_END = re.compile(r"[,;:.]|\s(?:and|which|who|to|brings|provides|is|are)\s")


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
                cues=_cues(ontology, iri, KGO.cuePhrase),
                active_cues=_cues(ontology, iri, KGO.activeCuePhrase),
                named_object_cues=_cues(ontology, iri, KGO.namedObjectCuePhrase),
                gathering_cues=_cues(ontology, iri, KGO.gatheringCuePhrase),
                subject_classes=frozenset(str(c) for c in ontology.objects(iri, KGO.subjectClass)),
                object_classes=frozenset(str(c) for c in ontology.objects(iri, KGO.objectClass)),
            )
        )
    return tuple(sorted(types, key=lambda t: t.iri))


def _cues(ontology: Graph, iri: URIRef, prop: URIRef) -> tuple[str, ...]:
    return tuple(sorted(str(c) for c in ontology.objects(iri, prop)))


def force_entity(matcher: EntityMatcher, force_name: str | None) -> Entity | None:
    """The entity the whole of the force's name names, if the gazetteer knows it."""
    if not force_name:
        return None
    found = matcher.find(force_name)
    if len(found) == 1 and found[0][0] == 0 and found[0][1] == len(force_name):
        return found[0][2]
    return None


def find_relations(
    doc: SourceDocument,
    matcher: EntityMatcher,
    types: tuple[RelationType, ...],
    force: Entity | None = None,
) -> tuple[RelationFact, ...]:
    """Relations stated in each sentence of the report; `force` is the force it inspects, the
    one "the force", "the constabulary" and "the chief constable" stand for."""
    found: dict[tuple, RelationFact] = {}
    for start, end in running_paragraphs(doc):
        normalised = doc.normalised(start, end)
        text = normalised.text
        before: dict[str, RelationFact] = {}  # the sentence before's last fact, by relation
        bodies: list[tuple[int, Entity]] = []  # bodies named so far, with their sentence's start
        for s_start, s_end in sentences(text):
            sentence = text[s_start:s_end]
            for subject, relation, obj, object_text in _bodies_before(
                sentence, bodies, types, matcher, force
            ):
                # The quote runs from the sentence that names the body to this one.
                since = max(at for at, body in bodies if body == subject)
                evidence = doc.evidence(*normalised.source_span(since, s_end))
                anaphoric = RelationFact(subject, relation, obj, object_text, evidence)
                found.setdefault(_key(anaphoric), anaphoric)
            mentions = matcher.find(sentence)
            bodies += [(s_start, m[2]) for m in mentions if str(KGO.GovernanceBody) in m[2].classes]
            if not mentions:
                before = {}
                continue
            evidence = doc.evidence(*normalised.source_span(s_start, s_end))
            stated: dict[str, RelationFact] = {}
            for relation in types:
                for rule in (_passive, _active, _named_object, _gathering):
                    for fact in rule(sentence, mentions, relation, evidence, matcher, force):
                        fact = _pronoun_resolved(doc, fact, before.get(relation.iri))
                        if fact is None:
                            continue
                        found.setdefault(_key(fact), fact)
                        stated[relation.iri] = fact
            before = stated
    return tuple(found.values())


# "He also chairs the external delivery board": "he" or "she" as all of the object is who the
# sentence before said holds the same relation ("the ACC (operations) chairs ...").
_PRONOUN = re.compile(r"^(?:he|she)(?:\s+(?:also|now|still))?$", re.IGNORECASE)


def _pronoun_resolved(
    doc: SourceDocument, fact: RelationFact, before: RelationFact | None
) -> RelationFact | None:
    """The fact with a pronoun object replaced by the object of the same relation in the
    sentence before, in the same paragraph, its evidence both sentences (the quote shows who
    "he" is); None (no fact) when there is none to stand for."""
    if fact.object_text is None or not _PRONOUN.match(fact.object_text.strip()):
        return fact
    if before is None or before.object_text is None or _PRONOUN.match(before.object_text):
        return None
    evidence = doc.evidence(before.evidence.start, fact.evidence.end)
    return RelationFact(fact.subject, fact.relation, before.object, before.object_text, evidence)


# A sentence whose subject is the bodies the sentences before named: "Both these meetings are
# chaired by an assistant chief constable" (the two named last), "Chaired by the DCC, the
# board ..." (the one named last).
_BOTH = re.compile(
    r"^\W*both\s+(?:of\s+)?(?:these|those|the)\s+(?:two\s+)?[a-z]+\s+(?:are|were)\s+", re.IGNORECASE
)


def _bodies_before(
    sentence: str,
    bodies: list[tuple[int, Entity]],
    types: tuple[RelationType, ...],
    matcher: EntityMatcher,
    force: Entity | None,
) -> Iterator[tuple[Entity, RelationType, Entity | None, str]]:
    """The relation a sentence states of bodies the sentences before it named: subject,
    relation, object and object words (the caller quotes the sentences)."""
    if not bodies:
        return
    both = _BOTH.match(sentence)
    rest = sentence[both.end() :] if both else sentence.lstrip(" •-–")
    named = [body for _at, body in bodies]
    subjects = list(dict.fromkeys(reversed(named)))[:2] if both else named[-1:]
    if both and len(subjects) < 2:
        return
    for relation in types:
        for cue in relation.cues:
            match = re.match(rf"{re.escape(cue)}\b\s*", rest, re.IGNORECASE)
            if match is None:
                continue
            object_text = _clause(rest[match.end() :])
            leading = _LEADING_OFFICER.match(object_text)
            if leading is not None:
                object_text = leading.group(0)
            if not object_text:
                continue
            found = _object_of(object_text, matcher, force)
            for subject in subjects:
                yield subject, relation, found, object_text


def _key(fact: RelationFact) -> tuple:
    return (
        fact.subject.iri,
        fact.relation.iri,
        fact.object.iri if fact.object else None,
        fact.object_text,
    )


def _passive(sentence, mentions, relation, evidence, matcher, force):
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
            yield RelationFact(
                subject, relation, _object_of(object_text, matcher, force), object_text, evidence
            )


def _active(sentence, mentions, relation, evidence, matcher, force):
    """<object words> <cue> <subject>: "The chief constable chairs a safer communities board"."""
    for cue in relation.active_cues:
        for match in re.finditer(rf"\b{re.escape(cue)}\b", sentence, re.IGNORECASE):
            after = [m for m in mentions if m[0] >= match.end()]
            between = sentence[match.end() : after[0][0]].lower().split() if after else []
            if not after or len(between) > 3 or _PREPOSITIONS & set(between):
                continue  # "investigated by officers of the CPS": the CPS is not the subject
            words_before = sentence[: match.start()].split()
            if not words_before or words_before[-1].lower() in _DETERMINERS:
                continue  # "the chairs of ..." is a noun, not the verb
            object_text = sentence[: match.start()].strip()
            object_text = re.split(r"[,;:]", object_text)[-1].strip()
            if not object_text or len(object_text.split()) > _OBJECT_WORDS:
                continue
            yield RelationFact(
                after[0][2],
                relation,
                _object_of(object_text, matcher, force),
                object_text,
                evidence,
            )


def _clause(text: str) -> str:
    """The words up to the end of the clause."""
    _start, end = clause_bounds(text, 0, _CLAUSE_END)
    return text[:end].strip()


# A chief officer named by rank alone ("the chief constable", "an assistant chief constable",
# "the DCC"): in a report on one force, an officer of that force.
_OFFICER = (
    r"(?:(?:the|a|an)\s+(?:(?:deputy|assistant|temporary)\s+)?chief\s+constable\b"
    r"|the\s+(?:DCC|ACC)\b)(?:\s*\([a-z ]+\))?"
)
_FORCE_OFFICER = re.compile(rf"^{_OFFICER}$", re.IGNORECASE)
# One at the start of object words run on without a comma ("Chaired by the DCC membership of
# the board includes ...").
_LEADING_OFFICER = re.compile(rf"^{_OFFICER}", re.IGNORECASE)
# "The force ..." or "The constabulary ..." opening a sentence: the report's force.
_FORCE_OPENER = re.compile(r"^\W*the\s+(?:force|constabulary)\s", re.IGNORECASE)
# Where a coordination of named things after a cue ends: a clause break, a purpose or relative
# clause, a second verb ("... forum and is routinely engaged in ...").
_LIST_END = re.compile(
    r"[;:.]|,\s+(?:and|but|which|who|whom|to|while|although|so)\b"
    r"|\s(?:to|which|who|where|when|while|because|so that|in order to|in tackling)\s"
    r"|\s(?:and|but)\s+(?:is|are|was|were|has|have|had|it|they|its|their)\s",
    re.IGNORECASE,
)
_WORDS_BEFORE_CUE = 6  # at most, between the subject and the cue, none of them a name
# Between a named thing and a gathering cue: nothing, an acronym, ", which", or one aside
# between commas (", chaired by the chief constable,").
_GATHERING_GAP = re.compile(
    r"^\s*(?:\([A-Z][A-Za-z&]{1,8}\)\s*)?(?:,\s*(?:which|that)\s*|,[^,;:()]+,\s*|\s*)$"
)


def _object_of(object_text: str, matcher: EntityMatcher, force: Entity | None) -> Entity | None:
    """The named thing the object words name, or the force for one of its chief officers."""
    objects = matcher.find(object_text)
    if objects:
        return objects[0][2]
    if force is not None and _FORCE_OFFICER.match(object_text.strip()):
        return force
    return None


def _listed(text: str, matcher: EntityMatcher) -> list[tuple[int, int, Entity]]:
    """The named things in the coordination that opens `text`, up to where it ends: a clause
    break, or a closing bracket the coordination did not open ("(such as A and B) in ...";
    "A (unitary authority) and B" goes on)."""
    end = _LIST_END.search(text)
    stop = end.start() if end else len(text)
    depth = 0
    for index, char in enumerate(text[:stop]):
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                stop = index
                break
            depth -= 1
    return matcher.find(text[:stop])


def _named_object(sentence, mentions, relation, evidence, matcher, force):
    """<subject> <cue> <named things>: "The force works well with its partners (such as local
    councils and housing agencies)" -> the force works with local councils, with housing
    agencies. The subject is a name at most a few words before the cue, or the report's force
    where the sentence opens with "The force" or "The constabulary" and names nothing before
    the cue; nothing is found where the words after the cue name nothing."""
    for cue in relation.named_object_cues:
        for match in re.finditer(rf"\b{re.escape(cue)}\b", sentence, re.IGNORECASE):
            before = [m for m in mentions if m[1] <= match.start()]
            subject = None
            if before:
                gap = sentence[before[-1][1] : match.start()]
                if len(gap.split()) <= _WORDS_BEFORE_CUE and not re.search(r"[,;:()]", gap):
                    subject = before[-1][2]
            elif force is not None and _FORCE_OPENER.match(sentence):
                gap = sentence[: match.start()]
                if len(gap.split()) <= _WORDS_BEFORE_CUE + 2 and not re.search(r"[,;:()]", gap):
                    subject = force
            if subject is None:
                continue
            for _start, _end, obj in _listed(sentence[match.end() :], matcher):
                if obj.iri != subject.iri and relation.fits(subject, obj):
                    yield RelationFact(subject, relation, obj, None, evidence)


def _gathering(sentence, mentions, relation, evidence, matcher, force):
    """<named thing>, which <cue> <named things>: "The local criminal justice board, chaired by
    the chief constable, brings together the courts, the Crown Prosecution Service and
    partners" -> the Crown Prosecution Service takes part in the board. Each named thing of
    the coordination after the cue is a subject, the named thing just before the cue (an
    aside between commas allowed) the object."""
    for cue in relation.gathering_cues:
        for match in re.finditer(rf"\b{re.escape(cue)}\b", sentence, re.IGNORECASE):
            before = [m for m in mentions if m[1] <= match.start()]
            if not before or not _GATHERING_GAP.match(sentence[before[-1][1] : match.start()]):
                continue
            gathering = before[-1][2]
            for _start, _end, subject in _listed(sentence[match.end() :], matcher):
                if subject.iri != gathering.iri and relation.fits(subject, gathering):
                    yield RelationFact(subject, relation, gathering, None, evidence)
