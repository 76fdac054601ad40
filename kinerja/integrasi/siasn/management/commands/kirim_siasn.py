"""`python manage.py kirim_siasn [--paralel N] [--instansi KODE] [--antrekan]`: one sweep of the
SIASN push queue (cron/systemd runs it every minute until issue 8's periodic tasks)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kinerja.integrasi.siasn import services, worker
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = "Mengirim hasil penilaian yang jatuh tempo ke SIASN (satu putaran antrean)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--paralel", type=int, default=8, help="Jumlah pengirim paralel.")
        parser.add_argument("--instansi", default="", help="Kode instansi (bawaan: semua).")
        parser.add_argument(
            "--antrekan",
            action="store_true",
            help="Antrekan dulu hasil final yang belum ada di antrean (data awal/massal).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instansi_id = None
        if options["instansi"]:
            instansi = Instansi.objects.filter(kode=options["instansi"]).first()
            if instansi is None:
                raise CommandError(f"Instansi {options['instansi']} tidak ditemukan.")
            instansi_id = instansi.pk
        if options["antrekan"]:
            ids = (
                [instansi_id]
                if instansi_id
                else list(Instansi.objects.values_list("pk", flat=True))
            )
            n = sum(services.antrekan_instansi(i) for i in ids)
            self.stdout.write(f"{n} hasil diantrekan.")
        r = worker.sapu(paralel=options["paralel"], instansi_id=instansi_id)
        for pesan in r.pesan:
            self.stderr.write(pesan)
        self.stdout.write(
            f"{r.terkirim} terkirim, {r.ditunda} dijadwalkan ulang, {r.gagal} gagal, "
            f"{r.dibatalkan} dibatalkan."
        )
