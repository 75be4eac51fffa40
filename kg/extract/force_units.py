"""Force-specific things are per force: a mention of a kind of force unit (ontology/gazetteer.ttl,
scheme:force-unit-kind: special constabulary, BCUs, boards, police authority...) stands for the
unit of that kind of the force whose report it is in (the one the gazetteer names for that
force, as Derbyshire's police authority, else one minted for it); a unit the gazetteer names
for one force stands, in another force's report, for that force's unit of its kind. Shared
things (partners, regional and national bodies) are left as they are. The units are minted
by the caller (kg.graph.iris.force_unit_iri), which knows the IRIs."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from rdflib import Graph
from rdflib.namespace import ORG, SKOS

from kg.extract.entities import FORCE_UNIT_KINDS
from kg.facts import Alias, Entity, Mention, RelationFact

Mint = Callable[[Entity, str], Entity]  # a kind and a force's IRI: that force's unit


@dataclass(frozen=True)
class ForceUnits:
    """Which named things belong to one force: the kinds of a force's own units (a mention
    of one stands for the unit of that kind of the force whose report it is in), and the
    units the gazetteer names for a force (unit IRI: its force's IRI and its kind's IRI)."""

    kinds: dict[str, Entity]
    declared: dict[str, tuple[str, str | None]]
    by_iri: dict[str, Entity]  # the declared units

    def for_force(self, entity: Entity, force: str | None, mint: Mint) -> Entity | None:
        """What a mention of `entity` in a report about `force` (its IRI) stands for: shared
        things as they are; a kind, or another force's unit, as `force`'s unit of that kind
        (`mint`); None where the report has no force or the unit has no kind."""
        kind: Entity | None = self.kinds.get(entity.iri)
        if kind is None and entity.iri in self.declared:
            owner, kind_iri = self.declared[entity.iri]
            if owner == force:
                return entity
            if kind_iri is None or force is None:
                return None
            kind = self.kinds.get(kind_iri)
        elif kind is None:
            return entity
        if kind is None or force is None:
            return None
        own = [u for u, (owner, k) in self.declared.items() if owner == force and k == kind.iri]
        if len(own) == 1:
            return self.by_iri.get(own[0], entity)  # the force's one unit the gazetteer names
        return mint(kind, force)


def load_force_units(ontology: Graph, entities: Iterable[Entity]) -> ForceUnits:
    kinds = {str(k) for k in ontology.subjects(SKOS.inScheme, FORCE_UNIT_KINDS)}
    declared: dict[str, tuple[str, str | None]] = {}
    for unit, force in ontology.subject_objects(ORG.unitOf):
        kind = str(ontology.value(unit, ORG.classification))
        declared[str(unit)] = (str(force), kind if kind in kinds else None)
    entities = tuple(entities)
    return ForceUnits(
        {e.iri: e for e in entities if e.iri in kinds},
        declared,
        {e.iri: e for e in entities if e.iri in declared},
    )


def mentions_for_force(
    mentions: Iterable[Mention], units: ForceUnits, force: str | None, mint: Mint
) -> tuple[Mention, ...]:
    kept = []
    for mention in mentions:
        entity = units.for_force(mention.entity, force, mint)
        if entity is not None:
            kept.append(replace(mention, entity=entity))
    return tuple(kept)


def aliases_for_force(
    aliases: Iterable[Alias], units: ForceUnits, force: str | None, mint: Mint
) -> tuple[Alias, ...]:
    kept = []
    for alias in aliases:
        entity = units.for_force(alias.entity, force, mint)
        if entity is not None:
            kept.append(replace(alias, entity=entity))
    return tuple(kept)


def relations_for_force(
    relations: Iterable[RelationFact], units: ForceUnits, force: str | None, mint: Mint
) -> tuple[RelationFact, ...]:
    kept = []
    for relation in relations:
        subject = units.for_force(relation.subject, force, mint)
        obj = units.for_force(relation.object, force, mint) if relation.object else None
        if subject is not None and (relation.object is None or obj is not None):
            kept.append(replace(relation, subject=subject, object=obj))
    return tuple(kept)
