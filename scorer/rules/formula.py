"""Ruleset formulas: parsed and vetted once at load, evaluated many times with Decimals.

Rulesets come from many bureaus, so a formula is untrusted text.  Before simpleeval ever sees
it, the parsed tree is checked against an allowlist: arithmetic, comparisons, conditionals,
calls of a few numeric functions, the documented names and numeric literals — no attributes,
subscripts, comprehensions, strings or lambdas.  Exponents and magnitudes are bounded.
"""

from __future__ import annotations

import ast
import copy
import operator
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from simpleeval import SimpleEval

from scorer.fastpath import fast_paths_enabled
from scorer.numbers import fmt_number, round_half_up

MAX_FORMULA_LENGTH = 500
MAX_EXPONENT = 100
MAX_MAGNITUDE = Decimal("1e15")

NAMES_BY_KIND = {
    "budget": ("weight", "planned", "executed", "rate"),
    "indicator": ("weight", "target", "actual"),
    "deadline": ("weight", "met"),
}
NAME_DOCS = {
    "weight": "分值",
    "planned": "全年预算数 A",
    "executed": "全年执行数 B",
    "rate": "执行率 B/A（小数）",
    "target": "目标值（基本单位）",
    "actual": "实际完成值（基本单位）",
    "met": "是否按期完成（1 或 0）",
}


def _min(*args):
    return min(args)


def _max(*args):
    return max(args)


def _clamp(value, low, high):
    return max(low, min(value, high))


FUNCTIONS = {"min": _min, "max": _max, "abs": abs, "clamp": _clamp}
# (fewest, most) arguments of each function: a wrong count is refused when the ruleset loads,
# not discovered as an R01 finding on every form.
ARITY = {"min": (1, None), "max": (1, None), "abs": (1, 1), "clamp": (3, 3)}

_ALLOWED_NODES = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
    ast.Name, ast.Load, ast.Constant,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Mod, ast.Pow, ast.FloorDiv,
    ast.USub, ast.UAdd, ast.Not, ast.And, ast.Or,
    ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
)


class FormulaError(ValueError):
    """A formula that cannot be accepted (at load) or evaluated (at scoring)."""


def _power(base, exponent):
    if abs(exponent) > MAX_EXPONENT or abs(base) > MAX_MAGNITUDE:
        raise FormulaError(f"乘方过大：{base} ** {exponent}")
    if base == 0 and exponent < 0:
        raise FormulaError("除数为 0（0 的负数次方）")
    return base ** exponent


def _divide(a, b):
    if b == 0:
        raise FormulaError("除数为 0")
    return a / b


def _floordiv(a, b):
    if b == 0:
        raise FormulaError("除数为 0")
    return a // b


def _mod(a, b):
    if b == 0:
        raise FormulaError("除数为 0")
    return a % b


class _DecimalEval(SimpleEval):
    """simpleeval with Decimal literals, guarded division and bounded powers.

    One evaluator per evaluation, holding that evaluation's names: nothing is shared between
    calls, so threads, workers and nested renders cannot see each other's numbers."""

    def __init__(self, names: dict):
        super().__init__(functions=dict(FUNCTIONS),
                         names={k: (Decimal(int(v)) if isinstance(v, bool) else v) for k, v in names.items()})
        self.operators = dict(self.operators)
        self.operators.update({
            ast.Div: _divide, ast.FloorDiv: _floordiv, ast.Mod: _mod, ast.Pow: _power,
            ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        })

    def _eval_constant(self, node):
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise FormulaError("公式中只能出现数字常量")
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _evaluate(text: str, node: ast.AST, names: dict):
    """The value of `node` (the whole formula or one of its parts) through simpleeval's public API."""
    return _DecimalEval(names).eval(text, previously_parsed=node)


_LOWEST, _HIGHEST = -MAX_MAGNITUDE, MAX_MAGNITUDE


def _checked(result) -> Decimal:
    """A formula's value as a number in range; FormulaError otherwise (the same on every path)."""
    if type(result) is Decimal and result.is_finite() and _LOWEST <= result <= _HIGHEST:   # the usual answer
        return result
    if isinstance(result, bool):
        return Decimal(int(result))
    if not isinstance(result, Decimal):
        raise FormulaError("结果不是数字")
    if not result.is_finite() or abs(result) > MAX_MAGNITUDE:
        raise FormulaError(f"结果超出范围：{result}")
    return result


@dataclass(frozen=True)
class Formula:
    text: str
    kind: str
    tree: ast.Expression

    def evaluate(self, **names) -> Decimal:
        """Evaluate with Decimal names; any arithmetic failure becomes FormulaError."""
        return value_of(self, names)


def value_of(formula: Formula, names: dict) -> Decimal:
    """`formula.evaluate(**names)` for a names dict already built (scoring's): the value alone, from the
    generated value-only function when fast paths are on.  Raises FormulaError as `evaluate` does."""
    value = _generated(formula, names, with_text=False) if fast_paths_enabled() else _FAILED
    return _checked(_reference_value(formula, names) if value is _FAILED else value)


def _reference_value(formula: Formula, names: dict):
    """The value through simpleeval: the reference every fast path must agree with, and the one that
    words every failure."""
    try:
        return _evaluate(formula.text, formula.tree.body, names)
    except FormulaError:
        raise
    except (ZeroDivisionError, DivisionByZero):
        raise FormulaError("除数为 0") from None
    except (InvalidOperation, OverflowError, ArithmeticError, TypeError, ValueError) as exc:
        raise FormulaError(f"无法计算（{type(exc).__name__}）") from None
    except Exception as exc:  # simpleeval's own errors (e.g. NameNotDefined)
        raise FormulaError(f"无法计算：{exc}") from None


_TIMES_DIVIDE = "请用 * 和 /（乘号、除号），如 weight * actual / target"
_FULL_WIDTH = {
    "×": _TIMES_DIVIDE, "÷": _TIMES_DIVIDE, "＊": _TIMES_DIVIDE, "／": _TIMES_DIVIDE, "·": _TIMES_DIVIDE,
    "（": "括号请用半角 ( )", "）": "括号请用半角 ( )", "，": "逗号请用半角 ,",
    "＋": "加减号请用半角 + -", "－": "加减号请用半角 + -", "＝": "比较请用 == 、>= 、<=",
    "≥": "比较请用 >=", "≤": "比较请用 <=", "≠": "比较请用 !=",
}


def compile_formula(text: str, kind: str) -> Formula:
    """Parse and vet once. Raises FormulaError with a Chinese reason (the caller adds key and line)."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("公式为空")
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaError(f"公式过长（{len(text)} 字符，上限 {MAX_FORMULA_LENGTH}）")
    slip = next((ch for ch in text if ch in _FULL_WIDTH), None)
    if slip is not None:
        raise FormulaError(f"公式中有 “{slip}”：{_FULL_WIDTH[slip]}")
    allowed_names = NAMES_BY_KIND[kind]
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise FormulaError(f"公式语法错误（第 {exc.offset or '?'} 个字符附近）") from None
    except (ValueError, RecursionError, MemoryError):
        raise FormulaError("公式无法解析") from None
    for node in ast.walk(tree):
        if not isinstance(node, _ALLOWED_NODES):
            raise FormulaError(f"公式中不允许使用 {_describe(node)}；只能用四则运算、比较、"
                               f"“x if 条件 else y”和函数 {', '.join(FUNCTIONS)}")
        if isinstance(node, ast.Name) and node.id not in allowed_names and node.id not in FUNCTIONS:
            raise FormulaError(f"未知名称 “{node.id}”；可用名称：{', '.join(allowed_names)}")
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
                raise FormulaError(f"只能调用函数 {', '.join(FUNCTIONS)}")
            if node.keywords:
                raise FormulaError("函数调用不能带关键字参数")
            low, high = ARITY[node.func.id]
            count = len(node.args)
            if count < low or (high is not None and count > high):
                need = f"{low} 个" if low == high else f"至少 {low} 个"
                raise FormulaError(f"函数 {node.func.id} 需要 {need}参数，这里给了 {count} 个")
        if isinstance(node, ast.Name) and node.id in FUNCTIONS:
            continue
        if isinstance(node, ast.Constant) and (isinstance(node.value, bool)
                                               or not isinstance(node.value, (int, float))):
            raise FormulaError("公式中只能出现数字常量")
        if isinstance(node, ast.Constant) and not abs(node.value) <= MAX_MAGNITUDE:
            # 1e999 parses as float('inf'); a 300-digit literal is no real rule either
            raise FormulaError(f"数字常量过大（绝对值不能超过 {MAX_MAGNITUDE:,.0f}）")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
            exponent = node.right
            if isinstance(exponent, ast.UnaryOp) and isinstance(exponent.op, (ast.USub, ast.UAdd)):
                exponent = exponent.operand        # x ** -1 is a constant exponent too
            if not (isinstance(exponent, ast.Constant) and isinstance(exponent.value, (int, float))
                    and abs(exponent.value) <= MAX_EXPONENT):
                raise FormulaError(f"乘方的指数必须是不超过 {MAX_EXPONENT} 的数字常量")
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in FUNCTIONS and id(node) not in called:
            raise FormulaError(f"函数 “{node.id}” 只能被调用，如 {node.id}(a, b)")
    return Formula(text=text.strip(), kind=kind, tree=tree)


def _describe(node) -> str:
    names = {
        ast.Attribute: "属性访问（.）", ast.Subscript: "下标（[]）", ast.Lambda: "lambda",
        ast.ListComp: "推导式", ast.GeneratorExp: "生成器表达式", ast.SetComp: "推导式",
        ast.DictComp: "推导式", ast.List: "列表", ast.Tuple: "元组", ast.Dict: "字典",
        ast.Set: "集合", ast.JoinedStr: "字符串", ast.NamedExpr: "赋值表达式（:=）",
        ast.Starred: "星号展开", ast.Await: "await", ast.Yield: "yield",
    }
    return names.get(type(node), type(node).__name__)


_OP_TEXT = {
    ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: "÷", ast.Mod: "%", ast.Pow: "^",
    ast.FloorDiv: "//", ast.Eq: "=", ast.NotEq: "≠", ast.Lt: "<", ast.LtE: "≤", ast.Gt: ">",
    ast.GtE: "≥", ast.And: "且", ast.Or: "或",
}
_PRECEDENCE = {ast.Add: 1, ast.Sub: 1, ast.Mult: 2, ast.Div: 2, ast.Mod: 2, ast.FloorDiv: 2, ast.Pow: 3}


def _num(value) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Decimal):
        if value.is_finite() and value.as_tuple().exponent < -_LONG_PLACES:
            # 80 ÷ 6 = 13.333…: a value no form prints, shown to 4 decimals so the line stays readable
            return f"{round_half_up(value, 4):f}…"
        return fmt_number(value)
    return str(value)


_LONG_PLACES = 6
_NUM_TEXT: dict = {}        # str(Decimal) -> its display: equal strings are equal in every digit


def _num_known(value) -> str:
    """`_num`, remembered for Decimals (the compiled renderer's; a batch shows the same few numbers)."""
    if type(value) is Decimal:
        key = str(value)
        text = _NUM_TEXT.get(key)
        return text if text is not None else _remember(_NUM_TEXT, key, _num(value))
    return _num(value)


_FLAG_TEXT = {"met": {True: "按期完成", False: "未按期完成"}}


def _reference_render(formula: Formula, names: dict) -> str:
    """The formula with the numbers plugged in, showing only the branch that was taken.

    'weight if actual >= target else weight * actual / target' with 8, 5, 2 renders as
    '2 ≥ 5 不成立 → 8 × 2 ÷ 5' — what a reviewer needs to redo the sum by hand.
    """
    def show(node, parent_prec=0) -> str:
        if isinstance(node, ast.Name):
            return _num(names.get(node.id, node.id))
        if isinstance(node, ast.Constant):
            return _num(node.value)
        if isinstance(node, ast.UnaryOp):
            inner = show(node.operand, 4)
            if isinstance(node.op, ast.USub):
                return f"−{inner}"
            return f"非 {inner}" if isinstance(node.op, ast.Not) else inner
        if isinstance(node, ast.BinOp):
            prec = _PRECEDENCE.get(type(node.op), 1)
            right_prec = prec + 1 if isinstance(node.op, (ast.Sub, ast.Div, ast.Mod, ast.FloorDiv)) else prec
            text = f"{show(node.left, prec)} {_OP_TEXT[type(node.op)]} {show(node.right, right_prec)}"
            return f"({text})" if prec < parent_prec else text
        if isinstance(node, ast.BoolOp):
            return f" {_OP_TEXT[type(node.op)]} ".join(show(v, 1) for v in node.values)
        if isinstance(node, ast.Compare):
            parts = [show(node.left, 1)]
            for op, comp in zip(node.ops, node.comparators, strict=True):
                parts += [_OP_TEXT[type(op)], show(comp, 1)]
            return " ".join(parts)
        if isinstance(node, ast.Call):
            return f"{node.func.id}({', '.join(show(a) for a in node.args)})"
        if isinstance(node, ast.IfExp):
            try:
                taken = bool(_evaluate(formula.text, node.test, names))
            except Exception:
                return f"{show(node.body)} 或 {show(node.orelse)}"
            branch = node.body if taken else node.orelse
            inner = show(branch)
            flag = node.test.id if isinstance(node.test, ast.Name) else None
            if flag in _FLAG_TEXT:
                return f"{_FLAG_TEXT[flag][taken]} → {inner}"
            condition = show(node.test, 1)
            return f"{condition} → {inner}" if taken else f"{condition} 不成立 → {inner}"
        return "?"

    return show(formula.tree.body)


# ---------------------------------------------------------------------------------------------
# compiled: a vetted formula turned into Python bytecode once, for batches of thousands of forms.
#
# simpleeval walks the tree node by node on every call; a batch calls the same few formulas tens of
# thousands of times.  The tree `compile_formula` vetted (only arithmetic, comparisons, conditionals,
# the four functions, the documented names and numeric literals) is rewritten so that every literal is
# a Decimal bound by name and every guarded operation (/, //, %, **) calls the same guard as the
# reference path, then generated once per use: a function giving the value alone (`evaluate`,
# `value_of`: scoring) and one giving both the value and the rendered text (`render`, `evaluate_shown`);
# both run with no builtins.  The reference paths
# (simpleeval, `_reference_render`) stay the ones that word every failure: whenever the generated
# function raises anything, the caller computes the outcome again through them.
# PERFSCORE_NO_FASTPATH=1 uses the reference path only.  Kept in a module dict keyed by the formula's
# kind and text, never in the (pickled) Formula.

_FAILED = object()
_GUARDED = {ast.Div: "_divide", ast.FloorDiv: "_floordiv", ast.Mod: "_mod", ast.Pow: "_power"}
_HELPERS = {"_divide": _divide, "_floordiv": _floordiv, "_mod": _mod, "_power": _power,
            **{f"_fn_{name}": fn for name, fn in FUNCTIONS.items()}}


class _ToPython(ast.NodeTransformer):
    """The vetted tree as plain Python with the reference path's semantics (see above)."""

    def __init__(self, namespace: dict):
        self.namespace = namespace

    def visit_Constant(self, node):
        value = node.value
        name = f"_c{len(self.namespace)}"
        self.namespace[name] = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        return ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node)

    def visit_BinOp(self, node):
        self.generic_visit(node)
        helper = _GUARDED.get(type(node.op))
        if helper is None:
            return node
        return ast.copy_location(ast.Call(func=ast.Name(id=helper, ctx=ast.Load()),
                                          args=[node.left, node.right], keywords=[]), node)

    def visit_Call(self, node):
        self.generic_visit(node)
        node.func = ast.copy_location(ast.Name(id=f"_fn_{node.func.id}", ctx=ast.Load()), node.func)
        return node


class _Temps(ast.NodeTransformer):
    """Each conditional's test lifted into a temporary `_tK = bool(test)` (innermost first), so the
    value and the rendered text share one decision; names read as `_v_name` (flags as 1 or 0)."""

    def __init__(self):
        self.tests: list[str] = []

    def visit_Name(self, node):
        if node.id.startswith(("_fn_", "_c")) or node.id in _HELPERS:
            return node
        return ast.copy_location(ast.Name(id=f"_v_{node.id}", ctx=ast.Load()), node)

    def visit_IfExp(self, node):
        self.generic_visit(node)
        name = f"_t{len(self.tests)}"
        self.tests.append(f"{name} = _bool({ast.unparse(node.test)})")
        node.test = ast.copy_location(ast.Name(id=name, ctx=ast.Load()), node.test)
        return node


def _text_source(node, tests: dict, parent_prec=0) -> str:
    """Python source building `_reference_render`'s text for `node`, node type by node type."""
    def lit(text: str) -> str:
        return repr(text)

    if isinstance(node, ast.Name):
        return f"_n({node.id})"
    if isinstance(node, ast.Constant):
        return lit(_num(node.value))
    if isinstance(node, ast.UnaryOp):
        inner = _text_source(node.operand, tests, 4)
        if isinstance(node.op, ast.USub):
            return f"{lit('−')} + {inner}"
        return f"{lit('非 ')} + {inner}" if isinstance(node.op, ast.Not) else inner
    if isinstance(node, ast.BinOp):
        prec = _PRECEDENCE.get(type(node.op), 1)
        right_prec = prec + 1 if isinstance(node.op, (ast.Sub, ast.Div, ast.Mod, ast.FloorDiv)) else prec
        text = (f"{_text_source(node.left, tests, prec)} + {lit(f' {_OP_TEXT[type(node.op)]} ')} + "
                f"{_text_source(node.right, tests, right_prec)}")
        return f"{lit('(')} + {text} + {lit(')')}" if prec < parent_prec else text
    if isinstance(node, ast.BoolOp):
        joiner = f" + {lit(f' {_OP_TEXT[type(node.op)]} ')} + "
        return joiner.join(_text_source(v, tests, 1) for v in node.values)
    if isinstance(node, ast.Compare):
        parts = [_text_source(node.left, tests, 1)]
        for op, comp in zip(node.ops, node.comparators, strict=True):
            parts += [lit(_OP_TEXT[type(op)]), _text_source(comp, tests, 1)]
        return f" + {lit(' ')} + ".join(parts)
    if isinstance(node, ast.Call):
        args = f" + {lit(', ')} + ".join(_text_source(a, tests, 0) for a in node.args) or lit("")
        return f"{lit(node.func.id + '(')} + {args} + {lit(')')}"
    if isinstance(node, ast.IfExp):
        taken = tests[id(node)]
        body, orelse = _text_source(node.body, tests), _text_source(node.orelse, tests)
        flag = _FLAG_TEXT.get(node.test.id if isinstance(node.test, ast.Name) else None)
        if flag is not None:
            return f"(({lit(flag[True] + ' → ')} + {body}) if {taken} else ({lit(flag[False] + ' → ')} + {orelse}))"
        condition = _text_source(node.test, tests, 1)
        return (f"(({condition} + {lit(' → ')} + {body}) if {taken} else "
                f"({condition} + {lit(' 不成立 → ')} + {orelse}))")
    return lit("?")


def _compile_fused(formula: Formula, with_text: bool):
    """One function giving both the value and the rendered text (for `render` and `evaluate_shown`),
    generated once from the vetted tree: each conditional decided once for both — or, without the
    text, the value alone (for `evaluate`: scoring keeps the numbers and renders the text only when a
    report asks for it).  Any exception it raises sends the caller to the reference paths, which
    compute and word the outcome."""
    vetted = compile_formula(formula.text, formula.kind)
    namespace: dict = {"__builtins__": {}, **_HELPERS, "_n": _num_known, "_D": Decimal, "_bool": bool, "_int": int}
    value_tree = _ToPython(namespace).visit(copy.deepcopy(vetted.tree.body))
    # the text walks the original tree; its conditionals are matched to the value tree's temporaries
    # by their order in a post-order walk, which both trees share
    originals = [n for n in _post_order(vetted.tree.body) if isinstance(n, ast.IfExp)]
    temps = _Temps()
    value_tree = temps.visit(value_tree)
    tests = {id(node): f"_t{k}" for k, node in enumerate(originals)}
    params = NAMES_BY_KIND[formula.kind]
    lines = [f"def _fused({', '.join(f'{n}=None' for n in params)}):"]
    lines += [f"    _v_{n} = _D(_int({n})) if {n}.__class__ is _bool else {n}" for n in params]
    lines += [f"    {test}" for test in temps.tests]
    if with_text:
        lines.append(f"    return ({ast.unparse(value_tree)}), ({_text_source(vetted.tree.body, tests)})")
    else:
        lines.append(f"    return {ast.unparse(value_tree)}")
    exec(compile("\n".join(lines), "<formula>", "exec"), namespace)     # generated from the vetted tree
    return namespace["_fused"]


def _post_order(node):
    for child in ast.iter_child_nodes(node):
        yield from _post_order(child)
    yield node


_GENERATED: dict = {}       # (kind, formula text, with_text) -> generated function


def _generated(formula: Formula, names: dict, with_text: bool):
    """(value, text) — or the value alone without `with_text` — from the generated function, or
    _FAILED (the caller then asks the reference paths)."""
    key = (formula.kind, formula.text, with_text)
    function = _GENERATED.get(key)
    try:
        if function is None:
            function = _remember(_GENERATED, key, _compile_fused(formula, with_text))
        return function(**names)
    except Exception:
        return _FAILED


# ---------------------------------------------------------------------------------------------
# the public entry points: compiled when fast paths are on, the reference walk otherwise

_MEMO_MAX = 4096


def _remember(memo: dict, key, value):
    if len(memo) >= _MEMO_MAX:
        memo.clear()
    memo[key] = value
    return value


def render(formula: Formula, names: dict) -> str:
    """The formula with the numbers plugged in (see `_reference_render`, which words it)."""
    if fast_paths_enabled():
        both = _generated(formula, names, with_text=True)
        if both is not _FAILED:
            return both[1]
    return _reference_render(formula, names)


def evaluate_shown(formula: Formula, names: dict) -> tuple[Decimal, str]:
    """`formula.evaluate(**names)` and `render(formula, names)` together (one generated function when
    fast paths are on).  Raises FormulaError as `evaluate` does."""
    both = _generated(formula, names, with_text=True) if fast_paths_enabled() else _FAILED
    if both is _FAILED:
        return _checked(_reference_value(formula, names)), _reference_render(formula, names)
    return _checked(both[0]), both[1]
