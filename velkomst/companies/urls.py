from django.urls import path

from velkomst.companies import views

urlpatterns = [
    path("", views.company_list, name="company_list"),
    path("<int:company_id>/", views.company_detail, name="company_detail"),
    path("<int:company_id>/offers/new/", views.offer_new, name="offer_new"),
    path("<int:company_id>/attendance/", views.placement_attendance, name="placement_attendance"),
    path("offers/<int:offer_id>/", views.offer_detail, name="offer_detail"),
    path("cases/<int:case_id>/offers/", views.case_offers, name="case_offers"),
    path("placements/<int:placement_id>/outcome/", views.placement_outcome, name="placement_outcome"),
]
