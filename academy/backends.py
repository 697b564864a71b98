"""Authentication backends that load the signed-in user together with their roles.

The site shell shows trainer and coordinator links on every page; reading both roles
in the query that loads the user saves two queries per request (docs/performance.md).

That query runs on every request, so it is written once as SQL (``Manager.raw``)
rather than built by the ORM each time: compiling ``User.objects.with_roles()`` cost
~1.3 ms of CPU per request, the raw query ~0.3 ms (docs/performance.md). It must say
exactly what ``with_roles()`` says; ``tests/academy/test_backends.py`` compares the two
for every role.
"""

from functools import cache

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group

from .models import TRAINERS_GROUP, Membership


@cache
def _user_with_roles_sql() -> str:
    user = get_user_model()
    # Only the models' own table names are formatted in; every value is a parameter.
    return (
        "SELECT u.*, "  # noqa: S608
        # is_trainer: in the Trainers group.
        f"EXISTS (SELECT 1 FROM {user.groups.through._meta.db_table} ug "
        f"INNER JOIN {Group._meta.db_table} g ON g.id = ug.group_id "
        "WHERE ug.user_id = u.id AND g.name = %s) AS _in_trainers, "
        # is_coordinator: an approved coordinator's membership.
        f"EXISTS (SELECT 1 FROM {Membership._meta.db_table} m "
        "WHERE m.user_id = u.id AND m.role = %s AND m.status = %s) AS _coordinates "
        f"FROM {user._meta.db_table} u WHERE u.id = %s"
    )


def user_with_roles(user_id):
    """The user with ``_in_trainers`` and ``_coordinates`` set (as ``with_roles()``), or None."""
    params = [TRAINERS_GROUP, Membership.Role.COORDINATOR, Membership.Status.APPROVED, user_id]
    user = next(iter(get_user_model().objects.raw(_user_with_roles_sql(), params)), None)
    if user is not None:
        # SQLite answers EXISTS with 0 or 1.
        user._in_trainers, user._coordinates = bool(user._in_trainers), bool(user._coordinates)
    return user


class RolesOnLoad:
    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesOnLoad, backends.ModelBackend):
    pass


class AuthenticationBackend(RolesOnLoad, allauth_backends.AuthenticationBackend):
    pass
