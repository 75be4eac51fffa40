"""Entity linking: where the reports name the organisations, units, arrangements, boards,
systems, powers and initiatives of the gazetteer (ontology/gazetteer.ttl).

Names match whatever their case, acronyms only as written ("PA" but not "pa"); the longest
match wins where names overlap ("Derbyshire County Council" over "Derbyshire"). Aliases are also
learnt from the reports themselves: the 2008 report's glossary ("MAPPA  Multi-agency Public
Protection Arrangements") and definitions in running text ("central referral unit (CRU)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Graph, URIRef
from rdflib.namespace import ORG, RDF, SKOS

from kg.facts import Alias, Entity, Mention
from kg.namespaces import KGO, KGR
from kg.source.document import SourceDocument
from kg.source.segments import paragraphs

ENTITY_CLASSES = (
    ORG.FormalOrganization,
    ORG.OrganizationalUnit,
    ORG.OrganizationalCollaboration,
    KGO.MultiAgencyArrangement,
    KGO.GovernanceBody,
    KGO.InformationSystem,
    KGO.LegalPower,
    KGO.Initiative,
)
# An acronym: no spaces, two capitals or more ("EMSOU", "ECINs", "PA", "IS&T").
_ACRONYM = re.compile(r"^(?=(?:.*[A-Z]){2})[A-Za-z&]{2,9}$")
_GLOSSARY_HEADING = re.compile(r"glossary|abbreviations", re.IGNORECASE)
_GLOSSARY_ENTRY = re.compile(r"^\s*([A-Z][A-Za-z&]{1,8})\s+(\S.*?)\s*$")
_LINK_WORDS = {"and", "of", "the", "for", "in", "on", "to", "&"}
_APPENDIX = re.compile(r"^\s*Appendix\b", re.IGNORECASE)
_DEFINITION = re.compile(r"((?:[A-Za-z’'-]+ ){0,8}[A-Za-z’'-]+) \(([A-Z][A-Za-z&]{1,8})\)")
# Kinds of a force's own units, teams, boards and governance (ontology/gazetteer.ttl).
FORCE_UNIT_KINDS = KGR["scheme/force-unit-kind"]


def load_entities(ontology: Graph) -> tuple[Entity, ...]:
    entities = []
    seen: set[URIRef] = set()
    for cls in ENTITY_CLASSES:
        for iri in ontology.subjects(RDF.type, cls):
            if not isinstance(iri, URIRef) or iri in seen:
                continue
            seen.add(iri)
            pref = ontology.value(iri, SKOS.prefLabel)
            if pref is None:
                continue
            labels = [str(pref)] + [
                str(o) for p in (SKOS.altLabel, SKOS.hiddenLabel) for o in ontology.objects(iri, p)
            ]
            classes = frozenset(str(c) for c in ENTITY_CLASSES if (iri, RDF.type, c) in ontology)
            entities.append(_entity(str(iri), str(pref), labels, classes))
    for kind in ontology.subjects(SKOS.inScheme, FORCE_UNIT_KINDS):
        pref = ontology.value(kind, SKOS.prefLabel)
        if not isinstance(kind, URIRef) or pref is None or kind in seen:
            continue
        labels = [str(pref)] + [
            str(o) for p in (SKOS.altLabel, SKOS.hiddenLabel) for o in ontology.objects(kind, p)
        ]
        classes = frozenset(str(c) for c in ontology.objects(kind, KGO.kindClass))
        entities.append(_entity(str(kind), str(pref), labels, classes))
    return tuple(sorted(entities, key=lambda e: e.iri))


def _entity(
    iri: str, label: str, labels: Iterable[str], classes: frozenset[str] = frozenset()
) -> Entity:
    names = {" ".join(x.split()).lower() for x in labels if not _ACRONYM.match(x)}
    acronyms = {x for x in labels if _ACRONYM.match(x)}
    return Entity(iri, label, frozenset(names), frozenset(acronyms), classes)


def learn_aliases(doc: SourceDocument, entities: tuple[Entity, ...]) -> tuple[Alias, ...]:
    """Acronyms and names the report defines for entities of the gazetteer."""
    by_name = {name: e for e in entities for name in e.names}
    by_acronym = {a: e for e in entities for a in e.acronyms}
    aliases: dict[tuple[str, str], Alias] = {}

    def learn(acronym: str, expansion: str, start: int, end: int) -> None:
        if acronym.endswith("s") and acronym[:-1].isupper():
            acronym = acronym[:-1]  # "MASHs" defines "MASH"
        key = " ".join(expansion.split()).lower()
        entity = by_name.get(key) or by_name.get(key.removesuffix("s"))
        if entity is not None and acronym not in entity.acronyms:
            aliases.setdefault(
                (entity.iri, acronym), Alias(entity, acronym, doc.evidence(start, end))
            )
        elif entity is None and acronym in by_acronym:
            known = by_acronym[acronym]
            if key not in known.names:
                name = " ".join(expansion.split())
                aliases.setdefault((known.iri, key), Alias(known, name, doc.evidence(start, end)))

    for acronym, expansion, start, end in _glossary_entries(doc):
        learn(acronym, expansion, start, end)
    for paragraph_start, paragraph_end in paragraphs(doc):
        normalised = doc.normalised(paragraph_start, paragraph_end)
        if " (" not in normalised.text:
            continue  # no "(ACRONYM)"; most paragraphs, and _DEFINITION is slow to rule out
        for match in _DEFINITION.finditer(normalised.text):
            words = match.group(1).split(" ")
            acronym = match.group(2)
            first = _name_start(words, acronym, by_name, by_acronym)
            if first is None:
                continue
            offset = match.start(1) + sum(len(w) + 1 for w in words[:first])
            start, end = normalised.source_span(offset, match.end())
            learn(acronym, " ".join(words[first:]), start, end)
    return tuple(aliases.values())


def _name_start(words, acronym, by_name, by_acronym) -> int | None:
    """Where the name that "(ACRONYM)" defines starts among the words before it: the longest
    run that names a known entity, or, for a known acronym, one word per capital letter."""
    for first in range(len(words)):
        candidate = " ".join(words[first:]).lower()
        if candidate in by_name or candidate.removesuffix("s") in by_name:
            return first
    if acronym in by_acronym or acronym.removesuffix("s") in by_acronym:
        # Walk back one content word per capital ("prolific and priority offender (PPO)").
        wanted = sum(ch.isupper() for ch in acronym)
        first = len(words)
        while first > 0 and wanted > 0:
            first -= 1
            if words[first].lower() not in _LINK_WORDS:
                wanted -= 1
        return first
    return None


def _glossary_entries(doc: SourceDocument):
    """(acronym, expansion, start, end) for each entry of a glossary of abbreviations."""
    inside = False
    for line in doc.lines:
        text = line.stripped
        if _GLOSSARY_HEADING.search(text) and _APPENDIX.match(text):
            inside = True
            continue
        if inside and _APPENDIX.match(text):
            return
        if not inside or len(text) < 4:
            continue
        match = _GLOSSARY_ENTRY.match(line.text)
        if match:
            offset = line.start
            yield match.group(1), match.group(2), offset + match.start(1), offset + match.end(2)


class EntityMatcher:
    """Finds mentions of entities in text: longest match first, no overlaps."""

    def __init__(self, entities: Iterable[Entity]) -> None:
        self.by_name: dict[str, Entity] = {}
        self.by_acronym: dict[str, Entity] = {}
        for entity in entities:
            for name in entity.names:
                self.by_name.setdefault(name, entity)
            for acronym in entity.acronyms:
                self.by_acronym.setdefault(acronym, entity)
        acronyms = sorted(self.by_acronym, key=len, reverse=True)
        name_pattern = _trie_pattern(self.by_name) or "(?!)"
        acronym_pattern = "|".join(re.escape(a) for a in acronyms) or "(?!)"
        self._names = re.compile(rf"(?<![\w-])(?:{name_pattern})(?:s|es)?(?![\w-])", re.IGNORECASE)
        self._acronyms = re.compile(rf"(?<![\w&])(?:{acronym_pattern})s?(?![\w&])")

    def extended(self, extra: Iterable[Entity]) -> EntityMatcher:
        """This matcher with more entities (a report's organisations found by their form); a
        name it knows keeps its entity."""
        known = {e.iri: e for e in [*self.by_name.values(), *self.by_acronym.values()]}
        for entity in extra:
            known.setdefault(entity.iri, entity)
        return EntityMatcher(known.values())

    def find(self, text: str) -> list[tuple[int, int, Entity]]:
        found: list[tuple[int, int, Entity]] = []
        for match in self._names.finditer(_without_inner_acronyms(text)):
            entity = self._entity_of_name(match.group(0))
            if entity is not None:
                found.append((match.start(), match.end(), entity))
        for match in self._acronyms.finditer(text):
            word = match.group(0)
            entity = self.by_acronym.get(word) or self.by_acronym.get(word.removesuffix("s"))
            if entity is not None:
                found.append((match.start(), match.end(), entity))
        kept = _without_overlaps(found)
        return _without_overlaps(kept + self._elided(text, kept))

    def _elided(
        self, text: str, matches: list[tuple[int, int, Entity]]
    ) -> list[tuple[int, int, Entity]]:
        """Names shortened in a coordination, which share the last name's head noun:
        "children, health and education services" names children's services and health
        services too. Each becomes a mention of its modifier word."""
        found = []
        for start, end, _entity in matches:
            words = text[start:end].split()
            if len(words) < 2:
                continue
            head = " ".join(words[1:]).lower()
            # Only the stretch a coordination can fill is searched: from the text's start,
            # each name cost a scan of everything before it.
            before = _COORDINATION.search(text, max(0, start - _COORDINATION_REACH), start)
            if before is None:
                continue
            for word in _WORD.finditer(before.group("modifiers")):
                modifier = word.group(0).lower()
                for name in (f"{modifier} {head}", f"{modifier}’s {head}", f"{modifier}'s {head}"):
                    entity = self._entity_of_name(name)
                    if entity is not None:
                        offset = before.start("modifiers") + word.start()
                        found.append((offset, offset + len(word.group(0)), entity))
                        break
        return found

    def _entity_of_name(self, text: str) -> Entity | None:
        key = " ".join(text.split()).lower()
        for candidate in (key, key.removesuffix("es"), key.removesuffix("s")):
            if candidate in self.by_name:
                return self.by_name[candidate]
        return None


# An acronym defined inside a name, before its head word: "Citizen Focus (CF) board".
_INNER_ACRONYM = re.compile(r"((?:[A-Z][\w’'-]*\s+){1,6})\(([A-Z]{2,6})\)(?=\s+[A-Za-z])")


def _without_inner_acronyms(text: str) -> str:
    """The text with such an acronym blanked out, offsets kept, where its letters are the
    initials of the capitalised words before it: the name is then read whole ("Citizen Focus
    (CF) board" names the Citizen Focus board), its quote still the words as written."""

    def blank(match: re.Match[str]) -> str:
        words, acronym = match.group(1).split(), match.group(2)
        initials = "".join(word[0] for word in words[-len(acronym) :])
        if len(words) < len(acronym) or initials != acronym:
            return match.group(0)
        return match.group(1) + " " * (len(match.group(0)) - len(match.group(1)))

    return _INNER_ACRONYM.sub(blank, text) if "(" in text else text


def _trie_pattern(names: Iterable[str]) -> str:
    """One alternation of the names as a tree of their words ("police (?:authority|and crime
    commissioner)"), longer names tried first as in a list sorted by length: the same matches
    as "|".join of them all, without trying each of hundreds of names at every position."""
    tree: dict = {}
    for name in names:
        node = tree
        for word in name.split():
            node = node.setdefault(word, {})
        node[""] = {}  # a name ends here

    def pattern(node: dict) -> str:
        branches = []
        for word, child in sorted(node.items(), key=lambda kv: (-len(kv[0]), kv[0])):
            if not word:
                continue
            rest = pattern(child)
            if not rest:
                branches.append(re.escape(word))
            elif "" in child:  # a name ends here and a longer one goes on: try it first
                branches.append(rf"{re.escape(word)}(?:\s+{rest})?")
            else:
                branches.append(rf"{re.escape(word)}\s+{rest}")
        return "(?:" + "|".join(branches) + ")" if branches else ""

    return pattern(tree)


# Up to four single-word modifiers, "a, b, c and " or "a or ", just before a name.
_COORDINATION = re.compile(
    r"(?<![\w’'-])(?P<modifiers>(?:[A-Za-z’']+,\s+){0,3}[A-Za-z’']+),?\s+(?:and|or)\s+$"
)
_WORD = re.compile(r"[A-Za-z’']+")
# How far back from a name a coordination may start (four words, their commas, "and"): the
# text is normalised, one space between words.
_COORDINATION_REACH = 400


def _without_overlaps(found: list[tuple[int, int, Entity]]) -> list[tuple[int, int, Entity]]:
    """Longest first, then leftmost; drop what overlaps a kept match."""
    found = sorted(found, key=lambda m: (-(m[1] - m[0]), m[0]))
    kept: list[tuple[int, int, Entity]] = []
    for start, end, entity in found:
        if all(end <= s or start >= e for s, e, _ in kept):
            kept.append((start, end, entity))
    return sorted(kept, key=lambda m: m[0])


def find_mentions(doc: SourceDocument, matcher: EntityMatcher) -> tuple[Mention, ...]:
    """Every mention of a known entity in the report, with its span in the file."""
    mentions = []
    for start, end in paragraphs(doc):
        normalised = doc.normalised(start, end)
        for m_start, m_end, entity in matcher.find(normalised.text):
            span = normalised.source_span(m_start, m_end)
            mentions.append(Mention(entity, doc.evidence(*span)))
    return tuple(mentions)


def with_aliases(entities: tuple[Entity, ...], aliases: Iterable[Alias]) -> tuple[Entity, ...]:
    """The entities with the aliases a report taught added to their names and acronyms."""
    extra: dict[str, list[str]] = {}
    for alias in aliases:
        extra.setdefault(alias.entity.iri, []).append(alias.alias)
    return tuple(
        _entity(e.iri, e.label, [*e.names, *e.acronyms, *extra.get(e.iri, [])], e.classes)
        for e in entities
    )
