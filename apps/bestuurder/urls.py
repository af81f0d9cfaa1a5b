from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "bestuurder"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.request_list, name="request-list"),
    path("nieuw/advies/", views.advice_create, name="advice-create"),
    path("nieuw/instemming/", views.consent_create, name="consent-create"),
    path("<int:pk>/", views.request_detail, name="request-detail"),
    path("<int:pk>/documenten/<uuid:document_pk>/", views.request_document, name="request-document"),
    path("<int:pk>/documenten/", views.request_upload, name="request-upload"),
    path("<int:pk>/in-behandeling/", views.request_start, name="request-start"),
    path("<int:pk>/aantekening/", views.request_entry, name="request-entry"),
    path("<int:pk>/overleg/", views.request_consultation, name="request-consultation"),
    path("<int:pk>/peilingen/", views.request_poll_attach, name="request-poll-attach"),
    path(
        "<int:pk>/peilingen/<uuid:poll_pk>/verwijderen/",
        views.request_poll_detach,
        name="request-poll-detach",
    ),
    path("<int:pk>/antwoord/", views.request_answer, name="request-answer"),
    path("<int:pk>/besluit/", views.request_decide, name="request-decide"),
    path("<int:pk>/vervolg/", views.request_event, name="request-event"),
    path("voorgenomen/", views.proposal_list, name="proposal-list"),
    path("voorgenomen/nieuw/", views.proposal_create, name="proposal-create"),
    path("voorgenomen/<int:pk>/", views.proposal_detail, name="proposal-detail"),
]
