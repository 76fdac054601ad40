"""URLs of background jobs; mounted by kinerja/urls.py as path("pekerjaan/", include(...))."""

from kinerja.core.job_views import urlpatterns

app_name = "pekerjaan"

__all__ = ["app_name", "urlpatterns"]
