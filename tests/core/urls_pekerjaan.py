"""The project's URLs with the background-job pages mounted, until the lead adds
path("pekerjaan/", include("kinerja.core.job_urls")) to kinerja/urls.py (then this adds
nothing)."""

from django.urls import include, path

from kinerja.urls import urlpatterns as project

_mounted = any(getattr(p, "namespace", None) == "pekerjaan" for p in project)
urlpatterns = [*project]
if not _mounted:
    urlpatterns.append(path("pekerjaan/", include("kinerja.core.job_urls")))
