"""User accounts: NIP is the username. Roles are flags plus one derived role (penilai)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager["User"]):
    def create_user(self, nip: str, password: str | None = None, **extra: Any) -> "User":
        user = self.model(nip=nip, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, nip: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_admin_nasional", True)
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(nip, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    nip = models.CharField("NIP", max_length=18, unique=True)
    nama = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    instansi = models.ForeignKey(
        "org.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # served by the (instansi, nama) index
    )
    pegawai = models.OneToOneField(
        "org.Pegawai", null=True, blank=True, on_delete=models.SET_NULL, related_name="akun"
    )
    is_admin_instansi = models.BooleanField(default=False)
    is_admin_nasional = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    must_change_password = models.BooleanField(default=False)
    failed_logins = models.PositiveSmallIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "nip"
    REQUIRED_FIELDS = ["nama"]

    class Meta:
        indexes = [models.Index(fields=["instansi", "nama"], name="user_instansi_nama")]
        verbose_name = "akun"
        verbose_name_plural = "akun"

    def __str__(self) -> str:
        return f"{self.nama} ({self.nip})"

    def is_locked(self) -> bool:
        return self.locked_until is not None and self.locked_until > timezone.now()
