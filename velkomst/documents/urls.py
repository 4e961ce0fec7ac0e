from django.urls import path

from velkomst.documents import views

urlpatterns = [
    path("<int:document_id>/file/", views.download, name="document_download"),
    path("people/<int:person_id>/upload/", views.upload, {"target": "person"}, name="person_document_upload"),
    path("cases/<int:case_id>/upload/", views.upload, {"target": "case"}, name="case_document_upload"),
    path("tenancies/<int:tenancy_id>/upload/", views.upload, {"target": "tenancy"}, name="tenancy_document_upload"),
    path("incidents/<int:incident_id>/upload/", views.upload, {"target": "incident"}, name="incident_document_upload"),
]
