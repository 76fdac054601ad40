"""`manage.py openapi > docs/api/openapi.json`: the API's OpenAPI 3.1 document, exactly as
/api/v1/openapi.json serves it (a test keeps the committed copy equal to it)."""

import json
from typing import Any

from django.core.management.base import BaseCommand
from django.test import Client
from django.urls import reverse


def dokumen() -> dict[str, Any]:
    response = Client().get(reverse("api-v1:openapi-json"))
    return dict(response.json())


class Command(BaseCommand):
    help = "Mencetak dokumen OpenAPI 3.1 API v1 (JSON)."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(json.dumps(dokumen(), indent=2, ensure_ascii=False, sort_keys=True))
