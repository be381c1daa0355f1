"""The PDF engine every document builder uses.

`write_pdf(story, out, title=…, basin_name=…)` lays a list of flowables out on A4 with:
- two page templates: `first` (no running header, the title block stands there) and `body`
  (basin name and document title in the header);
- a "Page x / y" footer, drawn when the canvas is saved, because y is only known then
  (the classic NumberedCanvas: each page's state is kept and replayed);
- an embedded DejaVu family (see `fonts.py`), `invariant=1` and no timestamp, so the same
  data give the same bytes, and PDF title/author/subject metadata;
- optionally the pages of an attached PDF inserted where an `InsertionMark` flowable was laid
  out. The attached pages are left untouched (they are someone else's document), but they are
  counted: the pages after them and the total "y" include them, so the printed bundle reads
  "Page 1 / 30" … "Page 30 / 30" without a gap.

A builder for a new document (agenda, minutes, evaluation…) only makes flowables with
`blocks.py` and calls `write_pdf`; every page after the first gets the `body` template.
"""

from __future__ import annotations

import contextvars
import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.facts import Record, basin_name, operator_name
from alize_desktop.documents.fonts import FONT, FONT_BOLD, register_fonts
from alize_desktop.documents.layout import KeepWithFirstRows, prepare
from alize_desktop.documents.signature_fields import SignatureSlot, recording
from alize_desktop.documents.styles import ACCENT, INK, RULE

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
CREATOR = "ALIZÉ Desktop"

Output = str | os.PathLike[str] | IO[bytes]
FORMATS = ("pdf", "docx")


@dataclass(frozen=True)
class OutputRequest:
    """What `build_document` asked of the builder's `write_document`: the file format, and whether
    the PDF carries an empty signature field over each signature box (conventions)."""

    fmt: str = "pdf"
    signature_fields: bool = False


_REQUEST: contextvars.ContextVar[OutputRequest | None] = contextvars.ContextVar("alize_output", default=None)


@contextmanager
def output_request(request: OutputRequest) -> Iterator[None]:
    """The builders stay format-blind: the story they make goes to the PDF or the DOCX writer."""
    token = _REQUEST.set(request)
    try:
        yield
    finally:
        _REQUEST.reset(token)


@dataclass
class PagePlan:
    """Pages of an attached PDF to insert after the page where the InsertionMark was drawn."""

    inserted_pages: int = 0
    insert_after: int | None = None

    def shown_number(self, own_page: int) -> int:
        """The number printed on our own page `own_page` (1-based), counting inserted pages."""
        if self.insert_after is not None and own_page > self.insert_after:
            return own_page + self.inserted_pages
        return own_page


class InsertionMark(Flowable):
    """Zero-size marker: the attached pages go right after the page it lands on."""

    def __init__(self, plan: PagePlan) -> None:
        super().__init__()
        self.plan = plan

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        return 0, 0

    def draw(self) -> None:
        self.plan.insert_after = self.canv.getPageNumber()


class _NumberedCanvas(rl_canvas.Canvas):
    """Keeps every page's state until save(), then draws "Page x / y" on each."""

    def __init__(self, *args: Any, plan: PagePlan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._plan = plan
        self._saved_pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._saved_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._saved_pages) + self._plan.inserted_pages
        for state in self._saved_pages:
            self.__dict__.update(state)
            self._draw_footer(self._plan.shown_number(self._pageNumber), total)
            super().showPage()
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.4)
        self.line(MARGIN_X, MARGIN_BOTTOM - 6 * mm, PAGE_WIDTH - MARGIN_X, MARGIN_BOTTOM - 6 * mm)
        self.setFont(FONT, 8)
        self.setFillColor(INK)
        self.drawCentredString(PAGE_WIDTH / 2, MARGIN_BOTTOM - 10 * mm, f"Page {number} / {total}")
        self.restoreState()


def _fit(text: str, font: str, size: float, width: float) -> str:
    """Shorten a header text with an ellipsis so that it never runs into its neighbour."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _header(title: str, basin_name: str) -> Callable[[rl_canvas.Canvas, BaseDocTemplate], None]:
    def draw(canv: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        y = PAGE_HEIGHT - MARGIN_TOP + 7 * mm
        half = FRAME_WIDTH / 2 - 4 * mm
        canv.setFont(FONT_BOLD, 8)
        canv.setFillColor(ACCENT)
        canv.drawString(MARGIN_X, y, _fit(basin_name, FONT_BOLD, 8, half))
        canv.setFont(FONT, 8)
        canv.setFillColor(INK)
        canv.drawRightString(PAGE_WIDTH - MARGIN_X, y, _fit(title, FONT, 8, half))
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, y - 2.5 * mm, PAGE_WIDTH - MARGIN_X, y - 2.5 * mm)
        canv.restoreState()

    return draw


def _templates(title: str, basin_name: str) -> list[PageTemplate]:
    height = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
    first = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, height, id="first", leftPadding=0, rightPadding=0)
    body = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, height, id="body", leftPadding=0, rightPadding=0)
    return [
        PageTemplate(id="first", frames=[first], autoNextPageTemplate="body"),
        PageTemplate(id="body", frames=[body], onPage=_header(title, basin_name)),
    ]


def render_pdf(
    story: Sequence[Flowable],
    *,
    title: str,
    basin_name: str,
    subject: str = "",
    author: str = "",
    plan: PagePlan | None = None,
    slots: list[SignatureSlot] | None = None,
    signature_fields: bool = False,
) -> bytes:
    """Lay the story out and return the PDF bytes (no attached pages merged yet).

    The layout rules (`layout.prepare`) are applied first; `slots`, when given, receives where
    each signature box landed; with `signature_fields`, each box carries its empty field."""
    register_fonts()
    plan = plan or PagePlan()
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=author,
        subject=subject,
        creator=CREATOR,
        producer=CREATOR,
        invariant=1,
        lang="fr-FR",
        initialFontName=FONT,
    )
    doc.addPageTemplates(_templates(title, basin_name))
    doc.keepTogetherClass = KeepWithFirstRows
    flowables: list[Flowable] = prepare(story, (FRAME_WIDTH, PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM))

    def make_canvas(*args: Any, **kwargs: Any) -> _NumberedCanvas:
        return _NumberedCanvas(*args, plan=plan, **kwargs)

    with recording(signature_fields) as drawn:
        doc.build(flowables, canvasmaker=make_canvas)
    if slots is not None:
        slots.extend(drawn)
    return buffer.getvalue()


def _merge(main_pdf: bytes, attached: str | os.PathLike[str], plan: PagePlan, meta: dict[str, str]) -> bytes:
    from pypdf import PdfWriter

    # Cloning keeps our catalog (language, fixed dates) and metadata; the attached pages go in
    # after the page that holds the InsertionMark.
    writer = PdfWriter(clone_from=io.BytesIO(main_pdf))
    extra = read_attachment(attached)
    after = plan.insert_after if plan.insert_after is not None else len(writer.pages)
    for offset, page in enumerate(extra.pages):
        writer.insert_page(page, after + offset)
    writer.add_metadata(meta)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def read_attachment(path: str | os.PathLike[str]) -> Any:
    """Open an attached PDF, refusing in French what cannot be merged."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(os.fspath(path))
        if reader.is_encrypted:
            raise DocumentError(f"le PDF joint « {os.fspath(path)} » est protégé par un mot de passe")
        if len(reader.pages) == 0:
            raise DocumentError(f"le PDF joint « {os.fspath(path)} » ne contient aucune page")
        return reader
    except (OSError, PdfReadError) as exc:
        raise DocumentError(f"le PDF joint « {os.fspath(path)} » ne peut pas être lu : {exc}") from exc


def write_pdf(
    story: Sequence[Flowable],
    out: Output,
    *,
    title: str,
    basin_name: str,
    subject: str = "",
    author: str = "",
    attach: str | os.PathLike[str] | None = None,
    plan: PagePlan | None = None,
    signature_fields: bool = False,
) -> None:
    """Write the story to `out` (a path or a binary file).

    With `signature_fields`, each signature box carries an empty PDF signature field named for
    its signatory (see `signature_fields.py`).

    With `attach`, the story must contain `InsertionMark(plan)` for the same `plan`, whose
    `inserted_pages` the caller has set to the attached PDF's page count (see `read_attachment`).
    """
    data = render_pdf(story, title=title, basin_name=basin_name, subject=subject, author=author, plan=plan,
                      signature_fields=signature_fields)
    if attach is not None:
        if plan is None:
            raise ValueError("an attached PDF needs the PagePlan of its InsertionMark")
        meta = {
            "/Title": title,
            "/Author": author,
            "/Subject": subject,
            "/Creator": CREATOR,
            "/Producer": CREATOR,
        }
        data = _merge(data, attach, plan, meta)
    _write_out(data, out)


def _write_out(data: bytes, out: Output) -> None:
    if hasattr(out, "write"):
        out.write(data)
    else:
        with open(os.fspath(out), "wb") as handle:
            handle.write(data)


def write_document(story: Sequence[Flowable], out: Output, data: Record, *, title: str, subject: str,
                   **options: Any) -> None:
    """`write_pdf` (or the DOCX copy, when `build_document` asked for one) for a basin document:
    the basin's name in the running header, the local operator as the author (other options:
    `attach`, `plan`)."""
    request = _REQUEST.get() or OutputRequest()
    if request.fmt == "docx":
        from alize_desktop.documents.docx_render import write_docx

        write_docx(story, out, title=title, basin_name=basin_name(data), subject=subject,
                   author=operator_name(data), attach=options.get("attach"))
        return
    write_pdf(story, out, title=title, basin_name=basin_name(data), subject=subject,
              author=operator_name(data), signature_fields=request.signature_fields, **options)
