from django.urls import path

from hotseat.proposals import views

urlpatterns = [
    path("p/<slug:program_slug>/<slug:cohort_slug>/propose/", views.propose, name="propose"),
]
