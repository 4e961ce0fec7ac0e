from django.urls import path

from velkomst.staff import views

app_name = "staff"
urlpatterns = [
    path("", views.staff_list, name="staff_list"),
    path("new/", views.staff_new, name="staff_new"),
    path("<int:user_id>/", views.staff_detail, name="staff_detail"),
    path("<int:user_id>/active/", views.staff_active, name="staff_active"),
    path("<int:user_id>/password/", views.staff_password_reset, name="staff_password_reset"),
    path("<int:user_id>/unlock/", views.staff_unlock, name="staff_unlock"),
    path("hand-over/", views.hand_over, name="hand_over"),
    path("my-password/", views.password_change, name="password_change"),
]
