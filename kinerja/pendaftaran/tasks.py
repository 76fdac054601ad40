"""E-mail to the applicant and the appointed admin, who have no account (or not yet) and
therefore no notifikasi: sent by the worker once the writing transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django_tasks import task

from kinerja.accounts.models import User
from kinerja.accounts.services import masa_berlaku_tautan, tautan_atur_sandi
from kinerja.core.links import absolute_url
from kinerja.pendaftaran.models import PermohonanInstansi


@task(priority=10)  # like the notification e-mail (notifikasi.surat_tasks)
def kirim_surel(penerima: list[str], subjek: str, isi: str) -> int:
    return send_mail(subjek, isi, settings.DEFAULT_FROM_EMAIL, penerima)


@task(priority=10)
def kirim_surel_admin(permohonan_id: int, admin_id: int) -> int:
    """First-login instructions for the appointed admin: NIP, the login address and a one-time
    link to set their own password. The task gets ids only and makes the link here, at send
    time, so that no password or token waits in the queue."""
    permohonan = (
        PermohonanInstansi.objects.select_related("instansi").filter(pk=permohonan_id).first()
    )
    admin = User.objects.filter(pk=admin_id, is_active=True).first()
    if permohonan is None or admin is None or not admin.email:
        return 0
    isi = render_to_string(
        "pendaftaran/surel/admin.txt",
        {
            "p": permohonan,
            "admin": admin,
            "tautan_atur_sandi": tautan_atur_sandi(admin),
            "berlaku": masa_berlaku_tautan(),
            "tautan_masuk": absolute_url(reverse("accounts:login")),
        },
    )
    subjek = "e-Kinerja: akun Admin Instansi Anda"
    return send_mail(subjek, isi, settings.DEFAULT_FROM_EMAIL, [admin.email])
