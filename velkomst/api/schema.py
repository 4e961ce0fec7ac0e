"""drf-spectacular post-processing: every operation documents its 400, 401, 403 and 404 answers.

The error body is the one `api.errors.exception_handler` writes.
"""
ERROR_COMPONENT = "Errors"
ERROR_SCHEMA = {
    "type": "object",
    "description": "What went wrong, by field. `detail` is used when no single field is at fault.",
    "properties": {
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"birth_date": ["Enter the birth date (dd.mm.yyyy) or a CPR number."]},
        },
        "rows": {
            "type": "array",
            "description": "Import only: every bad row of the file.",
            "items": {
                "type": "object",
                "properties": {"line": {"type": "integer"}, "column": {"type": "string"}, "message": {"type": "string"}},
                "required": ["line", "column", "message"],
            },
        },
    },
    "required": ["errors"],
}
ERROR_RESPONSES = {
    "400": "The input is not valid: each field at fault names the fix.",
    "401": "No valid credentials: send `Authorization: Token <key>` or log in (session with CSRF).",
    "403": "Your role may not do this (the capability table in docs/roles.md).",
    "404": "No such object, or your role may not see it; also a page number past the last page.",
}


def error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = ERROR_SCHEMA
    reference = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}
    for path in result.get("paths", {}).values():
        for method, operation in path.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"].update({"minimum": 1, "maximum": 2**63 - 1})  # ids, as the databases store them
            responses = operation.setdefault("responses", {})
            for code, description in ERROR_RESPONSES.items():
                responses.setdefault(code, {"description": description, "content": {"application/json": {"schema": reference}}})
    return result
