from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kinerja.accounts"
    label = "accounts"
    verbose_name = "Akun"

    def ready(self) -> None:
        # Connects the user_logged_in receiver (instansi time zone) before any login, not only
        # once the middleware has been loaded by a first request.
        from kinerja.accounts import middleware  # noqa: F401
