"""Checking a PDF someone holds against the document of a verification code.

Two independent checks: the file's SHA-256 against every recorded state of the document (after
each signature), and each embedded signature validated by pyHanko against the trust roots
(signer.akar_kepercayaan: the local CA, or the provider's roots in production). A file whose
bytes changed after signing fails the second check even if someone forged a matching page.
"""

import functools
import hashlib
import io
import logging
from dataclasses import dataclass, field

from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kinerja.tindaklanjut.dokumen.models import Dokumen, TandaTangan
from kinerja.tindaklanjut.dokumen.signer import akar_kepercayaan, tanpa_event_loop

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class HasilTandaTangan:
    field_name: str
    penanda: str  # the certificate's common name
    utuh: bool  # the signed bytes are unchanged
    sah: bool  # cryptographically valid
    tepercaya: bool  # the certificate chains to a trusted root
    menyeluruh: bool  # no change after it but further signatures or form filling

    @property
    def valid(self) -> bool:
        return self.utuh and self.sah and self.tepercaya and self.menyeluruh


@dataclass
class HasilPeriksa:
    sha256: str
    cocok: bool  # identical to a recorded state of this document
    terkini: bool  # identical to its current state
    tanda_tangan: list[HasilTandaTangan] = field(default_factory=list)
    galat: str = ""

    @property
    def tanda_tangan_valid(self) -> bool:
        return bool(self.tanda_tangan) and all(t.valid for t in self.tanda_tangan)

    @property
    def asli(self) -> bool:
        return self.cocok and self.tanda_tangan_valid

    @property
    def pesan(self) -> str:
        if self.asli:
            if self.terkini:
                return (
                    "Asli: berkas ini identik dengan dokumen yang diterbitkan dan tanda tangan "
                    "elektroniknya valid."
                )
            return (
                "Asli: berkas ini identik dengan versi dokumen yang tercatat sebelum tanda tangan "
                "berikutnya ditambahkan, dan tanda tangan elektroniknya valid."
            )
        if self.galat:
            return f"Tidak dapat diverifikasi: {self.galat}"
        if not self.tanda_tangan:
            return "Tidak asli: berkas ini tidak memuat tanda tangan elektronik."
        if not self.tanda_tangan_valid:
            return (
                "Tidak asli: tanda tangan elektronik pada berkas ini tidak valid. Isi berkas "
                "telah diubah setelah ditandatangani, atau penandatangannya tidak tepercaya."
            )
        return (
            "Tidak cocok: tanda tangan berkas ini valid, tetapi berkas ini bukan dokumen yang "
            "diterbitkan dengan kode ini."
        )


def periksa(dok: Dokumen, tanda_tangan: list[TandaTangan], data: bytes) -> HasilPeriksa:
    digest = hashlib.sha256(data).hexdigest()
    recorded = {dok.sha256, *(t.sha256 for t in tanda_tangan)}
    hasil = HasilPeriksa(sha256=digest, cocok=digest in recorded, terkini=digest == dok.sha256)
    if not data.startswith(b"%PDF"):
        hasil.galat = "berkas ini bukan PDF."
        return hasil
    try:
        hasil.tanda_tangan = validasi(data)
    except Exception as exc:  # noqa: BLE001  (a damaged file: pyHanko raises many kinds)
        logger.info("PDF tidak terbaca saat verifikasi: %s", exc)
        hasil.galat = "berkas PDF rusak atau telah diubah sehingga tidak dapat dibaca."
    return hasil


def validasi(data: bytes) -> list[HasilTandaTangan]:
    """Every embedded signature of the PDF, validated against the trust roots."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    context = ValidationContext(trust_roots=akar_kepercayaan(), allow_fetching=False)
    rows = []
    for sig in reader.embedded_signatures:
        try:
            status = tanpa_event_loop(functools.partial(validate_pdf_signature, sig, context))
        except Exception as exc:  # noqa: BLE001  (a broken signature is an answer, not a 500)
            logger.info("Tanda tangan %s tidak dapat divalidasi: %s", sig.field_name, exc)
            rows.append(HasilTandaTangan(sig.field_name, "", False, False, False, False))
            continue
        rows.append(
            HasilTandaTangan(
                field_name=sig.field_name,
                penanda=status.signing_cert.subject.native.get("common_name", ""),
                utuh=bool(status.intact),
                sah=bool(status.valid),
                tepercaya=bool(status.trusted),
                menyeluruh=bool(status.bottom_line),
            )
        )
    return rows
