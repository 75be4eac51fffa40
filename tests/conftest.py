"""Shared fixtures: one real build of the seeds into a temporary data folder per test session;
the query service over it, in process (`app`, `client`) and as a real `kg serve` (`server`)."""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.curation import curator as curator_module
from kg.curation.curator import Curator
from kg.curation.log import CurationLog
from kg.graph.build import BuildResult, build
from kg.query.stores.oxigraph_store import OxigraphStore
from kg.query.stores.rdflib_store import RdflibStore
from kg.server import create_app
from kg.settings import Settings
from tests.paths import GOLD_DIR, PROJECT_ROOT
from tests.serving import SERVED, kg_serve

GOLD = GOLD_DIR


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        seeds_dir=PROJECT_ROOT / "seeds",
        ontology_dir=PROJECT_ROOT / "ontology",
        queries_dir=PROJECT_ROOT / "queries",
        data_dir=tmp_path_factory.mktemp("data"),
    )


@pytest.fixture(scope="session")
def built(settings: Settings) -> BuildResult:
    result = build(settings)
    assert result.validation.conforms, result.validation.violations
    return result


@pytest.fixture(scope="session")
def store(curator: Curator) -> RdflibStore:
    """The session's build as a store: the curator's, so the graph is loaded once."""
    return curator.store


@pytest.fixture(scope="session")
def engine(built: BuildResult, settings: Settings) -> OxigraphStore:
    """The session's build in the engine `kg query` and `kg serve` answer with (Oxigraph),
    as it stands when first asked for: for the tests of what the named queries answer."""
    return OxigraphStore(settings.graph_file, CurationLog(settings.curation_file))


@pytest.fixture(scope="session")
def curator(built: BuildResult, settings: Settings) -> Curator:
    """The curator over the session's build (its graph loaded once)."""
    return Curator(settings)


@pytest.fixture
def share_curator(monkeypatch: pytest.MonkeyPatch) -> Callable[[Curator], Curator]:
    """Have the commands that load the graph (kg validate, kg curate add and revert, kg export)
    use the given curator, and its store, for its data folder rather than load the whole graph
    again for every command. Both follow the curation log before every step, as new ones
    would."""
    load_curator = curator_module.Curator
    open_store = RdflibStore.open

    def share(curator: Curator) -> Curator:
        def curator_for(settings: Settings) -> Curator:
            if settings.curation_file == curator.log.path:
                return curator
            return load_curator(settings)

        def store_for(settings: Settings) -> RdflibStore:
            if settings.curation_file == curator.log.path:
                return curator.store
            return open_store(settings)

        monkeypatch.setattr(curator_module, "Curator", curator_for)
        monkeypatch.setattr(RdflibStore, "open", store_for)
        return curator

    return share


@pytest.fixture(scope="session")
def app(built: BuildResult, settings: Settings) -> Iterator[Flask]:
    """The service in this process over the session's build, with one real query worker (a
    spawned process: started here, never at import time)."""
    app = create_app(settings, replace(SERVED, workers=1))
    yield app
    app.extensions["kg"].close()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def server(built: BuildResult, settings: Settings) -> Iterator[str]:
    """A real `kg serve` on a free loopback port over the session's build, for what needs a
    real process: real clients and ports, the network sandbox, workers stopped on timeout."""
    options = ("--query-timeout", str(SERVED.query_timeout), "--max-rows", str(SERVED.max_rows))
    options += ("--max-body-bytes", str(SERVED.max_body_bytes), "--workers", "2")
    with kg_serve(settings.data_dir, *options) as running:
        yield running.url


def load_gold(name: str) -> dict:
    with open(GOLD / name, "rb") as handle:
        return tomllib.load(handle)


def with_ontology(settings: Settings, directory: Path, *extra: Path) -> Settings:
    """Settings over a copy of the ontology with `extra` Turtle files added to it (the fictional
    force of tests/data, which the gazetteer of real forces lacks)."""
    shutil.copytree(settings.ontology_dir, directory)
    for path in extra:
        shutil.copy2(path, directory / path.name)
    return replace(settings, ontology_dir=directory)


def copy_build(settings: Settings, data: Path, seeds: Path | None = None) -> Settings:
    """Settings over a private copy of the session's build in `data` (and of the seeds in
    `seeds`, when given), for tests whose commands or server write to them."""
    data.mkdir(parents=True, exist_ok=True)
    for name in ("graph.nq", "build.json"):
        shutil.copy2(settings.data_dir / name, data / name)
    if seeds is not None:
        shutil.copytree(settings.seeds_dir, seeds)
    return replace(settings, data_dir=data, seeds_dir=seeds or settings.seeds_dir)
