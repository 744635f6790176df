from django.views.generic import DetailView, ListView

from .models import Industry, Province, Zone


class ZoneListView(ListView):
    model = Zone
    paginate_by = 50


class ZoneDetailView(DetailView):
    model = Zone


class ProvinceDetailView(DetailView):
    model = Province


class IndustryListView(ListView):
    model = Industry
    paginate_by = 50


class IndustryDetailView(DetailView):
    model = Industry
