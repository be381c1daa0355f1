"""Sign a PDF field in a test, with a certificate made on the spot (cryptography + pyHanko)."""

from __future__ import annotations

import datetime as dt
import io
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID


def self_made_certificate(folder: pathlib.Path, name: str = "Loïc Béranger") -> tuple[pathlib.Path, pathlib.Path]:
    """A key and a self-signed certificate valid around the demo day (PEM files)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name),
                         x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Essai ALIZÉ")])
    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(1234).not_valid_before(start).not_valid_after(start + dt.timedelta(days=365 * 30))
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    key_file, cert_file = folder / "key.pem", folder / "cert.pem"
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


def sign_field(pdf: bytes, field: str, folder: pathlib.Path) -> bytes:
    """`pdf` with its empty signature field `field` signed (an incremental update, as any tool does)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    key_file, cert_file = self_made_certificate(folder)
    signer = signers.SimpleSigner.load(str(key_file), str(cert_file))
    out = io.BytesIO()
    signers.sign_pdf(IncrementalPdfFileWriter(io.BytesIO(pdf)), signers.PdfSignatureMetadata(field_name=field),
                     signer=signer, output=out)
    return out.getvalue()


def field_names(pdf: bytes) -> list[str]:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    return [name for name, _value, _ref in enumerate_sig_fields(PdfFileReader(io.BytesIO(pdf)))]
