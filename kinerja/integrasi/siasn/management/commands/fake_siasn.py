"""`python manage.py fake_siasn --port 8765 [--instansi DEMO]`: serve FakeSiasn for the demo,
loaded with the demo instansi's own units and pegawai as SIASN would hold them. Then run the
web app with
    KINERJA_SIASN_URL=http://127.0.0.1:8765/apisiasn/1.0
    KINERJA_SIASN_TOKEN_URL=http://127.0.0.1:8765/oauth2/token
    KINERJA_SIASN_SSO_URL=http://127.0.0.1:8765/auth/realms/public-siasn/protocol/openid-connect/token
    KINERJA_SIASN_KREDENSIAL_FILE=<a JSON file; see --tulis-kredensial>
"""

import contextlib
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from kinerja.integrasi.siasn.fake import BASE, SSO, TOKEN, FakeSiasn
from kinerja.org import demo as org_demo
from kinerja.org.models import Instansi


class Command(BaseCommand):
    help = "Menjalankan SIASN tiruan (untuk demo) di 127.0.0.1."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--instansi", default=org_demo.KOTA.kode)
        parser.add_argument("--batas", type=int, default=2000, help="Pegawai yang dimuat.")
        parser.add_argument(
            "--tulis-kredensial",
            default="",
            help="Tulis berkas kredensial demo (JSON) ke path ini untuk instansi tersebut.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        instansi = Instansi.objects.filter(kode=options["instansi"]).first()
        if instansi is None:
            raise CommandError(
                f"Instansi {options['instansi']} belum ada; jalankan seed_demo lebih dulu."
            )
        fake = FakeSiasn()
        fake.muat_dari_basis_data(instansi.pk, options["batas"])
        if options["tulis_kredensial"]:
            Path(options["tulis_kredensial"]).write_text(
                json.dumps(
                    {
                        instansi.kode: {
                            "consumer_key": "demo",
                            "consumer_secret": "demo",
                            "username": "operator-demo",
                            "password": "demo",
                        }
                    },
                    indent=2,
                ),
                encoding="utf-8",
            )
        url = f"http://127.0.0.1:{options['port']}"
        self.stdout.write(
            f"SIASN tiruan untuk {instansi.nama}: {len(fake.unor)} unor, {len(fake.pegawai)} "
            f"pegawai.\n  KINERJA_SIASN_URL={url}{BASE}\n  KINERJA_SIASN_TOKEN_URL={url}{TOKEN}\n"
            f"  KINERJA_SIASN_SSO_URL={url}{SSO}\nTekan Ctrl+C untuk berhenti."
        )
        with contextlib.suppress(KeyboardInterrupt):
            fake.serve_forever(options["port"])
