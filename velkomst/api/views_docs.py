"""The API's documentation page: every operation of the OpenAPI schema with the roles that may call it.

Rendered on the server from the same schema as /api/schema/ (no script from elsewhere).
"""
from django.shortcuts import render
from django.urls import resolve
from drf_spectacular.generators import SchemaGenerator

from velkomst.accounts import roles
from velkomst.api.permissions import capability_for

METHODS = ("get", "post", "patch", "put", "delete")


def _operations(schema: dict) -> list[dict]:
    operations = []
    for path, item in schema["paths"].items():
        sample = path
        for name in [part[1:-1] for part in path.split("/") if part.startswith("{")]:
            sample = sample.replace("{" + name + "}", "1")
        view_class = getattr(resolve(sample).func, "cls", None)
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            capability = capability_for(view_class, method.upper()) if view_class else None
            operations.append({
                "method": method.upper(), "path": path, "summary": operation.get("summary") or operation.get("description", "").split("\n")[0],
                "capability": capability or "", "roles": sorted(roles.roles_with(capability)) if capability else [],
                "parameters": [p["name"] for p in operation.get("parameters", []) if p.get("in") == "query"],
                "tag": (operation.get("tags") or [""])[0],
            })
    return operations


def documentation(request):
    """Any member of staff may read how the API works (it holds no personal data)."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return render(request, "api/docs.html", {"operations": _operations(schema), "info": schema["info"]})
