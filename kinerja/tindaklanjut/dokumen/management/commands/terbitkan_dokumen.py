"""`python manage.py terbitkan_dokumen --instansi KODE [--batas N]`: issue the missing signed
documents of an instansi (final evaluations, approved SKPs in force), signed by the penilai of
record. Idempotent: run it again after a failure, or for data written in bulk."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kinerja.org.models import Instansi
from kinerja.tindaklanjut.dokumen import services


class Command(BaseCommand):
    help = "Menerbitkan dokumen bertanda tangan elektronik yang belum ada untuk satu instansi."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--instansi", required=True, help="kode instansi")
        parser.add_argument("--batas", type=int, default=None, help="paling banyak N per jenis")

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(f"Instansi {options['instansi']} tidak ditemukan.")
        hasil = services.terbitkan_massal(instansi.pk, options["batas"])
        self.stdout.write(
            f"Diterbitkan: {hasil.evaluasi} dokumen evaluasi, {hasil.skp} dokumen SKP; "
            f"dilewati {hasil.dilewati}; gagal {hasil.gagal}."
        )
