"""Response bodies written by orjson, identical to pydantic's (ADR 0010).

pydantic validating and writing a page of 100 SKP (about 770 objects) costs about 1.3 ms, more
than half of what a request may cost at 500 req/s on 2 cores; orjson writes it in 0.1 ms.
orjson writes the data as they are, so the handlers hand over what pydantic would have made of
them: dicts with the schema's fields in the schema's order (`urut`), nested the same way.
orjson then writes what pydantic writes: `Z` for UTC, microseconds only when non-zero, and a
Decimal as its text.

Only schemas made of int, str, bool, date, datetime, Decimal, optional values, lists and nested
models go this way ("polos"); any other (float, dict, validators, aliases) is written by
pydantic, as is a body orjson refuses (a value of another type). Tests set PERIKSA: every body
is then also written by pydantic and must be byte for byte the same, so the whole API suite
checks that the handlers hand over the right shapes.
"""

import datetime as dt
import types
import typing
from decimal import Decimal
from operator import itemgetter
from typing import Any

import orjson
from pydantic import BaseModel, TypeAdapter

PERIKSA = False  # tests: compare every body with pydantic's

_SKALAR = (int, str, bool, dt.date, dt.datetime, Decimal)
_ADAPTERS: dict[Any, TypeAdapter[Any]] = {}
_POLOS: dict[Any, bool] = {}


def adapter(tipe: Any) -> TypeAdapter[Any]:
    found = _ADAPTERS.get(tipe)
    if found is None:
        found = _ADAPTERS[tipe] = TypeAdapter(tipe)
    return found


def lewat_pydantic(tipe: Any, data: Any) -> bytes:
    """Validate `data` against the declared schema and write it (pydantic-core, in Rust)."""
    ta = adapter(tipe)
    return ta.dump_json(ta.validate_python(data))


def _polos(tipe: Any) -> bool:
    """Whether orjson writes values of `tipe` as pydantic does."""
    args = typing.get_args(tipe)
    if typing.get_origin(tipe) in (typing.Union, types.UnionType):
        lain = [a for a in args if a is not type(None)]
        return len(lain) == 1 and _polos(lain[0])
    if tipe in _SKALAR:
        return True
    if typing.get_origin(tipe) is list:
        return len(args) == 1 and _polos(args[0])
    if isinstance(tipe, type) and issubclass(tipe, BaseModel):
        d = tipe.__pydantic_decorators__
        kait = [d.validators, d.field_validators, d.root_validators, d.model_validators]
        kait += [d.field_serializers, d.model_serializers, d.computed_fields]
        return (
            not any(kait)
            and not any(f.alias or f.serialization_alias for f in tipe.model_fields.values())
            and all(_polos(f.annotation) for f in tipe.model_fields.values())
        )
    return False


def polos(tipe: Any) -> bool:
    if tipe not in _POLOS:
        _POLOS[tipe] = _polos(tipe)
    return _POLOS[tipe]


def _lain(value: Any) -> str:
    if isinstance(value, Decimal):
        return str(value)  # as pydantic writes a Decimal
    raise TypeError(type(value).__name__)


def json_bytes(tipe: Any, data: Any) -> bytes:
    """The JSON body of `data` as the response type `tipe` declares it."""
    body = None
    if polos(tipe):
        try:
            body = orjson.dumps(data, default=_lain, option=orjson.OPT_UTC_Z)
        except TypeError:
            body = None  # an object orjson does not know (a model): pydantic decides
    if body is None or PERIKSA:
        acuan = lewat_pydantic(tipe, data)
        if body is not None and body != acuan:
            raise AssertionError(_beda(tipe, body, acuan))
        body = acuan
    return body


def _beda(tipe: Any, body: bytes, acuan: bytes) -> str:
    """Where the two bodies part, with some context before it."""
    sama = min(len(body), len(acuan))
    n = next((i for i in range(sama) if body[i] != acuan[i]), sama)
    awal = max(0, n - 120)
    return f"{tipe}: orjson menulis …{body[awal : n + 120]!r}, pydantic …{acuan[awal : n + 120]!r}"


def urut(model: type[BaseModel], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`rows` with `model`'s fields only, in its order (what pydantic would write)."""
    names = tuple(model.model_fields)
    if not rows or tuple(rows[0]) == names:  # rows of one query share their keys
        return rows
    ambil = itemgetter(*names) if len(names) > 1 else lambda r: (r[names[0]],)
    return [dict(zip(names, ambil(r), strict=True)) for r in rows]
