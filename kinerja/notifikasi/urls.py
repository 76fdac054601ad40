"""/notifikasi/: the bell and the list (core.notification_views), the user's e-mail
preferences, and the Admin Instansi's reminder settings."""

from kinerja.core import notification_views
from kinerja.notifikasi import views_pengaturan, views_preferensi

app_name = "notifikasi"
urlpatterns = (
    notification_views.urlpatterns + views_preferensi.urlpatterns + views_pengaturan.urlpatterns
)
