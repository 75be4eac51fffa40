"""Shared fixtures: one real build of the seeds into a temporary data folder per test session."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from kg.graph.build import BuildResult, build
from kg.query.stores.rdflib_store import RdflibStore
from kg.settings import Settings
from tests.paths import PROJECT_ROOT

GOLD = Path(__file__).parent / "gold"


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
def store(built: BuildResult, settings: Settings) -> RdflibStore:
    return RdflibStore.open(settings)


def load_gold(name: str) -> dict:
    with open(GOLD / name, "rb") as handle:
        return tomllib.load(handle)
