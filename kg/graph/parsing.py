"""Reading RDF that users write (Turtle, N-Triples, JSON-LD) with errors that name the file,
line and column, and without fetching anything from the network."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.parsers import expat
from xml.sax import SAXParseException

from rdflib import BNode, Dataset, Graph
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.plugins.parsers.ntriples import NTGraphSink, W3CNTriplesParser

from kg.errors import InputSyntaxError, KgError
from kg.query.formats import RDF_FILE_SUFFIXES, rdf_file_format
from kg.query.limits import current, scan_query


def format_for(path: Path) -> str:
    """rdflib's name for the RDF format the file's name says (kg.query.formats)."""
    rdf_format = rdf_file_format(path.suffix)
    if rdf_format is None or rdf_format.rdflib_name is None:
        known = ", ".join(sorted(RDF_FILE_SUFFIXES))
        raise KgError(f"{path}: unknown RDF format {path.suffix!r}; use one of {known}")
    return rdf_format.rdflib_name


def parse_rdf_file(path: Path) -> Graph:
    """Parse a Turtle, N-Triples or JSON-LD file into a graph."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise KgError(f"{path}: no such file") from None
    except UnicodeDecodeError as error:
        raise InputSyntaxError(str(path), None, None, f"not UTF-8 text ({error.reason})") from None
    return parse_rdf_text(text, format_for(path), str(path))


def parse_rdf_text(text: str, rdf_format: str, source: str) -> Graph:
    """Parse RDF text; a syntax error becomes an InputSyntaxError with line and column. Bodies
    over the limits of kg.query.limits (prefixes, nesting) or XML with a DTD are refused
    before the parser sees them."""
    check_body(text, rdf_format, source)
    try:
        return _parse_rdf_text(text, rdf_format, source)
    except RecursionError:
        # The parsers (json, rdflib's Turtle and JSON-LD) recurse once or more a level of
        # nesting: 5,000 nested arrays, lists or blank nodes exhaust Python's stack.
        raise InputSyntaxError(
            source,
            None,
            None,
            "nested too deeply to parse (arrays, objects, lists or blank nodes inside one "
            "another); write it with fewer levels",
        ) from None


def _parse_rdf_text(text: str, rdf_format: str, source: str) -> Graph:
    if rdf_format == "json-ld":
        return _parse_json_ld(text, source)
    if rdf_format == "nt":
        return _parse_ntriples(text, source)
    if rdf_format in ("trig", "nquads", "trix"):
        dataset = Dataset()
        _parse_into(dataset, text, rdf_format, source)
        graph = Graph()
        for s, p, o, _g in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    graph = Graph()
    _parse_into(graph, text, rdf_format, source)
    return graph


def _parse_into(target: Graph, text: str, rdf_format: str, source: str) -> None:
    """rdflib's parse, its errors turned into an InputSyntaxError with line and column."""
    try:
        target.parse(data=text, format=rdf_format)
    except BadSyntax as error:
        raise _syntax_error(error, text, source) from None
    except SAXParseException as error:
        raise _xml_error(error, source) from None
    except Exception as error:  # rdflib raises several kinds for bad input
        raise InputSyntaxError(source, None, None, str(error)) from None


def _xml_error(error: SAXParseException, source: str) -> InputSyntaxError:
    # The parser counts columns from 0; a location it does not know is left out.
    line, column = error.getLineNumber(), error.getColumnNumber()
    return InputSyntaxError(
        source, line, column + 1 if column is not None else None, error.getMessage()
    )


def _syntax_error(error: BadSyntax, text: str, source: str) -> InputSyntaxError:
    raw: bytes | str = error._str  # bytes in rdflib 7; a private attribute, so either is read
    parsed = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else raw
    index = min(error._i, len(parsed))
    line = parsed.count("\n", 0, index) + 1
    column = index - (parsed.rfind("\n", 0, index) + 1) + 1
    return InputSyntaxError(source, line, column, f"bad syntax: {error._why}")


def _parse_ntriples(text: str, source: str) -> Graph:
    """One parser given each line: rdflib's own reading rescans a line for every 2 kB it reads
    of it, so a 3 MB literal took 34 s (`kg validate`); a blank node label names one node in
    the whole document."""
    graph = Graph()
    parser = W3CNTriplesParser(NTGraphSink(graph))
    blank_nodes: dict[str, BNode] = {}
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parser.line = line
        try:
            parser.parseline(bnode_context=blank_nodes)
        except Exception as error:
            column = len(line) - len(line.lstrip()) + 1
            reason = str(error) if len(str(error)) <= 200 else str(error)[:200] + "..."
            raise InputSyntaxError(source, number, column, f"bad N-Triples: {reason}") from None
    return graph


def _parse_json_ld(text: str, source: str) -> Graph:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputSyntaxError(source, error.lineno, error.colno, error.msg) from None
    remote = _remote_contexts(document)
    if remote:
        raise InputSyntaxError(
            source,
            None,
            None,
            f"remote JSON-LD @context {remote[0]!r} is not fetched; put the context inline",
        )
    graph = Graph()
    try:
        graph.parse(data=text, format="json-ld")
    except Exception as error:
        raise InputSyntaxError(source, None, None, f"bad JSON-LD: {error}") from None
    return graph


def _remote_contexts(node: object) -> list[str]:
    """Every @context given by reference (a string) anywhere in a JSON-LD document."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@import" and isinstance(value, str):
                found.append(value)
            elif key == "@context":
                values = value if isinstance(value, list) else [value]
                found.extend(v for v in values if isinstance(v, str))
                found.extend(c for v in values if isinstance(v, dict) for c in _remote_contexts(v))
            else:
                found.extend(_remote_contexts(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(_remote_contexts(item))
    return found


# Prefix declarations in Turtle, TriG and N3 (SPARQL style too). rdflib takes 11-12 s for
# 14,000 of them; a word "prefix" in a literal is counted as well, which only errs on the safe
# side.
_PREFIX = re.compile(r"(?:@prefix|\bprefix)\s+[^\s:]*:", re.IGNORECASE)
# JSON's brackets outside strings, for its nesting depth.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


def check_body(text: str, rdf_format: str, source: str) -> None:
    """Refuse, unparsed, a body over the limits: too many prefix or namespace declarations
    (413), nesting too deep (400), or XML with a document type declaration (400)."""
    limits = current()
    if rdf_format in ("xml", "trix"):
        prefixes, depth = _scan_xml(text, source)
    elif rdf_format == "json-ld":
        prefixes, depth = _scan_json(text)
    elif rdf_format == "nt":
        return  # N-Triples is read line by line, and has no prefixes or nesting
    else:
        prefixes, depth = len(_PREFIX.findall(text)), scan_query(text).depth
    if prefixes > limits.max_body_prefixes:
        raise KgError(
            f"{source}: {prefixes} prefix or namespace declarations, over the limit of "
            f"{limits.max_body_prefixes}",
            413,
        )
    if depth > limits.max_body_depth:
        raise InputSyntaxError(
            source, None, None, f"nested {depth} deep, over the limit of {limits.max_body_depth}"
        )


def _scan_xml(text: str, source: str) -> tuple[int, int]:
    """Namespace declarations and element depth, read by expat from the bytes rdflib's parser
    will read, so in whatever encoding they declare (a UTF-16 body is valid UTF-8 text: a
    check of the text for "<!DOCTYPE" missed one). A DTD is where entity expansion ("billion
    laughs") and external entities live; RDF/XML and TriX never need one."""
    parser = expat.ParserCreate(namespace_separator=" ")
    counts = {"namespaces": 0, "depth": 0, "deepest": 0}

    def doctype(*_args: object) -> None:
        raise InputSyntaxError(
            source,
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
            "XML with a DOCTYPE or ENTITY declaration is refused: RDF/XML and TriX need "
            "neither, and they are how external entities and entity expansion attacks work",
        )

    def namespace(*_args: object) -> None:
        counts["namespaces"] += 1

    def start(*_args: object) -> None:
        counts["depth"] += 1
        counts["deepest"] = max(counts["deepest"], counts["depth"])

    def end(*_args: object) -> None:
        counts["depth"] -= 1

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartNamespaceDeclHandler = namespace
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as error:
        raise InputSyntaxError(
            source, error.lineno, error.offset + 1, expat.ErrorString(error.code)
        ) from None
    return counts["namespaces"], counts["deepest"]


def _scan_json(text: str) -> tuple[int, int]:
    """No prefixes counted (a JSON-LD context is not a list of declarations), and the nesting
    depth of arrays and objects, without parsing: json and rdflib recurse once per level."""
    depth = deepest = 0
    for token in _JSON_TOKEN.findall(text):
        if token in ("[", "{"):
            depth += 1
            deepest = max(deepest, depth)
        elif token in ("]", "}"):
            depth -= 1
    return 0, deepest
