from django.urls import path

from velkomst.jobs import views

urlpatterns = [
    path("<uuid:job_id>/", views.job_detail, name="job"),
]
