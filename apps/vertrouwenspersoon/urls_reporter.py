"""The reporter's pages: sending a melding, following it up by name or with a receipt code."""

from django.urls import URLPattern, path

from .views import reporter

urlpatterns: list[URLPattern] = [
    path("melding/nieuw/", reporter.report_create, name="report-create"),
    path("meldingen/", reporter.report_list, name="report-list"),
    path("meldingen/<uuid:pk>/", reporter.report_detail, name="report-detail"),
    path("meldingen/<uuid:pk>/ontgrendelen/", reporter.report_unlock, name="report-unlock"),
    path("meldingen/<uuid:pk>/inzage/", reporter.report_key_share, name="report-key-share"),
    path("meldingen/<uuid:pk>/bericht/", reporter.report_reply, name="report-reply"),
    path(
        "meldingen/<uuid:pk>/samenvatting/<uuid:summary_pk>/",
        reporter.report_summary_decide,
        name="report-summary-decide",
    ),
    path("meldingen/<uuid:pk>/overdracht/", reporter.report_transfer_decide, name="report-transfer-decide"),
    path(
        "meldingen/<uuid:pk>/bijlagen/<uuid:attachment_pk>/",
        reporter.report_attachment,
        name="report-attachment",
    ),
    path("meldingen/<uuid:pk>/verslagen/<uuid:record_pk>/", reporter.report_minutes, name="report-minutes"),
    # The anonymous zone: no session reaches these pages (core.middleware.AnonymousZoneMiddleware),
    # and the receipt-access cookie is restricted to volgen/.
    path("anoniem/", reporter.anonymous_create, name="anonymous-create"),
    path("volgen/", reporter.receipt_start, name="receipt-start"),
    path("volgen/melding/inzage/", reporter.receipt_key_share, name="receipt-key-share"),
    path("volgen/melding/", reporter.receipt_detail, name="receipt-detail"),
    path("volgen/melding/bericht/", reporter.receipt_reply, name="receipt-reply"),
    path(
        "volgen/melding/samenvatting/<uuid:summary_pk>/",
        reporter.receipt_summary_decide,
        name="receipt-summary-decide",
    ),
    path("volgen/melding/overdracht/", reporter.receipt_transfer_decide, name="receipt-transfer-decide"),
    path(
        "volgen/melding/bijlagen/<uuid:attachment_pk>/",
        reporter.receipt_attachment,
        name="receipt-attachment",
    ),
    path("volgen/melding/verslagen/<uuid:record_pk>/", reporter.receipt_minutes, name="receipt-minutes"),
    path("volgen/stoppen/", reporter.receipt_stop, name="receipt-stop"),
]
