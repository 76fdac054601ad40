"""The signed PDFs themselves, rendered and signed once for the module: what they say
(pdftotext), and that their signatures validate with pyHanko trusting the local CA and with
poppler's pdfsig trusting it through an NSS database; a byte changed after signing fails."""

import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from kinerja.tindaklanjut.dokumen import pki, render, services
from kinerja.tindaklanjut.dokumen.signer import asn1_cert
from tests.conftest import build_org
from tests.tindaklanjut.dokumen.conftest import (
    CATATAN,
    EKSPEKTASI,
    RHK_TEKS,
    UMPAN_PERILAKU,
    UMPAN_RHK,
    ambil,
    bangun,
)

# django_db: so the test database is set up for the module fixture (pytest-django sets up
# only the databases that the collected tests ask for).
# pdftotext, pdfsig (poppler-utils) and certutil (libnss3-tools) come from scripts/test; a
# missing tool fails the test rather than skipping it.
pytestmark = [pytest.mark.django_db]


@dataclass
class Terbit:
    evaluasi: bytes  # signed by the penilai
    diterima: bytes  # then by the pegawai (incremental)
    skp: bytes
    kode: str
    url: str
    orang: dict[str, tuple[str, str]]  # role -> (nama, nip)
    ca_pem: bytes


@pytest.fixture(scope="module")
def terbit(django_db_setup, django_db_blocker, tmp_path_factory) -> Terbit:  # type: ignore[no-untyped-def]
    """Everything built, issued and acknowledged once, then rolled back: the tests only read
    the bytes."""
    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
        s = bangun(build_org("P"))
        dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
        first = dok.berkas.open("rb").read()
        dok = services.terima_dokumen(s.staf, dok)
        both = dok.berkas.open("rb").read()
        skp = services.terbitkan_skp(s.kasi, s.skp).berkas.open("rb").read()
        snap = s.ev1.snapshot
        result = Terbit(
            evaluasi=first,
            diterima=both,
            skp=skp,
            kode=dok.kode,
            url=render.url_verifikasi(dok.kode),
            orang={
                k: (snap[k]["nama"], snap[k]["nip"])
                for k in ("pegawai", "penilai", "atasan_penilai")
            },
            ca_pem=pki.ca_pem(),
        )
        transaction.set_rollback(True)
    return result


def teks(pdf: bytes) -> str:
    """The text in reading order on one line; words hyphenated at a line end joined again."""
    out = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return " ".join(out.replace("\u2010\n", "").split())


def validasi(pdf: bytes, ca_pem: bytes) -> list[tuple[str, bool, bool, bool, bool]]:
    from cryptography import x509

    ca = asn1_cert(x509.load_pem_x509_certificate(ca_pem))
    reader = PdfFileReader(io.BytesIO(pdf))
    rows = []
    for sig in reader.embedded_signatures:
        st = validate_pdf_signature(sig, ValidationContext(trust_roots=[ca], allow_fetching=False))
        rows.append((sig.field_name, st.intact, st.valid, st.trusted, st.bottom_line))
    return rows


def test_evaluation_text_has_people_ratings_predikat_and_url(terbit):
    text = teks(terbit.evaluasi)
    for nama, nip in terbit.orang.values():
        assert nama in text and nip in text
    for label in [
        "DOKUMEN EVALUASI KINERJA PEGAWAI",
        "PEGAWAI YANG DINILAI",
        "PEJABAT PENILAI KINERJA",
        "ATASAN PEJABAT PENILAI KINERJA",
        "CAPAIAN KINERJA ORGANISASI",
        "RATING HASIL KERJA",
        "DI ATAS EKSPEKTASI",  # upper case only as the rating
        "RATING PERILAKU KERJA SESUAI EKSPEKTASI",
        "PREDIKAT KINERJA PEGAWAI BAIK",
        "CATATAN/REKOMENDASI",
        "TRIWULAN I",
        "10 – 12 Dokumen",
        "11 Dokumen",
    ]:
        assert label in text, label
    assert "BAIK (Predikat Kinerja Organisasi Dinas P)" in text
    for phrase in [RHK_TEKS, UMPAN_RHK, UMPAN_PERILAKU, EKSPEKTASI, CATATAN]:
        assert phrase in text, phrase
    assert terbit.url in text


def test_skp_text(terbit):
    text = teks(terbit.skp)
    assert "SASARAN KINERJA PEGAWAI" in text and "LAMPIRAN SASARAN KINERJA PEGAWAI" in text
    for nama, nip in terbit.orang.values():
        assert nama in text and nip in text
    assert "Berorientasi Pelayanan" in text and "/v/" in text
    assert "PREDIKAT" not in text


def test_pyhanko_validates_the_penilai_then_both_signatures(terbit):
    assert validasi(terbit.evaluasi, terbit.ca_pem) == [("TTD1", True, True, True, True)]
    assert validasi(terbit.diterima, terbit.ca_pem) == [
        ("TTD1", True, True, True, True),
        ("TTD2", True, True, True, True),
    ]
    assert terbit.diterima.startswith(terbit.evaluasi)  # an incremental update


def test_an_unknown_ca_is_not_trusted(terbit):
    from cryptography import x509

    from kinerja.tindaklanjut.dokumen.pki import _buat_ca, _pem

    other = _pem(_buat_ca()[0])
    assert x509.load_pem_x509_certificate(other)
    assert [row[3] for row in validasi(terbit.evaluasi, other)] == [False]


def test_pdfsig_validates_and_trusts_the_local_ca(terbit, tmp_path: Path):
    """poppler's own check (NSS), trusting the local CA through an NSS database."""
    nss, ca = tmp_path / "nss", tmp_path / "ca.pem"
    nss.mkdir()
    ca.write_bytes(terbit.ca_pem)
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nss}"], check=True)
    subprocess.run(
        ["certutil", "-A", "-n", "kinerja-ca", "-t", "CT,C,C", "-i", str(ca), "-d", f"sql:{nss}"],
        check=True,
    )
    pdf = tmp_path / "dok.pdf"
    pdf.write_bytes(terbit.diterima)
    # No -no-ocsp: with it poppler 22 reports a generic certificate error; our certificates
    # name no OCSP responder, so nothing is fetched anyway.
    out = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(pdf)], capture_output=True, text=True
    ).stdout
    assert out.count("Signature Validation: Signature is Valid.") == 2, out
    assert out.count("Certificate Validation: Certificate is Trusted.") == 2, out
    assert "Total document signed" in out
    for nama, _nip in [terbit.orang["pegawai"], terbit.orang["penilai"]]:
        assert f"Signer Certificate Common Name: {nama}" in out


def tamper(pdf: bytes) -> bytes:
    """Change one visible word inside the signed bytes (same length: offsets stay right)."""
    data = bytearray(pdf)
    at = data.index(b"/Producer")
    data[at + 1 : at + 9] = b"Pxoducer"
    return bytes(data)


def test_a_tampered_pdf_fails_in_pyhanko(terbit):
    changed = tamper(terbit.diterima)
    assert changed != terbit.diterima
    rows = validasi(changed, terbit.ca_pem)
    assert rows and not all(row[1] for row in rows)  # not intact
