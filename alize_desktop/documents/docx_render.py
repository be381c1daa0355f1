"""The editable Word copy (.docx) of a document, made from the very story its PDF is laid out from.

The builders produce reportlab flowables; this module copies them into python-docx, so the text,
the article numbering and the tables are those of the PDF without a second builder to keep in
step: a Paragraph gives its parsed fragments (bold, italic, line breaks) and its style (title,
headings, bullets), a Table its cells (spans and repeated header rows kept), KeepTogether its
content, PageBreak a page break (a chart stays in the PDF only). Headers and footers match the PDF ("Page x / y"
as Word fields). The bytes are the same for the same data: fixed document dates and fixed zip
timestamps.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from collections.abc import Sequence
from typing import IO, Any

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, Table

from alize_desktop.documents.engine import InsertionMark
from alize_desktop.documents.layout import prepare
from alize_desktop.documents.signature_fields import SignatureBox

FONT_NAME = "DejaVu Sans"
# The docx says it was made on this day, whatever the day: the same data give the same bytes.
FIXED_DAY = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
# reportlab style → Word style (built-in names, so Word's navigation pane and outline see them).
_STYLE = {"title": "Title", "subtitle": "Subtitle", "heading": "Heading 1", "subheading": "Heading 2"}


def _setup_styles(doc: Any) -> None:
    from docx.shared import Pt, RGBColor

    normal = doc.styles["Normal"]
    normal.font.name = FONT_NAME
    normal.font.size = Pt(9.5)
    for name, size in (("Title", 17), ("Subtitle", 10.5), ("Heading 1", 11), ("Heading 2", 9.5)):
        style = doc.styles[name]
        style.font.name = FONT_NAME
        style.font.size = Pt(size)
        style.font.bold = name != "Subtitle"
        style.font.italic = False
        style.font.color.rgb = RGBColor(0x1F, 0x5F, 0x8B) if name in ("Title", "Heading 1") else RGBColor(0x1B, 0x2A, 0x3A)


def _add_field(paragraph: Any, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice compute when they show the page."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    shown = OxmlElement("w:t")
    shown.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, shown, end):
        run._r.append(element)


def _page_footer(footer: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.add_run("Page ")
    _add_field(p, "PAGE")
    p.add_run(" / ")
    _add_field(p, "NUMPAGES")


def _setup_section(doc: Any, title: str, basin_name: str) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Mm

    from alize_desktop.documents.engine import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X

    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_X / 2.834645669)
    section.top_margin, section.bottom_margin = Mm(MARGIN_TOP / 2.834645669), Mm(MARGIN_BOTTOM / 2.834645669)
    # As in the PDF: the first page carries the title block and no running header.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.paragraph_format.tab_stops.add_tab_stop(Mm(170), WD_TAB_ALIGNMENT.RIGHT)
    header.add_run(basin_name).bold = True
    header.add_run("\t" + title)
    _page_footer(section.footer)
    _page_footer(section.first_page_footer)


class _Writer:
    def __init__(self, doc: Any, attach: str | os.PathLike[str] | None = None) -> None:
        self.doc = doc
        self.attach = attach

    def story(self, flowables: Sequence[Flowable], container: Any = None) -> None:
        for f in flowables:
            self.flowable(f, container)

    def flowable(self, f: Flowable, container: Any) -> None:
        target = container if container is not None else self.doc
        if isinstance(f, Paragraph):
            self.paragraph(f, target)
        elif isinstance(f, Table):
            self.table(f, target)
        elif isinstance(f, KeepTogether):
            self.story(f._content, container)
        elif isinstance(f, PageBreak) and container is None:
            self.doc.add_page_break()
        elif isinstance(f, InsertionMark) and self.attach is not None:
            # The attached PDF's pages follow here in the PDF; the Word copy names the file.
            name = os.path.basename(os.fspath(self.attach))
            target.add_paragraph(f"[Document joint à la version PDF : {name}]")
        elif isinstance(f, SignatureBox):
            for _ in range(3):  # the room to sign
                target.add_paragraph()
        # Charts stay in the PDF: the tables beside them give the same figures, and the program
        # ships no raster renderer. Spacers, conditional page breaks and insertion marks only place things on a PDF page.

    def paragraph(self, p: Paragraph, target: Any) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        style_name = _STYLE.get(p.style.name)
        out = target.add_paragraph(style=style_name) if style_name else target.add_paragraph()
        fmt = out.paragraph_format
        align = p.style.alignment
        fmt.alignment = {TA_CENTER: WD_ALIGN_PARAGRAPH.CENTER, TA_RIGHT: WD_ALIGN_PARAGRAPH.RIGHT,
                         TA_JUSTIFY: WD_ALIGN_PARAGRAPH.JUSTIFY}.get(align, WD_ALIGN_PARAGRAPH.LEFT)
        fmt.space_after = Pt(p.style.spaceAfter or 0)
        if p.getKeepWithNext() or style_name in ("Heading 1", "Heading 2"):
            fmt.keep_with_next = True
        if p.style.name.startswith("cell") or p.style.name.startswith("signature"):
            fmt.space_after = Pt(0)
        bullet = getattr(p, "bulletText", None)
        if bullet is not None:
            fmt.left_indent = Mm(5)
            fmt.first_line_indent = Mm(-4)
            out.add_run(f"{bullet}\t")
        for frag in p.frags:
            if getattr(frag, "lineBreak", False):
                out.add_run().add_break()
                continue
            text = getattr(frag, "text", "")
            if not text:
                continue
            run = out.add_run(text)
            font = str(getattr(frag, "fontName", ""))
            run.bold = "Bold" in font or None
            run.italic = "Oblique" in font or "Italic" in font or None
            if p.style.fontSize and p.style.fontSize != 9.5:
                run.font.size = Pt(p.style.fontSize)

    def table(self, t: Table, target: Any) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        values = t._cellvalues
        rows, cols = len(values), max((len(r) for r in values), default=0)
        if not rows or not cols:
            return
        table = target.add_table(rows=rows, cols=cols)
        table.style = "Table Grid"
        # Header rows repeated on each page, as the PDF repeats them; no row (a signature box, an
        # instalment) cut in two by a page break, as in the PDF.
        head = t.repeatRows if isinstance(t.repeatRows, int) else len(t.repeatRows)
        for r, tr in enumerate(table._tbl.tr_lst):
            tr_pr = tr.get_or_add_trPr()
            for tag in ("w:cantSplit", "w:tblHeader") if r < head else ("w:cantSplit",):
                marker = OxmlElement(tag)
                marker.set(qn("w:val"), "true")
                tr_pr.append(marker)
        covered: set[tuple[int, int]] = set()
        for (c0, r0), (c1, r1) in _spans(t, rows, cols):
            table.cell(r0, c0).merge(table.cell(r1, c1))
            covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
        # One pass over the grid (python-docx's table.cell(r, c) walks the whole table each time).
        grid = table._cells
        widths = [w for w in (t._argW or []) if isinstance(w, int | float)]
        if len(widths) == cols:
            from docx.shared import Emu

            for i, cell in enumerate(grid):
                cell.width = Emu(int(widths[i % cols] * 12700))
        for r, row in enumerate(values):
            for c, value in enumerate(row):
                if (r, c) in covered:
                    continue
                cell = grid[r * cols + c]
                first = cell.paragraphs[0]
                before = len(cell.paragraphs)
                self.cell(value, cell)
                if len(cell.paragraphs) > before and not first.text:
                    first._element.getparent().remove(first._element)
                for para in cell.paragraphs:
                    para.paragraph_format.space_after = Pt(0)
        self.doc.add_paragraph() if target is self.doc else None

    def cell(self, value: Any, cell: Any) -> None:
        if isinstance(value, Flowable):
            self.flowable(value, cell)
        elif isinstance(value, list | tuple):
            for v in value:
                self.cell(v, cell)
        elif value not in (None, ""):
            cell.add_paragraph(str(value))


def _spans(t: Table, rows: int, cols: int) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    out = []
    for cmd in getattr(t, "_spanCmds", []):
        _name, (c0, r0), (c1, r1) = cmd[:3]
        c0, c1 = (c if c >= 0 else cols + c for c in (c0, c1))
        r0, r1 = (r if r >= 0 else rows + r for r in (r0, r1))
        if (c0, r0) != (c1, r1):
            out.append(((c0, r0), (c1, r1)))
    return out


def _same_bytes(data: bytes) -> bytes:
    """Rewrite the zip with fixed timestamps and order (python-docx stamps each part with now)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def docx_bytes(story: Sequence[Flowable], *, title: str, basin_name: str, subject: str = "",
               author: str = "", attach: str | os.PathLike[str] | None = None) -> bytes:
    """The story as a .docx (an attached PDF is not copied in: the Word copy names it where its
    pages go)."""
    import docx

    doc = docx.Document()
    _setup_styles(doc)
    _setup_section(doc, title, basin_name)
    props = doc.core_properties
    props.title, props.subject, props.author = title, subject, author
    props.last_modified_by, props.comments, props.keywords = author, "", ""
    props.created = props.modified = props.last_printed = FIXED_DAY
    props.revision = 1
    props.language = "fr-FR"
    body = doc.element.body
    for p in list(body.iterchildren()):  # the template's empty first paragraph
        if p.tag.endswith("}p"):
            body.remove(p)
    _Writer(doc, attach).story(prepare(story))
    buffer = io.BytesIO()
    doc.save(buffer)
    return _same_bytes(buffer.getvalue())


def write_docx(story: Sequence[Flowable], out: str | os.PathLike[str] | IO[bytes], **options: Any) -> None:
    data = docx_bytes(story, **options)
    if hasattr(out, "write"):
        out.write(data)
    else:
        with open(os.fspath(out), "wb") as handle:
            handle.write(data)
