"""The source checkout the tests run from: its seeds, ontology and queries folders."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
