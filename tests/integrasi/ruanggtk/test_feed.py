"""The Ruang GTK feed over real HTTP against FakeRuangGtk: paging, `since` from the last
applied pull, token refusal, faults, each pull in the sync log."""

import pytest
import requests
from django.test import override_settings

from kinerja.core.permissions import DomainError
from kinerja.integrasi.http import GalatIntegrasi
from kinerja.integrasi.models import LogSinkron, PenanggungJawab, StatusSinkron
from kinerja.integrasi.ruanggtk import adapter, impor
from kinerja.integrasi.ruanggtk.fake import FakeRuangGtk
from kinerja.integrasi.ruanggtk.models import AsalImpor, ImporRuangGtk
from kinerja.org.models import StatusImpor
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import Skp
from tests.integrasi.ruanggtk.conftest import TOKEN, Sekolah, rec_hasil, rec_skp

pytestmark = pytest.mark.django_db


def terbit(fake: FakeRuangGtk, s: Sekolah, *catatan) -> None:  # type: ignore[no-untyped-def]
    fake.terbitkan(*catatan, instansi=s.org.instansi.kode)


def test_fake_menolak_token_dan_membagi_halaman(fake: FakeRuangGtk) -> None:
    fake.terbitkan({"a": 1}, {"a": 2}, {"a": 3}, instansi="X")
    fake.terbitkan({"a": 4}, instansi="Y")
    r = requests.get(f"{fake.url}/feed", params={"instansi": "X"}, timeout=2)
    assert r.status_code == 401
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = requests.get(
        f"{fake.url}/feed", params={"instansi": "X", "limit": 2}, headers=auth, timeout=2
    )
    assert r.json() == {"data": [{"a": 1}, {"a": 2}], "kursor": "2", "selesai": False}
    r = requests.get(
        f"{fake.url}/feed", params={"instansi": "X", "since": 2}, headers=auth, timeout=2
    )
    assert r.json() == {"data": [{"a": 3}], "kursor": "3", "selesai": True}
    r = requests.get(f"{fake.url}/feed", params={"since": "x"}, headers=auth, timeout=2)
    assert r.status_code == 400


def test_tarik_berhalaman_lalu_terapkan(fake: FakeRuangGtk, sekolah: Sekolah, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(adapter, "HALAMAN", 2)
    terbit(fake, sekolah, rec_skp(sekolah), rec_hasil(sekolah, 1), rec_hasil(sekolah, 2))
    batch = impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert batch is not None
    assert (batch.asal, batch.status, batch.jumlah_baris) == (
        AsalImpor.FEED,
        StatusImpor.PRATINJAU,
        3,
    )
    assert (batch.kursor_sejak, batch.kursor) == ("", "3")
    permintaan = [(q.query.get("since", ""), q.query.get("limit")) for q in fake.log]
    assert permintaan == [("", "2"), ("2", "2")]
    assert all(q.headers["authorization"] == f"Bearer {TOKEN}" for q in fake.log)
    assert {q.query["instansi"] for q in fake.log} == {sekolah.org.instansi.kode}
    log = LogSinkron.objects.get(operasi="tarik_feed")
    assert (log.status, log.jumlah, log.arah) == (StatusSinkron.BERHASIL, 3, "tarik")
    assert TOKEN not in log.permintaan + log.jawaban
    impor.terapkan(sekolah.admin, batch)
    assert Evaluasi.objects.filter(pegawai=sekolah.guru, sumber="Ruang GTK").count() == 2


def test_since_dari_tarikan_terakhir_yang_diterapkan(fake: FakeRuangGtk, sekolah: Sekolah) -> None:
    terbit(fake, sekolah, rec_skp(sekolah))
    pertama = impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert pertama is not None
    # not applied yet: the next pull starts from the beginning again
    fake.log.clear()
    belum = impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert belum is not None and fake.log[0].query.get("since", "") == ""
    impor.terapkan(sekolah.admin, pertama)
    fake.log.clear()
    assert impor.tarik(sekolah.admin, sekolah.org.instansi.pk) is None  # nothing new
    assert fake.log[0].query["since"] == "1"
    terbit(fake, sekolah, rec_hasil(sekolah, hasil="Di Atas Ekspektasi"))
    kedua = impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert kedua is not None and (kedua.kursor_sejak, kedua.kursor, kedua.jumlah_baris) == (
        "1",
        "2",
        1,
    )
    impor.terapkan(sekolah.admin, kedua)
    assert Evaluasi.objects.get(pegawai=sekolah.guru).predikat == "Sangat Baik"
    assert Skp.objects.filter(pegawai=sekolah.guru).count() == 1


def test_token_ditolak(fake: FakeRuangGtk, sekolah: Sekolah) -> None:
    terbit(fake, sekolah, rec_skp(sekolah))
    with override_settings(KINERJA_RUANGGTK_TOKEN="salah"), pytest.raises(GalatIntegrasi) as info:
        impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert (info.value.kode, info.value.sementara) == ("http_401", False)
    log = LogSinkron.objects.get(operasi="tarik_feed")
    assert (log.status, log.kode_galat, log.penanggung_jawab) == (
        StatusSinkron.GAGAL,
        "http_401",
        PenanggungJawab.ADMIN_SISTEM,
    )
    assert "KINERJA_RUANGGTK_TOKEN" in log.pesan and "salah" not in log.permintaan
    assert not ImporRuangGtk.objects.exists()


@pytest.mark.parametrize(
    ("gangguan", "kode"),
    [("gagal", "http_503"), ("timeout", "timeout"), ("putus", "koneksi"), ("lambat", "timeout")],
)
def test_gangguan_feed(fake: FakeRuangGtk, sekolah: Sekolah, gangguan: str, kode: str) -> None:
    terbit(fake, sekolah, rec_skp(sekolah))
    {
        "gagal": lambda: fake.gagal(1, 503),
        "timeout": lambda: fake.timeout(1),
        "putus": lambda: fake.putus(1),
        "lambat": lambda: fake.lambat(0.8),
    }[gangguan]()
    with pytest.raises(GalatIntegrasi) as info:
        impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    assert (info.value.kode, info.value.sementara) == (kode, True)
    log = LogSinkron.objects.get(operasi="tarik_feed")
    assert (log.status, log.kode_galat, log.penanggung_jawab) == (
        StatusSinkron.GAGAL,
        kode,
        PenanggungJawab.OPERATOR_RUANG_GTK,
    )
    assert not ImporRuangGtk.objects.exists()
    fake.lambat(0)
    with override_settings(KINERJA_HTTP_TIMEOUT=(2.0, 2.0)):  # recovered (generous on a busy box)
        assert impor.tarik(sekolah.admin, sekolah.org.instansi.pk) is not None


def test_jawaban_feed_rusak(fake: FakeRuangGtk, sekolah: Sekolah) -> None:
    # the first matching route answers: put a broken one in front for this test
    fake._routes.insert(
        0, ("GET", __import__("re").compile(r"/feed$"), lambda req: (200, {"x": 1}))
    )
    try:
        with pytest.raises(GalatIntegrasi) as info:
            impor.tarik(sekolah.admin, sekolah.org.instansi.pk)
    finally:
        fake._routes.pop(0)
    assert info.value.kode == "format"
    assert LogSinkron.objects.get(operasi="tarik_feed").penanggung_jawab == (
        PenanggungJawab.OPERATOR_RUANG_GTK
    )


def test_feed_belum_diatur(sekolah: Sekolah) -> None:
    with (
        override_settings(KINERJA_RUANGGTK_URL=""),
        pytest.raises(DomainError, match="belum diatur"),
    ):
        impor.tarik(sekolah.admin, sekolah.org.instansi.pk)


def test_periksa(fake: FakeRuangGtk, sekolah: Sekolah) -> None:
    a = adapter.RuangGtkAdapter.dari_env(sekolah.org.instansi)
    assert "dapat dihubungi" in a.periksa(aktor=sekolah.admin)
    fake.gagal(1, 500)
    with pytest.raises(GalatIntegrasi):
        a.periksa()
    assert list(
        LogSinkron.objects.filter(operasi="periksa").values_list("status", flat=True).order_by("id")
    ) == [
        StatusSinkron.BERHASIL,
        StatusSinkron.GAGAL,
    ]
