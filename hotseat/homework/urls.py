from django.urls import path

from hotseat.homework import views

urlpatterns = [
    path("m/<int:mastermind_id>/weeks/<int:number>/", views.week, name="week"),
]
