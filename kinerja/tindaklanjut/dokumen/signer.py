"""Electronic signatures (PAdES, pyHanko) behind one interface.

`Signer.sign(pdf_bytes, penandatangan, *, field_name, reason, location) -> bytes` appends one
signature as an incremental update (earlier signatures stay valid). The implementation is
chosen by the setting KINERJA_SIGNER:

- "local" (default): `LocalCaSigner`, certificates from the local CA of pki.py (development,
  demo, tests; not legally certified);
- "pkcs11": `Pkcs11Signer`, a key on a PKCS#11 token or HSM (env KINERJA_PKCS11_MODULE,
  KINERJA_PKCS11_TOKEN, KINERJA_PKCS11_PIN_FILE, KINERJA_PKCS11_KEY_LABEL, optionally
  KINERJA_PKCS11_CERT_LABEL; labels may contain "{nip}" to pick the signer's own key);
- a dotted path "package.module.Class": any class with the same `sign` (e.g. an adapter of a
  BSrE/PSrE remote signing service), constructed without arguments.

`akar_kepercayaan()` gives the certificates the verification trusts: the signer's own roots
(the local CA) and the PEM files listed in KINERJA_TRUST_ROOTS (e.g. the BSrE root).
"""

import asyncio
import functools
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko_certvalidator.registry import SimpleCertificateStore

from kinerja.tindaklanjut.dokumen import pki

T = TypeVar("T")


@dataclass(frozen=True)
class Penandatangan:
    """The signing person as printed on the document and in the certificate."""

    nama: str
    nip: str
    jabatan: str
    instansi: str
    peran: str


class Signer(Protocol):
    def sign(
        self,
        pdf_bytes: bytes,
        penandatangan: Penandatangan,
        *,
        field_name: str,
        reason: str,
        location: str,
    ) -> bytes: ...


def _metadata(
    penandatangan: Penandatangan, field_name: str, reason: str, location: str
) -> signers.PdfSignatureMetadata:
    return signers.PdfSignatureMetadata(
        field_name=field_name,
        reason=reason,
        location=location,
        name=penandatangan.nama,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
    )


def tanpa_event_loop(fungsi: Callable[[], T]) -> T:
    """Call pyHanko's synchronous API (it runs its own loop with asyncio.run, which cannot
    start in a thread whose loop is already running: an ASGI server, a browser-driven test);
    there, in a thread of its own."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fungsi()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fungsi).result()


def _tandatangani(
    pdf_bytes: bytes, signer: signers.Signer, meta: signers.PdfSignatureMetadata
) -> bytes:
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf_bytes), strict=False)
    out = tanpa_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer))
    return bytes(out.getvalue())


def asn1_cert(cert: Any) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


class LocalCaSigner:
    """A certificate per person from the local CA (pki.py)."""

    def sign(
        self,
        pdf_bytes: bytes,
        penandatangan: Penandatangan,
        *,
        field_name: str,
        reason: str,
        location: str,
    ) -> bytes:
        subjek = pki.Subjek(penandatangan.nama, penandatangan.nip, penandatangan.instansi)
        cert, key, ca_cert = pki.sertifikat(subjek)
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        signer = signers.SimpleSigner(
            signing_cert=asn1_cert(cert),
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([asn1_cert(ca_cert)]),
        )
        meta = _metadata(penandatangan, field_name, reason, location)
        return _tandatangani(pdf_bytes, signer, meta)

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return [asn1_cert(pki.ca()[0])]


@dataclass(frozen=True)
class Pkcs11Config:
    module: str
    token: str
    pin_file: str
    key_label: str
    cert_label: str

    @classmethod
    def from_env(cls) -> "Pkcs11Config":
        import environ

        env = environ.Env()
        values = {
            "module": env.str("KINERJA_PKCS11_MODULE", default=""),
            "token": env.str("KINERJA_PKCS11_TOKEN", default=""),
            "pin_file": env.str("KINERJA_PKCS11_PIN_FILE", default=""),
            "key_label": env.str("KINERJA_PKCS11_KEY_LABEL", default=""),
        }
        missing = [f"KINERJA_PKCS11_{k.upper()}" for k, v in values.items() if not v]
        if missing:
            raise ImproperlyConfigured(
                "KINERJA_SIGNER=pkcs11 memerlukan variabel lingkungan: " + ", ".join(missing)
            )
        cert_label = env.str("KINERJA_PKCS11_CERT_LABEL", default="") or values["key_label"]
        return cls(cert_label=cert_label, **values)


class Pkcs11Signer:
    """A key on a PKCS#11 token or HSM (pyHanko's PKCS#11 support; needs python-pkcs11).
    The PIN is read from a file (a secret mount), never from the environment itself. Labels
    may contain "{nip}" so one HSM holds each official's own key."""

    def __init__(self, config: Pkcs11Config | None = None) -> None:
        self.config = config or Pkcs11Config.from_env()
        if not Path(self.config.module).exists():
            raise ImproperlyConfigured(
                f"Modul PKCS#11 {self.config.module} tidak ditemukan (KINERJA_PKCS11_MODULE)."
            )
        if not Path(self.config.pin_file).exists():
            raise ImproperlyConfigured(
                f"Berkas PIN {self.config.pin_file} tidak ditemukan (KINERJA_PKCS11_PIN_FILE)."
            )
        try:
            import pkcs11  # noqa: F401
        except ImportError as exc:
            raise ImproperlyConfigured(
                "KINERJA_SIGNER=pkcs11 memerlukan paket python-pkcs11 (pyHanko[pkcs11])."
            ) from exc

    def sign(
        self,
        pdf_bytes: bytes,
        penandatangan: Penandatangan,
        *,
        field_name: str,
        reason: str,
        location: str,
    ) -> bytes:
        from pyhanko.config.pkcs11 import TokenCriteria
        from pyhanko.sign import pkcs11 as p11

        pin = Path(self.config.pin_file).read_text().strip()
        session = p11.open_pkcs11_session(
            self.config.module, token_criteria=TokenCriteria(label=self.config.token), user_pin=pin
        )
        try:
            signer = p11.PKCS11Signer(
                session,
                cert_label=self.config.cert_label.format(nip=penandatangan.nip),
                key_label=self.config.key_label.format(nip=penandatangan.nip),
            )
            meta = _metadata(penandatangan, field_name, reason, location)
            return _tandatangani(pdf_bytes, signer, meta)
        finally:
            session.close()

    def trust_roots(self) -> list[asn1_x509.Certificate]:
        return []  # the provider's root comes from KINERJA_TRUST_ROOTS


PILIHAN = {"local": LocalCaSigner, "pkcs11": Pkcs11Signer}


@functools.cache
def get_signer() -> Signer:
    """The configured signer (KINERJA_SIGNER), built once per process."""
    name = settings.KINERJA_SIGNER or "local"
    cls = PILIHAN.get(name)
    if cls is None:
        try:
            cls = import_string(name)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"KINERJA_SIGNER={name}: pilih local, pkcs11 atau path kelas Python."
            ) from exc
    signer: Signer = cls()
    return signer


def akar_kepercayaan() -> list[asn1_x509.Certificate]:
    """The roots the verification trusts: the signer's own, plus KINERJA_TRUST_ROOTS files."""
    signer: Any = get_signer()
    roots = list(signer.trust_roots()) if hasattr(signer, "trust_roots") else []
    if settings.KINERJA_SIGNER in ("", "local") and not roots:
        roots = LocalCaSigner().trust_roots()
    for path in settings.KINERJA_TRUST_ROOTS:
        data = Path(path).read_bytes()
        roots.append(_muat_sertifikat(data))
    return roots


def _muat_sertifikat(data: bytes) -> asn1_x509.Certificate:
    from asn1crypto import pem

    if pem.detect(data):
        _, _, data = pem.unarmor(data)
    return asn1_x509.Certificate.load(data)


@receiver(setting_changed)
def _lupakan_signer(setting: str, **kwargs: Any) -> None:
    if setting in ("KINERJA_SIGNER", "KINERJA_PKI_DIR", "VAR_DIR"):
        get_signer.cache_clear()
