"""`in` on integer columns that survives numbers no column can hold.

Django leaves an out-of-range integer out of `exact`, `gt`, `lt`, ... (IntegerFieldOverflow,
ticket #27397) but not out of `in`: on SQLite it raises OverflowError. A posted form field with
several choices, an admin list edit or an admin action ask `pk__in=[...]` with what the browser
sent, so a 20-digit number was a 500. Such a number matches no row: leave it out of the list.
"""

from typing import Any

from django.db.models import IntegerField
from django.db.models.lookups import In


class IntegerFieldIn(In):  # type: ignore[type-arg]
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int)
                or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def register() -> None:
    IntegerField.register_lookup(IntegerFieldIn)
