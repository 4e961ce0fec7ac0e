from django.urls import path

from velkomst.programme import views

urlpatterns = [
    path("compliance/", views.compliance_page, name="programme_compliance"),
    path("compliance/counts/", views.compliance_counts, name="programme_compliance_counts"),
    path("housing-referrals/", views.housing_referrals, name="programme_housing_referrals"),
    path("housing-referrals/thresholds/", views.housing_thresholds, name="programme_housing_thresholds"),
    path("housing-referrals/<int:referral_id>/", views.housing_referral_update, name="programme_housing_referral_update"),
    path("cases/<int:case_id>/", views.case_programme, name="programme_case"),
    path("cases/<int:case_id>/enrol/", views.enrol, name="programme_enrol"),
    path("cases/<int:case_id>/contract/", views.contract, name="programme_contract"),
    path("cases/<int:case_id>/plan/", views.plan_add, name="programme_plan_add"),
    path("cases/<int:case_id>/plan/end/", views.plan_end, name="programme_plan_end"),
    path("cases/<int:case_id>/work-obligation/", views.work_obligation, name="programme_work_obligation"),
    path("cases/<int:case_id>/employment/", views.employment_add, name="programme_employment_add"),
    path("cases/<int:case_id>/patient-track/", views.patient_track, name="programme_patient_track"),
    path("cases/<int:case_id>/vulnerable/", views.vulnerable, name="programme_vulnerable"),
    path("cases/<int:case_id>/children/", views.children, name="programme_children"),
    path("employments/<int:employment_id>/edit/", views.employment_edit, name="programme_employment_edit"),
    path("employments/<int:employment_id>/end/", views.employment_end, name="programme_employment_end"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up, name="programme_follow_up"),
]
