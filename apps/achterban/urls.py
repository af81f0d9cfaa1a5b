from django.urls import URLPattern, URLResolver, path
from django.views.generic import RedirectView

from apps.core.access import SIGNED_IN, access

from .views import news, polls, questions

app_name = "achterban"

urlpatterns: list[URLPattern | URLResolver] = [
    # The bare prefix leads to the main page, so a typed address does not end in a 404.
    path("", access(SIGNED_IN)(RedirectView.as_view(pattern_name="achterban:question-list")), name="index"),
    # employees
    path("vragen/", questions.question_list, name="question-list"),
    path("vragen/nieuw/", questions.question_create, name="question-create"),
    path("vragen/<uuid:pk>/", questions.question_detail, name="question-detail"),
    path("vragen-en-antwoorden/", questions.qa_list, name="qa-list"),
    path("peilingen/", polls.poll_list, name="poll-list"),
    path("peilingen/<uuid:pk>/", polls.poll_answer, name="poll-answer"),
    path("peilingen/<uuid:pk>/resultaten/", polls.poll_results, name="poll-results"),
    path("nieuws/", news.news_list, name="news-list"),
    path("nieuws/<uuid:pk>/", news.news_detail, name="news-detail"),
    # the works council
    path("or/vragen/", questions.question_inbox, name="question-inbox"),
    path("or/vragen/<uuid:pk>/", questions.question_manage, name="question-manage"),
    path("or/vragen/<uuid:pk>/toewijzen/", questions.question_assign, name="question-assign"),
    path("or/vragen/<uuid:pk>/antwoord/", questions.question_answer, name="question-answer"),
    path("or/vragen/<uuid:pk>/afhandeling/", questions.question_handle, name="question-handle"),
    path("or/vragen/<uuid:pk>/publicatie/", questions.question_publish, name="question-publish"),
    path("or/peilingen/", polls.poll_manage_list, name="poll-manage-list"),
    path("or/peilingen/nieuw/", polls.poll_create, name="poll-create"),
    path("or/peilingen/<uuid:pk>/", polls.poll_manage, name="poll-manage"),
    path("or/peilingen/<uuid:pk>/wijzigen/", polls.poll_edit, name="poll-edit"),
    path("or/peilingen/<uuid:pk>/vragen/", polls.poll_question_add, name="poll-question-add"),
    path(
        "or/peilingen/<uuid:pk>/vragen/verwijderen/", polls.poll_question_remove, name="poll-question-remove"
    ),
    path("or/peilingen/<uuid:pk>/publiceren/", polls.poll_publish, name="poll-publish"),
    path("or/nieuws/nieuw/", news.news_create, name="news-create"),
]
