"""Shared pieces of the helpdesk tests: a staf of A with an account and e-mail addresses for
everyone who should get mail."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import user_for

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"0" * 64


def png(nama: str = "layar.png", isi: bytes = PNG) -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, isi, content_type="image/png")


def pdf(nama: str = "surat.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(nama, PDF, content_type="application/pdf")


@pytest.fixture
def staf(org):
    return user_for(org.staf, email="staf@contoh.go.id")


@pytest.fixture
def nasional(admin_nasional):
    admin_nasional.email = "bkn@contoh.go.id"
    admin_nasional.save()
    return admin_nasional


@pytest.fixture
def admin_a(org):
    org.admin.email = "admin.a@contoh.go.id"
    org.admin.save()
    return org.admin
