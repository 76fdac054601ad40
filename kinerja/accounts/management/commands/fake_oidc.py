"""`manage.py fake_oidc --port 8081`: the test OIDC provider for a manual SSO demo."""

import contextlib
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kinerja.accounts.oidc_fake import FakeOidc


class Command(BaseCommand):
    help = "Menjalankan penyedia OpenID Connect uji (bukan untuk produksi) di 127.0.0.1."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8081)
        parser.add_argument("--realm", default="public-siasn")
        parser.add_argument("--client-id", default="kinerja")
        parser.add_argument("--client-secret", default="rahasia-klien-uji")

    def handle(self, *args: Any, **options: Any) -> None:
        fake = FakeOidc(
            realm=options["realm"],
            client_id=options["client_id"],
            client_secret=options["client_secret"],
        )
        port = options["port"]
        issuer = f"http://127.0.0.1:{port}/realms/{options['realm']}"
        self.stdout.write(
            "Penyedia SSO uji berjalan. Jalankan Kinerja dengan variabel lingkungan berikut:\n\n"
            f"  OIDC_RP_CLIENT_ID={fake.client_id}\n"
            f"  OIDC_RP_CLIENT_SECRET={fake.client_secret}\n"
            f"  OIDC_OP_ISSUER={issuer}\n\n"
            "Lalu klik tombol SSO di halaman masuk dan isi NIP pegawai yang sudah punya akun "
            "(misalnya akun demo). Hentikan dengan Ctrl+C."
        )
        self.stdout.flush()
        with contextlib.suppress(KeyboardInterrupt):
            fake.serve_forever(port)
