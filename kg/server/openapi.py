"""The OpenAPI description of the HTTP API: the document is the package file openapi.json; only
what changes with the code is filled in here (the version, the export formats).
tests/server/test_http.py checks that every route of the app is described, and nothing else."""

from __future__ import annotations

import json
from importlib.resources import files

import kg
from kg.query.formats import EXPORT_FORMATS


def openapi_document() -> dict:
    document = json.loads(files("kg.server").joinpath("openapi.json").read_text("utf-8"))
    document["info"]["version"] = kg.__version__
    for operation in document["paths"]["/export/{fmt}"].values():
        fmt = next(p for p in operation["parameters"] if p["name"] == "fmt")
        fmt["schema"]["enum"] = list(EXPORT_FORMATS)
        operation["responses"]["200"]["content"] = {
            spec.media_type: {} for spec in EXPORT_FORMATS.values()
        }
    return document
