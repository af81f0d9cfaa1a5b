"""The load scenario of `make load` (load/run.py prepares the portal and the plan).

Employees read their pages, send meldingen (named from their account, anonymous on the
public page without any session), ask the OR questions and answer polls; counsellors
(logged in through the login page, so their key unlocks) read their cases and reply; OR
members and HR/bestuurder read theirs. Every request must answer as a browser expects
(200, or the redirect after a form), and every write locust saw succeed is counted for
load/run.py to compare with the database. Forms are fetched and posted with their CSRF
token, as a browser does.
"""

# ruff: noqa: S311 - random picks simulate people clicking, nothing secret

import itertools
import json
import os
import random
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django_otp.oath import TOTP
from locust import HttpUser, between, events, task
from locust.clients import HttpSession

PLAN = json.loads(Path(os.environ["LOAD_PLAN"]).read_text())
URLS: dict[str, str] = PLAN["urls"]
SEEN: Counter[str] = Counter()
_NEXT_ACCOUNT = {kind: itertools.count() for kind in PLAN["accounts"]}
UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
RECEIPT_CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


def _pattern(url: str) -> re.Pattern[str]:
    """A path from the plan with its example id turned into any id."""
    return re.compile(re.escape(url).replace(re.escape(URLS["zero"]), UUID))


CASE_LINK = _pattern(URLS["case_detail"])
REPORT_PAGE = _pattern(URLS["report_detail"])
QUESTION_PAGE = _pattern(URLS["question_detail"])


# --- forms, as a browser sees them ----------------------------------------------------------


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._select: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append({"action": a.get("action", ""), "fields": []})
        elif not self.forms:
            return
        elif tag in {"input", "textarea"} and a.get("name"):
            field = {
                "tag": tag,
                "type": a.get("type", "text"),
                "name": a["name"],
                "value": a.get("value", ""),
            }
            self.forms[-1]["fields"].append(field)
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "type": "select", "name": a["name"], "options": []}
            self.forms[-1]["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None


def form_with(html: str, field: str) -> dict[str, Any] | None:
    """The first form on the page with a field named `field` (a pattern: fully matched)."""
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        if any(re.fullmatch(field, f["name"]) for f in form["fields"]):
            return form
    return None


def fill(form: dict[str, Any], **values: str | list[str]) -> dict[str, Any]:
    """What a person filling in the form sends: hidden values kept, a choice made for each
    radio group and select, text where text is asked, and the given values on top."""
    data: dict[str, Any] = {}
    radios: dict[str, list[str]] = {}
    for field in form["fields"]:
        name, kind = field["name"], field["type"]
        if kind == "hidden":
            data[name] = field["value"]
        elif kind == "radio":
            radios.setdefault(name, []).append(field["value"])
        elif kind == "select":
            choices = [option for option in field["options"] if option]
            data[name] = random.choice(choices) if choices else ""
        elif kind in {"text", "email"} or field["tag"] == "textarea":
            data[name] = "Belastingtest: een korte tekst."
    for name, choices in radios.items():
        data[name] = random.choice(choices)
    data.update(values)
    return data


def answer(response: Any) -> str:
    """The status, or the connection error when there was no answer (status 0)."""
    return str(response.status_code or response.error)


def token_of(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return match[1] if match else ""


# --- users -------------------------------------------------------------------------------------


def login(user: "PortalUser") -> None:
    """Log in as a browser does: the password form, then the two-factor code if the portal
    asks for it on the way to the home page.

    The one place to adapt when the login changes. The code comes from the account's
    authenticator key (load/run.py gives every counsellor a confirmed TOTP device).
    """
    account = user.account
    page = user.client.get(URLS["login"], name="login form")
    data = {"username": account["username"], "password": account["password"]}
    location = _post_for_redirect(user, URLS["login"], page.text, data, "login")
    for _ in range(3):  # the home page, perhaps by way of the code step
        if location is None:
            return
        if URLS["two_factor"] and location.startswith(URLS["two_factor"]):
            page = user.client.get(location, name="two-factor form")
            code = TOTP(bytes.fromhex(account["totp_key"])).token()
            location = _post_for_redirect(
                user, location, page.text, {"otp_token": f"{code:06d}"}, "two-factor code"
            )
            continue
        with user.client.get(
            location, name="after login", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 200:
                return
            if response.status_code != 302:
                response.failure(f"after login answered {answer(response)}")
                return
            location = response.headers["Location"]
    raise RuntimeError(f"login of {account['username']} did not end on a page")


def _post_for_redirect(
    user: "PortalUser", path: str, html: str, data: dict[str, str], name: str
) -> str | None:
    data = {"csrfmiddlewaretoken": token_of(html), **data}
    with user.client.post(path, data, allow_redirects=False, name=name, catch_response=True) as response:
        if response.status_code != 302:
            response.failure(f"{name} answered {answer(response)}")
            return None
        return str(response.headers["Location"])


class PortalUser(HttpUser):
    abstract = True
    kind = ""
    wait_time = between(0.5, 2.5)

    def on_start(self) -> None:
        accounts = PLAN["accounts"][self.kind]
        self.account = accounts[next(_NEXT_ACCOUNT[self.kind]) % len(accounts)]
        login(self)

    def page(self, path: str, name: str, client: HttpSession | None = None) -> str:
        """GET a page that must answer 200 itself (a redirect would be a lost session)."""
        client = client or self.client
        with client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{name} answered {answer(response)}")
            return str(response.text)

    def submit(self, path: str, data: dict[str, Any], name: str, ok: Any) -> bool:
        """POST a form; `ok(response)` says whether it is the answer to a success."""
        with self.client.post(path, data, name=name, allow_redirects=False, catch_response=True) as response:
            if not ok(response):
                response.failure(f"{name} answered {answer(response)}")
                return False
            return True


def redirects_to(pattern: re.Pattern[str] | str) -> Any:
    def check(response: Any) -> bool:
        location = response.headers.get("Location", "")
        matched = pattern.fullmatch(location) if isinstance(pattern, re.Pattern) else location == pattern
        return response.status_code == 302 and bool(matched)

    return check


class Employee(PortalUser):
    kind = "employee"  # all users but the fixed numbers of the roles below

    def on_start(self) -> None:
        super().on_start()
        self.my_reports: list[str] = []
        self.polls_left = list(PLAN["polls"])
        # A browser without the employee's cookies, for the anonymous melding page.
        self.outside = HttpSession(
            base_url=self.host, request_event=self.environment.events.request, user=self
        )
        self.outside.trust_env = False

    @task(3)
    def home(self) -> None:
        self.page(URLS["home"], "home (employee)")

    @task(3)
    def browse(self) -> None:
        name = random.choice(
            ["report_list", "question_list", "qa_list", "poll_list", "library", "minutes_list"]
        )
        self.page(URLS[name], name.replace("_", " "))

    @task(1)
    def my_report(self) -> None:
        if self.my_reports:
            self.page(random.choice(self.my_reports), "melding page (reporter)")

    @task(2)
    def send_report(self) -> None:
        if random.random() < 0.2:
            self.send_anonymous_report()
        else:
            self.send_named_report()

    def send_named_report(self) -> None:
        """The named form answers with the receipt code and a link to the report, whose key
        the session keeps (the reporter's page opens without the code until logout)."""
        form = form_with(self.page(URLS["report_create"], "melding form"), "submission")
        if form is None:
            return
        data = fill(form, text="Belastingtest: een melding.")
        data.pop("attachments", None)
        with self.client.post(
            URLS["report_create"], data, name="melding send", allow_redirects=False, catch_response=True
        ) as response:
            link = REPORT_PAGE.search(response.text or "")
            if response.status_code == 200 and RECEIPT_CODE.search(response.text) and link:
                self.my_reports.append(link[0])
                SEEN["reports"] += 1
            else:
                response.failure(f"melding send answered {answer(response)}")

    def send_anonymous_report(self) -> None:
        """The public page, from a browser with no session: it answers with the receipt code."""
        self.outside.cookies.clear()
        path = URLS["anonymous_create"]
        form = form_with(self.page(path, "anonymous melding form", self.outside), "submission")
        if form is None:
            return
        data = fill(form, text="Belastingtest: een anonieme melding.")
        data.pop("attachments", None)
        with self.outside.post(
            path, data, name="melding send (anonymous)", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code == 200 and RECEIPT_CODE.search(response.text):
                SEEN["reports"] += 1
            else:
                response.failure(f"melding send (anonymous) answered {answer(response)}")

    @task(2)
    def ask_question(self) -> None:
        form = form_with(self.page(URLS["question_create"], "question form"), "submission")
        if form is None:
            return
        anonymous = random.random() < 0.3
        data = fill(form, anonymous="anonymous" if anonymous else "named", subject="Belastingtest")
        if anonymous:
            ok = lambda r: r.status_code == 200 and 'name="submission"' not in r.text  # noqa: E731
        else:
            ok = redirects_to(QUESTION_PAGE)
        if self.submit(URLS["question_create"], data, "question send", ok):
            SEEN["questions"] += 1

    @task(1)
    def answer_poll(self) -> None:
        if not self.polls_left:
            self.page(URLS["poll_list"], "poll list")
            return
        path = self.polls_left.pop()
        form = form_with(self.page(path, "poll page"), r"q\d+")
        if form is None:
            return  # answered before
        if self.submit(path, fill(form), "poll answer", redirects_to(URLS["poll_list"])):
            SEEN["poll_answers"] += 1


class Counsellor(PortalUser):
    kind = "counsellor"
    fixed_count = PLAN["per_role"]

    def cases(self) -> list[str]:
        return sorted(set(CASE_LINK.findall(self.page(URLS["case_list"], "case list"))))

    @task(2)
    def home(self) -> None:
        self.page(URLS["home"], "home (counsellor)")

    @task(3)
    def read_case(self) -> None:
        cases = self.cases()
        if cases:
            self.page(random.choice(cases), "melding page (counsellor)")

    @task(2)
    def reply(self) -> None:
        cases = self.cases()
        if not cases:
            return
        case = random.choice(cases)
        html = self.page(case, "melding page (counsellor)")
        case_id = re.findall(UUID, case)[-1]
        data = {"csrfmiddlewaretoken": token_of(html), "message-body": "Belastingtest: dank voor je melding."}
        target = URLS["case_message"].replace(URLS["zero"], case_id)
        if self.submit(target, data, "counsellor reply", redirects_to(case)):
            SEEN["replies"] += 1


class WorksCouncil(PortalUser):
    kind = "works_council"
    fixed_count = PLAN["per_role"]

    @task
    def browse(self) -> None:
        name = random.choice(
            ["home", "meeting_list", "question_inbox", "poll_list", "minutes_list", "qa_list"]
        )
        self.page(URLS[name], f"{name.replace('_', ' ')} (OR)")


class Management(PortalUser):
    kind = "management"
    fixed_count = PLAN["per_role"]

    @task
    def browse(self) -> None:
        names = ["home", "library"] + (["request_list"] if self.account.get("executive") else [])
        name = random.choice(names)
        self.page(URLS[name], f"{name.replace('_', ' ')} (HR/bestuurder)")


@events.test_stop.add_listener
def write_what_was_seen(**kwargs: Any) -> None:
    Path(os.environ["LOAD_RESULT"]).write_text(json.dumps(dict(SEEN)))
