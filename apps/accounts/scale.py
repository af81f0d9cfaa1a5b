"""Departments and people for `seed_scale`: every employee is a Medewerker; a few also
hold a role. Well-known usernames (`medewerker-00001`, `or-lid-01`, `hr-01`,
`vertrouwenspersoon-01`, `bestuurder-01`, ...) let the benchmark sign in as each role."""

from django.contrib.auth.models import Group

from apps.accounts.models import Department, User
from apps.accounts.roles import Role
from apps.core.scale import Rows, ScaleContext, insert

FIRST_NAMES = (
    "Sanne", "Daan", "Fatima", "Pieter", "Lotte", "Ingrid", "Willem", "Kevin", "Emma", "Noah",
    "Julia", "Lucas", "Mila", "Sem", "Tess", "Finn", "Zoë", "Mohammed", "Yara", "Levi",
)  # fmt: skip
LAST_NAMES = (
    "de Vries", "Jansen", "El Amrani", "Bakker", "Visser", "Mulder", "van den Berg", "Smit",
    "de Boer", "Meijer", "Bos", "Vos", "Peters", "Hendriks", "Yilmaz", "Dekker", "Kok", "Brouwer",
)  # fmt: skip
DEPARTMENT_NAMES = (
    "Directie", "Financiën", "ICT", "Personeelszaken", "Klantenservice", "Facilitaire Dienst",
    "Inkoop", "Juridische Zaken", "Communicatie", "Logistiek", "Productie", "Verkoop",
)  # fmt: skip


def _person(context: ScaleContext, username: str, department_id: int | None) -> User:
    return User(
        username=username,
        first_name=context.rng.choice(FIRST_NAMES),
        last_name=context.rng.choice(LAST_NAMES),
        email=f"{username}@example.org",
        password=context.password_hash,
        department_id=department_id,
        is_active=True,
        date_joined=context.moment(3650, 3000),
    )


def build_people(context: ScaleContext) -> None:
    departments = insert(
        context,
        Department,
        (
            Department(
                name=f"{DEPARTMENT_NAMES[n % len(DEPARTMENT_NAMES)]} {n // len(DEPARTMENT_NAMES) + 1}",
                code=f"afd-{n + 1:03d}",
            )
            for n in range(context.size("departments", minimum=6))
        ),
    )
    context.departments = [department.pk for department in departments]
    context.groups = {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}

    people: list[tuple[User, tuple[Role, ...]]] = []

    def add(username: str, roles: tuple[Role, ...], department: bool = True) -> None:
        department_id = context.rng.choice(context.departments) if department else None
        people.append((_person(context, username, department_id), roles))

    # The officers first, so their ids are small and stable.
    add("or-voorzitter", (Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_CHAIR))
    add("or-secretaris", (Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER, Role.WORKS_COUNCIL_SECRETARY))
    for n in range(1, context.role_holders(Role.WORKS_COUNCIL_MEMBER) - 1):
        add(f"or-lid-{n:02d}", (Role.EMPLOYEE, Role.WORKS_COUNCIL_MEMBER))
    for n in range(1, context.role_holders(Role.HR) + 1):
        add(f"hr-{n:02d}", (Role.EMPLOYEE, Role.HR))
    for n in range(1, context.role_holders(Role.EXECUTIVE) + 1):
        add(f"bestuurder-{n:02d}", (Role.EMPLOYEE, Role.EXECUTIVE))
    # External counsellors: no department, independent of HR and the executive.
    for n in range(1, context.role_holders(Role.COUNSELLOR) + 1):
        add(f"vertrouwenspersoon-{n:02d}", (Role.COUNSELLOR,), department=False)
    for n in range(1, context.size("employees", minimum=50) - len(people) + 1):
        add(f"medewerker-{n:05d}", (Role.EMPLOYEE,))

    insert(context, User, (user for user, _roles in people))
    memberships = Rows(context, User.groups.through, ("user_id", "group_id"))
    for user, roles in people:
        context.department_of[user.pk] = user.department_id
        context.named[user.username] = user.pk
        for role in roles:
            context.holders.setdefault(role.value, []).append(user.pk)
            memberships.add(user_id=user.pk, group_id=context.groups[role.value].pk)
    memberships.flush()
    context.employees = context.holders[Role.EMPLOYEE.value]
    context.log(f"  {len(people)} people in {len(departments)} departments")
