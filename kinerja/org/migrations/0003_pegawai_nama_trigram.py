"""PostgreSQL only: a trigram index for the pegawai name search.

`nama__icontains` becomes `UPPER(nama::text) LIKE UPPER('%…%')`, which no B-tree can serve; at
100,000 pegawai it scanned the table (p95 ~140 ms). pg_trgm + btree_gin let one GIN index lead
with instansi_id, as every tenant index does. SQLite keeps its plain scan (~50 ms there).
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX IF NOT EXISTS pegawai_instansi_nama_trgm ON org_pegawai "
    "USING gin (instansi_id, (UPPER(nama::text)) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS pegawai_instansi_nama_trgm"]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("org", "0002_reference_data")]
    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
