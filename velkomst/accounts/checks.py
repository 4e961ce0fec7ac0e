"""Deployment checks of our own, beside Django's (`velkomst check --deploy`)."""
import os

from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_the_environment(app_configs, **kwargs):
    if os.environ.get("SECRET_KEY"):
        return []
    return [Warning(
        "SECRET_KEY is read from this installation's key file (var/secret-key).",
        hint="Set SECRET_KEY in the environment, the same on every app server behind the load balancer.",
        id="velkomst.W001",
    )]
