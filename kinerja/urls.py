from django.urls import include, path

from kinerja.api.api import api
from kinerja.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("akun/", include("kinerja.accounts.urls")),
    path("akun/sso/", include("kinerja.accounts.oidc_urls")),
    path("org/", include("kinerja.org.urls")),
    path("skp/", include("kinerja.perencanaan.urls")),
    path("kinerja/", include("kinerja.pelaksanaan.urls")),
    path("penilaian/", include("kinerja.penilaian.urls")),
    path("dokumen/", include("kinerja.tindaklanjut.dokumen.urls")),
    path("v/", include("kinerja.tindaklanjut.dokumen.urls_publik")),
    path("angka-kredit/", include("kinerja.tindaklanjut.angkakredit.urls")),
    path("tpp/", include("kinerja.tindaklanjut.tpp.urls")),
    path("laporan/", include("kinerja.tindaklanjut.laporan.urls")),
    path("pekerjaan/", include("kinerja.core.job_urls")),
    path("api/v1/", api.urls),
    path("token-api/", include("kinerja.api.urls")),
    path("integrasi/", include("kinerja.integrasi.urls")),
    path("integrasi/siasn/", include("kinerja.integrasi.siasn.urls")),
    path("integrasi/ruang-gtk/", include("kinerja.integrasi.ruanggtk.urls")),
    path("integrasi/ekinerja-bkn/", include("kinerja.integrasi.ekinerjabkn.urls")),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("notifikasi/", include("kinerja.notifikasi.urls")),
    path("pendaftaran-instansi/", include("kinerja.pendaftaran.urls")),
    path("bantuan/", include("kinerja.bantuan.urls")),
]
