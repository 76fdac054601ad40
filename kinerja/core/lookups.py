"""`kolom__dalam=[id, ...]`: IN with the whole list as ONE parameter (an array on PostgreSQL,
a JSON list read by json_each on SQLite); the list may also be a `kueri.Param`.

For id lists of a page (100 ids) on a request path: `__in` prepares and binds every value
(about 10 µs each through the ORM) and writes a new SQL text per list length; this writes one
text whatever the length, and has no limit on the number of ids (SQLite's is 32,766
parameters)."""

from typing import Any

from django.db.models import Field, ForeignObject, Lookup

from kinerja.core.kueri import Param, daftar_id, dalam_sql, slot_daftar


class Dalam(Lookup):
    lookup_name = "dalam"
    prepare_rhs = False

    def get_prep_lookup(self) -> Any:
        if isinstance(self.rhs, Param):
            return self.rhs
        if hasattr(self.rhs, "resolve_expression") or isinstance(self.rhs, str | bytes):
            raise TypeError("__dalam menerima daftar bilangan bulat (id), bukan subkueri.")
        return [int(v) for v in self.rhs]

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, params = self.process_lhs(compiler, connection)
        if isinstance(self.rhs, Param):  # bound later (kueri.Disiapkan)
            value: Any = slot_daftar(self.rhs)
        else:
            value = daftar_id(self.rhs, connection)
        return f"{lhs} {dalam_sql(connection.vendor)}", [*params, value]


Field.register_lookup(Dalam)
ForeignObject.register_lookup(Dalam)  # related fields keep their own lookup table
