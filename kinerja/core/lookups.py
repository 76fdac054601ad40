"""`kolom__dalam=[id, ...]`: IN with the whole list as ONE parameter (an array on PostgreSQL,
a JSON list read by json_each on SQLite); the list may also be a `kueri.Param`.

For id lists of a page (100 ids) on a request path: `__in` prepares and binds every value
(about 10 µs each through the ORM) and writes a new SQL text per list length; this writes one
text whatever the length, and has no limit on the number of ids (SQLite's is 32,766
parameters)."""

from typing import Any

from django.db.models import Field, ForeignObject, Lookup

from kinerja.core.kueri import Param, daftar_id, slot_daftar


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
        rhs = slot_daftar(self.rhs) if isinstance(self.rhs, Param) else None
        value = rhs if rhs is not None else daftar_id(self.rhs, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} = ANY(%s)", [*params, value]
        # the column SQL of the ORM, then a placeholder: no value is written into the text
        return f"{lhs} IN (SELECT value FROM json_each(%s))", [*params, value]  # noqa: S608


Field.register_lookup(Dalam)
ForeignObject.register_lookup(Dalam)  # related fields keep their own lookup table
