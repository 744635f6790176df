from django.urls import path

from .download_views import DownloadView

app_name = "downloads"
urlpatterns = [path("<slug:name>.<slug:fmt>", DownloadView.as_view(), name="list")]
