from django.urls import path

from velkomst.forecast import views

app_name = "forecast"

urlpatterns = [
    path("", views.forecast, name="forecast"),
    path("<uuid:result_id>/", views.result, name="result"),
    path("<uuid:result_id>/again/", views.again, name="again"),
]
