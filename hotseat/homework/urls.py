from django.urls import path

from hotseat.homework import file_views, views

urlpatterns = [
    path("m/<int:mastermind_id>/weeks/<int:number>/", views.week, name="week"),
    path("m/<int:mastermind_id>/weeks/<int:number>/question/", views.question_save, name="question_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/homework/", views.homework_save, name="homework_save"),
    path("m/<int:mastermind_id>/weeks/<int:number>/skip/", views.homework_skip, name="homework_skip"),
    path("m/<int:mastermind_id>/weeks/<int:number>/close/", views.week_close, name="week_close"),
    path("homework/<int:homework_id>/feedback/", views.feedback_post, name="feedback_post"),
    path("homework/<int:homework_id>/helpful/", views.helpful, name="homework_helpful"),
    path("m/<int:mastermind_id>/files/", file_views.upload, name="upload"),
    path("files/<uuid:uid>/", file_views.attachment, name="attachment"),
]
