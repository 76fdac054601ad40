"""Storage from the environment: local disk by default, an S3-compatible bucket with
STORAGE_BACKEND=s3. The S3 path runs for real: moto's S3 server over HTTP on a free local port,
a bucket, a bukti uploaded through the service and downloaded through the view, nothing on the
local disk, objects private."""

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import boto3
import environ
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from moto.server import ThreadedMotoServer

from kinerja.core.permissions import DomainError
from kinerja.pelaksanaan import services_realisasi as services
from kinerja.pelaksanaan.models import BuktiDukung
from kinerja.settings import default_storage_from_env
from tests.conftest import login
from tests.pelaksanaan.test_berkas import docx_bytes, pdf_bytes
from tests.pelaksanaan.test_realisasi_services import (
    TAHUN,
    build_dunia,
    files_in,
    periode_nomor,
)

BUCKET = "kinerja-bukti"
S3_VARS = [
    "STORAGE_BACKEND",
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_SECRET_KEY_FILE",
    "S3_REGION",
    "S3_ADDRESSING_STYLE",
    "S3_PREFIX",
]


@pytest.fixture
def clean_env(monkeypatch) -> Any:
    for name in S3_VARS:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def env() -> environ.Env:
    return environ.FileAwareEnv()


# --- Settings --------------------------------------------------------------------------------


def test_local_disk_is_the_default(clean_env):
    assert default_storage_from_env(env()) == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }
    clean_env.setenv("STORAGE_BACKEND", "local")
    assert default_storage_from_env(env())["BACKEND"].endswith("FileSystemStorage")


def test_s3_from_the_environment_with_the_secret_from_a_file(clean_env, tmp_path):
    secret = tmp_path / "s3_secret"
    secret.write_text("rahasia-s3\n")
    clean_env.setenv("STORAGE_BACKEND", "S3")
    clean_env.setenv("S3_BUCKET", "bukti")
    clean_env.setenv("S3_ENDPOINT_URL", "https://minio.pemda.go.id")
    clean_env.setenv("S3_ACCESS_KEY", "kunci")
    clean_env.setenv("S3_SECRET_KEY_FILE", str(secret))
    clean_env.setenv("S3_REGION", "ap-southeast-3")
    config = default_storage_from_env(env())
    assert config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert isinstance(options, dict)
    assert options["bucket_name"] == "bukti"
    assert options["endpoint_url"] == "https://minio.pemda.go.id"
    assert (options["access_key"], options["secret_key"]) == ("kunci", "rahasia-s3")
    assert options["region_name"] == "ap-southeast-3"
    # Private: no ACL granted, signed short-lived URLs should one ever be built.
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False


def test_s3_needs_a_bucket_and_unknown_backends_are_refused(clean_env):
    clean_env.setenv("STORAGE_BACKEND", "s3")
    with pytest.raises(ImproperlyConfigured, match="S3_BUCKET"):
        default_storage_from_env(env())
    clean_env.setenv("STORAGE_BACKEND", "ftp")
    with pytest.raises(ImproperlyConfigured, match="pilih local atau s3"):
        default_storage_from_env(env())


# --- A real S3 server ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def s3(s3_server, clean_env, settings) -> Any:
    """The default storage pointed at a fresh bucket on the moto server, configured exactly as
    production would be: through the environment and settings."""
    values = {
        "STORAGE_BACKEND": "s3",
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_ACCESS_KEY": "uji",
        "S3_SECRET_KEY": "rahasia-uji",
        "S3_REGION": "us-east-1",
        "S3_ADDRESSING_STYLE": "path",
    }
    for name, value in values.items():
        clean_env.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="uji",
        aws_secret_access_key="rahasia-uji",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env(env())}
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(o["Key"] for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_a_bukti_goes_to_the_bucket_and_comes_back_through_the_view(org, s3, tmp_path):
    d = build_dunia(org)
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    bukti = services.tambah_bukti(staf, real, SimpleUploadedFile("laporan.pdf", pdf_bytes()))
    assert type(bukti.berkas.storage._wrapped).__name__ == "S3Storage"  # (default_storage)
    assert keys(s3) == [bukti.berkas.name]
    assert bukti.berkas.name.startswith(f"berkas/{d.org.instansi.pk}/")
    stored = s3.get_object(Bucket=BUCKET, Key=bukti.berkas.name)["Body"].read()
    assert stored == pdf_bytes()
    assert files_in(tmp_path) == []  # nothing on the local disk
    # Private: nobody is granted access but the owner.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=bukti.berkas.name)["Grants"]
    assert all("URI" not in g["Grantee"] for g in grants)

    target = reverse("pelaksanaan:bukti_unduh", args=[bukti.pk])
    for who in ("staf", "kasi"):
        response = login(Client(), d.users[who]).get(target)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == pdf_bytes()
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Length"] == str(len(pdf_bytes()))
    assert login(Client(), d.users["staf_bidang"]).get(target).status_code == 404


def test_office_files_download_as_attachments_from_the_bucket(org, s3):
    d = build_dunia(org)
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    upload = SimpleUploadedFile("surat tugas.docx", docx_bytes())
    bukti = services.tambah_bukti(staf, real, upload)
    response = login(Client(), d.users["kasi"]).get(
        reverse("pelaksanaan:bukti_unduh", args=[bukti.pk])
    )
    assert response["Content-Disposition"] == 'attachment; filename="surat tugas.docx"'
    assert b"".join(response.streaming_content) == docx_bytes()


def test_a_refused_bukti_uploads_nothing(org, s3):
    d = build_dunia(org)
    staf, tw1 = d.users["staf"], periode_nomor(d.skp, 1)
    april = timezone.make_aware(dt.datetime(TAHUN, 4, 1, 12))
    real = services.isi_realisasi(staf, d.iki, tw1, Decimal(1), "", now=april)
    may = timezone.make_aware(dt.datetime(TAHUN, 5, 2, 12))
    with pytest.raises(DomainError, match="sudah dikunci"):
        services.tambah_bukti(staf, real, SimpleUploadedFile("laporan.pdf", pdf_bytes()), now=may)
    with pytest.raises(DomainError, match="bukan PDF"):
        upload = SimpleUploadedFile("laporan.pdf", docx_bytes())
        services.tambah_bukti(staf, real, upload, now=april)
    assert keys(s3) == [] and BuktiDukung.objects.count() == 0


def test_deleting_a_bukti_deletes_the_object_after_the_commit(
    org, s3, django_capture_on_commit_callbacks
):
    d = build_dunia(org)
    staf = d.users["staf"]
    real = services.isi_realisasi(staf, d.iki, d.periode, Decimal(1), "")
    bukti = services.tambah_bukti(staf, real, SimpleUploadedFile("laporan.pdf", pdf_bytes()))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.hapus_bukti(staf, bukti)
    assert keys(s3) == [bukti.berkas.name]  # not before the commit
    for callback in callbacks:
        callback()
    assert keys(s3) == []
