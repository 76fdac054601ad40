"""Angka kredit (/angka-kredit/): the routes are listed in views.urlpatterns."""

from kinerja.tindaklanjut.angkakredit import views

app_name = "angkakredit"
urlpatterns = views.urlpatterns
