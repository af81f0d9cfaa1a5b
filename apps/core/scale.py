"""Building blocks for `manage.py seed_scale`: a large organisation's data, fast.

Each app's `scale.py` builds its rows in batches, in the shapes its services would leave
behind, including the direct foreign-key permission rows the services grant:

- `insert` and `Bulk` write model instances with `bulk_create` (rows whose ids later rows need);
- `Rows` and `PermRows` write the millions of plain rows (permissions, tallies, logs, poll
  answers) without model instances: multi-row INSERTs, COPY on PostgreSQL, each value still
  prepared by its model field (UUIDs, dates, encrypted text as the ORM writes them);
- `historic_timestamps()` lets the builders set `auto_now(_add)` fields themselves, so
  meldingen, meetings and polls are spread over the years;
- `reused_ciphertexts()` encrypts each distinct generated text once and reuses the token,
  for the fields under the server's key (`EncryptedTextField`: meeting documents, case
  log details ...). Fernet tokens are random, so equal plaintexts normally give different
  tokens; reuse is only for generated seed texts, never for real content. Melding content
  (`SealedTextField`) is not Fernet: each report is sealed with its own content key, as
  the services seal it (apps/vertrouwenspersoon/scale.py), so no token is shared.
"""

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection, models

from apps.accounts.roles import Role

from . import crypto

BATCH_SIZE = 2_000
ROWS_BATCH_SIZE = 5_000
YEARS = 10  # meldingen, meetings and polls are spread over this many years

# The organisation at --scale 1.
FULL_SIZE = {
    "departments": 40,
    "employees": 20_000,
    "reports": 200_000,
    "meetings": 5_000,
    "documents": 50_000,
    "polls": 100,
    "poll_responses": 10_000,  # per poll
    "policies": 200,
    "requests": 300,
    "proposals": 100,
    "questions": 5_000,
    "news": 1_000,
}
# People with a role besides Medewerker, at --scale 1 (at least the minimum below).
ROLE_HOLDERS = {
    Role.COUNSELLOR: (10, 2),
    Role.WORKS_COUNCIL_MEMBER: (15, 3),
    Role.HR: (20, 2),
    Role.EXECUTIVE: (2, 1),
}


@dataclass
class ScaleContext:
    """What the builders share: the size, a seeded random source and what earlier builders made."""

    scale: float
    now: datetime
    password_hash: str
    password: str  # every user's password in the clear: it locks the counsellors' key pairs
    rng: random.Random
    log: Callable[[str], None] = print
    departments: list[int] = field(default_factory=list)
    department_of: dict[int, int | None] = field(default_factory=dict)  # user id -> department id
    employees: list[int] = field(default_factory=list)  # every user with the Medewerker role
    holders: dict[str, list[int]] = field(default_factory=dict)  # role -> user ids
    named: dict[str, int] = field(default_factory=dict)  # well-known username -> user id
    groups: dict[str, Group] = field(default_factory=dict)  # role -> group
    counts: Counter[str] = field(default_factory=Counter)
    shared: dict[str, Any] = field(default_factory=dict)  # what one app's builder leaves for another
    _perms: dict[tuple[str, str], int] = field(default_factory=dict)

    def size(self, name: str, minimum: int = 1) -> int:
        return max(minimum, round(FULL_SIZE[name] * self.scale))

    def role_holders(self, role: Role) -> int:
        full, minimum = ROLE_HOLDERS[role]
        return max(minimum, round(full * self.scale))

    def perm(self, model: type[models.Model], codename: str) -> int:
        """The id of `codename` on `model` (read once)."""
        key = (model._meta.app_label, codename)
        if not self._perms:
            rows = Permission.objects.values_list("content_type__app_label", "codename", "pk")
            self._perms = {(app, code): pk for app, code, pk in rows}
        return self._perms[key]

    def group_ids(self, *roles: Role) -> list[int]:
        return [self.groups[role.value].pk for role in roles]

    def moment(self, days_back: float, days_span: float = 0) -> datetime:
        """A moment `days_back` days ago, plus a random part of `days_span`."""
        return self.now - timedelta(days=days_back) + timedelta(days=self.rng.random() * days_span)

    def spread(self, index: int, total: int, years: int = YEARS, ahead_days: int = 0) -> datetime:
        """The index-th of `total` moments spread evenly over the past `years`, up to `ahead_days` ahead."""
        span = years * 365 + ahead_days
        days_back = years * 365 - span * (index + self.rng.random()) / total
        return self.now - timedelta(days=days_back)


class Bulk:
    """Insert model instances in batches; `add` buffers, `flush` writes what is left.

    Instances added are written in order; integer primary keys are set on them after
    their batch is written (PostgreSQL and SQLite both return them).
    """

    def __init__(self, context: ScaleContext, model: type[models.Model], batch_size: int = BATCH_SIZE):
        self.context = context
        self.model = model
        self.batch_size = batch_size
        self.pending: list[models.Model] = []

    def add(self, obj: models.Model) -> models.Model:
        self.pending.append(obj)
        if len(self.pending) >= self.batch_size:
            self.flush()
        return obj

    def extend(self, objs: Iterable[models.Model]) -> None:
        for obj in objs:
            self.add(obj)

    def flush(self) -> None:
        if self.pending:
            self.model._default_manager.bulk_create(self.pending, batch_size=self.batch_size)
            self.context.counts[self.model._meta.label] += len(self.pending)
            self.pending = []


def insert(context: ScaleContext, model: type[models.Model], objs: Iterable[Any]) -> list[Any]:
    """Write all of `objs` now and return them with their primary keys."""
    written = list(objs)
    for start in range(0, len(written), BATCH_SIZE):
        model._default_manager.bulk_create(written[start : start + BATCH_SIZE])
    context.counts[model._meta.label] += len(written)
    return written


def chunks(rows: Iterable[Any], size: int = BATCH_SIZE) -> Iterator[list[Any]]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Rows:
    """Multi-row INSERTs without model instances, for the tables with millions of rows.

    Each value still goes through its field's `get_db_prep_save` (UUIDs, dates, encrypted
    text come out as the ORM would write them); every NOT NULL column must be given.
    """

    def __init__(self, context: ScaleContext, model: type[models.Model], columns: Iterable[str]):
        self.context = context
        self.model = model
        self.columns = tuple(columns)
        self.fields = [model._meta.get_field(name) for name in self.columns]
        quote = connection.ops.quote_name
        names = ", ".join(quote(str(model_field.column)) for model_field in self.fields)  # type: ignore[union-attr]
        # Quoted names from the model's metadata only; every value goes in as a parameter.
        self.insert = f"INSERT INTO {quote(model._meta.db_table)} ({names}) VALUES "  # noqa: S608
        self.copy = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        self.row_marks = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        # One statement per batch of rows, within both databases' limits on parameters.
        self.rows_per_statement = max(1, min(1_000, 30_000 // len(self.fields)))
        self.pending: list[tuple[Any, ...]] = []

    def add(self, **values: Any) -> None:
        self.pending.append(tuple(values[name] for name in self.columns))
        if len(self.pending) >= ROWS_BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        prepare = [model_field.get_db_prep_save for model_field in self.fields]  # type: ignore[union-attr]
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":  # COPY: several times faster than INSERT
                with cursor.cursor.copy(self.copy) as copy:
                    for row in self.pending:
                        copy.write_row(
                            [prep(value, connection) for prep, value in zip(prepare, row, strict=True)]
                        )
            else:
                for rows in chunks(self.pending, self.rows_per_statement):
                    params = [
                        prep(value, connection)
                        for row in rows
                        for prep, value in zip(prepare, row, strict=True)
                    ]
                    cursor.execute(self.insert + ", ".join([self.row_marks] * len(rows)), params)
        self.context.counts[self.model._meta.label] += len(self.pending)
        self.pending = []


class PermRows:
    """Direct foreign-key permission rows for one protected model (user and group tables)."""

    def __init__(self, context: ScaleContext, model: type[models.Model]):
        # Named as apps.core.object_permissions.permission_models names them.
        label, name = model._meta.app_label, model.__name__
        self.context = context
        self.model = model
        user_model = apps.get_model(label, f"{name}UserObjectPermission")
        group_model = apps.get_model(label, f"{name}GroupObjectPermission")
        self.users = Rows(context, user_model, ("user_id", "content_object_id", "permission_id"))
        self.groups = Rows(context, group_model, ("group_id", "content_object_id", "permission_id"))

    def user(self, user_id: int, obj_id: Any, *codenames: str) -> None:
        for codename in codenames:
            self.users.add(
                user_id=user_id,
                content_object_id=obj_id,
                permission_id=self.context.perm(self.model, codename),
            )

    def group(self, group_ids: Iterable[int], obj_id: Any, *codenames: str) -> None:
        for group_id in group_ids:
            for codename in codenames:
                self.groups.add(
                    group_id=group_id,
                    content_object_id=obj_id,
                    permission_id=self.context.perm(self.model, codename),
                )

    def flush(self) -> None:
        self.users.flush()
        self.groups.flush()


@contextmanager
def historic_timestamps() -> Iterator[None]:
    """Let builders set `auto_now`/`auto_now_add` fields to moments in the past."""
    switched: list[tuple[models.DateTimeField, bool, bool]] = []  # type: ignore[type-arg]
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.DateField) and (
                getattr(model_field, "auto_now", False) or getattr(model_field, "auto_now_add", False)
            ):
                switched.append((model_field, model_field.auto_now, model_field.auto_now_add))  # type: ignore[arg-type]
                model_field.auto_now = model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field, auto_now, auto_now_add in switched:
            model_field.auto_now, model_field.auto_now_add = auto_now, auto_now_add


@contextmanager
def reused_ciphertexts() -> Iterator[None]:
    """Encrypt each distinct seed text once under the server's key (see the module's
    docstring); sealed melding content never passes through here."""
    original = crypto.encrypt_text
    tokens: dict[str, str] = {}

    def encrypt_once(text: str) -> str:
        if text not in tokens:
            tokens[text] = original(text)
        return tokens[text]

    crypto.encrypt_text = encrypt_once
    try:
        yield
    finally:
        crypto.encrypt_text = original


SENTENCES = (
    "Het overleg verliep in een goede sfeer.",
    "Er zijn afspraken gemaakt over de planning.",
    "De werkdruk op de afdeling is een terugkerend punt.",
    "Medewerkers willen eerder betrokken worden bij veranderingen.",
    "De bestuurder licht de financiële situatie toe.",
    "Het voorstel wordt in de volgende vergadering opnieuw besproken.",
    "De commissie brengt schriftelijk advies uit.",
    "Er is behoefte aan duidelijke communicatie naar de achterban.",
    "De regeling sluit aan bij de cao.",
    "Thuiswerken blijft mogelijk in overleg met de leidinggevende.",
)


def text(context: ScaleContext, sentences: int = 3) -> str:
    return " ".join(context.rng.choice(SENTENCES) for _ in range(sentences))
