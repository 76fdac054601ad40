from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from kinerja.accounts.models import User
from kinerja.accounts.services import authenticate_nip
from kinerja.core.permissions import DomainError


class NipBackend(ModelBackend):
    """NIP + password with lockout (the rules live in accounts.services)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or password is None:
            return None
        try:
            return authenticate_nip(username, password)
        except DomainError:
            return None
