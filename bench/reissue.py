"""Re-issue the five seed reports for other real forces (names replaced, as issue 19's table
did): a collection of 5 x N reports that builds, since no two share a force, programme and
year. Writes a seeds folder (texts and manifest, no curated files).

    python bench/reissue.py OUT --forces N
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SUFFIX = re.compile(r" (Constabulary|Police)$")


def forces(count: int) -> list[tuple[str, str]]:
    """(label, place) of the first `count` forces of the gazetteer other than Derbyshire's,
    in label order, whose label is '<place> Police' or '<place> Constabulary'."""
    gazetteer = Graph().parse(ROOT / "ontology" / "forces.ttl")
    labels = sorted(
        {
            str(label)
            for label in gazetteer.objects(None, SKOS.prefLabel)
            if SUFFIX.search(str(label)) and "Derbyshire" not in str(label)
        }
    )
    return [(label, SUFFIX.sub("", label)) for label in labels[:count]]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def reissue(out: Path, count: int) -> int:
    """Write the collection; the number of reports."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    manifest = (SEEDS / "manifest.ttl").read_text(encoding="utf-8")
    head, _, body = manifest.partition("\nreport:")
    blocks = ["\nreport:" + body]
    texts = sorted(SEEDS.glob("*.txt"))
    for path in texts:  # Derbyshire's own, as they are
        shutil.copy2(path, out / path.name)
    for label, place in forces(count - 1):
        block = body
        for path in texts:
            old = path.read_bytes()
            text = old.decode("utf-8")
            text = text.replace("Derbyshire Constabulary", label)
            text = text.replace("DERBYSHIRE", place.upper()).replace("Derbyshire", place)
            new = text.encode("utf-8")
            name = path.name.replace("derbyshire", slug(place))
            (out / name).write_bytes(new)
            block = block.replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest())
        block = block.replace("Derbyshire Constabulary", label).replace("Derbyshire", place)
        blocks.append("\nreport:" + block.replace("derbyshire", slug(place)))
    (out / "manifest.ttl").write_text(head + "".join(blocks), encoding="utf-8")
    return len(list(out.glob("*.txt")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--forces", type=int, default=10, help="forces, Derbyshire's included")
    args = parser.parse_args()
    print(f"{reissue(args.out, args.forces)} reports in {args.out}")


if __name__ == "__main__":
    main()
