"""The source checkout the tests run from: its seeds, ontology and queries folders."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
TESTS_DIR = PROJECT_ROOT / "tests"
DATA_DIR = TESTS_DIR / "data"  # test material: reports written for the tests, schemas
GOLD_DIR = TESTS_DIR / "gold"  # expectations written by hand from the reports
