from django.urls import path

from velkomst.housing import views

urlpatterns = [
    path("", views.occupancy, name="occupancy"),
    path("export.xlsx", views.occupancy_export, {"fmt": "xlsx"}, name="occupancy_export_xlsx"),
    path("export.csv", views.occupancy_export, {"fmt": "csv"}, name="occupancy_export_csv"),
    path("locations/<int:location_id>/", views.location_detail, name="housing_location"),
    path("locations/<int:location_id>/incidents/new/", views.incident_new, name="incident_new"),
    path("rooms/<int:room_id>/move-in/", views.move_in, name="move_in"),
    path("rooms/<int:room_id>/block/", views.room_block, name="room_block"),
    path("rooms/<int:room_id>/unblock/", views.room_unblock, name="room_unblock"),
    path("tenancies/<int:tenancy_id>/move/", views.move, name="tenancy_move"),
    path("tenancies/<int:tenancy_id>/move-out/", views.move_out, name="move_out"),
    path("tenancies/<int:tenancy_id>/checklist/", views.checklist, name="tenancy_checklist"),
    path("tenancies/<int:tenancy_id>/lease/", views.tenancy_letter, {"kind": "lease"}, name="tenancy_lease"),
    path("tenancies/<int:tenancy_id>/house-rules/", views.tenancy_letter, {"kind": "house_rules"}, name="tenancy_house_rules"),
    path("reservations/<int:reservation_id>/", views.reservation, name="reservation"),
    path("reservations/<int:reservation_id>/release/", views.reservation_release, name="reservation_release"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<int:incident_id>/", views.incident_detail, name="housing_incident"),
    path("incidents/<int:incident_id>/actions/", views.incident_action_add, name="incident_action_add"),
    path("incidents/<int:incident_id>/actions/<int:action_id>/done/", views.incident_action_done, name="incident_action_done"),
    path("incidents/<int:incident_id>/partners/", views.incident_partners, name="incident_partners"),
    path("incidents/<int:incident_id>/close/", views.incident_close, name="incident_close"),
    # Set-up (administrators): locations, rooms, capacity from a spreadsheet, rent caps, house rules.
    path("setup/", views.setup, name="housing_setup"),
    path("setup/locations/new/", views.location_new, name="location_new"),
    path("setup/import/", views.capacity_import, name="capacity_import"),
    path("setup/rent-caps/", views.rent_caps, name="rent_caps"),
    path("locations/<int:location_id>/edit/", views.location_edit, name="location_edit"),
    path("locations/<int:location_id>/status/", views.location_status, name="location_status"),
    path("locations/<int:location_id>/rooms/new/", views.rooms_add, name="rooms_add"),
    path("locations/<int:location_id>/house-rules/", views.house_rules, name="house_rules"),
    path("rooms/<int:room_id>/edit/", views.room_edit, name="room_edit"),
]
