from django.db import migrations

# Frozen copy of the role names at the time of this migration (see apps/accounts/roles.py).
ROLE_NAMES = [
    "Medewerker",
    "OR-lid",
    "OR-voorzitter",
    "OR-secretaris",
    "HR",
    "Vertrouwenspersoon",
    "Bestuurder",
]


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLE_NAMES:
        Group.objects.get_or_create(name=name)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
