"""docs/api/openapi.json is the schema the API serves (regenerate it with
`.venv/bin/python manage.py openapi > docs/api/openapi.json`)."""

import json
from pathlib import Path

from django.conf import settings

from kinerja.api.management.commands.openapi import dokumen


def test_committed_schema_is_the_served_one():
    committed = json.loads((Path(settings.BASE_DIR) / "docs/api/openapi.json").read_text())
    served = dokumen()
    assert served["openapi"].startswith("3.1")
    assert committed == served, "docs/api/openapi.json is stale: run manage.py openapi"
