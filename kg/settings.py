"""Where things are and how the service runs: every setting, its default, its environment
variable and its help, written once here. The CLI builds its options from these fields and
README's settings table is checked against them (tests/test_settings.py)."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any


def setting(default: Any, help: str, shown: str | None = None, metavar: str | None = None) -> Any:
    """A dataclass field that is a setting: its default, what it is for, how its default is
    shown where it is not the value itself ("none: writes off"), and the option's metavar."""
    return field(default=default, metadata={"help": help, "shown": shown, "metavar": metavar})


@dataclass(frozen=True)
class SettingInfo:
    """One setting as the CLI and README present it."""

    name: str
    default: Any
    help: str
    shown_default: str
    metavar: str | None = None

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def envvar(self) -> str:
        return "KG_" + self.name.upper()


def settings_of(settings_class: type) -> tuple[SettingInfo, ...]:
    """The settings of ServerSettings or Settings, in the order they are declared."""
    described = []
    for item in fields(settings_class):
        shown = item.metadata["shown"]
        if shown is None:
            shown = f"{item.default}/" if isinstance(item.default, Path) else str(item.default)
        described.append(
            SettingInfo(
                item.name, item.default, item.metadata["help"], shown, item.metadata["metavar"]
            )
        )
    return tuple(described)


def _from_env(settings_class: type, overrides: dict[str, object]) -> dict[str, object]:
    """Each setting from its option (an override that is not None) or else its environment
    variable KG_<NAME>, converted to the default's type; settings given neither keep their
    default."""
    values: dict[str, object] = {}
    for info in settings_of(settings_class):
        value = overrides.get(info.name)
        if value is None or value == "":
            value = os.environ.get(info.envvar) or None
            if value is None:
                continue
        try:
            values[info.name] = type(info.default)(value)
        except ValueError:
            raise ValueError(
                f"{info.envvar}={value!r} is not a {type(info.default).__name__}"
            ) from None
    return values


@dataclass(frozen=True)
class ServerSettings:
    """The query service's settings."""

    host: str = setting("127.0.0.1", "Address to listen on.")
    port: int = setting(8000, "Port (0 picks a free one and prints it).")
    query_timeout: float = setting(30.0, "Seconds a query may run before it is stopped.", "30")
    max_rows: int = setting(100_000, "Largest result, in rows (triples for CONSTRUCT).")
    max_body_bytes: int = setting(1_000_000, "Largest request body.")
    workers: int = setting(2, "Query worker processes.")
    threads: int = setting(8, "HTTP threads.")
    max_query_bytes: int = setting(100_000, "Largest query text, in bytes.")
    max_query_terms: int = setting(
        1_000, "Most terms (words, IRIs, literals, punctuation) in a query outside VALUES."
    )
    max_values: int = setting(1_000, "Most terms in a query's VALUES blocks.")
    max_query_depth: int = setting(64, "Deepest nesting of brackets in a query.")
    max_body_prefixes: int = setting(
        200, "Most prefix or XML namespace declarations in a body sent to /validate or /curated."
    )
    max_body_depth: int = setting(
        64, "Deepest nesting of JSON arrays and objects or XML elements in a body."
    )
    max_result_bytes: int = setting(50_000_000, "Largest result, in bytes.")
    worker_memory_mb: int = setting(
        2_000,
        "Address space each query worker may use beyond the graph it holds, in MB (0: no limit).",
    )
    connection_limit: int = setting(1_000, "Most open HTTP connections.")
    channel_timeout: int = setting(
        30, "Seconds an HTTP connection may stay idle, or a request take to arrive."
    )
    store: str = setting(
        "",
        "A SPARQL 1.1 query endpoint to answer queries from (filled by kg push) instead of "
        "the embedded store.",
        "none: the embedded store",
        "QUERY_URL",
    )
    store_credentials: str = setting(
        "",
        "A file of NAME=value lines (KG_STORE_USER, KG_STORE_PASSWORD, KG_STORE_TOKEN, "
        "KG_STORE_AUTH=basic or digest): what the service tells the store who it is.",
        "none: those variables from the environment",
        "FILE",
    )
    curator_tokens: str = setting(
        "",
        'A file of "name token" lines (tokens of 16 characters or more): who may POST /curated.',
        "none: writes off",
    )

    @classmethod
    def from_env(cls, **overrides: object) -> ServerSettings:
        return cls(**_from_env(cls, overrides))  # type: ignore[arg-type]


@dataclass(frozen=True)
class Settings:
    """The project's folders; relative paths are taken from the current directory."""

    seeds_dir: Path = setting(Path("seeds"), "Reports, manifest.ttl and curated/.")
    ontology_dir: Path = setting(Path("ontology"), "Ontology and shapes.")
    queries_dir: Path = setting(Path("queries"), "Named queries.")
    data_dir: Path = setting(Path("build"), "The built graph.")

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
        return cls(**_from_env(cls, dict(overrides)))  # type: ignore[arg-type]


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
