from django.urls import path

from velkomst.extract import views

urlpatterns = [
    path("", views.extract_page, name="person_extract"),
    path("json/", views.extract_json, name="person_extract_json"),
    path("pdf/", views.extract_pdf, name="person_extract_pdf"),
    path("zip/", views.extract_zip_download, name="person_extract_zip"),
]
