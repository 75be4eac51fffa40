"""Named queries: SPARQL files in queries/ with a header comment that says what they are.

    # title: Graded judgments
    # description: One row per graded judgment ...
    # param: theme -> ?themeConcept | optional | iri kgr:theme/ | A question theme, ...
    # columns: year, programme, question, theme, grade, overall, evidence

A parameter is bound to its variable as an RDF term (never pasted into the query text), so a
value cannot change what the query does. Kinds: `iri BASE` (a full IRI, or a slug appended to
BASE), `string`, `integer`, and `name [BASE]`: a name or acronym (or an IRI, or a slug appended
to BASE) that stands for every thing bearing it as a label, whatever the case. A name is looked
up before the query runs (kg.query.parameters.NAME_LOOKUP) and the things it names are written
into the query as terms (its WHERE group once for each, kg.query.parameters.join_values):
engines plan from them, where a label comparison inside the query made them join every
annotation first (0.4 s at 1M triples).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from kg.errors import KgError
from kg.namespaces import PREFIXES
from kg.query.parameters import SLUG, Binding, NameOf, parameter_iri, shown

_HEADER = re.compile(r"^#\s*(title|description|param|columns)\s*:\s*(.*)$")
_PARAM_NAME = re.compile(r"^([A-Za-z_][\w-]*)\s*->\s*\?([A-Za-z_]\w*)$")
# An integer parameter is a 64-bit one, as the engine (Oxigraph) computes with; Python would
# refuse to convert a longer one (over 4,300 digits) only after reading it.
_INTEGER = re.compile(r"[+-]?\d{1,19}")
_INTEGER_RANGE = range(-(2**63), 2**63)


@dataclass(frozen=True)
class Parameter:
    name: str
    variable: str
    required: bool
    kind: str  # "iri", "string", "integer" or "name"
    base: str | None
    description: str

    def to_term(self, value: str) -> Identifier | NameOf:
        if self.kind == "name":
            return NameOf(value.strip(), self.base)
        if self.kind == "iri":
            if re.match(r"^https?://", value):
                return parameter_iri(self.name, value)
            if self.base and SLUG.match(value):
                return URIRef(self.base + value.lower())
            raise KgError(
                f"parameter {self.name}: {shown(value)} is neither an IRI nor a plain name"
            )
        if self.kind == "integer":
            if not _INTEGER.fullmatch(value.strip()) or int(value) not in _INTEGER_RANGE:
                raise KgError(
                    f"parameter {self.name}: {shown(value)} is not a whole number from "
                    f"{_INTEGER_RANGE.start} to {_INTEGER_RANGE.stop - 1}"
                )
            return Literal(int(value), datatype=XSD.integer)
        return Literal(value)


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    columns: tuple[str, ...]
    text: str
    path: Path

    def bindings(self, values: Mapping[str, str]) -> dict[str, Binding]:
        """RDF terms for the given parameter values, checked against the declared parameters."""
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise KgError(
                f"query {self.name!r} has no parameter {unknown[0]!r}; "
                f"its parameters: {', '.join(known) or 'none'}"
            )
        bound: dict[str, Binding] = {}
        for parameter in self.parameters:
            if parameter.name in values and values[parameter.name] != "":
                bound[parameter.variable] = parameter.to_term(values[parameter.name])
            elif parameter.required:
                raise KgError(f"query {self.name!r} needs the parameter {parameter.name!r}")
        return bound


def load_query(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        match = _HEADER.match(line)
        if match:
            fields.setdefault(match.group(1), []).append(match.group(2).strip())
        elif line.strip("# ").strip() and fields.get("description"):
            # A description may run on over several comment lines.
            fields["description"][-1] += " " + line.lstrip("#").strip()
    if "title" not in fields:
        raise KgError(f"{path}, line 1: a named query starts with '# title: ...'")
    return NamedQuery(
        name=path.stem,
        title=fields["title"][0],
        description=" ".join(fields.get("description", [])),
        parameters=tuple(_parameter(path, spec) for spec in fields.get("param", [])),
        columns=tuple(
            c.strip() for c in ",".join(fields.get("columns", [])).split(",") if c.strip()
        ),
        text=text,
        path=path,
    )


def _parameter(path: Path, spec: str) -> Parameter:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) != 4:
        raise KgError(
            f"{path}: '# param: {spec}' needs 4 fields: "
            "name -> ?var | required|optional | kind | description"
        )
    name_match = _PARAM_NAME.match(parts[0])
    if not name_match or parts[1] not in ("required", "optional"):
        raise KgError(f"{path}: bad parameter declaration '# param: {spec}'")
    kind, _, base_text = parts[2].partition(" ")
    if kind not in ("iri", "string", "integer", "name"):
        raise KgError(f"{path}: parameter kind {kind!r} is not iri, string, integer or name")
    base = base_text.strip() or None
    if base and ":" in base and not base.startswith("http"):
        prefix, _, local = base.partition(":")
        if prefix not in PREFIXES:
            raise KgError(f"{path}: unknown prefix {prefix!r} in parameter base {base!r}")
        base = str(PREFIXES[prefix]) + local
    return Parameter(
        name_match.group(1), name_match.group(2), parts[1] == "required", kind, base, parts[3]
    )


def list_queries(queries_dir: Path) -> dict[str, NamedQuery]:
    return {path.stem: load_query(path) for path in sorted(queries_dir.glob("*.rq"))}


# A named query's name: a file name in queries/ without its .rq, never a path out of it.
QUERY_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


def find_query(queries_dir: Path, name: str) -> NamedQuery:
    if not QUERY_NAME.match(name):
        raise KgError(
            f"{name!r} is not a named query's name (letters, digits, - and _, as the files in "
            f"{queries_dir} are named); to run a query file of your own, give its path ending "
            "in .rq"
        )
    path = queries_dir / f"{name}.rq"
    if not path.is_file():
        known = ", ".join(sorted(list_queries(queries_dir))) or "none"
        raise KgError(f"no named query {name!r} in {queries_dir}; known: {known}")
    return load_query(path)


def resolve_query(
    queries_dir: Path, query: str, params: Iterable[str] = ()
) -> tuple[str, dict[str, Binding]]:
    """What `kg query QUERY --param NAME=VALUE...` runs: a .rq file, SPARQL text (anything with
    white space in it), or else a named query with its parameters bound; parameters are for
    named queries only."""
    values = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep:
            raise KgError(f"--param {param!r}: write it as NAME=VALUE")
        values[name.strip()] = value
    path = Path(query)
    if path.suffix == ".rq" and path.is_file():
        text = path.read_text(encoding="utf-8")
    elif any(ch.isspace() for ch in query.strip()):
        text = query
    else:
        named = find_query(queries_dir, query)
        return named.text, named.bindings(values)
    if values:
        raise KgError("--param works with named queries only")
    return text, {}
