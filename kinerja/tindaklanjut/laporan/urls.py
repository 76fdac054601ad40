from kinerja.tindaklanjut.laporan import views

app_name = "laporan"
# The reports of stage 4: distribution against the kurva, compliance per OPD, the follow-up
# lists of PP 30/2019 and the last annual predikat for personnel services (views.py).
urlpatterns = views.urlpatterns
