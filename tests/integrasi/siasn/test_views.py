"""The admin screen: access matrix of every siasn: URL, the tabs with pinned query counts,
Kirim ulang, the export, the connection check, and Tarik data into the org import preview."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.core.models import AuditEvent
from kinerja.integrasi.siasn import worker
from kinerja.integrasi.siasn.models import IdentitasSiasn, KirimanSiasn
from kinerja.org.models import ImportBatch, UnitOrganisasi
from tests.conftest import build_org, login
from tests.integrasi.siasn.conftest import siap

pytestmark = pytest.mark.django_db

GET = ["siasn:index", "siasn:unduh"]
POST = [
    "siasn:periksa",
    "siasn:antrekan",
    "siasn:kirim_sekarang",
    "siasn:tarik_unor",
    "siasn:tarik_pegawai",
]


def test_matriks_akses(org, admin_nasional, siasn, settings):
    settings.KINERJA_JOBS = "immediate"
    s = siap(org)
    row = s.row
    lain = build_org("B")
    users = {  # the other instansi's admin: see test_admin_lain_tidak_melihat_baris_instansi_a
        "pegawai": s.dunia.users["staf"],
        "penilai": s.dunia.users["kasi"],
        "lain_admin": lain.admin,
        "nasional": admin_nasional,
    }
    urls = [reverse(n) for n in GET + POST] + [reverse("siasn:kirim_ulang", args=[row.pk])]
    for url in urls:
        resp = Client().get(url)
        assert resp.status_code == 302 and "/masuk" in resp["Location"], url
        for name, user in users.items():
            if name == "lain_admin" and "kirim-ulang" not in url:
                continue  # their own screen and actions (own instansi): 200
            c = login(Client(), user)
            if name != "lain_admin":  # they pass the role check: GET on a POST URL is 405
                assert c.get(url).status_code == 404, (name, url)
            assert c.post(url).status_code == 404, (name, url)
    assert KirimanSiasn.objects.get(pk=row.pk).percobaan == 0
    assert not AuditEvent.objects.filter(action__startswith="siasn.kirim_ulang").exists()


def test_admin_lain_tidak_melihat_baris_instansi_a(org, siasn):
    row = siap(org).row
    lain = build_org("B")
    c = login(Client(), lain.admin)
    resp = c.get(reverse("siasn:index"))
    assert resp.status_code == 200 and row.nama not in resp.content.decode()
    assert c.post(reverse("siasn:kirim_ulang", args=[row.pk])).status_code == 404


def test_halaman_dan_jumlah_query(org, siasn, django_assert_num_queries):
    s = siap(org)
    for name in ("staf_bidang", "kasi"):
        siap(org, name, dunia=s.dunia)
    c = login(Client(), org.admin)
    url = reverse("siasn:index")
    c.get(url)
    with django_assert_num_queries(9):
        resp = c.get(url)
    html = resp.content.decode()
    assert resp.status_code == 200 and "Menunggu (3)" in html and org.staf.nip in html
    worker.sapu(paralel=1)
    with django_assert_num_queries(9):
        resp = c.get(url + "?tab=terkirim")
    html = resp.content.decode()
    assert "Terkirim (3)" in html and "Kirim ulang" not in html
    assert "kirim_periodik" in html  # the sync log


def test_kirim_ulang_dari_layar(org, siasn):
    s = siap(org)
    siasn.ditolak.add("kunci")
    worker.sapu(paralel=1)
    c = login(Client(), org.admin)
    html = c.get(reverse("siasn:index") + "?tab=gagal").content.decode()
    assert "Kirim ulang" in html and "Admin Instansi" in html and "SIASN menolak" in html
    resp = c.post(reverse("siasn:kirim_ulang", args=[s.row.pk]), {"tab": "gagal"})
    assert resp.status_code == 302
    row = KirimanSiasn.objects.get(pk=s.row.pk)
    assert row.status == "menunggu" and row.percobaan == 0 and row.aktor_id == org.admin.pk
    assert AuditEvent.objects.filter(action="siasn.kirim_ulang", actor=org.admin).count() == 1


def test_unduh_csv_dan_xlsx(org, siasn):
    siap(org)
    c = login(Client(), org.admin)
    resp = c.get(reverse("siasn:unduh") + "?tab=menunggu&format=csv")
    body = b"".join(resp.streaming_content).decode("utf-8-sig")
    header, line = body.splitlines()[:2]
    assert "kuadranKinerjaNilai" in header and "periodikId" in header
    assert line.startswith(org.staf.nip)
    resp = c.get(reverse("siasn:unduh") + "?format=xlsx")
    assert resp["Content-Type"].startswith("application/vnd.openxmlformats")


def test_periksa_koneksi(org, siasn, settings):
    c = login(Client(), org.admin)
    resp = c.post(reverse("siasn:periksa"), follow=True)
    assert "Koneksi SIASN berhasil" in resp.content.decode()
    settings.KINERJA_SIASN_KREDENSIAL_FILE = ""
    resp = c.get(reverse("siasn:index"))
    assert "SIASN belum dapat digunakan" in resp.content.decode()
    resp = c.post(reverse("siasn:periksa"), follow=True)
    assert "KINERJA_SIASN_KREDENSIAL_FILE" in resp.content.decode()


def test_tarik_unor_ke_pratinjau_impor_lalu_terapkan(org, siasn):
    from kinerja.org.imports import terapkan_impor

    siasn.muat(
        unor=[
            {
                "Id": "A-D",
                "DiatasanId": "",
                "NamaUnor": "Dinas A (SIASN)",
                "NamaJabatan": "Kepala Dinas A",
            },
            {
                "Id": "S-99",
                "DiatasanId": "A-D",
                "NamaUnor": "Bidang Baru",
                "NamaJabatan": "Kepala Bidang Baru",
                "EselonId": "31",
            },
        ]
    )
    c = login(Client(), org.admin)
    resp = c.post(reverse("siasn:tarik_unor"))
    batch = ImportBatch.objects.get()
    assert resp.status_code == 302 and resp["Location"] == reverse(
        "org:import_detail", args=[batch.pk]
    )
    assert batch.status == "pratinjau" and batch.nama_file.startswith("siasn-unor")
    assert not UnitOrganisasi.objects.filter(kode="S-99").exists()  # preview only
    terapkan_impor(org.admin, batch)
    baru = UnitOrganisasi.objects.get(kode="S-99")
    assert (
        baru.induk == org.dinas and UnitOrganisasi.objects.get(kode="A-D").nama == "Dinas A (SIASN)"
    )


def test_tarik_pegawai_job_ke_pratinjau_dan_identitas(org, siasn, settings):
    settings.KINERJA_JOBS = "immediate"
    staf = org.staf
    siasn.muat(
        pegawai={
            staf.nip: {
                "utama": {
                    "id": "pns-abc",
                    "nipBaru": staf.nip,
                    "nama": "Staf A Baru",
                    "statusPegawai": "PNS",
                    "golRuangAkhir": "III/a",
                    "jabatanNama": org.jabatan_staf.nama,
                    "jenisJabatan": "4",
                    "unorId": org.seksi.kode,
                },
                "jabatan": [{"tmtJabatan": "01-01-2020", "unorId": org.seksi.kode}],
                "golongan": [],
            }
        }
    )
    c = login(Client(), org.admin)
    resp = c.post(reverse("siasn:tarik_pegawai"), {"nip": f"{staf.nip} 199999999999999999"})
    assert resp.status_code == 302
    batch = ImportBatch.objects.get()
    assert batch.jenis == "pegawai" and batch.status == "pratinjau", batch.kesalahan
    assert IdentitasSiasn.objects.get(pegawai=staf).pns_id == "pns-abc"
    staf.refresh_from_db()
    assert staf.nama != "Staf A Baru"  # nothing applied before the admin does
    from kinerja.integrasi.models import LogSinkron

    log = LogSinkron.objects.get(operasi="tarik_pegawai")
    assert log.status == "sebagian" and "1 NIP tidak ditemukan" in log.pesan
