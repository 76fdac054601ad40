"""`python manage.py fake_ruanggtk --port 8765 [--token T]`: a fake Ruang GTK feed for the
demo, with example records for the demo pemkot's guru (ruanggtk.demo). Point the app at it with
KINERJA_RUANGGTK_URL=http://127.0.0.1:8765 KINERJA_RUANGGTK_TOKEN=<token>."""

import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.integrasi.ruanggtk.fake import FakeRuangGtk


class Command(BaseCommand):
    help = "Menjalankan feed Ruang GTK tiruan untuk demo (bukan untuk produksi)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--token", default="demo-ruanggtk")

    def handle(self, *args: Any, **options: Any) -> None:
        from kinerja.integrasi.ruanggtk import demo

        fake = FakeRuangGtk(token=options["token"])
        catatan = demo.catatan_feed()
        fake.terbitkan(*catatan, instansi=demo.org_demo.KOTA.kode)
        self.stdout.write(
            f"Feed Ruang GTK tiruan di http://127.0.0.1:{options['port']} "
            f"(token {options['token']}, {len(catatan)} catatan). Ctrl+C untuk berhenti."
        )
        with contextlib.suppress(KeyboardInterrupt):
            fake.serve_forever(options["port"])
