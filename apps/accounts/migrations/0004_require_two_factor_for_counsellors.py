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
# Counsellors hold the most confidential data: they log in with a second factor by default.
REQUIRED = {"Vertrouwenspersoon"}


def create_settings(apps, schema_editor):
    RoleSetting = apps.get_model("accounts", "RoleSetting")
    for name in ROLE_NAMES:
        RoleSetting.objects.get_or_create(role=name, defaults={"require_two_factor": name in REQUIRED})


def remove_settings(apps, schema_editor):
    apps.get_model("accounts", "RoleSetting").objects.filter(role__in=ROLE_NAMES).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_role_setting")]

    operations = [migrations.RunPython(create_settings, remove_settings)]
