"""Issuing follows the events (after commit), the pegawai's acknowledgement, keberatan Diubah
and Tetap, a signing failure and "Terbitkan ulang", and the backfill. Each test renders as few
documents as it needs."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from kinerja.core.models import AuditEvent
from kinerja.penilaian import services as penilaian
from kinerja.penilaian.models import PihakPenjelasan, StatusEvaluasi
from kinerja.perencanaan import services as perencanaan
from kinerja.tindaklanjut.dokumen import services
from kinerja.tindaklanjut.dokumen.models import Dokumen, StatusDokumen, TandaTangan
from kinerja.tindaklanjut.dokumen.signer import get_signer
from tests.conftest import build_org
from tests.tindaklanjut.dokumen.conftest import DI_ATAS, SESUAI, ambil, bangun, hari_setelah


def rows() -> list[tuple]:
    return list(
        Dokumen.objects.order_by("pk").values_list("pk", "status", "sha256", "diterima_at")
    ) + list(TandaTangan.objects.order_by("pk").values_list("pk", "sha256"))


def build_world():  # type: ignore[no-untyped-def]
    """The stage of the tests taking `s`, built once for them (a copy each, rolled back after
    it); the tests building their own come first."""
    return bangun(build_org("A"))


@pytest.fixture
def s(world):
    return world


def test_finalising_issues_the_document_after_commit(org, django_capture_on_commit_callbacks):
    """The receiver: the penilai's finalisation signs the document once it is committed."""
    from tests.penilaian.conftest import periode

    s = bangun(org)
    p = periode(org.instansi.pk, nomor=3)
    now = hari_setelah(p)
    penilaian.tetapkan_kinerja_organisasi(org.admin, org.dinas, p, "Baik", now=now)
    ev = penilaian.nilai(
        s.kasi, s.skp, p, rating_hasil_kerja=SESUAI, rating_perilaku=SESUAI, now=now
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        penilaian.finalkan(s.kasi, [ev], now=now)
    # One from this app (the SIASN queue adds its own).
    assert [c.__module__ for c in callbacks].count("kinerja.tindaklanjut.dokumen.receivers") == 1
    dok = Dokumen.objects.get(evaluasi=ev)
    assert (dok.status, dok.versi, dok.jenis, dok.periode_id) == ("berlaku", 1, "evaluasi", p.pk)
    ttd = dok.tanda_tangan.get()
    assert (ttd.peran, ttd.nama, ttd.sha256) == ("Pejabat Penilai Kinerja", "Kasi A", dok.sha256)
    assert AuditEvent.objects.filter(action="dokumen.diterbitkan", object_id=str(dok.pk)).exists()
    assert services.terbitkan_evaluasi(s.kasi, ambil(ev)) == dok  # idempotent


def test_approving_an_skp_issues_its_document(org, django_capture_on_commit_callbacks):
    from tests.perencanaan.test_services import add_rhk, users_of

    users = users_of(org)
    skp = perencanaan.buat_skp(users["kepala"], dt.date.today().year)
    add_rhk(users["kepala"], skp)
    perencanaan.ajukan_skp(users["kepala"], skp)
    with django_capture_on_commit_callbacks(execute=True):
        perencanaan.setujui_skp(org.admin, skp)  # no penilai in the system: the admin decides
    dok = Dokumen.objects.get(skp=skp)
    assert dok.tanda_tangan.get().peran == "Admin Instansi"


def test_the_pegawai_acknowledges_once(s):
    dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev1))
    first = dok.sha256
    for who in [s.kasi, s.kabid]:
        before = rows()
        with pytest.raises(PermissionDenied):
            services.terima_dokumen(who, dok)
        assert rows() == before
    dok = services.terima_dokumen(s.staf, dok)
    assert dok.diterima_at is not None and dok.sha256 != first
    assert list(dok.tanda_tangan.values_list("urutan", "peran", "nama")) == [
        (1, "Pejabat Penilai Kinerja", "Kasi A"),
        (2, "Pegawai yang Dinilai", "Staf A"),
    ]
    assert dok.tanda_tangan.get(urutan=1).sha256 == first
    before = rows()
    with pytest.raises(penilaian.DomainError, match="sudah menyatakan menerima"):
        services.terima_dokumen(s.staf, dok)
    assert rows() == before


def putuskan(s, keputusan: str, **ratings) -> None:
    ev = ambil(s.ev2)
    now = hari_setelah(s.tw2) + dt.timedelta(hours=1)
    k = penilaian.ajukan_keberatan(s.staf, ev, "Realisasi saya melampaui target.", now=now)
    rows = penilaian.minta_penjelasan(
        s.kabid, k, pertanyaan_penilai="Dasar?", pertanyaan_pegawai="Bukti?", now=now
    )
    for row in rows:
        who = s.kasi if row.pihak == PihakPenjelasan.PENILAI else s.staf
        penilaian.jawab_penjelasan(who, row, "Penjelasan.", now=now)
    k.refresh_from_db()
    penilaian.putuskan_keberatan(s.kabid, k, keputusan, "Sesuai bukti.", now=now, **ratings)


def test_diubah_supersedes_the_old_version(s, django_capture_on_commit_callbacks):
    old = services.terbitkan_evaluasi(s.kasi, ambil(s.ev2))
    with django_capture_on_commit_callbacks(execute=True):
        putuskan(s, "Diubah", rating_hasil_kerja=DI_ATAS, rating_perilaku=DI_ATAS)
    old.refresh_from_db()
    new = Dokumen.objects.get(evaluasi=s.ev2, status=StatusDokumen.BERLAKU)
    assert (old.status, old.diganti_oleh_id) == ("digantikan", new.pk)
    assert (new.versi, new.versi_sumber) == (2, 2)
    ttd = new.tanda_tangan.get()
    assert (ttd.peran, ttd.nama) == ("Atasan Pejabat Penilai", "Kabid A")
    before = rows()
    with pytest.raises(penilaian.DomainError, match="digantikan"):
        services.terima_dokumen(s.staf, old)
    assert rows() == before


def test_tetap_keeps_the_document(s, django_capture_on_commit_callbacks):
    dok = services.terbitkan_evaluasi(s.kasi, ambil(s.ev2))
    with django_capture_on_commit_callbacks(execute=True):
        putuskan(s, "Tetap")
    assert ambil(s.ev2).status == StatusEvaluasi.TETAP
    assert list(Dokumen.objects.filter(evaluasi=s.ev2).values_list("pk", "status")) == [
        (dok.pk, "berlaku")
    ]


class Rusak:
    def sign(self, *args, **kwargs):
        raise RuntimeError("token tidak terhubung")


def test_a_signing_failure_keeps_the_result_and_can_be_reissued(s, settings, monkeypatch):
    monkeypatch.setattr(services, "get_signer", lambda: Rusak())
    assert services.terbitkan_aman(s.kasi, ambil(s.ev1)) is None
    assert ambil(s.ev1).status == StatusEvaluasi.FINAL
    assert not Dokumen.objects.exists()
    gagal = AuditEvent.objects.get(action="dokumen.gagal_terbit")
    assert "token tidak terhubung" in gagal.reason
    monkeypatch.setattr(services, "get_signer", get_signer)
    with pytest.raises(PermissionDenied):
        services.terbitkan_ulang(s.staf, ambil(s.ev1))
    dok = services.terbitkan_ulang(s.org.admin, ambil(s.ev1))
    assert dok.tanda_tangan.get().peran == "Admin Instansi"
    before = rows()
    with pytest.raises(penilaian.DomainError, match="sudah ada"):
        services.terbitkan_ulang(s.kasi, ambil(s.ev1))
    assert rows() == before


def test_backfill_issues_what_is_missing_once(s):
    hasil = services.terbitkan_massal(s.org.instansi.pk, pegawai_ids=[s.skp.pegawai_id])
    assert (hasil.evaluasi, hasil.skp, hasil.gagal) == (2, 1, 0)
    # The others' SKP; the kepala has no penilai in the system: left for the Admin Instansi.
    rest = services.terbitkan_massal(s.org.instansi.pk)
    assert (rest.evaluasi, rest.skp, rest.gagal) == (0, 3, 0)
    assert not Dokumen.objects.filter(pegawai=s.org.kepala).exists()
    assert services.terbitkan_massal(s.org.instansi.pk) == services.HasilMassal()


def test_the_admin_issues_every_missing_document_as_a_job(
    s, client, settings, django_assert_num_queries
):
    """Belum terbit: capped counts, then "Terbitkan semua" runs on the worker with progress;
    the kepala's (no penilai of record) stay for "Terbitkan ulang"."""
    from django.urls import reverse

    from kinerja.core.models import AuditEvent, Pekerjaan
    from tests.conftest import login

    settings.KINERJA_JOBS = "immediate"
    login(client, s.org.admin)
    page = reverse("dokumen:belum_terbit")
    with django_assert_num_queries(4):  # session, user, the two capped counts
        body = client.get(page).content.decode()
    assert "<strong>2</strong> hasil penilaian final dan <strong>4</strong> SKP" in body
    response = client.post(reverse("dokumen:terbitkan_semua"))
    job = Pekerjaan.objects.get(jenis="dokumen.terbitkan_massal")
    assert response["Location"] == reverse("pekerjaan:detail", args=[job.pk])
    assert job.status == "selesai" and (job.progress_selesai, job.progress_total) == (6, 6)
    assert job.pesan == "2 dokumen evaluasi dan 4 dokumen SKP diterbitkan; 0 dilewati, 0 gagal."
    assert AuditEvent.objects.filter(action="dokumen.terbitkan_massal").count() == 1
    body = client.get(page).content.decode()
    assert "<strong>0</strong> hasil penilaian final dan <strong>0</strong> SKP" in body
    assert "Terbitkan semua</button>" not in body
    assert not Dokumen.objects.filter(pegawai=s.org.kepala).exists()
