"""The API under /api/. Its views skip the login redirect (systems authenticate with a token) and answer 401 instead."""
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from velkomst.api import views
from velkomst.api.documents import views as documents
from velkomst.api.permissions import DeclaredQueryParameters, IsStaffOrSystem
from velkomst.api.views_docs import documentation

app_name = "api"


def route(pattern: str, view_class, name: str):
    callback = login_not_required(view_class.as_view())
    callback.required_capability = view_class.required_capability  # read by the role-matrix tests
    return path(pattern, callback, name=name)


class Schema(SpectacularAPIView):
    permission_classes = [IsStaffOrSystem, DeclaredQueryParameters]
    required_capability = None
    extra_query_parameters = ("format", "lang")


urlpatterns = [
    path("schema/", login_not_required(Schema.as_view()), name="api_schema"),
    path("docs/", documentation, name="api_docs"),
    route("persons/", views.PersonList, "person_list"),
    route("persons/lookup/", views.PersonLookup, "person_lookup"),
    route("persons/<int:person_id>/", views.PersonDetail, "person_detail"),
    route("households/<int:household_id>/", views.HouseholdDetail, "household_detail"),
    route("cases/", views.CaseList, "case_list"),
    route("cases/<int:case_id>/", views.CaseDetail, "case_detail"),
    route("cases/<int:case_id>/status/", views.CaseStatusChange, "case_status"),
    route("referrals/", views.ReferralCreate, "referral_create"),
    route("referrals/import/", views.ReferralImport, "referral_import"),
    route("referrals/<int:referral_id>/", views.ReferralDetail, "referral_detail"),
    route("locations/", views.LocationList, "location_list"),
    route("locations/<int:location_id>/", views.LocationDetail, "location_detail"),
    route("tenancies/", views.TenancyList, "tenancy_list"),
    route("tenancies/<int:tenancy_id>/", views.TenancyDetail, "tenancy_detail"),
    route("appointments/", views.AppointmentList, "appointment_list"),
    route("appointments/<int:appointment_id>/", views.AppointmentDetail, "appointment_detail"),
    route("documents/", documents.DocumentList, "document_list"),
    route("documents/<int:document_id>/file/", documents.DocumentFile, "document_file"),
]
