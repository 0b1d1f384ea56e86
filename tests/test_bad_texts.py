"""Bad source texts never crash a build, never lose data, and are named clearly.

Each bad input is refused with a message naming the file (and the line or
page where there is one): built alone, ``smkg build`` exits 2 and leaves a
previous store as it was; built with good texts, it exits 0, lists the error
in its summary (``error: FILE: ...``) and builds the others.  Inputs that are
only untidy (another encoding, mojibake, control and invisible characters,
ligatures, decomposed accents) are read as the clean text they stand for.

``fixtures/bad/`` holds a short notice (``notice.txt``, clean UTF-8) and the
same notice in cp1252, garbled into mojibake and in UTF-16 LE with a byte order
mark, and a web page saved as ``web-page.pdf``; the rest is made here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pypdfium2 as pdfium
import pytesseract
import pytest
from rdflib import Dataset, Literal
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas
from typer.testing import CliRunner

import graph.documents as documents
import graph.pdf as pdf_module
from graph import iris
from graph.build import read_text
from graph.cli import app
from graph.documents import InputError, normalise, read_document
from graph.namespace import OA, RDF, SMKG
from graph.resources import corpus_dir
from graph.triples import to_graph

FIXTURES = Path(__file__).parent / "fixtures" / "bad"
NOTICE = FIXTURES / "notice.txt"
CLEAN = NOTICE.read_text(encoding="utf-8")
GOOD = sorted(corpus_dir().glob("*.txt"))[-1]  # the shorter bundled letter
LETTER = sorted(corpus_dir().glob("*.txt"))[0]
#: Characters XML 1.0 forbids (so RDF/XML and TriX exports could not carry them).
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def smkg_build(*args) -> object:
    """``smkg build`` in this process, on one core, without validation (its own tests cover it)."""
    return CliRunner().invoke(app, ["build", *map(str, args), "--no-validate", "-j", "1"])


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error: ")]


def facts(path: Path) -> set[tuple]:
    return {(f.subject, f.prop, f.value) for f in read_text(read_document(path)).facts}


def source_graphs(store: Path) -> dict[str, int]:
    ds = Dataset()
    ds.parse(store / "graph.trig", format="trig")
    return {str(g.identifier).rsplit("/", 1)[-1]: len(g) for g in ds.graphs()
            if "/graph/source/" in str(g.identifier) and len(g)}


# -- making bad inputs -------------------------------------------------------------

def text_pdf(path: Path, lines: list[str], pages: int = 1, **kwargs) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, **kwargs)
    for _ in range(pages):
        c.setFont("Helvetica", 11)
        for i, line in enumerate(lines):
            c.drawString(72, 760 - 14 * i, line)
        c.showPage()
    c.save()
    return path


def scanned_pdf(path: Path, lines: list[str]) -> Path:
    """An image-only PDF of a page holding ``lines``, as a scanner gives it."""
    text = text_pdf(path.with_name(path.stem + "-text.tmp"), lines)
    doc = pdfium.PdfDocument(str(text))
    try:
        image = doc[0].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        doc.close()
    text.unlink()
    image.save(path, resolution=300.0)
    return path


def bomb_pdf(path: Path, inflated: int = 300 * 2**20, image: tuple[int, int] | None = None) -> Path:
    """A one-page PDF whose content stream is ``inflated`` bytes of zeros, deflated to a few hundred kB; or, given
    an ``image``'s width and height, whose page is that image, white, in one deflated stream."""
    deflate = zlib.compressobj(9)
    if image:
        inflated, block = image[0] * image[1], b"\xff" * image[0]
    else:
        block = b"0" * 2**20
    stream = b"".join(deflate.compress(block) for _ in range(inflated // len(block))) + deflate.flush()
    flate = b"/Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(stream), stream)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]
    if image:
        drawn = b"q 595 0 0 842 0 0 cm /Im0 Do Q"
        objects += [page + b" /Resources << /XObject << /Im0 5 0 R >> >> >>",
                    b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawn), drawn),
                    b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                    b"/BitsPerComponent 8 " % image + flate]
    else:
        objects += [page + b" >>", b"<< " + flate]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % at for at in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(bytes(out))
    return path


def _write(data: bytes) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        path.write_bytes(data)
        return path
    return make


def _locked(path: Path) -> Path:
    from reportlab.lib.pdfencrypt import StandardEncryption

    return text_pdf(path, ["Not for your eyes."],
                    encrypt=StandardEncryption("user-secret", ownerPassword="owner-secret", strength=128))


def _cut(path: Path) -> Path:
    whole = text_pdf(path.with_name("whole.tmp"), ["Dear Colleague,", "A letter of two pages."], pages=2)
    data = whole.read_bytes()
    whole.unlink()
    path.write_bytes(data[:len(data) // 2])
    return path


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to(path.with_name("gone.txt"))
    return path


def _deny(monkeypatch, tmp_path: Path) -> None:
    """Reading unreadable.txt is refused, as chmod 000 would for anyone but root."""
    real = os.open

    def deny(path, *args, **kwargs):
        if str(path).endswith("unreadable.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(documents.os, "open", deny)


def _no_tesseract(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", str(tmp_path / "no-such-tesseract"))


@dataclass(frozen=True)
class Bad:
    name: str
    make: Callable[[Path], Path]
    message: str  # a regular expression the error line matches after the file's name
    setup: Callable | None = None  # (monkeypatch, tmp_path): caps made small, tesseract made missing


BAD = [
    Bad("empty.txt", _write(b""), r"the file holds no text \(it is empty\)"),
    Bad("blank.txt", _write(b"  \n\t\r\n \f \n"), r"the file holds no text \(only white space\)"),
    Bad("invisible.txt", _write("\x00\x00\u200b\u00ad\ufeff\n\x07\x1b".encode()),
        r"the file holds no text \(only control or invisible characters\)"),
    Bad("undecodable.txt", _write(b"Dear Colleague,\n\nThe byte \x81 fits no code page.\n"),
        r"not text in UTF-8, UTF-16 or cp1252: line 3, byte 26 \(0x81\)"),
    Bad("broken-utf16.txt", _write(b"\xff\xfe" + "Dear".encode("utf-16-le") + b"\x00\xd8" + "x".encode("utf-16-le")),
        r"starts with a UTF-16-LE byte order mark but is not UTF-16-LE text: line 1, byte 10"),
    Bad("too-big.txt", _write(b"Dear Colleague,\n" * 2000),
        r"too large to read \(32000 bytes; the limit for this kind of source is 20000 bytes\)",
        lambda mp, _: mp.setattr(documents, "MAX_TEXT_BYTES", 20000)),
    Bad("too-big.pdf", _write(b"%PDF-1.4\n%" + b"x" * 1_500_000 + b"\n%%EOF\n"),
        r"too large to read \(1\.4 MB; the limit for this kind of source is 1\.0 MB\)",
        lambda mp, _: mp.setattr(documents, "MAX_PDF_BYTES", 2**20)),
    Bad("too-many-pages.pdf", lambda p: text_pdf(p, ["A page."], pages=3),
        r"too many pages to read \(3; the limit is 2\)", lambda mp, _: mp.setattr(pdf_module, "MAX_PDF_PAGES", 2)),
    Bad("locked.pdf", _locked, r"the PDF is encrypted and needs a password"),
    Bad("cut.pdf", _cut, r"the PDF is cut short \(no %%EOF at its end"),
    Bad("web-page.pdf", lambda p: shutil.copy(FIXTURES / "web-page.pdf", p) and p,
        r"not a PDF: it holds HTML \(a web page saved under a \.pdf name\?\)"),
    Bad("notes.pdf", lambda p: shutil.copy(NOTICE, p) and p,
        r"not a PDF: it holds plain text \(name it \.txt to read it as text\)"),
    Bad("bomb.pdf", bomb_pdf, r"a compressed stream at byte \d+ \(a page's content or other object\) inflates "
        r"to more than 32 MB, the limit: a decompression bomb\? Refused"),
    Bad("scan.pdf", lambda p: scanned_pdf(p, ["Dear Colleague,", "A scanned letter."]),
        r"page 1 has no text layer and needs OCR, but the tesseract OCR program is not installed \(apt-get install",
        _no_tesseract),
    Bad("pipe.txt", _fifo, r"a named pipe \(FIFO\), not a file; skipped"),
    Bad("folder.txt", lambda p: p.mkdir() or p, r"a folder, not a file; skipped"),
    Bad("dangling.txt", _dangling, r"a broken symbolic link \(to .*gone\.txt\), skipped"),
    Bad("unreadable.txt", _write(b"Dear Colleague,\n"), r"cannot be read \(Permission denied\)", _deny),
]


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> Path:
    """A store built before from one good letter."""
    store = tmp_path_factory.mktemp("previous") / "store"
    result = smkg_build(GOOD, "--store", store)
    assert result.exit_code == 0, result.output
    return store


@pytest.mark.parametrize("bad", BAD, ids=lambda b: b.name)
def test_a_bad_input_alone_exits_2_names_the_file_and_leaves_the_store_as_it_was(bad, previous, tmp_path,
                                                                                  monkeypatch):
    if bad.setup:
        bad.setup(monkeypatch, tmp_path)
    folder = tmp_path / "in"
    folder.mkdir()
    path = bad.make(folder / bad.name)
    store = tmp_path / "store"
    shutil.copytree(previous, store)
    result = smkg_build(folder, "--store", store)
    assert result.exit_code == 2, result.output
    assert "texts read: 0" in result.output
    assert len(errors(result.output)) == 1, result.output
    assert re.fullmatch(f"error: {re.escape(str(path))}: {bad.message}.*", errors(result.output)[0]), result.output
    for name in ("graph.trig", "cache.json"):
        assert (store / name).read_bytes() == (previous / name).read_bytes(), name


def test_bad_inputs_beside_good_ones_are_listed_and_the_good_ones_built(previous, tmp_path, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    for bad in BAD:
        if bad.setup:
            bad.setup(monkeypatch, tmp_path)
    bad_paths = {bad.name: (bad.make(folder / bad.name), bad.message) for bad in BAD}
    shutil.copy(GOOD, folder / GOOD.name)
    shutil.copy(NOTICE, folder / NOTICE.name)
    result = smkg_build(folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "texts read: 2" in result.output
    listed = errors(result.output)
    assert len(listed) == len(BAD), result.output
    for path, message in bad_paths.values():
        assert any(re.fullmatch(f"error: {re.escape(str(path))}: {message}.*", line) for line in listed), path
    graphs = source_graphs(tmp_path / "store")
    assert set(graphs) == {GOOD.name, NOTICE.name}
    assert graphs[GOOD.name] == source_graphs(previous)[GOOD.name]


def test_a_broken_link_named_on_the_command_line_is_named(tmp_path):
    link = _dangling(tmp_path / "letter.txt")
    result = smkg_build(link, "--store", tmp_path / "store")
    assert result.exit_code == 2 and "letter.txt" in result.output


def test_a_library_failing_on_a_source_is_an_input_error_naming_it(tmp_path, monkeypatch):
    import graph.pdf

    def fails(path, data):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(graph.pdf, "read_pdf", fails)
    path = text_pdf(tmp_path / "deep.pdf", ["Some text."])
    with pytest.raises(InputError, match=r"deep\.pdf: could not be read \(RecursionError: maximum recursion"):
        read_document(path)


def test_read_document_raises_input_error_naming_the_file_for_each_bad_input(tmp_path, monkeypatch):
    for bad in BAD:
        if bad.setup:
            bad.setup(monkeypatch, tmp_path)
        path = bad.make(tmp_path / bad.name)
        with pytest.raises(InputError) as err:
            read_document(path)
        assert re.fullmatch(f"{re.escape(str(path))}: {bad.message}.*", str(err.value)), str(err.value)


# -- size limits and the decompression bomb -------------------------------------------

def test_the_size_limits_are_documented_constants():
    assert documents.MAX_TEXT_BYTES == 20 * 2**20 and documents.MAX_PDF_BYTES == 200 * 2**20
    assert pdf_module.MAX_PDF_PAGES == 2000
    assert pdf_module.MAX_INFLATED == 256 * 2**20 and pdf_module.MAX_INFLATED_CONTENT == 32 * 2**20
    for name in ("MAX_TEXT_BYTES", "MAX_PDF_BYTES"):
        assert name in documents.__doc__
    for name in ("MAX_PDF_PAGES", "MAX_INFLATED", "MAX_INFLATED_CONTENT"):
        assert name in pdf_module.__doc__


def test_a_decompression_bomb_is_refused_without_inflating_it(tmp_path):
    """300 MB of zeros in a 300 kB PDF: refused, by a process that grows by far less than the bomb inflates to
    (measured against the same process reading nothing; no timing is asserted, the timeout only guards a hang)."""
    bomb = bomb_pdf(tmp_path / "bomb.pdf")
    assert bomb.stat().st_size < 400_000
    probe = ("import resource, sys\nfrom pathlib import Path\nfrom graph.documents import InputError, "
             "read_document\nimport pdfplumber\nbefore = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
             "try:\n    read_document(Path(sys.argv[1]))\nexcept InputError as err:\n    print(err)\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)\n")
    done = subprocess.run([sys.executable, "-c", probe, str(bomb)], capture_output=True, text=True, timeout=300,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    message, grown_kb = done.stdout.splitlines()
    assert "bomb.pdf" in message and "decompression bomb" in message
    assert int(grown_kb) < 100 * 1024, f"grew by {int(grown_kb) // 1024} MB reading a 300 MB bomb"


def test_a_pdf_declaring_more_pages_than_the_limit_is_refused_before_its_pages_are_made(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 10)
    path = bomb_pdf(tmp_path / "many.pdf", inflated=2**20)
    data = path.read_bytes()
    assert data.count(b" /Count 1 >>") == 1
    path.write_bytes(data.replace(b" /Count 1 >>", b"/Count 900>>"))  # as long: the offsets stay right
    with pytest.raises(InputError, match=r"many\.pdf: too many pages to read \(900; the limit is 10\)"):
        read_document(path)


def test_a_large_image_stream_is_measured_against_the_larger_cap(tmp_path, monkeypatch):
    """An image may inflate to MAX_INFLATED, a page's drawing operators only to MAX_INFLATED_CONTENT."""
    monkeypatch.setattr(pdf_module, "MAX_INFLATED_CONTENT", 2**20)
    path = bomb_pdf(tmp_path / "scan.pdf", image=(2480, 3508))  # an A4 page at 300 dpi: 8.7 MB inflated
    pdf_module.check_pdf(path, path.read_bytes())
    with pytest.raises(InputError, match="scan.pdf: the PDF holds no text"):  # a blank page: OCR reads nothing
        read_document(path)
    monkeypatch.setattr(pdf_module, "MAX_INFLATED", 2**20)
    with pytest.raises(InputError, match=r"scan\.pdf: a compressed stream .* \(an image or font\) inflates"):
        pdf_module.check_pdf(path, path.read_bytes())


# -- PDFs that are fine -------------------------------------------------------------

def test_a_pdf_locked_only_against_editing_is_built(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    path = text_pdf(tmp_path / "owner.pdf", ["Read me."], encrypt=StandardEncryption("", ownerPassword="owner"))
    result = smkg_build(path, "--store", tmp_path / "store")
    assert result.exit_code == 0 and "texts read: 1" in result.output and not errors(result.output), result.output
    assert read_document(path).text == "Read me.\n"


def test_a_scanned_pdf_is_read_by_ocr_never_an_empty_success(tmp_path):
    path = scanned_pdf(tmp_path / "scan.pdf", ["Dear Colleague,", "The consultation closes on 24 March 2022."])
    doc = read_document(path)
    assert doc.page_methods == ("ocr",)
    assert "24 March 2022" in doc.text


# -- encodings ------------------------------------------------------------------------

ENCODED = {
    "notice-cp1252.txt": ("cp1252", lambda: (FIXTURES / "notice-cp1252.txt").read_bytes()),
    "notice-mojibake.txt": ("utf-8", lambda: (FIXTURES / "notice-mojibake.txt").read_bytes()),
    "notice-utf16le-bom.txt": ("utf-16-le", lambda: (FIXTURES / "notice-utf16le-bom.txt").read_bytes()),
    "utf8-bom.txt": ("utf-8-sig", lambda: b"\xef\xbb\xbf" + CLEAN.encode("utf-8")),
    "utf16be-bom.txt": ("utf-16-be", lambda: b"\xfe\xff" + CLEAN.encode("utf-16-be")),
    "utf16le.txt": ("utf-16-le", lambda: CLEAN.encode("utf-16-le")),
    "utf16be.txt": ("utf-16-be", lambda: CLEAN.encode("utf-16-be")),
    "utf32le-bom.txt": ("utf-32-le", lambda: b"\xff\xfe\x00\x00" + CLEAN.encode("utf-32-le")),
    "crlf.txt": ("utf-8", lambda: CLEAN.replace("\n", "\r\n").encode("utf-8")),
}


def test_the_fixtures_are_the_notice_encoded():
    assert (FIXTURES / "notice-cp1252.txt").read_bytes() == CLEAN.encode("cp1252")
    assert (FIXTURES / "notice-mojibake.txt").read_text(encoding="utf-8") == \
        CLEAN.encode("utf-8").decode("cp1252")
    assert (FIXTURES / "notice-utf16le-bom.txt").read_bytes() == b"\xff\xfe" + CLEAN.encode("utf-16-le")
    assert "Ã¼" in (FIXTURES / "notice-mojibake.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ENCODED)
def test_an_encoded_notice_is_read_as_the_clean_one(name, tmp_path):
    encoding, data = ENCODED[name]
    path = tmp_path / name
    path.write_bytes(data())
    doc = read_document(path)
    assert doc.encoding == encoding
    assert doc.text == CLEAN
    assert facts(path) == facts(NOTICE)


def test_clean_sources_are_read_unchanged():
    """Normalising a clean UTF-8 text with LF line ends changes nothing: offsets are the file's."""
    for path in [*sorted(corpus_dir().glob("*.txt")), NOTICE]:
        assert read_document(path).text == path.read_text(encoding="utf-8"), path.name


def garble(text: str) -> str:
    """``text`` as it reads when its UTF-8 bytes are taken for Windows-1252 (and saved again as UTF-8), as a
    browser decodes it: the five bytes cp1252 leaves undefined (0x9D in "”") become C1 control characters."""
    import ftfy.bad_codecs  # noqa: F401  registers "sloppy-windows-1252"

    return text.encode("utf-8").decode("sloppy-windows-1252")


def test_a_garbled_letter_gives_the_facts_of_the_clean_one(tmp_path):
    clean = LETTER.read_text(encoding="utf-8")
    assert garble(clean) != clean
    lines = clean.split("\n")
    half = "\n".join(garble(line) if i % 2 else line for i, line in enumerate(lines))  # some lines garbled
    for name, text in (("garbled.txt", garble(clean)), ("half.txt", half)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        assert read_document(path).text == clean, name
        assert facts(path) == facts(LETTER), name


def test_a_cp1252_letter_gives_the_facts_of_the_utf8_one(tmp_path):
    path = tmp_path / "windows.txt"
    path.write_bytes(LETTER.read_text(encoding="utf-8").encode("cp1252"))
    assert read_document(path).encoding == "cp1252"
    assert facts(path) == facts(LETTER)


# -- control, invisible and compatibility characters ----------------------------------------

def dirty(text: str) -> str:
    """``text`` with control characters, soft hyphens, zero-width characters and ligatures put in, decomposed."""
    out = []
    for i, word in enumerate(text.split(" ")):
        if len(word) > 4:
            junk = ["\x00", "\u00ad", "\u200b", "\u200c", "\u200d", "\ufeff", "\x07", "\x1b", "\x7f", "\u2060"]
            word = word[:2] + junk[i % len(junk)] + word[2:]
        out.append(word)
    text = " ".join(out).replace("fi", "\ufb01").replace("fl", "\ufb02").replace("ff", "\ufb00")
    return unicodedata.normalize("NFD", text)


def test_control_invisible_and_ligature_characters_are_normalised_away(tmp_path):
    for source in (NOTICE, LETTER):
        clean = source.read_text(encoding="utf-8")
        path = tmp_path / source.name
        path.write_text(dirty(clean), encoding="utf-8")
        assert dirty(clean) != clean and "\x00" in dirty(clean) and "\ufb01" in dirty(clean)
        assert read_document(path).text == clean
        assert facts(path) == facts(source)


def test_nfkc_is_for_ligatures_only():
    kept = "½ ™ x² ＡＢ ﬅ"
    assert normalise(kept) == "½ ™ x² ＡＢ st"
    assert normalise("e\u0301\u00a0\t|\f") == "é\u00a0\t|\f"
    assert normalise("a\x0bb\u2028c\u2029d\r\ne\rf") == "a\nb\nc\nd\ne\nf"
    # C1 controls are cp1252 bytes decoded as Latin-1: read as the characters they stand for; 0x9D stands for none
    assert normalise("It\x92s \x85 \x80 5\x9d") == "It’s … € 5"


def test_composed_and_decomposed_names_give_the_same_iris(tmp_path):
    composed, decomposed = tmp_path / "nfc.txt", tmp_path / "nfd.txt"
    composed.write_text(unicodedata.normalize("NFC", CLEAN), encoding="utf-8")
    decomposed.write_text(unicodedata.normalize("NFD", CLEAN), encoding="utf-8")
    assert composed.read_bytes() != decomposed.read_bytes()

    def subjects(path: Path) -> set[str]:
        doc = read_document(path)
        g = to_graph(doc, read_text(doc))
        return {str(s) for s in g.subjects() if "/id/" in str(s)  # the text, its file and evidence are per file
                and not any(f"/{kind}/" in str(s) for kind in ("text", "file", "run", "evidence"))}

    assert subjects(composed) == subjects(decomposed)
    assert any("/proposal/" in s for s in subjects(composed))  # minted from "changes to the TMAD for Müller’s meters"


def test_a_person_named_hannah_mueller_is_one_person_composed_or_decomposed(tmp_path):
    people = []
    for form in ("NFC", "NFD"):
        path = tmp_path / f"{form}.txt"
        path.write_text(unicodedata.normalize(form, CLEAN.replace("Hannah McLeish", "Hannah Müller")),
                        encoding="utf-8")
        people.append({f.value for f in read_text(read_document(path)).facts if f.prop == "foaf:name"})
    assert people[0] == people[1] == {"Hannah Müller"}


def test_evidence_quotes_are_substrings_of_the_text_as_read_and_literals_are_legal_xml(tmp_path):
    """The store's offsets and quotes refer to the normalised text (read_document(path).text), and no
    literal carries a character XML 1.0 forbids, whatever the source held."""
    folder = tmp_path / "in"
    folder.mkdir()
    clean = LETTER.read_text(encoding="utf-8")
    paged = clean.replace("\n\n", "\n\f", 3)  # pages split inside the letter by form feeds
    sources = {"dirty.txt": dirty(clean).encode("utf-8"), "garbled.txt": garble(clean).encode("utf-8"),
               "paged.txt": dirty(paged).encode("utf-16")}
    for name, data in sources.items():
        (folder / name).write_bytes(data)
    store = tmp_path / "store"
    result = smkg_build(folder, "--store", store)
    assert result.exit_code == 0 and not errors(result.output), result.output
    ds = Dataset()
    ds.parse(store / "graph.trig", format="trig")
    for name in sources:
        text = read_document(folder / name).text
        g = ds.graph(iris.source_graph(name))
        evidence = list(g.subjects(RDF.type, SMKG.Evidence))
        assert len(evidence) > 20, name
        for e in evidence:
            selectors = list(g.objects(e, OA.hasSelector))
            quote = next(str(g.value(x, OA.exact)) for x in selectors if (x, RDF.type, OA.TextQuoteSelector) in g)
            pos = next(x for x in selectors if (x, RDF.type, OA.TextPositionSelector) in g)
            assert text[int(g.value(pos, OA.start)):int(g.value(pos, OA.end))] == quote, (name, quote)
        bad = [o for o in g.objects() if isinstance(o, Literal) and XML_ILLEGAL.search(str(o).replace("\f", ""))]
        assert not bad, (name, bad[:3])


def test_a_multi_page_text_has_no_form_feed_in_its_literals(tmp_path):
    path = tmp_path / "paged.txt"
    path.write_text(LETTER.read_text(encoding="utf-8").replace("\n\n", "\n\f", 3), encoding="utf-8")
    doc = read_document(path)
    g = to_graph(doc, read_text(doc))
    assert not [o for o in g.objects() if isinstance(o, Literal) and XML_ILLEGAL.search(str(o))]


# -- the same text twice ------------------------------------------------------------------

def test_the_same_bytes_under_two_names_are_recorded_once(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTICE, folder / "a.txt")
    shutil.copy(NOTICE, folder / "b.txt")
    result = smkg_build(folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "duplicate content, recorded once: b.txt = a.txt" in result.output.splitlines()
    assert set(source_graphs(tmp_path / "store")) == {"a.txt"}


def test_a_copy_with_crlf_line_ends_is_another_file_with_the_same_facts(tmp_path):
    """Identity is the bytes (smkg:sha256 is the file's checksum, the text's IRI comes from it): a CRLF copy is
    read on its own, and gives the same facts, about another text node."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTICE, folder / "lf.txt")
    (folder / "crlf.txt").write_bytes(NOTICE.read_bytes().replace(b"\n", b"\r\n"))
    result = smkg_build(folder, "--store", tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert "duplicate" not in result.output
    assert set(source_graphs(tmp_path / "store")) == {"lf.txt", "crlf.txt"}
    assert facts(folder / "crlf.txt") == facts(folder / "lf.txt")
    assert read_document(folder / "crlf.txt").text == read_document(folder / "lf.txt").text


def test_a_copy_of_a_file_that_cannot_be_read_is_an_error_not_a_duplicate(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(b"")
    (folder / "b.txt").write_bytes(b"")
    result = smkg_build(folder, "--store", tmp_path / "store")
    assert result.exit_code == 2, result.output
    assert "duplicate" not in result.output and "texts read: 0" in result.output
    assert errors(result.output) == [f"error: {folder / 'a.txt'}: the file holds no text (it is empty)",
                                     "error: b.txt: not read: the same bytes as a.txt, which could not be read"]


def test_the_same_bytes_as_pdf_and_as_text_are_two_readings(tmp_path):
    """A plain text saved as notes.pdf fails as a PDF; its copy notice.txt is still read."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(NOTICE, folder / "notes.pdf")
    shutil.copy(NOTICE, folder / "notice.txt")
    result = smkg_build(folder, "--store", tmp_path / "store")
    assert result.exit_code == 0 and "duplicate" not in result.output, result.output
    assert len(errors(result.output)) == 1 and "notes.pdf: not a PDF" in errors(result.output)[0]
    assert set(source_graphs(tmp_path / "store")) == {"notice.txt"}
