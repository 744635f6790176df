"""The download links under each public list: /downloads/<list>.<csv|xlsx|json>?<the list's filters>."""

from datetime import date

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.views import View

from .downloads import FORMATS, LISTS, csv_chunks, download_for, json_chunks, xlsx_file

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class DownloadView(View):
    def get(self, request, name, fmt):
        if name not in LISTS or fmt not in FORMATS:
            raise Http404
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
