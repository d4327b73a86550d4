"""Benchmark: reading forms from workbooks (python-calamine + label recognition + schema + loader).
Prints figures; asserts nothing.

    python bench/bench_excel.py [--rounds 20]

The workbooks are the real samples written out in their printed layouts (the test suite's builder):
one workbook per sample, and one workbook holding all of them stacked on one sheet.  Also timed: the
refusal of a workbook declaring 10^6 rows (bounded time and memory, nothing loaded).
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from excel_layouts import workbook_for  # noqa: E402  (the tests' layout writer)

from scorer.errors import InputError  # noqa: E402
from scorer.excel.load import load_workbook_forms  # noqa: E402
from scorer.forms.yamlsafe import load_yaml_file  # noqa: E402

SAMPLES = ROOT / "samples"


def _layout(name: str) -> str:
    return "hubei2019" if name.startswith("003") else "wuhan"


def _time(paths, rounds: int) -> tuple[float, int, int]:
    forms = indicators = 0
    started = time.perf_counter()
    for _ in range(rounds):
        for path in paths:
            for item in load_workbook_forms(str(path)):
                forms += 1
                indicators += len(item.form.indicators)
    return time.perf_counter() - started, forms, indicators


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        samples = sorted(SAMPLES.glob("*.yaml"))
        data = [(_layout(p.name), load_yaml_file(p).data) for p in samples]
        singles = [workbook_for([d], tmp / f"{p.stem}.xlsx") for p, d in zip(samples, data, strict=True)]
        stacked = workbook_for(data, tmp / "all.xlsx")
        size = sum(p.stat().st_size for p in singles)

        seconds, forms, indicators = _time(singles, args.rounds)
        print(f"每个样本一个工作簿（{len(singles)} 个，共 {size / 1024:.0f} KiB），读 {args.rounds} 轮："
              f"{forms} 张表、{indicators} 个指标，{seconds:.2f} s")
        print(f"  每秒 {forms / seconds:.0f} 张表，{indicators / seconds:.0f} 个指标；每个工作簿平均 "
              f"{seconds / (len(singles) * args.rounds) * 1000:.1f} ms")
        seconds, forms, indicators = _time([stacked], args.rounds)
        print(f"{len(samples)} 张表叠在一张工作表上（{stacked.stat().st_size / 1024:.0f} KiB），读 {args.rounds} 轮："
              f"每秒 {forms / seconds:.0f} 张表，{indicators / seconds:.0f} 个指标")

        ns = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 1_000_001))
        long = tmp / "long.xlsx"
        with zipfile.ZipFile(singles[0]) as zin, zipfile.ZipFile(long, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                body = (ns + b'<dimension ref="A1:A1000000"/><sheetData>' + rows + b"</sheetData></worksheet>"
                        if item.filename == "xl/worksheets/sheet1.xml" else zin.read(item.filename))
                zout.writestr(item.filename, body)
        started = time.perf_counter()
        try:
            load_workbook_forms(str(long))
            verdict = "未拒绝（!）"
        except InputError as exc:
            verdict = f"已拒绝：{exc.message}"
        print(f"10^6 行的工作簿（{long.stat().st_size / 1024 / 1024:.1f} MiB）：{verdict}，"
              f"用时 {(time.perf_counter() - started) * 1000:.1f} ms")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"进程内存峰值 {peak_mb:.0f} MiB（含构造 10^6 行测试文件）")


if __name__ == "__main__":
    main()
