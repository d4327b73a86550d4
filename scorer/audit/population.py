"""Audit populations: the project's form generator (scorer.generate) plus what only a population has —
duplicates, conflicting copies and broken files — reproducible from a seed.

Forms come from `scorer.generate.build_form` in the project-form layouts (武汉 2023 项目表, 中央 2020,
武汉 2019) with errors injected by `inject_error`; each file goes into a folder named after its
department.  Department-wide forms are left out: their project name is the department, so two of
them in one year would be (rightly) reported as conflicting copies.  The manifest returned says what
each file is, so tests can check that every injected error is found and nothing is flagged on clean
forms.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from pathlib import Path

from scorer import generate

LAYOUTS = ("wuhan-2023-project", "central-2020", "wuhan-2019")
INFLATING = {"I01", "I04"}          # injections that print a score above what the rules give

BROKEN = [
    ("syntax", "ruleset: central-2020\nform: project\nproject: {name: 未闭合的括号, year: 2023\n"),
    ("schema", "ruleset: central-2020\nform: 项目支出\nproject:\n  name: 表类型写错\n  year: 2023\n"
               "budget: {planned: 10, executed: 9}\nindicators: []\n"),
    ("binary", None),
]


@dataclass
class GeneratedForm:
    file: str                                  # relative to out_dir
    kind: str                                  # clean | error | duplicate | conflict | broken
    injected: tuple[str, ...] = ()             # finding codes injected (errors) or the kind of breakage
    copy_of: str | None = None                 # duplicate / conflicting copy: the earlier file
    expected_codes: tuple[str, ...] = ()       # codes that must be reported on this file


def _conflicting(rng: random.Random, form: dict) -> dict:
    """The same project (name, department, year) with other money: a new consistent budget block."""
    other = copy.deepcopy(form)
    budget = generate._budget(rng, int(other["budget"]["weight"]))
    while budget["planned"] == form["budget"]["planned"]:
        budget = generate._budget(rng, int(other["budget"]["weight"]))
    other["budget"] = budget
    generate._set_totals(other)
    return other


def generate_population(n: int, seed: int, out_dir, *, error_rate: float = 0.3, duplicate_share: float = 0.02,
                        conflict_share: float = 0.02, broken_share: float = 0.01) -> list[GeneratedForm]:
    """Write `n` files under out_dir/<部门>/ and return what each one is.

    About error_rate of the originals carry one injected error (codes cycled through every family
    the generator knows), duplicate_share are re-typed copies of an earlier form (same content, other
    bytes and name), conflict_share are the same project with other numbers, broken_share cannot be
    read at all.  Same arguments → same files.
    """
    out = Path(out_dir)
    made: list[GeneratedForm] = []
    originals: list[tuple[GeneratedForm, dict, str]] = []
    codes = generate.ERROR_CODES
    for index in range(n):
        rng = random.Random(f"{seed}:{index}")
        roll = rng.random()
        name = f"form-{index:05d}.yaml"
        if originals and roll < duplicate_share:
            source, form, folder = originals[rng.randrange(len(originals))]
            text = generate.render_yaml(form, f"重新录入的副本（第 {index} 张）")
            record = GeneratedForm(f"{folder}/{name}", "duplicate", source.injected, source.file,
                                   ("D01", *source.expected_codes))
        elif originals and roll < duplicate_share + conflict_share:
            clean = [o for o in originals if not o[0].injected] or originals
            source, form, folder = clean[rng.randrange(len(clean))]
            text = generate.render_yaml(_conflicting(rng, form))
            record = GeneratedForm(f"{folder}/{name}", "conflict", (), source.file,
                                   ("D02", *source.expected_codes))
        elif roll < duplicate_share + conflict_share + broken_share:
            folder = rng.choice(generate._DEPARTMENTS)
            kind, text = BROKEN[rng.randrange(len(BROKEN))]
            record = GeneratedForm(f"{folder}/{name}", "broken", (kind,))
            if text is None:
                (out / folder).mkdir(parents=True, exist_ok=True)
                (out / folder / name).write_bytes(bytes(rng.randrange(256) for _ in range(64)) + b"\x00")
                made.append(record)
                continue
        else:
            layout = LAYOUTS[index % len(LAYOUTS)]
            form = generate.build_form(rng, layout, index)
            injected: tuple[str, ...] = ()
            if rng.random() < error_rate:
                for attempt in range(len(codes)):
                    hit = generate.inject_error(rng, form, codes[(index + attempt) % len(codes)])
                    if hit is not None:
                        injected = (hit["code"],)
                        break
            folder = form["project"]["department"]
            text = generate.render_yaml(form, f"生成的审核测试表：seed {seed}，第 {index} 张（{layout}）")
            record = GeneratedForm(f"{folder}/{name}", "error" if injected else "clean", injected, None, injected)
            originals.append((record, form, folder))
        (out / record.file).parent.mkdir(parents=True, exist_ok=True)
        (out / record.file).write_text(text, encoding="utf-8")
        made.append(record)
    return made

