from django.urls import path

from velkomst.forecast import views

app_name = "forecast"

urlpatterns = [
    path("", views.forecast, name="forecast"),
]
