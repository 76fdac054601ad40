"""The local certificate authority of the embedded default and of the tests.

Generated on first use under KINERJA_PKI_DIR (default VAR_DIR/pki: outside the repository;
each test run has its own VAR_DIR, hence its own CA). It issues one certificate per signing
person (CN = name, serialNumber = NIP, O = instansi), cached on disk and reused until it
nears its end. Keys are EC P-256 (fast to make, accepted by pyHanko and by poppler/NSS);
files are 0600 in a 0700 folder. Production uses a certified provider instead (signer.py).
"""

import datetime as dt
import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from django.conf import settings

CA_NAMA = "Kinerja CA Lokal"
CA_TAHUN = 10
ORANG_HARI = 2 * 365
SISA_MINIMAL = dt.timedelta(days=30)  # re-issue a person's certificate this close to its end

Kunci = ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Subjek:
    """Who a certificate is for."""

    nama: str
    nip: str
    instansi: str


def direktori() -> Path:
    path = Path(settings.KINERJA_PKI_DIR)
    (path / "orang").mkdir(parents=True, exist_ok=True, mode=0o700)
    path.chmod(0o700)
    return path


@contextmanager
def _terkunci(folder: Path) -> Iterator[None]:
    """One process at a time creates files (two workers starting together make one CA)."""
    with open(folder / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _tulis(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, atomically (a reader never sees half)."""
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _pem_kunci(key: Kunci) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _baca(cert_path: Path, key_path: Path) -> tuple[x509.Certificate, Kunci] | None:
    if not (cert_path.exists() and key_path.exists()):
        return None
    cert = x509.load_pem_x509_certificate(cert_path.read_bytes())
    key = serialization.load_pem_private_key(key_path.read_bytes(), password=None)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    return cert, key


def _masih_berlaku(cert: x509.Certificate, now: dt.datetime) -> bool:
    return cert.not_valid_after_utc - now > SISA_MINIMAL


def ca() -> tuple[x509.Certificate, Kunci]:
    """The CA certificate and key, created on first use."""
    folder = direktori()
    found = _baca(folder / "ca.pem", folder / "ca.key")
    if found is not None:
        return found
    with _terkunci(folder):
        found = _baca(folder / "ca.pem", folder / "ca.key")
        if found is not None:
            return found
        cert, key = _buat_ca()
        _tulis(folder / "ca.key", _pem_kunci(key))
        _tulis(folder / "ca.pem", _pem(cert))
        return cert, key


def ca_pem() -> bytes:
    return _pem(ca()[0])


def _buat_ca() -> tuple[x509.Certificate, Kunci]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, CA_NAMA),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Kinerja (bukan untuk produksi)"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * CA_TAHUN))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert, key


def _nama_berkas(subjek: Subjek) -> str:
    raw = f"{subjek.nip}|{subjek.nama}|{subjek.instansi}".encode()
    return hashlib.sha256(raw).hexdigest()[:32]


def sertifikat(subjek: Subjek) -> tuple[x509.Certificate, Kunci, x509.Certificate]:
    """The person's certificate and key (issued on first use, renewed near its end) and the
    CA certificate. A change of name or instansi gets a certificate of its own."""
    ca_cert, ca_key = ca()
    folder = direktori() / "orang"
    base = _nama_berkas(subjek)
    cert_path, key_path = folder / f"{base}.pem", folder / f"{base}.key"
    now = dt.datetime.now(dt.UTC)
    found = _baca(cert_path, key_path)
    if found is not None and _masih_berlaku(found[0], now):
        return found[0], found[1], ca_cert
    with _terkunci(direktori()):
        found = _baca(cert_path, key_path)
        if found is not None and _masih_berlaku(found[0], now):
            return found[0], found[1], ca_cert
        cert, key = _terbitkan(subjek, ca_cert, ca_key, now)
        _tulis(key_path, _pem_kunci(key))
        _tulis(cert_path, _pem(cert))
        return cert, key, ca_cert


def _terbitkan(
    subjek: Subjek, ca_cert: x509.Certificate, ca_key: Kunci, now: dt.datetime
) -> tuple[x509.Certificate, Kunci]:
    key = ec.generate_private_key(ec.SECP256R1())
    attrs = [x509.NameAttribute(NameOID.COMMON_NAME, subjek.nama[:64] or "-")]
    if subjek.nip:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, subjek.nip))
    if subjek.instansi:
        attrs.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, subjek.instansi[:64]))
    attrs.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"))
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name(attrs))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(hours=1))
        .not_valid_after(min(now + dt.timedelta(days=ORANG_HARI), ca_cert.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation: the signer stands by the content
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    return cert, key
