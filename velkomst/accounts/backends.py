"""Login as Django does it; the permissions straight from the role table in code."""
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Case, IntegerField, OuterRef, QuerySet, Subquery, Value, When

from velkomst.accounts import roles
from velkomst.statements import Statement


def with_role(users: QuerySet) -> QuerySet:
    """Users with their role read in the same query: the first of `roles.ROLES` among their groups, as `User.role`
    reads it. The annotation is named `role`, so it fills the cached property and the groups are not read again."""
    precedence = Case(*[When(name=name, then=Value(rank)) for rank, name in enumerate(roles.ROLES)], output_field=IntegerField())
    first_role = Group.objects.filter(user=OuterRef("pk"), name__in=roles.ROLES).order_by(precedence).values("name")[:1]
    return users.annotate(role=Subquery(first_role))


# The session user's statement, compiled once per process (velkomst.statements): compiling the role's subquery took the
# ORM ~1.4 ms of CPU on every request, ten times what the database needs to answer it (issue 18).
SESSION_USER = Statement(lambda user_id: with_role(get_user_model()._default_manager.filter(pk=user_id)))


class RoleBackend(ModelBackend):
    """Username and password as `ModelBackend`; a user's capabilities are their role's in `roles.CAPABILITIES`.

    The role is the user's group, read once per request (`User.role`). The groups' permissions in the database are
    synchronised from the same table after every migrate (`permissions.sync_role_groups`), for the admin's view and
    for tools that read them; checking against the table saves two permission queries on every page.
    No one holds a permission of their own: a role is the only way to a capability.
    """

    def get_user_permissions(self, user_obj, obj=None):
        return set()

    def get_group_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return {f"accounts.{name}" for name in roles.capabilities_of(user_obj.role)}

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):  # the attribute ModelBackend and its subclasses share
            user_obj._perm_cache = self.get_group_permissions(user_obj)
        return user_obj._perm_cache

    def get_user(self, user_id):
        """The session's user, with the role in the same query (one query fewer on every request), by the statement
        compiled once (`SESSION_USER`)."""
        users = SESSION_USER.instances(get_user_model()._meta.pk.to_python(user_id))
        user = users[0] if users else None
        return user if user is not None and self.user_can_authenticate(user) else None
