"""The download links under each public list: /downloads/<list>.<csv|xlsx|json>?<the list's filters>."""

from datetime import date

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext
from django.views import View
from rest_framework.throttling import AnonRateThrottle

from .downloads import FORMATS, LISTS, csv_chunks, download_for, json_chunks, xlsx_file

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DownloadThrottle(AnonRateThrottle):
    """Downloads per client address (ATLAS_DOWNLOAD_RATE): a whole list is far dearer than a page."""

    scope = "downloads"


class DownloadView(View):
    def get(self, request, name, fmt):
        if name not in LISTS or fmt not in FORMATS:
            raise Http404
        throttle = DownloadThrottle()
        if not throttle.allow_request(request, self):
            wait = max(1, int(throttle.wait() or 1))
            message = gettext("Too many downloads from this address; try again in %(s)d seconds.")
            response = HttpResponse(
                message % {"s": wait}, status=429, content_type="text/plain; charset=utf-8"
            )
            response["Retry-After"] = str(wait)
            return response
        download = download_for(name, request)
        filename = f"zone-atlas-{name}-{date.today().isoformat()}.{fmt}"
        if fmt == "xlsx":
            response = FileResponse(xlsx_file(download), as_attachment=True, filename=filename)
        else:
            chunks = csv_chunks(download) if fmt == "csv" else json_chunks(download)
            response = StreamingHttpResponse(chunks, content_type=CONTENT_TYPES[fmt])
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        response["Content-Type"] = CONTENT_TYPES[fmt]
        response["X-Total-Count"] = str(download.total)
        return response
