"""Where things are: one place for the project's folders, from options and environment."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

# The repository root: the folder that holds seeds/, ontology/ and queries/.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class ServerSettings:
    """The query service's settings; each has an environment variable, KG_<NAME>."""

    host: str = "127.0.0.1"
    port: int = 8000
    query_timeout: float = 30.0  # seconds a query may run before it is stopped
    max_body_bytes: int = 1_000_000  # largest request body accepted
    max_rows: int = 100_000  # largest result (rows, or triples for CONSTRUCT) returned
    workers: int = 2  # query worker processes
    threads: int = 8  # HTTP threads
    # A file of "name token" lines: who may submit curated triples. Empty: writes are off.
    curator_tokens: str = ""
    # A SPARQL 1.1 query endpoint to answer queries from instead of the embedded store.
    store: str = ""

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        values: dict[str, object] = {}
        for name, default in cls().__dict__.items():
            value = overrides.get(name)
            if value is None:
                value = os.environ.get(f"KG_{name.upper()}")
            if value is None:
                continue
            try:
                values[name] = type(default)(value)
            except ValueError:
                raise ValueError(
                    f"KG_{name.upper()}={value!r} is not a {type(default).__name__}"
                ) from None
        return cls(**values)


@dataclass(frozen=True)
class Settings:
    seeds_dir: Path
    ontology_dir: Path
    queries_dir: Path
    data_dir: Path

    @property
    def ontology_files(self) -> list[Path]:
        """Every Turtle file of the ontology folder but the shapes: terms, schemes, gazetteer."""
        return sorted(p for p in self.ontology_dir.glob("*.ttl") if p.name != "shapes.ttl")

    @property
    def shapes_file(self) -> Path:
        return self.ontology_dir / "shapes.ttl"

    @property
    def graph_file(self) -> Path:
        return self.data_dir / "graph.nq"

    @property
    def summary_file(self) -> Path:
        return self.data_dir / "build.json"

    @property
    def curation_file(self) -> Path:
        """The log of curated submissions and reverts (kg.curation.log)."""
        return self.data_dir / "curation.sqlite3"

    @classmethod
    def from_env(cls, **overrides: Path | str | None) -> Settings:
        """Settings from KG_SEEDS_DIR, KG_ONTOLOGY_DIR, KG_QUERIES_DIR and KG_DATA_DIR, with
        explicit overrides (command-line options) taking precedence."""

        def pick(name: str, default: Path) -> Path:
            value = overrides.get(name) or os.environ.get(f"KG_{name.upper()}")
            return Path(value) if value else default

        return cls(
            seeds_dir=pick("seeds_dir", PROJECT_ROOT / "seeds"),
            ontology_dir=pick("ontology_dir", PROJECT_ROOT / "ontology"),
            queries_dir=pick("queries_dir", PROJECT_ROOT / "queries"),
            data_dir=pick("data_dir", PROJECT_ROOT / "build"),
        )


def input_fingerprint(settings: Settings) -> str:
    """A digest of everything a build reads: reports, manifest, curated files, ontology, shapes
    and the builder's version. The same inputs give the same graph."""
    import kg

    digest = hashlib.sha256(kg.__version__.encode())
    paths = sorted(settings.seeds_dir.rglob("*")) + sorted(settings.ontology_dir.glob("*.ttl"))
    for path in paths:
        if path.is_file():
            digest.update(str(path.relative_to(path.parent.parent)).encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def holds_current_build(settings: Settings) -> bool:
    """Whether the data folder holds a build of exactly the current inputs. Here rather than in
    kg.graph.build so that `kg serve` on a built folder never imports the builder (and pySHACL)."""
    if not (settings.graph_file.exists() and settings.summary_file.exists()):
        return False
    summary = json.loads(settings.summary_file.read_text(encoding="utf-8"))
    return summary.get("inputs") == input_fingerprint(settings)
