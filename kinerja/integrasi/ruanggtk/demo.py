"""Demo data of Ruang GTK for the demo pemkot: the guru of one school (SD Negeri 3 Sukamaju)
get their SKP of the demo year from Ruang GTK (through the real preview and apply, so the SKP
typed by the demo seed stays as an earlier revision) and the results of the periods the demo
has not rated yet; a second batch, previewed only, shows every error cause with who must fix
it. Run after the stage 1-3 demo seeds. Idempotent: nothing happens when the instansi already
has a Ruang GTK batch. `catatan_feed()` gives `manage.py fake_ruanggtk` the same records."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from kinerja.accounts.models import User
from kinerja.integrasi.models import LogSinkron, Sistem
from kinerja.integrasi.ruanggtk import format as fmt
from kinerja.integrasi.ruanggtk import impor
from kinerja.integrasi.ruanggtk.models import ImporRuangGtk
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi, Pegawai
from kinerja.pelaksanaan.models import JenisPeriode, PeriodePenilaian
from kinerja.penilaian.aturan import MATRIKS, Rating
from kinerja.penilaian.models import Evaluasi
from kinerja.perencanaan.models import RencanaHasilKerja, Skp, StatusSkp

TAHUN = org_demo.TAHUN_ACUAN
SEKOLAH = "SD Negeri 3 Sukamaju"
NIP_TIDAK_ADA = "199202022020121009"
RATING = (
    (Rating.SESUAI, Rating.SESUAI),
    (Rating.SESUAI, Rating.DI_ATAS),
    (Rating.DI_ATAS, Rating.DI_ATAS),
    (Rating.DI_ATAS, Rating.SESUAI),
)


@dataclass(frozen=True)
class Hasil:
    skp: int = 0
    evaluasi: int = 0
    kesalahan: int = 0


def _guru_sekolah(instansi: Instansi) -> tuple[list[Skp], Skp | None]:
    """The approved SKPs in force of the school's guru, and the kepala sekolah's."""
    skp = list(
        Skp.objects.filter(
            instansi=instansi,
            tahun=TAHUN,
            berlaku=True,
            status=StatusSkp.DISETUJUI,
            pegawai__is_guru=True,
            pegawai__unor__nama=SEKOLAH,
            pegawai__aktif=True,
        )
        .select_related("pegawai")
        .order_by("pegawai__nip")
    )
    penilai_ids = {s.penilai_id for s in skp}
    kepsek = next((s for s in skp if s.pegawai_id in penilai_ids), None)
    guru = [s for s in skp if kepsek is None or s.pk != kepsek.pk]
    return [s for s in guru if kepsek and s.penilai_id == kepsek.pegawai_id], kepsek


def catatan_demo(instansi: Instansi) -> list[dict[str, Any]]:
    guru, kepsek = _guru_sekolah(instansi)
    if kepsek is None:
        return []
    rhk_kepsek = (
        RencanaHasilKerja.objects.filter(instansi=instansi, skp=kepsek, jenis="Utama")
        .order_by("urutan", "id")
        .values_list("rhk", flat=True)
        .first()
    )
    periode = list(
        PeriodePenilaian.objects.filter(instansi=instansi, tahun=TAHUN).order_by(
            "mulai", "-selesai"
        )
    )
    dinilai = set(
        Evaluasi.objects.filter(
            instansi=instansi,
            pegawai_id__in=[s.pegawai_id for s in guru],
            periode__tahun=TAHUN,
            sumber="",
        ).values_list("pegawai_id", "periode_id")
    )
    catatan: list[dict[str, Any]] = []
    for n, s in enumerate(guru):
        catatan.append(
            {
                "jenis": "skp",
                "id": f"demo-skp-{s.pegawai.nip}",
                "nip": s.pegawai.nip,
                "tahun": TAHUN,
                "periode_mulai": s.periode_mulai.isoformat(),
                "periode_selesai": s.periode_selesai.isoformat(),
                "nip_penilai": kepsek.pegawai.nip,
                "disetujui_at": f"{TAHUN}-01-20T09:00:00+07:00",
                "rhk": [
                    {
                        "jenis": "Utama",
                        "rhk": "Terlaksananya pembelajaran yang berpusat pada murid",
                        **({"rhk_pimpinan": rhk_kepsek} if rhk_kepsek else {}),
                        "iki": [
                            {
                                "indikator": "Jumlah modul ajar yang disusun dan diterapkan",
                                "aspek": "Kuantitas",
                                "target_min": 4,
                                "target_max": 4,
                                "satuan": "Modul",
                            },
                            {
                                "indikator": "Persentase murid mencapai tujuan pembelajaran",
                                "aspek": "Kualitas",
                                "target_min": 75,
                                "target_max": 85,
                                "satuan": "%",
                            },
                        ],
                    },
                    {
                        "jenis": "Tambahan",
                        "rhk": "Terlaksananya pengembangan diri melalui komunitas belajar",
                        "iki": [
                            {
                                "indikator": "Jumlah pertemuan komunitas belajar yang diikuti",
                                "aspek": "Kuantitas",
                                "target_min": 6,
                                "target_max": 6,
                                "satuan": "Pertemuan",
                            }
                        ],
                    },
                ],
            }
        )
        for p in periode:
            if (s.pegawai_id, p.pk) in dinilai or not (
                s.periode_mulai <= p.selesai and s.periode_selesai >= p.mulai
            ):
                continue
            hasil, perilaku = RATING[(n + p.nomor) % len(RATING)]
            rec: dict[str, Any] = {
                "nip": s.pegawai.nip,
                "tahun": TAHUN,
                "rating_hasil_kerja": str(hasil),
                "rating_perilaku": str(perilaku),
                "predikat": str(MATRIKS[hasil, perilaku]),
                "difinalkan_at": f"{p.selesai + dt.timedelta(days=10)}T10:00:00+07:00",
            }
            if p.jenis == JenisPeriode.TAHUNAN:
                catatan.append({"jenis": "hasil_tahunan", "id": f"demo-ht-{s.pegawai.nip}", **rec})
            else:
                catatan.append(
                    {
                        "jenis": "hasil_periodik",
                        "id": f"demo-hp-{p.nomor}-{s.pegawai.nip}",
                        "periode_mulai": p.mulai.isoformat(),
                        "periode_selesai": p.selesai.isoformat(),
                        **rec,
                    }
                )
    return catatan


def catatan_salah(instansi: Instansi, benar: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One record per error cause, built from a valid one."""
    skp = next((c for c in benar if c["jenis"] == "skp"), None)
    if skp is None:
        return []
    bukan_guru = (
        Pegawai.objects.filter(instansi=instansi, is_guru=False, aktif=True)
        .order_by("nip")
        .values_list("nip", flat=True)
        .first()
    )
    hasil = {
        "jenis": "hasil_periodik",
        "nip": skp["nip"],
        "tahun": TAHUN,
        "rating_hasil_kerja": "Sesuai Ekspektasi",
        "rating_perilaku": "Sesuai Ekspektasi",
    }
    return [
        {**skp, "id": "salah-nip", "nip": NIP_TIDAK_ADA},
        {**skp, "id": "salah-guru", "nip": bukan_guru or NIP_TIDAK_ADA},
        {**skp, "id": "salah-unit", "kode_unor": "SDN-4-SUKAMAJU-LAMA"},
        {
            **skp,
            "id": "salah-atasan",
            "tahun": TAHUN + 1,
            "periode_mulai": f"{TAHUN + 1}-01-01",
            "periode_selesai": f"{TAHUN + 1}-12-31",
        },
        {
            **hasil,
            "id": "salah-periode",
            "periode_mulai": f"{TAHUN}-01-01",
            "periode_selesai": f"{TAHUN}-06-30",
        },
        {
            **hasil,
            "id": "salah-predikat",
            "periode_mulai": f"{TAHUN}-01-01",
            "periode_selesai": f"{TAHUN}-03-31",
            "predikat": "Sangat Baik",
        },
    ]


def catatan_feed(profil: org_demo.Profil = org_demo.KOTA) -> list[dict[str, Any]]:
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None:
        return []
    return catatan_demo(instansi)


def seed(profil: org_demo.Profil = org_demo.KOTA) -> Hasil:
    """Not one transaction: each step logs its exchange outside the writing transaction."""
    instansi = Instansi.objects.filter(kode=profil.kode).first()
    if instansi is None or ImporRuangGtk.objects.filter(instansi=instansi).exists():
        return Hasil()
    admin = User.objects.filter(instansi=instansi, is_admin_instansi=True).order_by("id").first()
    benar = catatan_demo(instansi)
    if admin is None or not benar:
        return Hasil()
    batch = impor.pratinjau(
        admin,
        instansi.pk,
        f"ruang-gtk-{TAHUN}-{SEKOLAH.lower().replace(' ', '-')}.jsonl",
        fmt.ke_baris(benar),
    )
    if batch.status == "pratinjau":
        impor.terapkan(admin, batch)
    salah = impor.pratinjau(
        admin,
        instansi.pk,
        "ruang-gtk-perlu-perbaikan.jsonl",
        fmt.ke_baris(catatan_salah(instansi, benar)),
    )
    r = batch.ringkasan
    return Hasil(
        r.get("skp_baru", 0) + r.get("skp_diubah", 0),
        r.get("evaluasi_baru", 0) + r.get("evaluasi_diubah", 0),
        len(salah.kesalahan),
    )


def hapus(instansi_ids: list[int]) -> None:
    """Delete the batches and the Ruang GTK sync log of these instansi (the imported
    Skp/Evaluasi go with the perencanaan/penilaian demo data; the rest of the log with
    integrasi.demo.hapus)."""
    for qs in (
        ImporRuangGtk.objects.filter(instansi_id__in=instansi_ids),
        LogSinkron.objects.filter(instansi_id__in=instansi_ids, sistem=Sistem.RUANG_GTK),
    ):
        qs._raw_delete(qs.db)
