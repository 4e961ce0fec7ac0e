from django.urls import include, path

from velkomst.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, {"fmt": "xlsx"}, name="dashboard_export_xlsx"),
    path("export.csv", views.dashboard_export, {"fmt": "csv"}, name="dashboard_export_csv"),
    path("figure/", views.figure_detail, name="figure"),
    path("figure/export.xlsx", views.figure_export, {"fmt": "xlsx"}, name="figure_export_xlsx"),
    path("figure/export.csv", views.figure_export, {"fmt": "csv"}, name="figure_export_csv"),
    path("forecast/", include("velkomst.forecast.urls")),
]
