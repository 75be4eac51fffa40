"""The web page at /: its bundle, checked in process; then end to end in a real headless
browser (Debian's chromium driven by Playwright) against a real `kg serve`: load the page, run
a named query, draw a neighbourhood, open a node and read its evidence. Screenshots of each view
are kept in build/test-artifacts/web/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from kg.server import create_app, pages
from kg.settings import ServerSettings, Settings
from tests.paths import PROJECT_ROOT

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = PROJECT_ROOT / "build" / "test-artifacts" / "web"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
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
        ("central referral unit", "/unit/central-referral-unit"),
        ("central referral un", "/unit/central-referral-unit"),
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


def test_search_refuses_bad_input_clearly(client: FlaskClient) -> None:
    response = client.get("/search", query_string={"q": "x", "kind": "spaceship"})
    assert response.status_code == 400
    assert "spaceship" in response.get_json()["error"]["message"]
    assert client.get("/search", query_string={"q": "x" * 201}).status_code == 400
    # Operators of the index's query language are words like any other.
    assert client.get("/search", query_string={"q": 'NEAR( "IOM OR*'}).status_code == 200


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_query_explore_and_read_the_evidence(browser, server: str) -> None:
    assert pages.bundle_tags() != ([], []), NOT_BUILT
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server) else None)

    # The page runs under the service's Content-Security-Policy (no eval): waits are given as
    # functions, which Playwright compiles once, not as expressions it evaluates each time.
    page.goto(f"{server}/")
    # The editor highlights SPARQL and starts with the project's prefixes.
    page.wait_for_selector(".cm-content")
    assert "PREFIX kgo:" in page.inner_text(".cm-content")
    assert page.locator(".cm-content span").count() > 5  # highlighted tokens
    page.get_by_role("button", name="Graded judgments").click()
    page.wait_for_selector("#results table tbody tr")
    rows = page.locator("#results tbody tr").count()
    assert rows >= 10
    assert "Graded judgments" in page.inner_text("#status")
    # A named query with a required parameter asks for it first.
    page.get_by_role("button", name="Who takes part in a programme").click()
    page.fill("#param-programme", "IOM")
    page.press("#param-programme", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#status').textContent.startsWith('Who takes part')"
        " && document.querySelector('#status').textContent.includes('rows')"
    )
    assert page.locator("#results tbody tr").count() >= 2
    page.get_by_role("button", name="Graded judgments").click()
    page.wait_for_function(
        "() => document.querySelector('#status').textContent.startsWith('Graded judgments')"
    )
    page.screenshot(path=str(ARTIFACTS / "1-named-query.png"), full_page=True)

    # A query typed into the editor: IRIs show by their labels and link to the node.
    replace_query(
        page,
        "SELECT ?inspection ?grade WHERE { ?j a kgo:Judgment ; "
        "kgo:ofInspection ?inspection ; kgo:grade ?grade }",
    )
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results tbody a[data-iri]")
    link = page.locator("#results tbody a[data-iri]").first
    assert not link.inner_text().startswith("http")
    assert "Derbyshire Constabulary" in page.inner_text("#results tbody")
    # Sorting by a column, by keyboard.
    page.locator("#results th button").nth(1).focus()
    page.keyboard.press("Enter")
    assert page.locator("#results th").nth(1).get_attribute("aria-sort") == "ascending"
    grades = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert grades == sorted(grades, key=str.casefold)
    page.screenshot(path=str(ARTIFACTS / "2-results.png"), full_page=True)
    # A linked IRI opens its node: an inspection is drawn with its neighbourhood; a grade (a
    # concept, not a graph node) shows its facts only.
    page.locator("#results tbody td:nth-child(1) a").first.click()
    page.wait_for_selector("#node h3")
    assert "Derbyshire Constabulary" in page.inner_text("#node h3")
    assert page.locator("#node-list button").count() > 1
    page.locator("#results tbody td:nth-child(2) a").first.click()
    page.wait_for_function("() => document.querySelector('#node h3').textContent === 'Good'")
    assert "Good is not drawn in the graph" in page.inner_text("#status")

    # The neighbourhood of EMSOU, drawn; its nodes listed for the keyboard.
    page.fill("#focus", "EMSOU")
    page.fill("#depth", "1")
    page.press("#focus", "Enter")
    page.wait_for_function(
        "() => document.querySelector('#status').textContent.startsWith('Graph:')"
    )
    page.wait_for_selector("#node-list button[data-iri$='/org/emsou']")
    assert page.locator("#graph canvas").count() > 0
    assert page.locator("#downloads a").count() == 5
    download = page.locator("#downloads a", has_text="GraphML").get_attribute("href")
    assert download.startswith("/export/graphml?focus=EMSOU")
    page.locator("#graph-section").screenshot(path=str(ARTIFACTS / "3-graph.png"))

    # Opening the node shows what the graph says and the evidence, quote highlighted in its
    # paragraph, with the report's title and date.
    page.locator("#node-list button[data-iri$='/org/emsou']").click()
    page.wait_for_selector("#node .evidence mark")
    assert "East Midlands Special Operations Unit" in page.inner_text("#node h3")
    assert "EMSOU" in page.inner_text("#node .statements")
    first = page.locator("#node figure").first
    assert first.locator("mark").inner_text().strip()
    assert len(first.locator("blockquote").inner_text()) > len(first.locator("mark").inner_text())
    captions = " ".join(page.locator("#node figcaption").all_inner_texts())
    assert "Derbyshire" in captions and "2008" in captions
    page.screenshot(path=str(ARTIFACTS / "4-node-evidence.png"))

    # A CONSTRUCT typed into the editor is drawn as a graph.
    replace_query(page, "CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }")
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "() => document.querySelector('#status').textContent.startsWith('Graph:')"
    )
    assert page.locator("#node-list button").count() > 5
    page.locator("#graph-section").screenshot(path=str(ARTIFACTS / "5-construct.png"))

    context.close()
    assert problems == [], problems
    assert outside == [], f"the page fetched from outside the server: {outside}"
    (ARTIFACTS / "README.json").write_text(
        json.dumps(
            {"server": server, "screenshots": sorted(p.name for p in ARTIFACTS.glob("*.png"))}
        )
    )


def replace_query(page, text: str) -> None:
    """Replace the editor's text as a user would (select all, then type)."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    # insert_text, not type: typed brackets would be closed twice by the editor's autoclose.
    page.keyboard.insert_text(text)
