"""FakeRuangGtk: the Ruang GTK feed for tests and the demo (`manage.py fake_ruanggtk --port N`).

`GET /feed?since=&limit=&instansi=` with `Authorization: Bearer <token>` answers
`{"data": [records], "kursor": "<position>", "selesai": bool}`. Records are held per instansi
kode with an increasing sequence number; `since` is the kursor of an earlier page ("" = from
the beginning), so a record changed later (`terbitkan` again) comes again in the next pull.
No database access: the records are plain dicts in the exchange format."""

import threading
from typing import Any

from kinerja.integrasi.fake import FakeServer, Permintaan


class FakeRuangGtk(FakeServer):
    def __init__(self, token: str = "token-uji") -> None:  # noqa: S107 - a test token
        self.token = token
        self._data_lock = threading.Lock()
        super().__init__()
        self.route("GET", r"/feed")(self._feed)

    def reset(self) -> None:
        super().reset()
        with self._data_lock:
            self._catatan: list[tuple[int, str, dict[str, Any]]] = []
            self._seq = 0

    def terbitkan(self, *catatan: dict[str, Any], instansi: str = "") -> str:
        """Publish records (new or changed) for an instansi kode ("" = every instansi);
        returns the kursor after them."""
        with self._data_lock:
            for c in catatan:
                self._seq += 1
                self._catatan.append((self._seq, instansi, dict(c)))
            return str(self._seq)

    def _feed(self, req: Permintaan) -> Any:
        if req.headers.get("authorization") != f"Bearer {self.token}":
            return 401, {"message": "Token tidak sah atau kedaluwarsa"}
        since = req.query.get("since", "")
        try:
            sejak = int(since) if since else 0
            limit = max(1, min(int(req.query.get("limit", "100")), 1000))
        except ValueError:
            return 400, {"message": "Parameter since atau limit tidak sah"}
        instansi = req.query.get("instansi", "")
        with self._data_lock:
            cocok = [
                (seq, c) for seq, kode, c in self._catatan if seq > sejak and kode in ("", instansi)
            ]
        halaman = cocok[:limit]
        kursor = str(halaman[-1][0]) if halaman else since
        return 200, {
            "data": [c for _, c in halaman],
            "kursor": kursor,
            "selesai": len(cocok) <= limit,
        }
