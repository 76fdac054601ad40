"""`python manage.py seed_demo [--pegawai N] [--fresh]`: the demo instansi and accounts.

Idempotent: what exists is left as is, and the demo logins are printed again.
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.bantuan import demo as bantuan_demo
from kinerja.integrasi import demo as integrasi_demo
from kinerja.notifikasi import demo as notifikasi_demo
from kinerja.org import demo
from kinerja.pelaksanaan import demo as pelaksanaan_demo
from kinerja.pendaftaran import demo as pendaftaran_demo
from kinerja.penilaian import demo as penilaian_demo
from kinerja.perencanaan import demo as skp_demo
from kinerja.tindaklanjut import demo as tindak_lanjut_demo


class Command(BaseCommand):
    help = (
        "Membuat data demo: Pemerintah Kota Sukamaju (N pegawai) dan Pemerintah Kabupaten "
        "Contoh, beserta akun demo. Aman dijalankan berulang."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--pegawai",
            type=int,
            default=demo.DEFAULT_PEGAWAI,
            help=f"Jumlah pegawai kota demo (bawaan {demo.DEFAULT_PEGAWAI}).",
        )
        parser.add_argument(
            "--fresh",
            action="store_true",
            help="Hapus dulu kedua instansi demo beserta seluruh datanya, lalu bangun ulang.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        n: int = options["pegawai"]
        started = time.perf_counter()
        try:
            if options["fresh"]:
                removed = demo.hapus_demo()
                self.stdout.write(f"Data demo lama dihapus ({removed} pegawai).")
            result = demo.seed(n)
            org_elapsed = time.perf_counter() - started
            skp = skp_demo.seed()  # after the organisation: SKPs follow its atasan tree
            skp_elapsed = time.perf_counter() - started - org_elapsed
            kerja = pelaksanaan_demo.seed()  # after the SKPs: activities follow their RHK
            kerja_elapsed = time.perf_counter() - started - org_elapsed - skp_elapsed
            nilai = penilaian_demo.seed()  # after the periods: evaluations of those over
            nilai_elapsed = time.perf_counter() - started - org_elapsed - skp_elapsed
            nilai_elapsed -= kerja_elapsed
            lanjut_mulai = time.perf_counter()
            tindak_lanjut_demo.seed()  # after the results: stage 4
            lanjut_elapsed = time.perf_counter() - lanjut_mulai
            integrasi = integrasi_demo.seed()  # queues and imports point at all
            pengingat = notifikasi_demo.seed()  # reminders look at every stage
            tiket = bantuan_demo.seed()
            permohonan = pendaftaran_demo.seed()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

        if result.dibuat:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Data demo dibuat ({', '.join(result.dibuat)}) dalam {org_elapsed:.1f} detik."
                )
            )
        if skp.skp:
            self.stdout.write(
                self.style.SUCCESS(
                    f"SKP {skp.tahun} demo dibuat untuk {skp.skp} pegawai {demo.KOTA.nama} "
                    f"dalam {skp_elapsed:.1f} detik."
                )
            )
        if kerja.aktivitas:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pelaksanaan demo dibuat: {kerja.aktivitas} aktivitas harian, "
                    f"{kerja.realisasi} realisasi dalam {kerja_elapsed:.1f} detik."
                )
            )
        if nilai.evaluasi:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Penilaian demo dibuat: {nilai.evaluasi} evaluasi, {nilai.organisasi} "
                    f"predikat kinerja organisasi dalam {nilai_elapsed:.1f} detik."
                )
            )
        if nilai.evaluasi:
            self.stdout.write(
                self.style.SUCCESS(f"Tindak lanjut demo dibuat dalam {lanjut_elapsed:.1f} detik.")
            )
        if pengingat:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Pengingat batas waktu demo: {pengingat} notifikasi (lonceng dan e-mail)."
                )
            )
        if tiket:
            self.stdout.write(
                self.style.SUCCESS(f"Layanan bantuan demo: {tiket} tiket dan artikel bantuan.")
            )
        if permohonan is not None:
            self.stdout.write(
                self.style.SUCCESS(
                    "Permohonan instansi demo menunggu tinjauan Admin Nasional: "
                    f"{permohonan.nomor}."
                )
            )
        if not result.dibuat and not skp.skp and not kerja.aktivitas and not nilai.evaluasi:
            self.stdout.write("Data demo sudah ada; tidak ada yang diubah.")
        for profil in (demo.KOTA, demo.KABUPATEN):
            self.stdout.write(f"  {profil.nama}: {result.pegawai[profil.kode]} pegawai")
        existing = result.pegawai[demo.KOTA.kode]
        if demo.KOTA.kode not in result.dibuat and existing != n:
            self.stdout.write(
                f"  (diminta {n}; jalankan dengan --fresh untuk membangun ulang dengan {n} pegawai)"
            )
        self.stdout.write("")
        self.stdout.write(akun_table())
        token = integrasi[0]  # kinerja.api.demo.seed(): the demo payroll token
        if token:
            self.stdout.write("")
            self.stdout.write(f"Token API demo ({demo.KOTA.nama}, hanya untuk data demo):")
            self.stdout.write(
                f'  curl -H "Authorization: Bearer {token}" '
                f"{settings.KINERJA_SITE_URL}/api/v1/pegawai?limit=5"
            )


def akun_table() -> str:
    """The demo accounts as a Markdown table (the README lists the same)."""
    rows = [("Peran", "NIP", "Kata sandi")]
    rows += [(peran, nip, demo.DEMO_PASSWORD) for peran, nip in demo.AKUN_DEMO]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]

    def line(cells: tuple[str, str, str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    separator = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(rows[0]), separator, *(line(r) for r in rows[1:])])
