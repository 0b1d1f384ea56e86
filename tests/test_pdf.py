"""PDF sources: a letter rendered to PDF (text layer) and scanned (images only,
read by OCR) gives the facts of its plain text; broken PDFs are named, not fatal.

The letters are rendered here from the bundled corpus texts, one PDF line per
text line and LINES_PER_PAGE lines a page, so every letter spans several pages.
OCR needs the real tesseract program: where it is missing these tests fail
(they never skip), and the README's test command installs it.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from pathlib import Path

import pypdfium2 as pdfium
import pytesseract
import pytest
import yaml
from rdflib import Literal
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

from graph import ocr
from graph.build import SOURCE_SUFFIXES, build, read_text
from graph.cli import app
from graph.documents import Document, InputError, read_document
from graph.facts import Ref
from graph.namespace import SMKG
from graph.ocr import Line
from graph.pdf import lay_out
from graph.resources import corpus_dir
from graph.triples import to_graph

LINES_PER_PAGE = 45
FONT = "Helvetica"
MARGIN = 56.0
MISREADS = Path(__file__).parent / "fixtures" / "ocr_misreads.yaml"
LETTERS = sorted(corpus_dir().glob("*.txt"))


# -- rendering the corpus letters ---------------------------------------------

def render_text_pdf(txt: Path, pdf: Path) -> int:
    """Draw each line of ``txt`` as one PDF line; returns the number of pages."""
    lines = txt.read_text(encoding="utf-8").replace("\r\n", "\n").split("\n")
    for line in lines:  # the standard Helvetica font is WinAnsi (cp1252) encoded
        line.encode("cp1252")
    width, height = A4
    size = min(10.0, (width - 2 * MARGIN) / max(stringWidth(line, FONT, 1.0) for line in lines))
    c = canvas.Canvas(str(pdf), pagesize=A4, invariant=1)
    pages = 0
    for first in range(0, len(lines), LINES_PER_PAGE):
        y = height - MARGIN
        c.setFont(FONT, size)
        for line in lines[first:first + LINES_PER_PAGE]:
            c.drawString(MARGIN, y, line)
            y -= 1.2 * size
        c.showPage()
        pages += 1
    c.save()
    return pages


def page_images(pdf: Path, dpi: int = 300) -> list:
    doc = pdfium.PdfDocument(str(pdf))
    try:
        return [doc[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(doc))]
    finally:
        doc.close()


def render_scanned_pdf(pdf: Path, scanned: Path) -> None:
    """An image-only PDF of ``pdf``'s pages, as a scanner would give it."""
    images = page_images(pdf)
    images[0].save(scanned, save_all=True, append_images=images[1:], resolution=300.0)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, tuple[Path, Path, int]]:
    """Each corpus letter: its text, its text-layer PDF and that PDF's page count."""
    out = tmp_path_factory.mktemp("pdf")
    found = {}
    for txt in LETTERS:
        pdf = out / f"{txt.stem}.pdf"
        found[txt.stem] = (txt, pdf, render_text_pdf(txt, pdf))
    return found


@pytest.fixture(scope="module")
def scanned(rendered, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scan")
    found = {}
    for stem, (_, pdf, _) in rendered.items():
        found[stem] = out / f"{stem}.pdf"
        render_scanned_pdf(pdf, found[stem])
    return found


def key(fact) -> tuple:
    return (fact.subject, fact.prop, fact.value)


def facts_by_key(facts) -> dict[tuple, list]:
    out = defaultdict(list)
    for f in facts:
        out[key(f)].append(f)
    return out


def check_evidence(doc: Document, facts) -> None:
    for f in facts:
        ev = f.evidence
        assert ev.quote == doc.text[ev.start:ev.end], f
        assert ev.page == doc.page_of(ev.start), f
        assert 1 <= ev.page <= len(doc.page_starts), f


letters = pytest.mark.parametrize("stem", [p.stem for p in LETTERS])


def test_the_corpus_has_letters_to_render():
    assert LETTERS and ".pdf" in SOURCE_SUFFIXES


# -- text layer -----------------------------------------------------------------

@letters
def test_text_layer_pdf_gives_the_facts_of_the_text(rendered, stem):
    txt, pdf, pages = rendered[stem]
    assert pages >= 2, "the letter should span several pages"
    text_doc, pdf_doc = read_document(txt), read_document(pdf)
    assert (pdf_doc.media_type, pdf_doc.encoding) == ("application/pdf", "pdf")
    assert pdf_doc.page_methods == ("pdf-text",) * pages
    assert len(pdf_doc.page_starts) == pages
    text_facts, pdf_facts = read_text(text_doc).facts, read_text(pdf_doc).facts
    assert text_facts, "the extractors read nothing from the text"
    assert {key(f) for f in pdf_facts} == {key(f) for f in text_facts}
    check_evidence(pdf_doc, pdf_facts)


@letters
def test_text_layer_evidence_is_on_the_page_the_line_was_drawn(rendered, stem):
    """A fact read from line n of the text is on page n // LINES_PER_PAGE + 1 of the PDF."""
    txt, pdf, pages = rendered[stem]
    text_doc, pdf_doc = read_document(txt), read_document(pdf)
    drawn = facts_by_key(read_text(text_doc).facts)
    read = facts_by_key(read_text(pdf_doc).facts)
    expected = {k: sorted(text_doc.text.count("\n", 0, f.evidence.start) // LINES_PER_PAGE + 1 for f in fs)
                for k, fs in drawn.items()}
    got = {k: sorted(f.evidence.page for f in fs) for k, fs in read.items()}
    assert got == expected
    assert max(p for ps in got.values() for p in ps) > 1, "no fact from a later page"


def test_build_reads_a_pdf_into_the_store(rendered, tmp_path):
    txt, pdf, pages = rendered[LETTERS[0].stem]
    summary = build([pdf], tmp_path / "out")
    assert summary.texts == 1 and not summary.errors
    assert summary.facts == read_text(read_document(txt)).count
    trig = (tmp_path / "out" / "graph.trig").read_text(encoding="utf-8")
    assert '"application/pdf"' in trig and pdf.name in trig


def test_pages_are_joined_by_form_feeds_and_every_line_ends(rendered):
    _, pdf, pages = next(iter(rendered.values()))
    doc = read_document(pdf)
    assert doc.text.count("\f") == pages - 1
    for start in doc.page_starts[1:]:
        assert doc.text[start - 2:start] == "\n\f"
    assert doc.text.endswith("\n")


def test_document_stays_constructible_with_six_fields():
    doc = Document("a.txt", "0" * 64, "text/plain", "utf-8", "one\ftwo", (0, 4))
    assert doc.page_methods == () and doc.page_of(5) == 2


def test_plain_text_pages_say_how_they_were_read(tmp_path):
    path = tmp_path / "two.txt"
    path.write_text("page one\fpage two\n", encoding="utf-8")
    assert read_document(path).page_methods == ("text", "text")


# -- layout of lines into text --------------------------------------------------

def _lines(tops: list[float], height: float = 9.0) -> list[Line]:
    return [Line(t, t + height, f"line {i}") for i, t in enumerate(tops)]


def test_lay_out_keeps_blank_lines_where_the_page_leaves_space():
    single = [0, 10.8, 21.6, 32.4]
    assert lay_out(_lines(single)) == "line 0\nline 1\nline 2\nline 3\n"
    assert lay_out(_lines([0, 10.8, 32.4, 43.2])) == "line 0\nline 1\n\nline 2\nline 3\n"
    assert lay_out(_lines([0, 10.8, 54.0])) == "line 0\nline 1\n\n\n\nline 2\n"
    # a paragraph break of about a third of a line more than the pitch is a break
    assert lay_out(_lines([0, 10.8, 21.6, 36.0])) == "line 0\nline 1\nline 2\n\nline 3\n"
    assert lay_out([]) == ""


def test_lay_out_keeps_a_line_s_indent_as_spaces():
    lines = [Line(0, 9, "flush", 56.0), Line(10.8, 19.8, "one space in", 58.5), Line(21.6, 30.6, "four", 66.0)]
    assert lay_out(lines) == "flush\n one space in\n    four\n"


def test_lay_out_of_a_double_spaced_page_keeps_its_blank_lines():
    assert lay_out(_lines([0, 21.6, 43.2])) == "line 0\n\nline 1\n\nline 2\n"


# -- scanned PDFs (OCR) --------------------------------------------------------

def test_tesseract_is_installed():
    """OCR needs the tesseract program: a machine without it fails here, by design."""
    assert ocr.check_tesseract()


def _misreads() -> list[dict]:
    entries = yaml.safe_load(MISREADS.read_text(encoding="utf-8"))["misreads"] or []
    for e in entries:
        assert {"prop", "text", "ocr", "why"} <= set(e), e
        assert e["text"] is not None or e["ocr"] is not None, e
        assert str(e["why"]).strip(), e
    return entries


def _unexplained(text_facts: set, scan_facts: set, entries: list[dict], file_name: str) -> tuple[list, list]:
    """The differences between the fact keys of the text and of the scan that
    no entry of the misreads file explains.

    An entry with both sides explains a fact read from the text only together
    with a fact of the same property read from the scan only: a misread value.
    Where the thing's key is minted from that value, the scan's fact has a new
    subject; the scan's facts about that subject (and references to it) are
    then compared under the text's key.  An entry with one side null explains
    a lost or a spurious fact alone."""

    def fits(entry: dict, side: str, fact_key: tuple) -> bool:
        return (entry.get("file") in (None, file_name) and entry["prop"] == fact_key[1]
                and entry[side] is not None and re.fullmatch(entry[side], str(fact_key[2]), re.S) is not None)

    lost, added = text_facts - scan_facts, scan_facts - text_facts
    text_subjects = {k[0] for k in text_facts}
    paired, renames = set(), {}
    for e in entries:
        for t in (t for t in lost if fits(e, "text", t)):
            for o in (o for o in added if fits(e, "ocr", o)):
                if o[0] == t[0] or o[0] not in text_subjects:
                    paired |= {t, o}
                    if o[0] != t[0]:
                        renames[o[0]] = t[0]

    def rekey(name: str) -> str:  # keys of things inside a renamed one start with its key
        for old, new in renames.items():
            if name == old or name.startswith(old + "/"):
                return new + name[len(old):]
        return name

    def renamed(k: tuple) -> tuple:
        subject, prop, value = k
        return (rekey(subject), prop, Ref(rekey(value.key)) if isinstance(value, Ref) else value)

    lost = {k for k in lost if k not in paired}
    added = {renamed(k) for k in added if k not in paired}
    lost, added = lost - added, added - lost
    lost = {k for k in lost if not any(e["ocr"] is None and fits(e, "text", k) for e in entries)}
    added = {k for k in added if not any(e["text"] is None and fits(e, "ocr", k) for e in entries)}
    return sorted(lost, key=repr), sorted(added, key=repr)


def test_misreads_file_is_well_formed():
    for e in _misreads():
        for side in ("text", "ocr"):
            if e[side] is not None:
                re.compile(e[side])


@pytest.mark.slow
@letters
def test_scanned_pdf_gives_the_facts_of_the_text_but_listed_misreads(rendered, scanned, stem):
    txt, _, pages = rendered[stem]
    text_doc, scan_doc = read_document(txt), read_document(scanned[stem])
    assert scan_doc.page_methods == ("ocr",) * pages
    assert len(scan_doc.page_starts) == pages
    text_facts = {key(f) for f in read_text(text_doc).facts}
    scan_read = read_text(scan_doc).facts
    scan_facts = {key(f) for f in scan_read}
    check_evidence(scan_doc, scan_read)
    entries = _misreads()
    lost, added = _unexplained(text_facts, scan_facts, entries, txt.name)
    assert not lost and not added, (
        f"OCR changed facts not listed in {MISREADS.name}:\n  read from the text only: {lost}\n"
        f"  read from the scan only: {added}")
    assert len(text_facts & scan_facts) >= 0.8 * len(text_facts), "most facts must survive OCR unchanged"
    assert max(f.evidence.page for f in scan_read) > 1


def test_ocr_is_deterministic(rendered, tmp_path):
    _, pdf, _ = next(iter(rendered.values()))
    scan = tmp_path / "page.pdf"
    page_images(pdf)[0].save(scan, resolution=300.0)
    with ocr.Scans(scan.read_bytes()) as scans:
        first, second = scans.read(0), scans.read(0)
    assert first == second and len(first) > 10


def test_a_pdf_with_a_text_page_and_a_scanned_page(rendered, tmp_path):
    _, pdf, _ = next(iter(rendered.values()))
    image = page_images(pdf)[0]
    mixed = tmp_path / "mixed.pdf"
    c = canvas.Canvas(str(mixed), pagesize=A4, invariant=1)
    c.setFont(FONT, 11)
    c.drawString(72, 760, "A page with a text layer.")
    c.showPage()
    width, height = A4
    c.drawInlineImage(image, 0, 0, width, height)
    c.showPage()
    c.save()
    doc = read_document(mixed)
    assert doc.page_methods == ("pdf-text", "ocr")
    assert doc.text.startswith("A page with a text layer.\n\f")
    first_line = read_document(pdf).text.split("\n", 1)[0]
    at = doc.text.find(first_line.split()[0], doc.page_starts[1])
    assert at > 0 and doc.page_of(at) == 2
    graph = to_graph(doc, read_text(doc))  # the graph says which page was read by OCR
    assert set(graph.objects(None, SMKG.ocrPage)) == {Literal(2)}


def test_missing_tesseract_names_the_file_and_the_install_command(tmp_path, monkeypatch):

    image_pdf = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(tmp_path / "text.pdf"), pagesize=A4)
    c.drawString(72, 760, "Some words to scan.")
    c.save()
    page_images(tmp_path / "text.pdf")[0].save(image_pdf, resolution=300.0)
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))
    with pytest.raises(InputError) as err:
        read_document(image_pdf)
    message = str(err.value)
    assert "scan.pdf" in message and "page 1" in message
    assert "apt-get install tesseract-ocr" in message


def test_a_blank_page_in_a_text_pdf_needs_no_ocr(tmp_path, monkeypatch):
    """A page with neither text nor image is blank, not a scan: reading the
    PDF must not call tesseract (here made unreachable)."""
    path = tmp_path / "two.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawString(72, 760, "Page one.")
    c.showPage()
    c.showPage()
    c.save()
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))
    doc = read_document(path)
    assert doc.page_methods == ("pdf-text", "pdf-text")
    assert doc.text.startswith("Page one.\n")


# -- errors --------------------------------------------------------------------

def test_a_corrupt_pdf_is_an_input_error_naming_the_file(tmp_path):
    bad = tmp_path / "corrupt.pdf"
    bad.write_bytes(random.Random(0).randbytes(4096))
    with pytest.raises(InputError, match="corrupt.pdf"):
        read_document(bad)


def test_an_empty_pdf_is_an_input_error(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="empty.pdf"):
        read_document(empty)


def test_a_truncated_pdf_is_an_input_error(rendered, tmp_path):
    _, pdf, _ = next(iter(rendered.values()))
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:300])
    with pytest.raises(InputError, match="cut.pdf"):
        read_document(cut)


def test_an_encrypted_pdf_is_an_input_error_naming_the_file(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    locked = tmp_path / "locked.pdf"
    c = canvas.Canvas(str(locked), pagesize=A4,
                      encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret", strength=128))
    c.drawString(72, 760, "Not for your eyes.")
    c.save()
    with pytest.raises(InputError, match=r"locked\.pdf.*encrypted"):
        read_document(locked)


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    """No user password (only an owner password): any reader opens it, and so do we."""
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = tmp_path / "owner.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=StandardEncryption("", ownerPassword="owner", strength=128))
    c.drawString(72, 760, "Read me.")
    c.save()
    assert read_document(path).text == "Read me.\n"


def test_a_pdf_with_only_a_blank_page_holds_no_text(tmp_path):
    path = tmp_path / "blank.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.showPage()
    c.save()
    with pytest.raises(InputError, match=r"blank\.pdf.*no text"):
        read_document(path)


def test_build_reads_the_good_text_and_names_the_corrupt_pdf(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    good = LETTERS[0]
    (src / good.name).write_bytes(good.read_bytes())
    (src / "broken.pdf").write_bytes(random.Random(1).randbytes(2048))
    result = CliRunner().invoke(app, ["build", str(src), "--store", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "texts read: 1" in lines
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and "broken.pdf" in errors[0]
