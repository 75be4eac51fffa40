"""Organisations beyond the gazetteer: bodies a report names by their form, not by a list.

A name is a run of words ending in an organisational head word (unit, team, board, group,
service, council, partnership, hub, centre, agency, association, trust...), either
capitalised ("Performance Delivery Team", "Derbyshire County Council Community Safety
Department"), or in lower case after a word that makes it one definite body ("the external
delivery board", "its control room", "EMSOU’s regional intelligence team"), or defined with
an acronym ("counter-terrorism intelligence unit (CTIU)"). Generic references stay out: a head
word alone ("the unit"), an indefinite one ("a dedicated team"), or one whose words say which
kind, not which body ("partner agencies", "the overall service", "quality of service").

What the gazetteer knows (ontology/gazetteer.ttl: preferred names, variants, acronyms) is left
to kg.extract.entities; a name it does not know is a new organisation typed by its head word
(ontology/organisation-kinds.ttl). A force's own unit or board (its head word says unit, and
no place or owner names it) is the inspected force's, as kg.extract.force_units mints them;
"X’s Y unit" is X's."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from rdflib.namespace import ORG

from kg.extract.entities import EntityMatcher
from kg.facts import Entity, Evidence
from kg.namespaces import KGO
from kg.source.document import SourceDocument
from kg.source.segments import paragraphs
from kg.source.text import Normalised

# Head word (singular): its kind (a concept of scheme:organisation-kind) and class.
_UNIT, _BODY, _BOARD, _COLLAB = (
    str(ORG.OrganizationalUnit),
    str(ORG.FormalOrganization),
    str(KGO.GovernanceBody),
    str(ORG.OrganizationalCollaboration),
)
HEADS: dict[str, str] = {
    "unit": _UNIT,
    "team": _UNIT,
    "department": _UNIT,
    "division": _UNIT,
    "branch": _UNIT,
    "room": _UNIT,
    "squad": _UNIT,
    "bureau": _UNIT,
    "hub": _UNIT,
    "centre": _BODY,
    "board": _BOARD,
    "group": _BOARD,
    "committee": _BOARD,
    "panel": _BOARD,
    "forum": _BOARD,
    "service": _BODY,
    "council": _BODY,
    "agency": _BODY,
    "association": _BODY,
    "trust": _BODY,
    "authority": _BODY,
    "commission": _BODY,
    "federation": _BODY,
    "office": _BODY,
    "executive": _BODY,
    "school": _BODY,
    "society": _BODY,
    "partnership": _COLLAB,
}
_PLURALS = {"agency": "agencies", "authority": "authorities", "society": "societies"}
# A force's own: a unit's head word, or a board's, with no owner or place in the name.
_OWNED = {_UNIT, _BOARD}
_HEAD_FORMS = sorted(
    {form for h in HEADS for form in (h, _PLURALS.get(h, h + "s"))}, key=len, reverse=True
)
_HEAD = "|".join(_HEAD_FORMS)
_WORD = r"[A-Za-z][\w’'-]*"
_CAP = r"(?:[A-Z][\w’'-]*|[A-Z]{2,}&?[A-Z]*)"
_LINK = r"(?:of|and|for|on|&)"
# "Derbyshire County Council Community Safety Department", "Quality of Service Board".
# A capitalised head word; the name is the capitalised words before it ("Derbyshire County
# Council Community Safety Department", "Quality of Service Board").
_CAPITALISED_HEAD = re.compile(rf"(?<![\w’'-])(?:{_HEAD.title()})(?![\w-])")
_CAP_WORD = re.compile(rf"{_CAP}")
_LINK_WORDS = {"of", "and", "for", "on", "&"}
# "Association of Chief Police Officers", "Department for Work and Pensions".
_HEAD_FIRST = re.compile(
    rf"(?<![\w’'-])(?P<name>(?:(?!The\b){_CAP}\s+)?(?:Association|Department|Office|College|Commission|Council|"
    rf"Federation|Inspectorate)\s+(?:of|for|on)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP}){{0,3}}"
    rf"(?:\s+and\s+{_CAP}(?:\s+{_CAP}){{0,2}})?)"
)
# A definite body in lower case: "the external delivery board", "its control room",
# "EMSOU’s regional intelligence team", "the force’s “problem-solving hub”".
_DEFINITE = re.compile(
    rf"(?<![\w’'-])(?P<det>[Tt]he|[Ii]ts|[Tt]heir|(?P<owner>{_WORD})[’']s)\s+[“\"]?"
    rf"(?P<name>(?:[A-Za-z][\w’'-]*\s+(?:and\s+)?){{1,3}}(?:{_HEAD}))(?![\w-])[”\"]?"
)
_GOES_ON = re.compile(r"[ \t]+[A-Z]")
_ACRONYM_AFTER = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z&]{1,8})\)")
# Words that make a name generic: which kind of body, not which one ("the overall service",
# "other agencies", "the same division", "quality of service", "the police service").
# fmt: off
_GENERIC = {
    "a", "an", "the", "its", "their", "our", "this", "that", "these", "those", "each", "every",
    "any", "all", "some", "such", "other", "another", "same", "whole", "full", "overall", "new",
    "relevant", "wider", "entire", "good", "better", "best", "poor", "high", "low", "level",
    "quality", "public", "police", "policing", "national", "forces", "partner",
    "partners", "partnership", "specialist", "dedicated", "different", "various", "several",
    "many", "own", "single", "separate", "joint", "of", "to", "in", "with", "by", "from", "at",
    "as", "or", "but", "not", "no", "is", "are", "was", "were", "be", "has", "have", "had",
    "which", "who", "service", "services", "team", "teams", "unit", "units", "group", "groups",
    "on", "for", "into", "about", "over", "under", "through", "across", "between", "within",
    "lead", "command", "officer", "officers", "chief", "senior", "management", "inspection",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "2", "3",
    "4", "5", "6", "7", "8", "9", "10",
}
# fmt: on
# Sentence starters that capitalise a word without making it a name.
_STARTER = re.compile(r"(?:(?:The|A|An|Its|Their|Our|This|That|Each|Every|All)\s+)+")
# Words that tie a name to a place or owner, so that it is not one force's own.
_SHARED = {
    "regional",
    "national",
    "county",
    "city",
    "district",
    "borough",
    "joint",
    "east",
    "council",
}
_OWNER_SELF = {"force", "constabulary", "service"}


@dataclass(frozen=True)
class FoundOrganisation:
    """A name found by its form: the body (an Entity, minted or the gazetteer's), its head
    word's kind, its owner's IRI for a unit (None for a body of its own) and the mention."""

    entity: Entity
    kind: str
    owner: str | None
    evidence: Evidence


Candidate = tuple[int, int, str, str | None]  # start, end, name, owner word
Mint = Callable[[str, str | None], str]  # a name and its owner's IRI: the new IRI


def find_organisations(
    doc: SourceDocument,
    matcher: EntityMatcher,
    force: tuple[str, str] | None,
    mint: Mint,
) -> tuple[FoundOrganisation, ...]:
    """Organisations the report names that the gazetteer does not know, each mention with its
    evidence. `force` is the inspected force (IRI, name); `mint(name, owner)` gives the IRI of
    a new organisation (kg.graph.iris.found_organisation_iri)."""
    found: dict[int, FoundOrganisation] = {}
    acronyms: dict[str, tuple[Entity, str, str | None]] = {}
    for start, end in paragraphs(doc):
        normalised = doc.normalised(start, end)
        text = normalised.text
        known = matcher.find(text)
        keep = partial(_keep, known=known, normalised=normalised, source=doc.text)
        for n_start, n_end, name, owner_word in _candidates(text, keep):
            source_start, source_end = normalised.source_span(n_start, n_end)
            owner = _owner(name, owner_word, matcher, force)
            head = _head_of(name)
            label = _label(name)
            iri = mint(_singular(label), owner)  # "Implementation Groups" is one group
            entity = Entity(
                iri, label, frozenset({label.lower()}), frozenset(), frozenset({HEADS[head]})
            )
            acronym = _ACRONYM_AFTER.match(text, n_end)
            if acronym is not None:
                letters = acronym.group("acronym")
                entity = Entity(iri, label, entity.names, frozenset({letters}), entity.classes)
                acronyms.setdefault(letters, (entity, head, owner))
            found.setdefault(
                source_start,
                FoundOrganisation(entity, head, owner, doc.evidence(source_start, source_end)),
            )
    # Later uses of an acronym the report defined for a new organisation.
    if acronyms:
        pattern = re.compile(
            r"(?<![\w&])(" + "|".join(re.escape(a) for a in acronyms) + r")s?(?![\w&])"
        )
        for start, end in paragraphs(doc):
            normalised = doc.normalised(start, end)
            known = matcher.find(normalised.text)
            for match in pattern.finditer(normalised.text):
                if any(k_start <= match.start() < k_end for k_start, k_end, _ in known):
                    continue
                entity, head, owner = acronyms[match.group(1)]
                source_start, source_end = normalised.source_span(match.start(), match.end())
                found.setdefault(
                    source_start,
                    FoundOrganisation(entity, head, owner, doc.evidence(source_start, source_end)),
                )
    return _merged(found.values())


def _keep(n_start: int, n_end: int, known: list, normalised: Normalised, source: str) -> bool:
    """Not the gazetteer's (kg.extract.entities mentions it), nor across one of its names
    unless it starts with one ("Derbyshire County Council Community Safety Department"); not
    a name that goes on along its line ("Offender Group Reconviction Scale")."""
    for k_start, k_end, _ in known:
        if k_start <= n_start and n_end <= k_end:
            return False
        if n_start < k_end and k_start < n_end and n_start != k_start:
            return False
    text = normalised.text
    source_end = normalised.source_span(n_start, n_end)[1]
    last = text[n_start:n_end].split()[-1]
    return not (last[0].isupper() and _GOES_ON.match(source, source_end))


def _candidates(text: str, keep: Callable[[int, int], bool]) -> list[Candidate]:
    """(start, end, name, owner word) of each name by its form that `keep` keeps, the
    longest where they overlap."""
    spans: list[Candidate] = []
    for head in _CAPITALISED_HEAD.finditer(text):
        for start in _name_starts(text, head.start()):
            begin, name = _without_starter(start, text[start : head.end()])
            begin, name = _last_of_coordination(*_without_acronym(begin, name))
            if _capitalised_name(name):
                spans.append((begin, head.end(), name, None))
    for first in _HEAD_FIRST.finditer(text):
        spans.append((first.start("name"), first.end("name"), first.group("name"), None))
    position = 0
    while (definite := _DEFINITE.search(text, position)) is not None:
        name = definite.group("name")
        if _definite_name(name, definite.group("det")):
            spans.append(
                (definite.start("name"), definite.end("name"), name, definite.group("owner"))
            )
            position = definite.end()
        else:
            position = definite.start() + 1  # "the force’s control room": try from "force’s"
    spans = [span for span in spans if keep(span[0], span[1])]
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[Candidate] = []
    for span in spans:
        if all(span[1] <= s or span[0] >= e for s, e, _, _ in kept):
            kept.append(span)
    return sorted(kept)


def _name_starts(text: str, head: int) -> Iterable[int]:
    """Where a capitalised name ending at the head word at `head` may start: each capitalised
    word going back, over "of", "and", "for", up to seven words."""
    words = list(re.finditer(r"\S+", text[max(0, head - 150) : head]))
    offset = max(0, head - 150)
    for count, word in enumerate(reversed(words)):
        if count >= 7:
            return
        token = word.group(0)
        if token.lower() in _LINK_WORDS:
            continue
        if not _CAP_WORD.fullmatch(token):
            return
        yield offset + word.start()


def _without_starter(start: int, name: str) -> tuple[int, str]:
    """The name without the words that start a sentence ("The Contact Management Centre")."""
    match = _STARTER.match(name)
    return (start + match.end(), name[match.end() :]) if match else (start, name)


def _without_acronym(start: int, name: str) -> tuple[int, str]:
    """A glossary's entry ("BCU Basic Command Unit") without its acronym."""
    first, _, rest = name.partition(" ")
    initials = "".join(w[0] for w in rest.split() if w.lower() not in {"of", "and", "for", "&"})
    if first.isupper() and rest and initials.upper().startswith(first.rstrip("s")):
        return start + len(first) + 1, rest
    return start, name


def _last_of_coordination(start: int, name: str) -> tuple[int, str]:
    """ "A B and C D Unit" names two things when two words or more stand before "and"
    ("Safer Derby and Safer South Derbyshire Partnerships"); one word before it is part of
    the name ("Crime and Disorder Reduction Partnership")."""
    match = _COORDINATION.search(name)
    if match is None:
        return start, name
    return start + match.end(), name[match.end() :]


_COORDINATION = re.compile(r"^\S+\s+\S+(?:\s+\S+)*?\s+(?:and|&)\s+")


def _capitalised_name(name: str) -> bool:
    """Two words or more, every content word capitalised, not "X of Service"."""
    words = name.split()
    if len(words) < 2 or words[-2].lower() in {"of", "and", "for", "on", "&"}:
        return False
    content = [w for w in words if w.lower() not in {"of", "and", "for", "on", "&"}]
    return len(content) >= 2 and not all(w.lower() in _GENERIC for w in content[:-1])


def _definite_name(name: str, det: str) -> bool:
    """Words before the head that say which body, none generic; a service after "the" only
    ("its customer service" is what it gives)."""
    words = name.split()
    if words[-1].lower().startswith("service") and det.lower() != "the":
        return False
    modifiers = [w for w in words[:-1] if w != "and"]
    if words[-1].lower().startswith("group") and len(modifiers) < 2:
        return False  # "neighbourhood groups", "community groups": which kind, not which one
    if any(w.endswith(("’s", "'s")) for w in modifiers):
        return False  # "the force’s control room": the owner's form finds it
    return bool(modifiers) and not any(w.lower().strip("’'") in _GENERIC for w in modifiers)


def _head_of(name: str) -> str:
    last = name.split()[-1].lower()
    for head in HEADS:
        if last in (head, _PLURALS.get(head, head + "s")):
            return head
    # "Association of Chief Police Officers", "Royal Commission on the Police".
    return next(w.lower() for w in name.split() if w.lower() in HEADS)


def _singular(label: str) -> str:
    *words, last = label.split(" ")
    head = _head_of(label)
    if last.lower() == _PLURALS.get(head, head + "s"):
        last = last[: len(head)]
    return " ".join([*words, last])


def _label(name: str) -> str:
    return " ".join(name.split())


def _owner(
    name: str, owner_word: str | None, matcher: EntityMatcher, force: tuple[str, str] | None
) -> str | None:
    """Whose unit this is: the owner a possessive names ("EMSOU’s"), the inspected force for
    "the force’s" or a unit or board no place or owner word ties elsewhere; None for a body
    of its own."""
    force_iri = force[0] if force else None
    if re.match(r"\S+\s+(?:of|for|on)\s", name):
        return None  # "Department for Work and Pensions": a body of its own
    if owner_word is not None:
        if owner_word.lower() in _OWNER_SELF:
            return force_iri
        known = matcher.find(owner_word)
        if known:
            return known[0][2].iri
        return None
    if HEADS.get(_head_of(name)) not in _OWNED:
        return None
    words = {w.lower() for w in name.split()}
    if words & _SHARED:
        return None
    capitalised = [w for w in name.split() if w[0].isupper()]
    if force is not None and any(w in force[1].split() for w in capitalised):
        return force_iri
    if capitalised and matcher.find(name):
        return None  # names a place or body the gazetteer knows
    return force_iri


def _merged(found: Iterable[FoundOrganisation]) -> tuple[FoundOrganisation, ...]:
    """One entity per IRI: its names and acronyms gathered from every mention."""
    found = sorted(found, key=lambda f: f.evidence.start)
    names: dict[str, set[str]] = {}
    acronyms: dict[str, set[str]] = {}
    labels: dict[str, str] = {}  # the first form a report gives, its preferred label
    for f in found:
        labels.setdefault(f.entity.iri, f.entity.label)
        names.setdefault(f.entity.iri, set()).update(f.entity.names)
        acronyms.setdefault(f.entity.iri, set()).update(f.entity.acronyms)
    merged = []
    for f in found:
        iri = f.entity.iri
        entity = Entity(
            iri, labels[iri], frozenset(names[iri]), frozenset(acronyms[iri]), f.entity.classes
        )
        merged.append(FoundOrganisation(entity, f.kind, f.owner, f.evidence))
    return tuple(merged)
