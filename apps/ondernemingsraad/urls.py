from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from apps.core.access import SIGNED_IN, access

from .views import calendar, committees, documents, items, lists, meetings

app_name = "ondernemingsraad"

urlpatterns: list[URLPattern | URLResolver] = [
    # The bare prefix leads to the main page, so a typed address does not end in a 404.
    path(
        "",
        access(SIGNED_IN)(RedirectView.as_view(pattern_name="ondernemingsraad:meeting-list")),
        name="index",
    ),
    path("vergaderingen/", meetings.meeting_list, name="meeting-list"),
    path("vergaderingen/nieuw/", meetings.meeting_create, name="meeting-create"),
    path("vergaderingen/<int:pk>/", meetings.meeting_detail, name="meeting-detail"),
    path("vergaderingen/<int:pk>/wijzigen/", meetings.meeting_edit, name="meeting-edit"),
    path("vergaderingen/<int:pk>/stukken/", meetings.meeting_packet, name="meeting-packet"),
    path("vergaderingen/<int:pk>/agenda-openen/", meetings.meeting_open, name="meeting-open"),
    path("vergaderingen/<int:pk>/agenda-vaststellen/", meetings.meeting_fix, name="meeting-fix"),
    path("vergaderingen/<int:pk>/gehouden/", meetings.meeting_held, name="meeting-held"),
    path("vergaderingen/<int:pk>/verslag/", meetings.minutes_edit, name="minutes-edit"),
    path("vergaderingen/<int:pk>/verslag/vaststellen/", meetings.minutes_approve, name="minutes-approve"),
    path("vergaderingen/<int:pk>/verslag/publiceren/", meetings.minutes_publish, name="minutes-publish"),
    path("vergaderingen/<int:pk>/acties/", meetings.action_create, name="action-create"),
    path("vergaderingen/<int:pk>/besluiten/", meetings.decision_create, name="decision-create"),
    path("vergaderingen/<int:pk>/agendapunten/nieuw/", items.item_propose, name="item-propose"),
    path("agendapunten/<int:pk>/", items.item_detail, name="item-detail"),
    path("agendapunten/<int:pk>/wijzigen/", items.item_edit, name="item-edit"),
    path("agendapunten/<int:pk>/besluit/", items.item_decide, name="item-decide"),
    path("agendapunten/<int:pk>/volgorde/", items.item_move, name="item-move"),
    path("agendapunten/<int:pk>/voorbespreking/", items.note_add, name="note-add"),
    path("agendapunten/<int:pk>/documenten/nieuw/", items.document_upload, name="document-upload"),
    path("documenten/<int:pk>/", documents.document_detail, name="document-detail"),
    path("documenten/<int:pk>/versies/nieuw/", documents.document_version_add, name="document-version-add"),
    path("documenten/<int:pk>/versies/<int:number>/", documents.document_download, name="document-download"),
    path(
        "documenten/<int:pk>/geheimhouding/",
        documents.document_confidentiality,
        name="document-confidentiality",
    ),
    path("acties/", lists.action_list, name="action-list"),
    path("acties/<int:pk>/status/", lists.action_update, name="action-update"),
    path("besluiten/", lists.decision_list, name="decision-list"),
    path("verslagen/", lists.minutes_list, name="minutes-list"),
    path("verslagen/<int:pk>/", lists.minutes_detail, name="minutes-detail"),
    path("commissies/", committees.committee_list, name="committee-list"),
    path("commissies/nieuw/", committees.committee_create, name="committee-create"),
    path("commissies/<int:pk>/", committees.committee_detail, name="committee-detail"),
    path("commissies/<int:pk>/wijzigen/", committees.committee_edit, name="committee-edit"),
    path(
        "commissies/<int:pk>/vergadering/",
        committees.committee_meeting_create,
        name="committee-meeting-create",
    ),
    path("agenda-koppeling/", calendar.calendar_settings, name="calendar-settings"),
    path("agenda/<str:token>.ics", calendar.calendar_feed, name="calendar-feed"),
]
