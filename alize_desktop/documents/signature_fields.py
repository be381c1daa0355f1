"""Empty PDF signature fields over a convention's signature boxes, for the parties' e-signature tools.

While the PDF is laid out, each signature box (`SignatureBox`, the room left to sign in
`blocks.signatures`) records where it landed — page and rectangle — and, when the document asks
for fields, writes there one empty signature field for its signatory, in reportlab's own pass (a
merged field and widget listed in the AcroForm, as e-signature tools expect). The PDF's bytes stay
those of its data alone (reportlab writes invariant files); reading and checking signed copies is
pyHanko's part (`check_signatures`), which printing a document never loads.
"""

from __future__ import annotations

import contextvars
import io
import logging
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from reportlab.platypus import Flowable


@dataclass(frozen=True)
class SignatureSlot:
    """Where a signatory signs: field name, page (1-based, as laid out), rectangle in points."""

    name: str
    page: int
    box: tuple[float, float, float, float]


@dataclass
class _Recording:
    slots: list[SignatureSlot]
    fields: bool  # write each box's empty signature field while drawing it
    seen: dict[str, int]


_SLOTS: contextvars.ContextVar[_Recording | None] = contextvars.ContextVar("alize_signature_slots", default=None)


@contextmanager
def recording(fields: bool = False) -> Iterator[list[SignatureSlot]]:
    """Collect the slots of the signature boxes drawn while the block runs; with `fields`, each
    box also carries its empty signature field."""
    state = _Recording([], fields, {})
    token = _SLOTS.set(state)
    try:
        yield state.slots
    finally:
        _SLOTS.reset(token)


_UNSAFE = re.compile(r"[^A-Za-z0-9 ,'()_-]+")


def field_name(name: str, role: str = "", party: str = "") -> str:
    """« Signature - Loic Beranger (Directeur) »: ASCII (every e-signature tool reads it), no dot
    (a dot separates a PDF field name's parts)."""
    who = name or party or "signataire"
    label = f"Signature - {who}" + (f" ({role})" if role else f" ({party})" if name and party else "")
    ascii_text = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"\s+", " ", _UNSAFE.sub(" ", ascii_text))
    return re.sub(r"\(\s+", "(", re.sub(r"\s+([),])", r"\1", text)).strip()[:120]


class SignatureBox(Flowable):
    """The blank room in a signature block; records its page and rectangle when drawn."""

    def __init__(self, height: float, name: str) -> None:
        super().__init__()
        self.height = height
        self.name = name
        self.width = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.height

    def draw(self) -> None:
        state = _SLOTS.get()
        if state is None:
            return
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        state.slots.append(SignatureSlot(self.name, self.canv.getPageNumber(), (x0, y0, x1, y1)))
        if state.fields:
            # Two blocks for the same person (the convention and its annex) get « 2 », « 3 »…
            n = state.seen[self.name] = state.seen.get(self.name, 0) + 1
            _write_field(self.canv, self.name if n == 1 else f"{self.name} {n}",
                         (int(x0), int(y0), int(x1), int(y1)))


# Widget flags (PDF 32000-1, 12.5.3): Print (bit 3) and Locked (bit 8): the field is printed and
# its position cannot be changed by a viewer (what pyHanko's own field writer sets for a visible field).
_PRINT_AND_LOCKED = 0b10000100


def _write_field(canv: Any, name: str, box: tuple[int, int, int, int]) -> None:
    """One empty, visible signature field on the page being drawn, listed in the AcroForm, with an
    empty appearance of the box's size; the form says signatures exist (SigFlags 1, not append-only)."""
    from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObjectReference, PDFString

    form = canv.acroForm
    x0, y0, x1, y1 = box
    entries: dict[str, Any] = {
        "FT": PDFName("Sig"),
        "T": PDFString(name),
        "Type": PDFName("Annot"),
        "Subtype": PDFName("Widget"),
        "F": _PRINT_AND_LOCKED,
        "Rect": PDFArray([x0, y0, x1, y1]),
        # The page by its name: the pages are written when the document is saved ("Page x / y"
        # needs them all first), in order, each named « Page » and its number.
        "P": PDFObjectReference(f"Page{canv.getPageNumber()}"),
    }
    width, height = abs(x1 - x0), abs(y1 - y0)
    if width and height:
        entries["AP"] = PDFDictionary({"N": form.getRef(form.makeStream(width, height, ""))})
    field = PDFDictionary(entries)
    canv._addAnnotation(field)
    form.fields.append(form.getRef(field))
    form.sigFlags = 1


@dataclass(frozen=True)
class FieldState:
    """One signature field of a PDF: signed or not; when signed, whether its signature is intact."""

    name: str
    signed: bool
    intact: bool = False
    signer: str = ""


@dataclass(frozen=True)
class SignatureCheck:
    """What a PDF's electronic signatures say, and the French sentence the operator reads."""

    fields: tuple[FieldState, ...]
    readable: bool = True

    @property
    def signed(self) -> list[FieldState]:
        return [f for f in self.fields if f.signed]

    @property
    def all_intact(self) -> bool:
        return bool(self.signed) and all(f.intact for f in self.signed)

    @property
    def sentence(self) -> str:
        if not self.readable:
            return "Les signatures électroniques de ce PDF n'ont pas pu être lues : vérifiez le fichier."
        signed = self.signed
        unsigned = [f.name for f in self.fields if not f.signed]
        if not signed:
            if unsigned:
                return (f"Aucune signature électronique : les {len(unsigned)} champs de signature sont vides "
                        "(exemplaire signé à la main et scanné, ou à faire signer).")
            return "Ce PDF ne porte aucune signature électronique (exemplaire signé à la main et scanné)."
        broken = [f.name for f in signed if not f.intact]
        names = ", ".join(f"« {f.name} »" for f in signed)
        if broken:
            bad = ", ".join(f"« {n} »" for n in broken)
            text = (f"Attention : la signature {bad} ne correspond plus au document (modifié après signature) ; "
                    f"signatures présentes : {names}.")
        else:
            text = (f"Signature électronique intacte : {names}." if len(signed) == 1
                    else f"{len(signed)} signatures électroniques intactes : {names}.")
        if unsigned:
            rest = ", ".join(f"« {n} »" for n in unsigned)
            text = text[:-1] + f" ; reste à signer : {rest}."
        return text


def check_signatures(pdf: bytes) -> SignatureCheck:
    """Read a PDF's signature fields with pyHanko: which are signed, and whether each signature
    still matches the bytes it signed (integrity only: whose certificate it is, and whether it is
    trusted, is the e-signature provider's certificate to vouch for, not this program's)."""
    # pyHanko logs, with a traceback, that a self-signed or unknown certificate has no trusted
    # path: expected here (integrity is what is checked), so not worth a log line.
    log = logging.getLogger("pyhanko")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        return _check(pdf)
    finally:
        log.setLevel(level)


def _check(pdf: bytes) -> SignatureCheck:
    from pyhanko.pdf_utils.misc import PdfReadError
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        sigs = {s.field_name: s for s in reader.embedded_signatures}
        names = [name for name, _value, _ref in enumerate_sig_fields(reader)]
    except (PdfReadError, Exception):  # any file pyHanko cannot read: say so, never crash the attach
        return SignatureCheck((), readable=False)
    states = []
    for name in names or list(sigs):
        sig = sigs.get(name)
        if sig is None:
            states.append(FieldState(name, False))
            continue
        try:
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[], allow_fetching=False), skip_diff=True)
            intact = bool(status.intact and status.valid)
            signer = status.signing_cert.subject.human_friendly if status.signing_cert else ""
        except Exception:  # a signature pyHanko cannot even parse is not an intact one
            intact, signer = False, ""
        states.append(FieldState(name, True, intact, signer))
    return SignatureCheck(tuple(states))
