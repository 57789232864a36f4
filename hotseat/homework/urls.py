"""Uploads and the access-checked files. (The week's posts are routed with the week page: pages/urls.py.)"""

from django.urls import path

from hotseat.homework import file_views

urlpatterns = [
    path("m/<int:mastermind_id>/files/", file_views.upload, name="upload"),
    path("files/<uuid:uid>/", file_views.attachment, name="attachment"),
]
