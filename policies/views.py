from django.views.generic import DetailView, ListView

from .models import PolicyDocument


class PolicyListView(ListView):
    model = PolicyDocument
    paginate_by = 50


class PolicyDetailView(DetailView):
    model = PolicyDocument
