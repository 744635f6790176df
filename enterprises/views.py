from django.views.generic import DetailView, ListView

from .models import Enterprise


class EnterpriseListView(ListView):
    model = Enterprise
    paginate_by = 50


class EnterpriseDetailView(DetailView):
    model = Enterprise
