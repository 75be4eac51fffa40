"""The inspection a report records: the force, programme and year its text names."""

from __future__ import annotations

import re
from collections import Counter

from kg.facts import InspectionFact
from kg.source.document import SourceDocument
from kg.source.manifest import ReportEntry
from kg.source.schemes import Schemes

# "Derbyshire Constabulary", "Nottinghamshire Police": a force is named this way in every report.
_FORCE_NAME = re.compile(r"\b((?:[A-Z][a-z]+ )*[A-Z][a-z]+) (Constabulary|Police)\b")
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")


def inspection_of(
    entry: ReportEntry, doc: SourceDocument, schemes: Schemes, notes: list[str]
) -> InspectionFact | None:
    """The inspection a report records: the force it names most, the programme its title names
    (or failing that its opening text), and the year its title or stated date gives."""
    forces = Counter(m.group(0) for m in _FORCE_NAME.finditer(doc.text))
    if not forces:
        notes.append(f"{doc.name}: names no force ('<Name> Constabulary' or '<Name> Police')")
        return None
    # The force the title names (even only by its place, "Derbyshire PEEL 2016") comes first,
    # then the one named most often.
    force_name = max(
        forces,
        key=lambda name: (name in entry.title, name.split()[0] in entry.title, forces[name]),
    )
    programme = schemes.programme_of(entry.title) or schemes.programme_of(doc.text[:3000])
    if programme is None:
        notes.append(f"{doc.name}: no programme named in the title or opening text")
        return None
    year = None
    for source in (entry.title, entry.date_as_stated or ""):
        found = _YEAR.search(source)
        if found:
            year = int(found.group(1))
            break
    first = doc.text.index(force_name)
    line = next(ln for ln in doc.lines if ln.start <= first <= ln.end)
    return InspectionFact(
        force_name=force_name,
        force_slug=slugify(force_name),
        programme=programme,
        year=year,
        evidence=doc.evidence(line.start, line.end),
    )


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
