"""Results are bounded in bytes as well as rows: max_rows let one huge row through."""

from __future__ import annotations

import pytest

import kg.query.limits as limits
from kg.errors import TooManyRows
from kg.query.limits import Limits
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.settings import Settings

LABELS = "SELECT ?o WHERE { ?s ?p ?o FILTER(isLiteral(?o)) } LIMIT 400"


@pytest.fixture(scope="module")
def oxigraph(built: object, settings: Settings) -> OxigraphStore:
    return OxigraphStore(settings.graph_file)


@pytest.mark.parametrize("fmt", ["json", "csv", "xml"])
def test_a_result_over_the_byte_limit_is_refused(
    oxigraph: OxigraphStore, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    assert len(oxigraph.serialize(LABELS, fmt, max_rows=1000)) > 2_000  # under the default
    monkeypatch.setattr(limits, "_current", Limits(max_result_bytes=2_000))
    with pytest.raises(TooManyRows, match="over the limit of 2000 bytes"):
        oxigraph.serialize(LABELS, fmt, max_rows=1000)


def test_one_huge_row_is_refused_though_under_max_rows(
    oxigraph: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "_current", Limits(max_result_bytes=50_000))
    query = "SELECT (GROUP_CONCAT(STR(?o)) AS ?c) WHERE { ?s ?p ?o }"
    with pytest.raises(TooManyRows, match="over the limit of 50000 bytes"):
        oxigraph.serialize(query, "json", max_rows=10)
