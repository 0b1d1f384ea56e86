"""smkg viz: the one offline HTML page, tried in real headless Chromium (Playwright) with the network cut off.

Every request but the page's own file is aborted and recorded; a console error, a page error or a dialog
fails the test that caused it.  Screenshots go to tests/artifacts/ (git-ignored)."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import URIRef
from typer.testing import CliRunner

from graph.build import build
from graph.cli import app
from graph.page import STATIC, VENDOR, embed_json, page_data, render_page
from graph.queries import run_query
from graph.visualise import to_networkx

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-extensions"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
S1SR = "https://w3id.org/smkg/id/consultation/dcc/s1sr/2021-07-27"
TMAD = "https://w3id.org/smkg/id/document/tmad"
IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
runner = CliRunner()


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium, headless; never a downloaded browser."""
    if not CHROMIUM.is_file():
        pytest.fail(f"the page tests need Chromium at {CHROMIUM} (Debian: apt-get install chromium); "
                    "do not run 'playwright install'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """A page opened in a fresh browser context, with what it asked for and what went wrong."""

    page: object
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def check(self) -> None:
        assert not self.errors, self.errors
        assert not self.dialogs, self.dialogs
        leaving = [u for u in self.requests if u != self.url]
        assert not leaving, f"requests leaving the file: {leaving}"

    def text(self, selector: str) -> str:
        return self.page.text_content(selector) or ""


@pytest.fixture
def visit(browser):
    contexts = []

    def open_page(path: Path) -> Visit:
        context = browser.new_context(viewport={"width": 1500, "height": 900}, java_script_enabled=True)
        contexts.append(context)
        seen = Visit(page=None, url=path.resolve().as_uri())

        def only_the_file(route):
            seen.requests.append(route.request.url)
            if route.request.url == seen.url:
                route.continue_()
            else:
                route.abort()

        context.route("**/*", only_the_file)
        page = context.new_page()
        page.on("request", lambda request: seen.requests.append(request.url))
        page.on("console", lambda msg: seen.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda err: seen.errors.append(f"page error: {err}"))

        def on_dialog(dialog):
            seen.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        seen.page = page
        page.goto(seen.url)
        page.wait_for_function("() => window.smkg && window.smkg.cy")
        return seen

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def corpus_page(corpus_store, tmp_path_factory) -> Path:
    """The bundled letters' page, written by the CLI."""
    path = tmp_path_factory.mktemp("viz") / "smkg.html"
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "-o", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == str(path)
    return path


def screenshot(visit_: Visit, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    visit_.page.screenshot(path=str(path))
    print(f"screenshot: {path}")
    return path


def search(visit_: Visit, words: str) -> None:
    visit_.page.fill("#search", words)
    visit_.page.wait_for_function("(q) => document.querySelector('#search-results').dataset.query === q",
                                  arg=words.strip().lower())


# --- without a browser -------------------------------------------------------

def test_the_page_is_one_self_contained_file(corpus_store, corpus_page):
    html = corpus_page.read_text(encoding="utf-8")
    assert html == render_page(corpus_store), "the same store must give the same bytes"
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", html, re.I)
    assert "@import" not in html and "sourceMappingURL" not in html
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1)
    assert "default-src 'none'" in csp and "connect-src" not in csp and "'unsafe-eval'" not in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 3
    import base64

    for script in scripts:  # each allowed by its hash, and nothing else is
        digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    block = re.search(r'<script type="application/json" id="smkg-data">(.*?)</script>', html, re.S).group(1)
    assert json.loads(block) == json.loads(json.dumps(page_data(corpus_store)))


def test_the_embedded_json_cannot_close_its_script():
    text = embed_json({"label": f"{SCRIPT} & {IMG}"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"label": f"{SCRIPT} & {IMG}"}


def test_the_vendored_files_are_those_listed_with_their_licences():
    listed = [line.split() for line in (VENDOR / "VERSIONS").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert {row[0] for row in listed} == {"cytoscape", "vis-timeline"}
    for package, version, name, sha256 in listed:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
        assert hashlib.sha256((VENDOR / name).read_bytes()).hexdigest() == sha256, name
    names = {row[2] for row in listed}
    assert {"cytoscape/cytoscape.min.js", "cytoscape/LICENSE", "vis-timeline/vis-timeline-graph2d.min.js",
            "vis-timeline/vis-timeline-graph2d.min.css", "vis-timeline/LICENSE.md"} <= names
    assert (VENDOR / "refresh").stat().st_mode & 0o111, "refresh must be executable"
    assert (STATIC / "page.html").is_file()


def test_cli_viz_errors_are_one_line(corpus_store, tmp_path):
    result = runner.invoke(app, ["viz", "--store", str(tmp_path / "nothing")])
    assert result.exit_code == 2 and result.output.count("\n") == 1 and "no store" in result.output
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "--document", "No Such Code",
                                 "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 2 and "No Such Code" in result.output and "TMAD" in result.output
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "--format", "gif"])
    assert result.exit_code == 2 and "unknown format" in result.output
    assert not (tmp_path / "x.html").exists()
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "--format", "svg", "--document", "No Such Code",
                                 "-o", str(tmp_path / "x.svg")])
    assert result.exit_code == 2 and result.output.startswith("error: ") and result.output.count("\n") == 1
    assert not (tmp_path / "x.svg").exists()


def test_cli_viz_draws_the_pictures(corpus_store, tmp_path):
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "-o", str(tmp_path / "lineage.svg")])
    assert result.exit_code == 0, result.output
    assert b"<svg" in (tmp_path / "lineage.svg").read_bytes()[:2000]
    result = runner.invoke(app, ["viz", "--store", str(corpus_store), "--format", "png", "-o",
                                 str(tmp_path / "timeline.png")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "timeline.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


# --- in Chromium -------------------------------------------------------------

def test_the_network_shows_every_thing_and_asks_for_nothing(corpus_store, corpus_page, visit):
    seen = visit(corpus_page)
    graph = to_networkx(corpus_store)
    assert seen.text("#node-count") == f"{graph.number_of_nodes()} things"
    assert seen.page.evaluate("() => smkg.cy.nodes().length") == graph.number_of_nodes()
    assert seen.page.evaluate("() => smkg.cy.edges().length") == graph.number_of_edges()
    kinds = seen.page.eval_on_selector_all("#legend input[type=checkbox]", "boxes => boxes.map(b => b.dataset.kind)")
    assert set(kinds) == {kind for _, kind in graph.nodes(data="kind")}
    screenshot(seen, "viz-network.png")
    seen.check()


def test_search_finds_tmad(corpus_page, visit):
    seen = visit(corpus_page)
    search(seen, "TMAD")
    first = seen.page.locator("#search-results button").first
    assert first.get_attribute("data-iri") == TMAD
    assert first.text_content().strip().startswith("TMAD")
    assert seen.page.evaluate(f"() => smkg.cy.getElementById('{TMAD}').hasClass('match')")
    first.click()
    seen.page.wait_for_function("(iri) => document.querySelector('#details').dataset.iri === iri", arg=TMAD)
    assert seen.text("#details h2") == "TMAD"
    seen.check()


def test_clicking_the_s1sr_consultation_shows_its_dates_and_words(corpus_store, corpus_page, visit):
    quotes = sorted({row["quote"] for row in run_query("evidence", corpus_store, node=URIRef(S1SR)) if row["quote"]},
                    key=len)
    assert quotes, "the store has evidence for the consultation"
    seen = visit(corpus_page)
    search(seen, "S1SR 2021-07-27")
    seen.page.click(f'#search-results button[data-iri="{S1SR}"]')
    seen.page.wait_for_function("(iri) => document.querySelector('#details').dataset.iri === iri", arg=S1SR)
    details = seen.text("#details")
    assert "2021-07-27" in details and "2021-08-20" in details
    for quote in (quotes[0], quotes[-1]):  # the shortest and the longest, word for word
        assert quote in details, quote
    assert "000_6923a674670ce851.txt, page 1, paragraph 2" in details

    # the same by a click on the canvas, where the node is drawn
    seen.page.click("#tab-lineage")
    seen.page.click("#tab-network")
    search(seen, "TMAD")
    seen.page.locator("#search-results button").first.click()
    seen.page.wait_for_function("(iri) => document.querySelector('#details').dataset.iri === iri", arg=TMAD)
    seen.page.wait_for_function("() => !smkg.cy.animated()")
    x, y = seen.page.evaluate("""(iri) => {
        const cy = smkg.cy, node = cy.getElementById(iri);
        cy.zoom(3); cy.center(node);
        const box = cy.container().getBoundingClientRect(), at = node.renderedPosition();
        return [box.left + at.x, box.top + at.y]; }""", S1SR)
    seen.page.mouse.click(x, y)
    seen.page.wait_for_function("(iri) => document.querySelector('#details').dataset.iri === iri", arg=S1SR)
    assert seen.page.evaluate(f"() => smkg.cy.getElementById('{S1SR}').selected()")
    screenshot(seen, "viz-details.png")
    seen.check()


def test_filters_by_kind_and_date(corpus_store, corpus_page, visit):
    graph = to_networkx(corpus_store)
    seen = visit(corpus_page)
    total = graph.number_of_nodes()
    assert seen.text("#shown-count") == f"{total} shown"
    seen.page.uncheck('#legend input[data-kind="organisation"]')
    organisations = sum(1 for _, kind in graph.nodes(data="kind") if kind == "organisation")
    assert seen.text("#shown-count") == f"{total - organisations} shown"
    seen.page.check('#legend input[data-kind="organisation"]')
    seen.page.fill("#date-from", "2021-07-01")
    seen.page.fill("#date-to", "2021-08-31")
    seen.page.uncheck("#undated")
    expected = {n for n, a in graph.nodes(data=True) if a.get("start") and a["start"][:10] <= "2021-08-31"
                and a["end"] >= "2021-07-01"}
    shown = set(seen.page.evaluate("() => smkg.cy.nodes().filter(n => n.style('display') !== 'none').map(n => n.id())"))
    assert shown == expected and S1SR in shown
    seen.check()


def test_the_lineage_runs_left_to_right(corpus_store, corpus_page, visit):
    seen = visit(corpus_page)
    seen.page.click("#tab-lineage")
    seen.page.wait_for_function("() => smkg.lineage() && smkg.lineage().nodes().length > 0")
    assert seen.page.input_value("#lineage-document") == TMAD  # the document with the most versions
    x = dict(seen.page.evaluate("() => smkg.lineage().nodes().map(n => [n.id(), n.position('x')])"))
    graph = to_networkx(corpus_store)
    versions = [s for s, _, k in graph.in_edges(TMAD, keys=True) if k == "isVersionOf"]
    consultations = [s for s, _, k in graph.in_edges(TMAD, keys=True) if k == "subjectDocument"]
    decisions = [s for s, _, k in graph.in_edges(TMAD, keys=True) if k == "designatesDocument"]
    assert set(versions) | set(consultations) | set(decisions) <= set(x)
    assert max(x[c] for c in consultations) < min(x[d] for d in decisions) < min(x[v] for v in versions)
    in_force = [n for n in x if n.endswith("#in-force")]
    assert in_force and min(x[n] for n in in_force) > max(x[v] for v in versions)
    seen.page.select_option("#lineage-document", "https://w3id.org/smkg/id/document/s1sr")
    seen.page.wait_for_function("() => smkg.lineage().getElementById('https://w3id.org/smkg/id/version/s1sr/11.0')"
                                ".nonempty()")
    screenshot(seen, "viz-lineage.png")
    seen.check()


def test_the_timeline_shows_the_consultations_in_date_order(corpus_store, corpus_page, visit):
    graph = to_networkx(corpus_store)
    consultations = {a["label"]: a["start"] for _, a in graph.nodes(data=True) if a["kind"] == "consultation"}
    by_text = {a["sources"][0] for _, a in graph.nodes(data=True) if a["kind"] == "consultation"}
    assert len(by_text) == 2, "both letters have consultations"
    seen = visit(corpus_page)
    seen.page.click("#tab-timeline")
    seen.page.wait_for_selector("#timeline .vis-timeline", state="visible")
    seen.page.wait_for_function("() => document.querySelectorAll('#timeline .vis-item.consultation').length > 0")
    drawn = seen.page.eval_on_selector_all(
        "#timeline .vis-item.consultation",
        "items => items.map(i => [i.textContent.trim(), i.getBoundingClientRect().left])")
    left: dict[str, float] = {}
    for text, x in drawn:
        left[text] = min(x, left.get(text, x))
    assert set(left) == set(consultations)
    assert sorted(left, key=left.get) == sorted(consultations, key=lambda label: (consultations[label], label))
    assert len(set(left.values())) == len(left)
    seen.page.locator("#timeline .vis-item.consultation", has_text="2021-07-27").first.click()
    seen.page.wait_for_function("(iri) => document.querySelector('#details').dataset.iri === iri", arg=S1SR)
    screenshot(seen, "viz-timeline.png")
    seen.check()


# --- a hostile letter --------------------------------------------------------

@pytest.fixture(scope="module")
def hostile_page(tmp_path_factory) -> Path:
    """A letter whose title and words carry markup and a script end tag."""
    folder = tmp_path_factory.mktemp("hostile-page")
    (folder / "markup.txt").write_text(
        "Department for Business, Energy & Industrial Strategy\n\n4 November 2021\n\nDear Colleague,\n\n"
        f"{IMG} {SCRIPT} RE-DESIGNATION OF TMAD\n\n1. Between 14 September 2021 and 28 September 2021, DCC "
        f"consulted on changes to the S1SR {IMG}.\n\nYours faithfully,\n\nJane Doe\n", encoding="utf-8")
    store = folder / "store"
    build([folder / "markup.txt"], store, validate=False)
    assert any(IMG in str(label) for _, label in to_networkx(store).nodes(data="label"))
    path = folder / "smkg.html"
    path.write_text(render_page(store), encoding="utf-8")
    return path


def test_markup_in_a_letter_is_shown_as_text(hostile_page, visit):
    html = hostile_page.read_text(encoding="utf-8")
    assert IMG not in html and SCRIPT not in html and "<img" not in html
    seen = visit(hostile_page)
    search(seen, "re-designation of tmad")
    result = seen.page.locator("#search-results button").first
    assert f"{IMG} {SCRIPT} RE-DESIGNATION OF TMAD" in result.text_content()
    result.click()
    seen.page.wait_for_function("() => document.querySelector('#details h2')")
    assert seen.text("#details h2") == f"{IMG} {SCRIPT} RE-DESIGNATION OF TMAD"
    search(seen, "S1SR 2021-09-14")
    seen.page.locator("#search-results button").first.click()
    seen.page.wait_for_function("() => document.querySelector('#details blockquote')")
    assert f"S1SR {IMG}" in seen.text("#details")
    seen.page.click("#tab-timeline")
    seen.page.wait_for_selector("#timeline .vis-timeline", state="visible")
    seen.page.wait_for_timeout(200)
    assert seen.page.evaluate("() => document.querySelectorAll('img').length") == 0
    assert seen.page.evaluate("() => document.scripts.length") == 4  # the data and the three inlined scripts
    assert seen.page.evaluate("() => [...document.scripts].every(s => !s.src)")
    screenshot(seen, "viz-hostile.png")
    seen.check()


# --- the Cytoscape.js export -------------------------------------------------

def test_the_cyjs_export_loads_in_cytoscape(corpus_store, browser):
    from graph.networks import export_network

    document = json.loads(export_network(corpus_store, "cyjs"))
    graph = to_networkx(corpus_store)
    context = browser.new_context()
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda err: errors.append(str(err)))
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.set_content("<!DOCTYPE html><html><body></body></html>")
        page.add_script_tag(content=(VENDOR / "cytoscape" / "cytoscape.min.js").read_text(encoding="utf-8"))
        counts = page.evaluate("""(doc) => {
            const cy = cytoscape({ headless: true, elements: doc.elements });
            const again = cytoscape({ headless: true });
            again.json(doc);
            return [cy.nodes().length, cy.edges().length, again.nodes().length, again.edges().length,
                    cy.edges().filter(e => e.source().empty() || e.target().empty()).length];
        }""", document)
        assert counts == [graph.number_of_nodes(), graph.number_of_edges()] * 2 + [0]
        assert not errors, errors
    finally:
        context.close()
