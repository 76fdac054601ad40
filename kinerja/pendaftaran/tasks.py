"""E-mail to the applicant and the appointed admin, who have no account (or not yet) and
therefore no notifikasi: sent by the worker once the writing transaction commits."""

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task(priority=10)  # like the notification e-mail (notifikasi.surat_tasks)
def kirim_surel(penerima: list[str], subjek: str, isi: str) -> int:
    return send_mail(subjek, isi, settings.DEFAULT_FROM_EMAIL, penerima)
