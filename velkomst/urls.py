from django.contrib.auth import views as auth_views
from django.urls import include, path

from velkomst.accounts import views as accounts
from velkomst.audit import views as audit
from velkomst.extract import views as extract
from velkomst.people import views as people

urlpatterns = [
    path("", accounts.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include("velkomst.accounts.oidc")),  # municipal single sign-on (404 unless configured)
    path("language/", accounts.set_language, name="set_language"),
    path("accessibility/", accounts.accessibility, name="accessibility"),
    path("my-cases/", people.my_cases, name="my_cases"),
    path("figures/", accounts.figures, name="figures"),
    path("people/search/", people.search, name="search"),
    path("people/new/", people.person_register, name="person_register"),
    path("people/<int:person_id>/", people.person_detail, name="person_detail"),
    path("people/<int:person_id>/edit/", people.person_edit, name="person_edit"),
    path("people/<int:person_id>/members/new/", people.member_add, name="member_add"),
    path("people/<int:person_id>/household/", people.household_edit, name="household_edit"),
    path("people/<int:person_id>/case/", people.member_case_open, name="member_case_open"),
    path("people/<int:person_id>/access-log/", extract.citizen_extract, name="citizen_extract"),
    path("cases/<int:case_id>/edit/", people.case_edit, name="case_edit"),
    path("cases/<int:case_id>/status/", people.case_status, name="case_status"),
    path("cases/<int:case_id>/notes/", people.note_add, name="note_add"),
    path("audit/", audit.access_log, name="access_log"),
    path("housing/", include("velkomst.housing.urls")),
    path("allocation/", include("velkomst.allocation.urls")),
    path("reception/worklist/", include("velkomst.worklist.urls")),
    path("reception/", include("velkomst.reception.urls")),
    path("programme/", include("velkomst.programme.urls")),
    path("education/", include("velkomst.education.urls")),
    path("companies/", include("velkomst.companies.urls")),
    path("reports/", include("velkomst.reports.urls")),
    path("staff/", include("velkomst.staff.urls")),
    path("api/", include("velkomst.api.urls")),
    path("people/<int:person_id>/extract/", include("velkomst.extract.urls")),
    path("documents/", include("velkomst.documents.urls")),
    path("jobs/", include("velkomst.jobs.urls")),
]

handler400 = "velkomst.accounts.views.bad_request"
