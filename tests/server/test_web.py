"""The web page at /, in process: its bundle (hashed, gzipped where accepted) and the search
behind its search box. The page itself is tested end to end in a browser in
test_web_browser.py."""

from __future__ import annotations

import gzip
import re
import sqlite3
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.server import create_app, pages
from kg.settings import ServerSettings, Settings
from kg.views.search_index import index_path

NOT_BUILT = (
    "the front end is not built: run `npm ci --prefix web && npm run build --prefix web` "
    "(the README's commands do)"
)


def test_the_page_names_its_bundle_with_content_hashes(client: FlaskClient) -> None:
    page = client.get("/").text
    assert pages.bundle_tags() != ([], []), NOT_BUILT
    scripts = re.findall(r'<script type="module" src="(/static/dist/assets/[^"]+)"', page)
    styles = re.findall(r'<link rel="stylesheet" href="(/static/dist/assets/[^"]+)"', page)
    assert scripts and styles
    for url in scripts + styles:
        assert re.search(r"-[A-Za-z0-9_-]{8}\.(js|css)$", url), url
        with client.get(url) as response:  # closed: a file response holds the file open
            assert response.status_code == 200
            assert "immutable" in response.headers["Cache-Control"]
    assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', page))


def test_scripts_are_sent_gzipped_to_browsers_that_accept_it(client: FlaskClient) -> None:
    [script] = re.findall(r'<script type="module" src="([^"]+)"', client.get("/").text)
    with client.get(script, headers={"Accept-Encoding": "gzip, deflate, br"}) as zipped:
        assert zipped.headers["Content-Encoding"] == "gzip"
        assert zipped.headers["Content-Type"].startswith("text/javascript")
        assert "Accept-Encoding" in zipped.headers["Vary"]
        body = gzip.decompress(zipped.data)
    with client.get(script) as plain:
        assert "Content-Encoding" not in plain.headers
        assert plain.data == body
    assert len(zipped.data) < len(body) / 2


def test_without_a_bundle_the_page_says_how_to_build_it(
    tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pages, "DIST_DIR", tmp_path)
    app: Flask = create_app(settings, ServerSettings(), service=object())  # page only
    page = app.test_client().get("/").get_data(as_text=True)
    assert "has not been built" in page
    assert "npm ci --prefix web &amp;&amp; npm run build --prefix web" in page
    assert "<script" not in page


@pytest.mark.parametrize(
    ("typed", "iri_tail"),
    [
        # The three examples of the findings-about hint, by acronym, name and half-typed word.
        ("EMSOU", "/org/emsou"),
        ("IOM", "/arrangement/iom"),
        # The force's own unit (its kind is a concept that classifies it).
        ("central referral unit", "/unit/derbyshire-constabulary/central-referral-unit"),
        ("central referral un", "/unit/derbyshire-constabulary/central-referral-unit"),
    ],
)
def test_search_finds_things_by_name_and_acronym(
    client: FlaskClient, typed: str, iri_tail: str
) -> None:
    found = client.get("/search", query_string={"q": typed}).get_json()
    first = found["results"][0]
    assert first["iri"].endswith(iri_tail), found["results"][:3]
    assert any(segment["match"] for segment in first["match"])


def test_search_finds_findings_by_words_of_their_text(client: FlaskClient) -> None:
    found = client.get("/search", query_string={"q": "PCSO", "kind": "finding"}).get_json()
    assert found["results"], "the 2008 findings speak of PCSOs"
    for result in found["results"]:
        matched = " ".join(s["text"] for s in result["match"] if s["match"])
        assert matched.casefold().startswith("pcso"), result


def test_search_says_what_is_close_when_nothing_matches(client: FlaskClient) -> None:
    found = client.get("/search", query_string={"q": "Integrated Offender Managment"}).get_json()
    assert found["results"] == []
    assert "integrated offender management" in found["close"]
    assert client.get("/search", query_string={"q": "xyzzy"}).get_json()["results"] == []


def test_the_build_writes_the_search_index(store, settings: Settings) -> None:
    path = index_path(settings.data_dir)
    assert path.is_file(), "kg build writes the index /search reads"
    with sqlite3.connect(path) as db:
        kinds = dict(db.execute("SELECT kind, COUNT(*) FROM entries GROUP BY kind").fetchall())
    db.close()
    findings = store.query("SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f kgo:findingType ?t }")
    assert kinds["finding"] == int(next(iter(findings))[0])  # every finding, with its text
    assert kinds["force"] >= 1 and kinds["unit"] >= 10 and kinds["paragraph"] > 100


def test_search_refuses_bad_input_clearly(client: FlaskClient) -> None:
    response = client.get("/search", query_string={"q": "x", "kind": "spaceship"})
    assert response.status_code == 400
    assert "spaceship" in response.get_json()["error"]["message"]
    assert client.get("/search", query_string={"q": "x" * 201}).status_code == 400
    # Operators of the index's query language are words like any other.
    assert client.get("/search", query_string={"q": 'NEAR( "IOM OR*'}).status_code == 200
