"""The OpenAPI description of the HTTP API. tests/test_server.py checks that every route of the
app is described here, and nothing else."""

from __future__ import annotations

import kg
from kg.query.formats import EXPORT_FORMATS

_ERROR = {"$ref": "#/components/responses/Error"}
_DATASET_PARAMS = [
    {
        "name": "default-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "A graph of this store to use as the default graph (repeatable).",
    },
    {
        "name": "named-graph-uri",
        "in": "query",
        "schema": {"type": "array", "items": {"type": "string"}},
        "description": "A graph of this store to make available by name (repeatable).",
    },
    {
        "name": "format",
        "in": "query",
        "schema": {"type": "string"},
        "description": "Result format, overriding Accept: json, xml, csv, tsv, html (SELECT, ASK); "
        "turtle, ntriples, jsonld, rdfxml (CONSTRUCT, DESCRIBE).",
    },
]
_RESULTS = {
    "description": "Query results, in the negotiated format.",
    "content": {
        media: {}
        for media in (
            "application/sparql-results+json",
            "application/sparql-results+xml",
            "text/csv",
            "text/tab-separated-values",
            "text/html",
            "text/turtle",
            "application/n-triples",
            "application/ld+json",
            "application/rdf+xml",
        )
    },
}
_RDF_IN = (
    "text/turtle",
    "application/n-triples",
    "application/ld+json",
    "application/rdf+xml",
    "application/trix",
)
_EVENT_ID = {"name": "event_id", "in": "path", "required": True, "schema": {"type": "integer"}}
_QUERY_ERRORS = {"400": _ERROR, "403": _ERROR, "406": _ERROR, "413": _ERROR, "503": _ERROR}


def openapi_document() -> dict:
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Police inspection knowledge graph",
            "version": kg.__version__,
            "description": "A read-only SPARQL 1.1 Protocol endpoint, named queries and SHACL "
            "validation over a knowledge graph of police inspection reports.",
        },
        "paths": {
            "/": {
                "get": {
                    "summary": "The web page for browsers.",
                    "responses": {
                        "200": {"description": "HTML page.", "content": {"text/html": {}}}
                    },
                }
            },
            "/health": {
                "get": {
                    "summary": "Readiness.",
                    "responses": {
                        "200": {
                            "description": "The service is ready.",
                            "content": {"application/json": {}},
                        }
                    },
                }
            },
            "/openapi.json": {
                "get": {
                    "summary": "This document.",
                    "responses": {
                        "200": {
                            "description": "OpenAPI 3 document.",
                            "content": {"application/json": {}},
                        }
                    },
                }
            },
            "/sparql": {
                "get": {
                    "summary": "Run a SPARQL query (query=), or get the service description.",
                    "parameters": [
                        {
                            "name": "query",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "The SPARQL query. Without it: the service "
                            "description (Turtle), or a redirect to / for browsers.",
                        },
                        *_DATASET_PARAMS,
                    ],
                    "responses": {"200": _RESULTS, **_QUERY_ERRORS},
                },
                "post": {
                    "summary": "Run a SPARQL query sent in the body.",
                    "parameters": _DATASET_PARAMS,
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/sparql-query": {"schema": {"type": "string"}},
                            "application/x-www-form-urlencoded": {
                                "schema": {
                                    "type": "object",
                                    "required": ["query"],
                                    "properties": {"query": {"type": "string"}},
                                }
                            },
                        },
                    },
                    "responses": {"200": _RESULTS, **_QUERY_ERRORS, "415": _ERROR},
                },
                "options": {
                    "summary": "CORS preflight.",
                    "responses": {"204": {"description": "Allowed."}},
                },
            },
            "/queries": {
                "get": {
                    "summary": "The named queries with title, description, parameters, columns.",
                    "responses": {
                        "200": {
                            "description": "The list.",
                            "content": {"application/json": {}, "text/html": {}},
                        }
                    },
                }
            },
            "/queries/{name}": {
                "get": {
                    "summary": "Run a named query; other query parameters are its parameters, "
                    "bound as RDF terms.",
                    "parameters": [
                        {
                            "name": "name",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string"},
                        },
                        {"name": "format", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {"200": _RESULTS, **_QUERY_ERRORS, "404": _ERROR},
                }
            },
            "/export/{fmt}": {
                method: {
                    "summary": "The graph as nodes and edges for Gephi, Cytoscape or Graphviz: "
                    "all of it, a node's neighbourhood (focus, depth) or a CONSTRUCT query's "
                    "result (query; or POST it as application/sparql-query). Sent as an "
                    "attachment with a file name.",
                    "parameters": [
                        {
                            "name": "fmt",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "enum": list(EXPORT_FORMATS)},
                        },
                        {
                            "name": "focus",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "An IRI, name or acronym: only its neighbourhood.",
                        },
                        {
                            "name": "depth",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 0, "maximum": 5},
                            "description": "Links from the focus (default 1).",
                        },
                        {
                            "name": "include",
                            "in": "query",
                            "schema": {"type": "array", "items": {"type": "string"}},
                            "description": "findings, judgments: also draw these as nodes.",
                        },
                        {
                            "name": "query",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "A SPARQL CONSTRUCT query whose result to export.",
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "The file.",
                            "content": {f.media_type: {} for f in EXPORT_FORMATS.values()},
                        },
                        **_QUERY_ERRORS,
                        "404": _ERROR,
                    },
                }
                for method in ("get", "post")
            },
            "/node": {
                "get": {
                    "summary": "What the graph says about one node, and for every fact the "
                    "evidence: quote, prefix, suffix, offsets, its paragraph of the report, "
                    "the report's title and date.",
                    "parameters": [
                        {
                            "name": "iri",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string"},
                        }
                    ],
                    "responses": {
                        "200": {"description": "JSON.", "content": {"application/json": {}}},
                        "400": _ERROR,
                        "404": _ERROR,
                    },
                }
            },
            "/validate": {
                "post": {
                    "summary": "Validate triples against the SHACL shapes, in the context of "
                    "the served graph. Nothing is stored.",
                    "requestBody": {
                        "required": True,
                        "content": {
                            media: {"schema": {"type": "string"}}
                            for media in (
                                "text/turtle",
                                "application/n-triples",
                                "application/ld+json",
                                "application/rdf+xml",
                                "application/trix",
                            )
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The validation report.",
                            "content": {"application/json": {}, "text/turtle": {}},
                        },
                        "400": _ERROR,
                        "413": _ERROR,
                        "415": _ERROR,
                    },
                },
                "options": {
                    "summary": "CORS preflight.",
                    "responses": {"204": {"description": "Allowed."}},
                },
            },
            "/curated": {
                "get": {
                    "summary": "The history of curated submissions and reverts, oldest first.",
                    "responses": {"200": {"description": "The events, as JSON."}},
                },
                "post": {
                    "summary": "Submit triples: checked against the shapes and the ontology in "
                    "the context of the whole graph, then accepted as a named graph of their "
                    "own, or rejected with the full report and nothing stored. Needs a "
                    "curator's bearer token; off unless the service has a tokens file.",
                    "security": [{"bearer": []}],
                    "parameters": [
                        {
                            "name": "comment",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "Why: kept with the submission.",
                        }
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {media: {"schema": {"type": "string"}} for media in _RDF_IN},
                    },
                    "responses": {
                        "201": {"description": "Accepted: the new submission, as JSON."},
                        "200": {"description": "The same triples were already accepted."},
                        "422": {"description": "Rejected: the validation report, as JSON."},
                        "400": _ERROR,
                        "401": _ERROR,
                        "403": _ERROR,
                        "413": _ERROR,
                        "415": _ERROR,
                    },
                },
            },
            "/curated/{event_id}": {
                "get": {
                    "summary": "One event of the history; a submission with its triples "
                    "(JSON, or N-Triples on Accept: application/n-triples).",
                    "parameters": [_EVENT_ID],
                    "responses": {
                        "200": {
                            "description": "The event.",
                            "content": {"application/json": {}, "application/n-triples": {}},
                        },
                        "404": _ERROR,
                    },
                }
            },
            "/curated/{event_id}/revert": {
                "post": {
                    "summary": "Undo a submission; the revert is recorded in the history. "
                    "Needs a curator's bearer token.",
                    "security": [{"bearer": []}],
                    "parameters": [
                        _EVENT_ID,
                        {"name": "comment", "in": "query", "schema": {"type": "string"}},
                    ],
                    "responses": {
                        "200": {"description": "The revert event, as JSON."},
                        "401": _ERROR,
                        "403": _ERROR,
                        "404": _ERROR,
                        "409": _ERROR,
                    },
                }
            },
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                "Error": {
                    "description": 'An error: {"error": {status, title, message}}.',
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "error": {
                                        "type": "object",
                                        "properties": {
                                            "status": {"type": "integer"},
                                            "title": {"type": "string"},
                                            "message": {"type": "string"},
                                        },
                                    }
                                },
                            }
                        }
                    },
                }
            },
        },
    }
