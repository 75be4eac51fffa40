"""The web page end to end, as an analyst uses it, in a real headless browser (Debian's chromium
driven by Playwright) against a real `kg serve`: one browser and one page for the module, the
tests in order. Every view is checked with axe-core (no serious or critical violation) and
photographed at 1366x768 and 1920x1080 into build/test-artifacts/web/; the page must log no
error and fetch nothing from anywhere but the server."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kg.server import pages
from kg.settings import Settings
from tests.paths import PROJECT_ROOT
from tests.serving import kg_serve

CHROMIUM = Path("/usr/bin/chromium")
AXE = PROJECT_ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "build" / "test-artifacts" / "web"
SIZES = ((1366, 768), (1920, 1080))
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
JUDGMENT = (
    "https://w3id.org/police-inspection-kg/id/inspection/derbyshire-constabulary/"
    "peel-effectiveness/2016/judgment/investigation"
)


class Watch:
    """What the page did that it must not: console errors, and requests to anywhere else."""

    def __init__(self, server: str) -> None:
        self.server = server
        self.problems: list[str] = []
        self.outside: list[str] = []
        self.requests: list[str] = []
        self.expected = ""  # an error the test provokes (the browser logs a 400 it receives)

    def attach(self, page) -> None:
        page.on("console", self.console)
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("request", self.request)

    def console(self, message) -> None:
        if message.type == "error" and not (self.expected and self.expected in message.text):
            # The location names the resource that failed, which the text alone does not.
            self.problems.append(f"{message.text} ({message.location.get('url', '')})")

    def request(self, request) -> None:
        self.requests.append(request.url)
        if not request.url.startswith(self.server) and not request.url.startswith("blob:"):
            self.outside.append(request.url)


@pytest.fixture(scope="module")
def web(settings: Settings, built) -> Iterator[str]:
    """A `kg serve` with the default row limit (the session's server caps results at 500
    rows; the page must cope with the 33,000 of a whole-graph query)."""
    with kg_serve(settings.data_dir, "--workers", "2") as running:
        yield running.url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium; .ci/run does)")
    assert pages.bundle_tags() != ([], []), NOT_BUILT
    assert AXE.exists(), f"axe-core is missing: {NOT_BUILT}"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def watch(web: str) -> Watch:
    return Watch(web)


@pytest.fixture(scope="module")
def page(browser, web: str, watch: Watch) -> Iterator[object]:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    page = context.new_page()
    watch.attach(page)
    page.goto(f"{web}/")
    page.wait_for_selector("#named-queries button")
    yield page
    context.close()
    assert watch.problems == [], watch.problems
    assert watch.outside == [], f"the page fetched from outside the server: {watch.outside}"


def check_view(page, name: str) -> None:
    """axe-core on the page as it is (no serious or critical violation), and screenshots at
    both sizes."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))  # through DevTools: not under the CSP
    violations = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then((r) => r.violations
             .filter((v) => v.impact === 'serious' || v.impact === 'critical')
             .map((v) => ({id: v.id, impact: v.impact, help: v.help,
                           nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' '))})))"""
    )
    assert violations == [], f"{name}: {json.dumps(violations, indent=1)}"
    for width, height in SIZES:
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(ARTIFACTS / f"{name}-{width}x{height}.png"))
    page.set_viewport_size({"width": 1366, "height": 768})


def status_starts(page, text: str) -> None:
    # Waits are functions: the page's CSP allows no eval of expressions.
    page.wait_for_function(
        "(t) => document.querySelector('#status').textContent.startsWith(t)", arg=text
    )


def test_a_judgment_row_opens_the_sentence_that_states_it(page, watch: Watch) -> None:
    # Only the page's own script is loaded at first: the graph and chart code wait till needed.
    loaded = " ".join(watch.requests)
    assert "/assets/graph-" not in loaded and "/assets/charts-" not in loaded
    page.get_by_role("button", name="Graded judgments").click()
    status_starts(page, "Graded judgments: 16 rows")
    # Readable headers, not variable names; the IRI columns are links, not columns.
    headers = page.locator("#results th").all_inner_texts()
    assert headers[:4] == ["Force", "Year", "Programme", "Question"]
    assert not any(h.endswith("iri") for h in headers)
    # The grade grid: a row per theme, a column per year, each cell naming its grade.
    grid = page.locator(".grade-grid")
    row = grid.locator("tr", has=page.locator("th", has_text="Serious and organised crime"))
    assert row.locator("td[data-grade]").all_inner_texts() == ["Outstanding", "Outstanding"]
    check_view(page, "1-judgments")
    # Every row links to its evidence: the 2016 investigation grade, in its sentence.
    page.locator(f"#results a.evidence-link[data-iri='{JUDGMENT}']").click()
    page.wait_for_selector("#node mark.sentence")
    assert page.locator("#node mark.grade").first.inner_text() == "Good"
    assert " ".join(page.locator("#node mark.sentence").first.inner_text().split()) == (
        "Derbyshire Constabulary is good at investigating crime and reducing re-offending."
    )
    assert "reducing re-offending?" in page.locator("#node mark.heading").first.inner_text()
    assert "Derbyshire PEEL 2016" in page.inner_text("#node .report-group summary")
    assert page.url.endswith(
        f"?q=judgments&node={JUDGMENT.replace(':', '%3A').replace('/', '%2F')}"
    )
    check_view(page, "2-judgment-evidence")


def test_a_table_downloads_as_csv_and_json(page) -> None:
    with page.expect_download() as download:
        page.locator("#results a[data-format=csv]").click()
    rows = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8"))))
    assert len(rows) == 16
    assert {"Good", "Outstanding", "Ungraded", "Meeting the standard"} == {r["grade"] for r in rows}
    assert all(r["evidence_iri"].startswith("https://w3id.org/") for r in rows)
    with page.expect_download() as download:
        page.locator("#results a[data-format=json]").click()
    result = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert len(result["results"]["bindings"]) == 16


def test_a_large_result_is_paged_and_filtered(page) -> None:
    replace_query(page, "SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    began = time.monotonic()
    page.keyboard.press("Control+Enter")
    page.wait_for_function(
        "() => /^Query: [0-9,]+ rows/.test(document.querySelector('#status').textContent)",
        timeout=60_000,
    )
    shown = time.monotonic() - began
    total = int(page.inner_text("#status").split()[1].replace(",", ""))
    assert total > 30_000
    assert page.locator("#results tbody tr").count() == 50  # one page, not every row
    assert f"of {total:,}" in page.inner_text(".pager")
    page.get_by_role("button", name="Next page").click()
    page.wait_for_function(
        "() => document.querySelector('.pager').textContent.includes('Rows 51–100')"
    )
    page.fill("#results input[type=search]", "emsou")
    page.wait_for_function("() => document.querySelector('.count').textContent.includes('match')")
    matching = int(page.inner_text(".count").split()[0].replace(",", ""))
    assert 0 < matching < total
    for row in page.locator("#results tbody tr").all()[:10]:
        assert "emsou" in row.inner_html().lower()  # in a cell's text or its link's IRI
    check_view(page, "3-large-result")
    print(f"{total} rows on screen (first page) in {shown:.1f} s")
    assert shown < 8


def test_the_victim_satisfaction_chart(page, watch: Watch) -> None:
    page.get_by_role("button", name="A measure over time").click()
    page.fill("#param-measure", "victim satisfaction")
    page.press("#param-measure", "Enter")
    status_starts(page, "A measure over time: 7 rows")
    page.get_by_role("button", name="Show chart").click()
    page.wait_for_selector("#chart-box canvas")
    assert any("/assets/charts-" in url for url in watch.requests)
    label = page.get_attribute("#chart-box canvas", "aria-label")
    assert "England and Wales" in label and "Derbyshire" in label and "percent" in label
    assert "chart=1" in page.url and "p.measure=victim+satisfaction" in page.url
    check_view(page, "4-chart")
    # Bars: the force against England and Wales, for one measure at a time.
    page.get_by_role("button", name="The force against England and Wales").click()
    page.get_by_role("button", name="Show bar chart").click()
    page.wait_for_selector("#chart-box canvas")
    assert page.locator("#chart-measure option").count() > 3
    check_view(page, "5-bars")


def test_search_pcso_and_open_a_finding(page) -> None:
    page.fill("#search", "PCSO")
    finding = page.locator(".search-option", has=page.locator(".kind-finding")).first
    finding.wait_for()
    assert "PCSO" in finding.locator("mark").first.inner_text()
    check_view(page, "6-search")
    iri = finding.get_attribute("data-iri")
    finding.dispatch_event("mousedown")
    page.wait_for_selector(f"#node[data-iri='{iri}'] figure mark")
    assert page.locator("#node h3").inner_text().split(":")[0] in {
        "Strength",
        "Area for improvement",
        "Work in progress",
        "Recommendation",
    }
    assert "PCSO" in page.inner_text("#node .fact-about .evidence mark")
    # A name that matches nothing says what is close.
    page.fill("#search", "Integrated Offender Managment")
    page.wait_for_selector(".close-name")
    assert "integrated offender management" in page.locator(".close-name").all_inner_texts()
    page.keyboard.press("Escape")


def test_a_shared_url_gives_the_same_view_and_back_undoes(page, browser, web: str) -> None:
    page.goto(f"{web}/")
    page.wait_for_selector("#named-queries button")
    page.get_by_role(
        "button", name="Findings about an organisation, unit, programme or board"
    ).click()
    page.fill("#param-entity", "EMSOU")
    page.press("#param-entity", "Enter")
    status_starts(page, "Findings about an organisation, unit, programme or board: 11 rows")
    page.fill("#focus", "EMSOU")
    page.press("#focus", "Enter")
    status_starts(page, "Graph:")
    page.locator("#node-list button[data-iri$='/org/emsou']").click()
    page.wait_for_selector("#node .evidence mark")
    shared = page.url
    assert "q=findings-about" in shared and "p.entity=EMSOU" in shared and "focus=EMSOU" in shared
    check_view(page, "7-graph-and-node")
    # The same URL in a fresh browser context: the same table, graph and node.
    other = browser.new_context(viewport={"width": 1366, "height": 768})
    fresh = other.new_page()
    fresh.goto(shared)
    fresh.wait_for_selector("#node .evidence mark")
    fresh.wait_for_selector("#node-list button[data-iri$='/org/emsou']")
    assert fresh.inner_text("#node h3") == page.inner_text("#node h3")
    assert fresh.locator("#results tbody tr").count() == 11
    other.close()
    # Back: the view before the node was opened.
    page.go_back()
    page.wait_for_function("() => !location.search.includes('node=')")
    status_starts(page, "Graph:")


def test_the_editor_marks_errors_and_unknown_terms(page, watch: Watch) -> None:
    # Prefixes are hidden behind a toggle; the query still runs with them.
    assert "PREFIX" not in page.inner_text(".cm-content")
    page.get_by_label("Show prefixes").check()
    assert "PREFIX kgo:" in page.inner_text(".cm-content")
    page.get_by_label("Show prefixes").uncheck()
    watch.expected = "status of 400"  # the query below is refused, as it should be
    replace_query(page, "SELECT ?j WHERE {\n  ?j a kgo:Judgement .\n  FILTR(?j)\n}")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(".cm-lintRange-error")
    assert "line 3, column" in page.inner_text("#status")  # as the editor numbers lines
    # The engine names where it gave up; the mark stands there, on the misspelt line.
    marked = page.locator(".cm-lintRange-error").first.inner_text()
    assert marked and marked in "  FILTR(?j)"
    # kgo:Judgement is not in the ontology (kgo:Judgment is).
    page.wait_for_selector(".cm-lintRange-warning")
    assert page.locator(".cm-lintRange-warning").first.inner_text() == "kgo:Judgement"
    # Completion of the ontology's terms after "kgo:".
    replace_query(page, "SELECT * WHERE { ?x a kgo:Judg")
    page.keyboard.press("Control+Space")
    page.wait_for_selector(".cm-tooltip-autocomplete")
    assert "Judgment" in page.inner_text(".cm-tooltip-autocomplete")
    check_view(page, "8-editor")
    page.keyboard.press("Escape")
    # The editor's text and the history outlive a reload.
    page.reload()
    page.wait_for_selector(".cm-content")
    assert "kgo:Judg" in page.inner_text(".cm-content")
    assert page.locator("#history option").count() > 2
    # The reload ran the refused query of the URL again: its 400 must come before the reset.
    status_starts(page, "The query failed")
    watch.expected = ""


def test_typed_queries_sort_link_and_draw(page) -> None:
    # A query typed into the editor: IRIs show by their labels and link to the node.
    replace_query(
        page,
        "SELECT ?inspection ?grade WHERE { ?j a kgo:Judgment ; "
        "kgo:ofInspection ?inspection ; kgo:grade ?grade }",
    )
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#results tbody a[data-iri]")
    assert not page.locator("#results tbody a[data-iri]").first.inner_text().startswith("http")
    assert "Derbyshire Constabulary" in page.inner_text("#results tbody")
    # Sorting by a column, by keyboard.
    page.locator("#results th button").nth(1).focus()
    page.keyboard.press("Enter")
    assert page.locator("#results th").nth(1).get_attribute("aria-sort") == "ascending"
    grades = page.locator("#results tbody tr td:nth-child(2)").all_inner_texts()
    assert grades == sorted(grades, key=str.casefold)
    # A grade is a concept, not a graph node: its facts only.
    page.locator("#results tbody td:nth-child(2) a").first.click()
    page.wait_for_function("() => document.querySelector('#node h3')?.textContent === 'Good'")
    assert "Good is not drawn in the graph" in page.inner_text("#status")
    # A CONSTRUCT is drawn as a graph, with fit and zoom, and downloads of data and picture.
    replace_query(page, "CONSTRUCT { ?u org:unitOf ?f } WHERE { ?u org:unitOf ?f }")
    page.keyboard.press("Control+Enter")
    status_starts(page, "Graph:")
    assert page.locator("#node-list button").count() > 5
    assert page.locator("#graph canvas").count() > 0
    assert page.locator("#downloads a").count() == 5
    page.get_by_role("button", name="Zoom in").click()
    page.get_by_role("button", name="Fit").click()
    for kind in ("PNG", "SVG"):
        with page.expect_download() as download:
            page.get_by_role("button", name=kind, exact=True).click()
        data = Path(download.value.path()).read_bytes()
        assert data.startswith(b"\x89PNG") if kind == "PNG" else b"<svg" in data[:200]
    check_view(page, "10-construct-graph")


def test_keyboard_only_search_to_evidence_and_a_named_query(page, web: str) -> None:
    page.goto(f"{web}/")
    page.wait_for_selector("#named-queries button")
    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    page.keyboard.type("EMSOU")
    page.wait_for_selector(".search-option")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_selector("#node .evidence mark")
    assert "East Midlands Special Operations Unit" in page.inner_text("#node h3")
    # From there by Tab alone to a named query, and from its table to a row's evidence.
    tab_to(page, "button[data-query='judgments']")
    page.keyboard.press("Enter")
    status_starts(page, "Graded judgments: 16 rows")
    tab_to(page, "#results a.evidence-link")
    page.keyboard.press("Enter")
    page.wait_for_selector("#node mark.sentence")
    check_view(page, "9-keyboard")


def tab_to(page, selector: str, limit: int = 120) -> None:
    for _ in range(limit):
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    pytest.fail(f"{selector} was not reached by Tab")


def replace_query(page, text: str) -> None:
    """Replace the editor's text as a user would (select all, then type)."""
    page.locator(".cm-content").click()
    page.keyboard.press("Control+a")
    # insert_text, not type: typed brackets would be closed twice by the editor's autoclose.
    page.keyboard.insert_text(text)
