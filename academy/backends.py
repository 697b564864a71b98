"""Authentication backends that load the signed-in user together with their roles.

The site shell shows trainer and coordinator links on every page; reading both roles
in the query that loads the user saves two queries per request (docs/performance.md).
"""

from allauth.account import auth_backends as allauth_backends
from django.contrib.auth import backends, get_user_model


class RolesOnLoad:
    def get_user(self, user_id):
        user = get_user_model().objects.with_roles().filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(RolesOnLoad, backends.ModelBackend):
    pass


class AuthenticationBackend(RolesOnLoad, allauth_backends.AuthenticationBackend):
    pass
