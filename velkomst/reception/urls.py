from django.urls import path

from velkomst.reception import views

app_name = "reception"

urlpatterns = [
    path("", views.referral_list, name="referral_list"),
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:referral_id>/room/", views.referral_room, name="referral_room"),
    path("referrals/<int:referral_id>/arrival/", views.arrival, name="arrival"),
    path("households/<int:household_id>/arrival/", views.household_arrival, name="household_arrival"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:import_id>/", views.import_preview, name="import_preview"),
    path("cases/<int:case_id>/meetings/", views.case_meetings, name="case_meetings"),
    path("meetings/<int:appointment_id>/", views.appointment_detail, name="appointment_detail"),
    path("meetings/<int:appointment_id>/move/", views.appointment_move, name="appointment_move"),
    path("meetings/<int:appointment_id>/calendar.ics", views.appointment_calendar, name="appointment_calendar"),
    path("meetings/<int:appointment_id>/summons/", views.summons, name="summons"),
]
