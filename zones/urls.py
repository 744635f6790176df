from django.urls import path

from . import views

app_name = "zones"
urlpatterns = [
    path("zones/", views.ZoneListView.as_view(), name="list"),
    path("zones/rankings/", views.RankingListView.as_view(), name="rankings"),
    path("zones/<slug:slug>/", views.ZoneDetailView.as_view(), name="detail"),
    path("provinces/<slug:slug>/", views.ProvinceDetailView.as_view(), name="province"),
    path("industries/", views.IndustryListView.as_view(), name="industries"),
    path("industries/<slug:slug>/", views.IndustryDetailView.as_view(), name="industry"),
]
