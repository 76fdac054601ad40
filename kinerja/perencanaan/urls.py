from kinerja.perencanaan import views_penilai, views_skp

app_name = "perencanaan"
# Each views module lists its own routes: the SKP itself (pegawai and penilai on one page), and
# the penilai's, leader's and admin's overviews.
urlpatterns = views_skp.urlpatterns + views_penilai.urlpatterns
