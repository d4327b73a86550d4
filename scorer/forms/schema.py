"""JSON Schema validation of loaded YAML, with errors mapped back to file:line in Chinese.

The schemas ship in `scorer/schemas/` (and are published under docs/ for editors); this module
turns jsonschema's English errors into one line a finance clerk can act on.

Good files take a fast path: a validator compiled by fastjsonschema (with every `$ref` inlined,
from a deep copy — its compile rewrites the schema it is given) only answers "valid or not".  Only a
file it rejects goes through jsonschema, which finds the detailed error for the Chinese message, so
the fast path can never change a message; tests prove it is never more lenient than jsonschema.
PERFSCORE_NO_FASTPATH=1 turns the fast path off.
"""

from __future__ import annotations

import copy
import difflib
import json
from functools import cache
from importlib import resources

from scorer.fastpath import fast_paths_enabled

from scorer.errors import value_text

_TYPE_NAMES = {
    "number": "数字", "integer": "整数", "string": "文本", "object": "键值表（mapping）",
    "array": "列表", "boolean": "true/false", "null": "空（null）",
}


@cache
def load_schema(name: str) -> dict:
    text = resources.files("scorer.schemas").joinpath(f"{name}.schema.json").read_text("utf-8")
    return json.loads(text)


@cache
def _validator(name: str):
    from jsonschema import Draft202012Validator     # imported only when a file needs it (start-up time)
    return Draft202012Validator(load_schema(name))


# Keywords whose value maps names to subschemas (the names are not keywords).
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions", "dependentSchemas"})
_LITERALS = frozenset({"enum", "const", "default", "examples", "required"})
_ANNOTATIONS = frozenset({"description", "title", "default", "examples", "$comment"})
_DROPPED = frozenset({"$schema", "$id", "$defs", "definitions"})


class _Unsupported(Exception):
    """A schema the inliner does not handle (remote or cyclic $ref): no fast path, jsonschema only."""


def _pointer(root: dict, ref: str):
    if not ref.startswith("#/"):
        raise _Unsupported(ref)
    node = root
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            raise _Unsupported(ref)
        node = node[part]
    return node


def inline_refs(schema: dict) -> dict:
    """A copy of `schema` with every local `$ref` replaced by its target (siblings kept via allOf) and
    the annotations (description, title …) left out: what the compiled check needs, nothing more."""
    root = copy.deepcopy(schema)

    def walk(node, active: tuple):
        if isinstance(node, list):
            return [walk(v, active) for v in node]
        if not isinstance(node, dict):
            return node
        out = {}
        for key, value in node.items():
            if key in _DROPPED or key == "$ref" or key in _ANNOTATIONS:
                continue
            if key in _LITERALS:
                out[key] = copy.deepcopy(value)
            elif key in _SCHEMA_MAPS and isinstance(value, dict):
                out[key] = {name: walk(sub, active) for name, sub in value.items()}
            else:
                out[key] = walk(value, active)
        ref = node.get("$ref")
        if ref is None:
            return out
        if ref in active:
            raise _Unsupported(f"cyclic {ref}")
        target = walk(_pointer(root, ref), (*active, ref))
        if not out:
            return target
        return {"allOf": [target, out]}

    return walk(root, ())


COMPILED = ("project", "ruleset")      # shipped as scorer/schemas/check_<name>.py (tools/compile_schemas.py)


def compiled_source(name: str) -> str:
    """The Python source fastjsonschema generates for schema `name` (what check_<name>.py holds)."""
    import fastjsonschema
    code = fastjsonschema.compile_to_code(copy.deepcopy(inline_refs(load_schema(name))),
                                          use_default=False, use_formats=False)
    return (f"# ruff: noqa\n# Generated from {name}.schema.json by tools/compile_schemas.py — do not edit.\n"
            f"# The fast check of scorer/forms/schema.py; a test fails when it is out of date.\n{code}")


@cache
def _fast_validator(name: str):
    """The compiled check for schema `name`: the shipped module (no compile at start-up) when it
    matches the installed fastjsonschema, else compiled now; None when the schema cannot be inlined."""
    import fastjsonschema
    if name in COMPILED:
        from importlib import import_module
        module = import_module(f"scorer.schemas.check_{name}")
        if getattr(module, "VERSION", None) == fastjsonschema.VERSION:
            return module.validate
    try:
        inlined = inline_refs(load_schema(name))
    except _Unsupported:
        return None
    return fastjsonschema.compile(copy.deepcopy(inlined), use_default=False, use_formats=False)


def fast_valid(data, schema_name: str) -> bool:
    """True when the compiled validator accepts `data` (never where jsonschema would not)."""
    check = _fast_validator(schema_name)
    if check is None:
        return False
    try:
        check(data)
    except Exception:       # JsonSchemaException, or anything unexpected: let jsonschema decide
        return False
    return True


def _type_of(value) -> str:
    if value is None:
        return "空（null）"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)) or type(value).__name__ == "Decimal":
        return "数字"
    if isinstance(value, str):
        return "文本"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值表"
    return type(value).__name__


def _expected_types(types) -> str:
    if isinstance(types, str):
        types = [types]
    return " 或 ".join(_TYPE_NAMES.get(t, t) for t in types)


def _subschema_keys(error) -> list[str]:
    props = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return sorted(props)


def _explain(error) -> tuple[str, tuple]:
    """(Chinese message, path to point at) for one jsonschema error."""
    path = tuple(error.absolute_path)
    v = error.validator
    if v == "additionalProperties" and isinstance(error.instance, dict):
        known = _subschema_keys(error)
        extra = [k for k in error.instance if k not in known]
        key = extra[0] if extra else "?"
        hint = difflib.get_close_matches(str(key), known, n=1)
        msg = f"未知的键 “{key}”"
        msg += f"，是否想写 “{hint[0]}”？" if hint else f"；此处可用的键：{'、'.join(known)}"
        return msg, path + (key,)
    if v == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return f"缺少必填的键 “{missing}”", path
    if v == "type":
        return (f"类型错误：应为{_expected_types(error.validator_value)}，"
                f"实际为{_type_of(error.instance)} {value_text(error.instance)}"), path
    if v == "enum":
        allowed = "、".join(json.dumps(x) if x is None or isinstance(x, bool) else str(x)
                           for x in error.validator_value)
        return f"取值 {value_text(error.instance)} 无效，应为以下之一：{allowed}", path
    if v == "pattern":
        hint = error.schema.get("description") if isinstance(error.schema, dict) else None
        return f"格式不对：{value_text(error.instance)}" + (f"；应为{hint}" if hint else ""), path
    if v in ("minimum", "exclusiveMinimum"):
        return f"数值 {error.instance} 过小：应不小于 {error.validator_value}", path
    if v in ("maximum", "exclusiveMaximum"):
        return f"数值 {error.instance} 过大：应不大于 {error.validator_value}", path
    if v in ("minLength",):
        return "不能为空", path
    if v == "maxLength":
        return f"过长：最多 {error.validator_value} 个字符", path
    if v in ("minItems", "maxItems"):
        return f"列表项数不对（{error.validator} {error.validator_value}）", path
    if v == "uniqueItems":
        return "列表中有重复项", path
    if v == "propertyNames":
        return f"键名格式不对：{value_text(error.instance)}", path
    return f"不符合格式要求（{error.message}）", path


def _depth_key(error):
    return (len(error.absolute_path), str(list(error.absolute_path)))


def validate(document, schema_name: str) -> None:
    """Raise InputError for the first (deepest, then earliest) schema violation."""
    if fast_paths_enabled() and fast_valid(document.data, schema_name):
        return
    errors = list(_validator(schema_name).iter_errors(document.data))
    if not errors:
        return
    # Prefer the most specific error; ties broken by position in the file.
    def order(err):
        pos = document.position(tuple(err.absolute_path)) or (10**9, 0)
        return (-len(err.absolute_path), pos)
    error = sorted(errors, key=order)[0]
    if error.validator in ("anyOf", "oneOf") and error.context:
        error = sorted(error.context, key=_depth_key)[-1]
    message, path = _explain(error)
    raise document.error(message, path)


def schema_problems(document, schema_name: str) -> list:
    """Every schema violation as an InputError, in file order — `rules check` reports them all."""
    problems = {}
    for error in _validator(schema_name).iter_errors(document.data):
        if error.validator in ("anyOf", "oneOf") and error.context:
            error = sorted(error.context, key=_depth_key)[-1]
        message, path = _explain(error)
        problems.setdefault((tuple(map(str, path)), message), document.error(message, path))
    return sorted(problems.values(), key=lambda e: (e.line or 0, e.column or 0))
