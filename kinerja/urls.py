from django.urls import include, path

from kinerja.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("akun/", include("kinerja.accounts.urls")),
    path("org/", include("kinerja.org.urls")),
    path("skp/", include("kinerja.perencanaan.urls")),
    path("kinerja/", include("kinerja.pelaksanaan.urls")),
    path("penilaian/", include("kinerja.penilaian.urls")),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("notifikasi/", include("kinerja.core.notification_views")),
]
