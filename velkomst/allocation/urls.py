from django.urls import path

from velkomst.allocation import views

urlpatterns = [
    path("", views.awaiting, name="allocation"),
    path("proposals/<int:proposal_id>/", views.proposal_detail, name="proposal"),
    path("proposals/<int:proposal_id>/override/", views.proposal_override, name="proposal_override"),
    path("proposals/<int:proposal_id>/room/", views.proposal_room, name="proposal_room"),
    path("proposals/<int:proposal_id>/confirm/", views.proposal_confirm, name="proposal_confirm"),
    path("relocations/", views.relocations, name="relocations"),
    path("relocations/plans/<int:plan_id>/", views.relocation_plan_detail, name="relocation_plan"),
    path("relocations/apply/", views.relocation_apply, name="relocation_apply"),
]
