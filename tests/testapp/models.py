"""A confidential sample model with guardian's direct foreign-key permission
tables, so the shared policy helpers are tested the way the apps use them."""

from django.db import models
from guardian.models import GroupObjectPermissionBase, UserObjectPermissionBase


class Secret(models.Model):
    title = models.CharField(max_length=50)

    def __str__(self) -> str:
        return self.title


class SecretUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(Secret, on_delete=models.CASCADE)


class SecretGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Secret, on_delete=models.CASCADE)
