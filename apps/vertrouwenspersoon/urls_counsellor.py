"""The counsellor's case pages and the summaries shared with a recipient."""

from django.urls import URLPattern, path

from .views import counsellor, figures, keys, shared

urlpatterns: list[URLPattern] = [
    path("sleutel/", keys.key, name="key"),
    path("sleutel/herstellen/", keys.key_recover, name="key-recover"),
    path("sleutel/vorige/", keys.key_previous, name="key-previous"),
    path("dossiers/", counsellor.case_list, name="case-list"),
    path("dossiers/<uuid:pk>/", counsellor.case_detail, name="case-detail"),
    path("dossiers/<uuid:pk>/bericht/", counsellor.case_message, name="case-message"),
    path("dossiers/<uuid:pk>/notitie/", counsellor.case_note, name="case-note"),
    path("dossiers/<uuid:pk>/status/", counsellor.case_status, name="case-status"),
    path("dossiers/<uuid:pk>/samenvatting/", counsellor.case_summary, name="case-summary"),
    path("dossiers/<uuid:pk>/geheimhouding/", counsellor.case_breach, name="case-breach"),
    path("dossiers/<uuid:pk>/overdracht/", counsellor.case_transfer, name="case-transfer"),
    path("dossiers/<uuid:pk>/afdeling/", counsellor.case_department, name="case-department"),
    path("dossiers/<uuid:pk>/bewaren/", counsellor.case_retention, name="case-retention"),
    path("dossiers/<uuid:pk>/verslag/", counsellor.case_minutes, name="case-minutes"),
    path("dossiers/<uuid:pk>/verslag/versie/", counsellor.case_minutes_revise, name="case-minutes-revise"),
    path(
        "dossiers/<uuid:pk>/bijlagen/<uuid:attachment_pk>/",
        counsellor.case_attachment,
        name="case-attachment",
    ),
    path("cijfers/", figures.figures_list, name="figures-list"),
    path("cijfers/<int:pk>/", figures.figures_edit, name="figures-edit"),
    path("cijfers/<int:pk>/publiceren/", figures.figures_publish, name="figures-publish"),
    path("jaarcijfers/", figures.published_figures_list, name="published-figures-list"),
    path("jaarcijfers/<int:pk>/", figures.published_figures_detail, name="published-figures-detail"),
    path("jaarcijfers/<int:pk>/csv/", figures.published_figures_csv, name="published-figures-csv"),
    path("gedeeld/", shared.summary_list, name="summary-list"),
    path("gedeeld/<uuid:pk>/", shared.summary_detail, name="summary-detail"),
]
