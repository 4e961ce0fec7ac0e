from django.urls import path

from velkomst.education import views

urlpatterns = [
    path("classes/", views.class_list, name="education_classes"),
    path("classes/new/", views.class_new, name="education_class_new"),
    path("classes/<int:class_id>/", views.class_detail, name="education_class"),
    path("classes/<int:class_id>/roster/", views.roster_add, name="education_roster_add"),
    path("classes/<int:class_id>/roster/search/", views.roster_search, name="education_roster_search"),
    path("classes/<int:class_id>/roster/remove/", views.roster_remove, name="education_roster_remove"),
    path("classes/<int:class_id>/attendance/", views.class_attendance, name="education_attendance"),
    path("cases/<int:case_id>/", views.learner, name="education_learner"),
    path("cases/<int:case_id>/placement/", views.placement, name="education_placement"),
    path("cases/<int:case_id>/modules/", views.module_add, name="education_module_add"),
    path("cases/<int:case_id>/exams/", views.exam_add, name="education_exam_add"),
    path("cases/<int:case_id>/results/", views.exam_results, name="education_exam_results"),
    path("cases/<int:case_id>/private-school/", views.private_school, name="education_private_school"),
]
