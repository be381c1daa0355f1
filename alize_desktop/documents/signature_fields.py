"""Empty PDF signature fields over a convention's signature boxes, for the parties' e-signature tools.

While the PDF is laid out, each signature box (`SignatureBox`, the room left to sign in
`blocks.signatures`) records where it landed: page and rectangle. After rendering, one empty
signature field per signatory is added there with pyHanko (an incremental update, so the laid-out
pages are untouched). pyHanko would stamp the update with the current time and a random file
identifier; both are replaced by values derived from the content, so the same data still give the
same bytes.
"""

from __future__ import annotations

import contextvars
import hashlib
import io
import logging
import re
import unicodedata
from collections.abc import Iterator, Sequence
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


_SLOTS: contextvars.ContextVar[list[SignatureSlot] | None] = contextvars.ContextVar("alize_signature_slots",
                                                                                      default=None)


@contextmanager
def recording() -> Iterator[list[SignatureSlot]]:
    """Collect the slots of the signature boxes drawn while the block runs."""
    slots: list[SignatureSlot] = []
    token = _SLOTS.set(slots)
    try:
        yield slots
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
        slots = _SLOTS.get()
        if slots is None:
            return
        x0, y0 = self.canv.absolutePosition(0, 0)
        x1, y1 = self.canv.absolutePosition(self.width, self.height)
        slots.append(SignatureSlot(self.name, self.canv.getPageNumber(), (x0, y0, x1, y1)))


def unique_names(slots: Sequence[SignatureSlot]) -> list[SignatureSlot]:
    """Two blocks for the same person (the convention and its annex) get « 2 », « 3 »…"""
    seen: dict[str, int] = {}
    out = []
    for slot in slots:
        n = seen.get(slot.name, 0) + 1
        seen[slot.name] = n
        out.append(slot if n == 1 else SignatureSlot(f"{slot.name} {n}", slot.page, slot.box))
    return out


def add_signature_fields(pdf: bytes, slots: Sequence[SignatureSlot]) -> bytes:
    """The PDF with one empty signature field per slot (page numbers already those of `pdf`)."""
    if not slots:
        return pdf
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    class _SameBytesWriter(IncrementalPdfFileWriter):
        def _update_meta(self) -> None:  # no "modified now" stamp: same data, same bytes
            return None

    writer = _SameBytesWriter(io.BytesIO(pdf))
    # The file identifier's second half would be random: derive it from the content instead (its
    # first half is the original's, kept as the PDF standard asks of an update).
    digest = hashlib.sha256(pdf + "|".join(s.name for s in slots).encode()).digest()
    kept = writer._document_id[0] if "/ID" in writer.prev.trailer else generic.ByteStringObject(digest[16:])
    writer._document_id = generic.ArrayObject([kept, generic.ByteStringObject(digest[:16])])
    for slot in unique_names(slots):
        x0, y0, x1, y1 = slot.box
        _append_empty_field(writer, slot.name, slot.page - 1, (int(x0), int(y0), int(x1), int(y1)))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# Widget flags (PDF 32000-1, 12.5.3): Print (bit 3) and Locked (bit 8): the field is printed and
# its position cannot be changed by a viewer; what pyHanko's own field writer sets for a visible field.
_PRINT_AND_LOCKED = 0b10000100


def _append_empty_field(writer: Any, name: str, page_index: int, box: tuple[int, int, int, int]) -> None:
    """One empty, visible signature field (a merged field and widget, as pyHanko writes it) on the
    page, listed in the AcroForm. Written with pyHanko's PDF layer only: its signing layer (which
    loads the certificate, network and asyncio stacks) costs more than the whole document."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.content import RawContent
    from pyhanko.pdf_utils.layout import BoxConstraints

    name_of = generic.NameObject
    root = writer.root
    page_ref = writer.find_page_for_modification(page_index)[0]
    if "/AcroForm" in root:
        form = root["/AcroForm"]
        fields = form.setdefault(name_of("/Fields"), generic.ArrayObject())
        form_created = False
    else:
        form = generic.DictionaryObject()
        root[name_of("/AcroForm")] = writer.add_object(form)
        fields = generic.ArrayObject()
        form[name_of("/Fields")] = fields
        writer.update_root()
        form_created = True
    field = generic.DictionaryObject({
        name_of("/FT"): name_of("/Sig"),
        name_of("/T"): generic.pdf_string(name),
        name_of("/Type"): name_of("/Annot"),
        name_of("/Subtype"): name_of("/Widget"),
        name_of("/F"): generic.NumberObject(_PRINT_AND_LOCKED),
        name_of("/Rect"): generic.ArrayObject([generic.FloatObject(x) for x in box]),
        name_of("/P"): page_ref,
    })
    field_ref = writer.add_object(field)
    fields.append(field_ref)
    writer.register_annotation(page_ref, field_ref)
    if not form_created:
        writer.update_container(fields)
    form.setdefault(name_of("/SigFlags"), generic.NumberObject(1))  # SignaturesExist, not append-only
    width, height = abs(box[2] - box[0]), abs(box[3] - box[1])
    if width and height:
        appearance = RawContent(b"", box=BoxConstraints(width=width, height=height)).as_form_xobject()
        field[name_of("/AP")] = generic.DictionaryObject({name_of("/N"): writer.add_object(appearance)})


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
