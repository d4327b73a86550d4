"""Broken and hostile workbooks: each refused with one Chinese line naming the workbook, sheet and cell
and what was expected there, in bounded time and memory; the other forms of a batch still run."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from clirun import run
from excel_layouts import workbook_for
from scorer.engine import BrokenFile, evaluate_files
from scorer.errors import InputError
from scorer.excel.load import load_workbook_forms
from scorer.excel.printed import printed
from scorer.excel.workbook import read_workbook
from scorer.forms.yamlsafe import load_yaml_file
from scorer.rules.ruleset import RulesetLoader

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
HONGSE = "002-proj-hongse-yinqing.yaml"


def hongse(tmp_path, name="form.xlsx") -> Path:
    return workbook_for([("wuhan", load_yaml_file(SAMPLES / HONGSE).data)], tmp_path / name)


def only_error(path) -> str:
    [item] = load_workbook_forms(str(path))
    assert isinstance(item, InputError), item
    return str(item)


def refused(path) -> str:
    with pytest.raises(InputError) as info:
        load_workbook_forms(str(path))
    return str(info.value)


def edit(path, change):
    wb = load_workbook(path)
    change(wb["表1"])
    wb.save(path)
    return path


def find(ws, text):
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(text)


def test_printed_values_follow_the_number_format():
    assert printed(0.936, "0.0%") == "93.6%"
    assert printed(1.0, "0.0%") == "100.0%"
    assert printed(0.99349, "0.0%") == "99.3%"
    assert printed(19.2, "0.00") == "19.20"
    assert printed(1953.5, "#,##0.00") == "1953.50"
    assert printed(391.31000000000006, None) == "391.31"
    assert printed(3.0, None) == "3"
    assert printed("19.20", None) == "19.20"      # a number stored as text stays as printed


def test_printed_formats_with_literals_and_padding():
    assert printed(0.936, '0.0%;[Red]-0.0%') == "93.6%"
    assert printed(15.5, '0.00_ ') == "15.50"
    assert printed(418.0, '#,##0.00"万元"') == "418.00"
    assert printed(0.5, "General") == "0.5"


def test_dash_in_a_number_cell_reads_as_blank(tmp_path):
    """“—” or “/” printed in a money, rate or score cell means not applicable: null, as a transcriber writes."""
    def dashes(ws):
        cell = find(ws, "预算数（A）")
        ws.cell(row=cell.row + 1, column=cell.column + 2).value = "—"     # 执行率
        ws.cell(row=cell.row + 1, column=cell.column + 3).value = "/"     # 得分
    [item] = load_workbook_forms(str(edit(hongse(tmp_path), dashes)))
    assert item.form.budget.reported_rate is None and item.form.budget.reported_score is None
    assert item.form.budget.planned == 418


def test_indicator_header_missing(tmp_path):
    def drop_header(ws):
        find(ws, "三级指标").value = None
    message = only_error(edit(hongse(tmp_path), drop_header))
    assert message.startswith(f"{tmp_path / 'form.xlsx'}:表1!A1: ")
    assert "没有找到指标表的表头行" in message and "三级指标" in message


def test_text_in_a_money_cell(tmp_path):
    def money_as_words(ws):
        cell = find(ws, "预算数（A）")
        ws.cell(row=cell.row + 1, column=cell.column).value = "约418"
    message = only_error(edit(hongse(tmp_path), money_as_words))
    assert message == (f"{tmp_path / 'form.xlsx'}:表1!C7: budget.planned: "
                       "类型错误：应为数字 或 空（null），实际为文本 '约418'")


def test_columns_shifted_under_the_header(tmp_path):
    """The data rows moved one column right of their headers: the 得分 column now holds 偏差/目标 text."""
    def shift(ws):
        header = find(ws, "三级指标")
        rows = [r for r in range(header.row + 1, header.row + 5)]
        for merged in list(ws.merged_cells.ranges):
            if merged.min_row > header.row and merged.min_col > 1:
                ws.unmerge_cells(str(merged))
        for r in rows:
            for c in range(8, 2, -1):
                ws.cell(row=r, column=c).value = ws.cell(row=r, column=c - 1).value
            ws.cell(row=r, column=2).value = None
    message = only_error(edit(hongse(tmp_path), shift))
    assert message == (f"{tmp_path / 'form.xlsx'}:表1!D11: 这一行有指标数据，但“三级指标（指标内容）”一栏为空；"
                       "无法确定是哪一项指标")


def test_merged_cells_across_blocks(tmp_path):
    """A value cell merged from the budget block down into the indicator table belongs to neither."""
    def merge_down(ws):
        header = find(ws, "三级指标")
        ws.merge_cells(start_row=header.row - 2, start_column=header.column + 2, end_row=header.row + 2,
                       end_column=header.column + 2)
    message = only_error(edit(hongse(tmp_path), merge_down))
    assert message == (f"{tmp_path / 'form.xlsx'}:表1!F7: 合并单元格 F7:F11 跨过了指标表的表头行（第 9 行），"
                       "把两块的内容并在一起，无法判断它属于哪一块；请取消这一合并")


def test_formula_without_a_cached_value_names_the_cell(tmp_path):
    def formula(ws):
        cell = find(ws, "预算数（A）")
        ws.cell(row=cell.row + 1, column=cell.column + 1).value = "=C7*0.9"
    message = only_error(edit(hongse(tmp_path), formula))
    assert ":表1!D7: " in message and "公式但没有保存计算结果" in message


def test_empty_sheet_is_skipped_and_an_empty_workbook_refused(tmp_path):
    book = hongse(tmp_path)
    wb = load_workbook(book)
    wb.create_sheet("空白页", 0)
    wb.save(book)
    [item] = load_workbook_forms(str(book))
    assert item.name.endswith("#表1!A1")
    empty = tmp_path / "empty.xlsx"
    wb = Workbook()
    wb.active.title = "Sheet1"
    wb.save(empty)
    assert refused(empty) == (f"{empty}: 工作簿中没有找到自评表：应有标题“…自评表”或指标表表头"
                              "（三级指标 / 年度目标值 / 实际完成值 …）（工作表：Sheet1）")


def test_not_a_workbook_broken_zip_and_encrypted(tmp_path):
    text = tmp_path / "notes.xlsx"
    text.write_text("项目名称,红色引擎\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in refused(text)
    good = hongse(tmp_path).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good[: len(good) // 2])
    assert "已损坏" in refused(cut)
    encrypted = tmp_path / "locked.xlsx"     # Excel saves a password-protected .xlsx as an OLE container
    encrypted.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4088)
    assert refused(encrypted) == (f"{encrypted}: 工作簿已加密（.xlsx 存成了加密容器），"
                                  "或是改了扩展名的 .xls 旧格式文件，无法读取；请取消密码保护后另存为 .xlsx")
    empty = tmp_path / "zero.xlsx"
    empty.write_bytes(b"")
    assert refused(empty) == f"{empty}: 工作簿是空文件"


def _rewrite_sheet(src: Path, dst: Path, sheet_xml: bytes, level=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", level) as zout:
        for item in zin.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else zin.read(item.filename)
            zout.writestr(item.filename, data, compress_type=level)


def test_zip_bomb_refused_before_inflating(tmp_path):
    head = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    bomb = head + b"<sheetData>" + b" " * (80 * 1024 * 1024) + b"</sheetData></worksheet>"
    path = tmp_path / "bomb.xlsx"
    _rewrite_sheet(hongse(tmp_path), path, bomb)
    assert path.stat().st_size < 1024 * 1024
    message = refused(path)
    assert "xl/worksheets/sheet1.xml" in message and "压缩炸弹" in message


def test_a_million_rows_refused_by_its_dimension_and_by_counting(tmp_path):
    ns = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    rows = b"".join(b'<row r="%d"><c r="A%d"><v>1</v></c></row>' % (i, i) for i in range(1, 1_000_001))
    declared = ns + b'<dimension ref="A1:A1000000"/><sheetData>' + rows + b"</sheetData></worksheet>"
    path = tmp_path / "long.xlsx"
    _rewrite_sheet(hongse(tmp_path), path, declared)
    assert "有 1000000 行，超过上限 20000 行" in refused(path)
    hidden = ns + b"<sheetData>" + rows[: 40 * 30_000] + b"</sheetData></worksheet>"    # no <dimension>
    _rewrite_sheet(hongse(tmp_path), path, hidden)
    assert "超过上限 20000 行" in refused(path)


def test_xls_read_with_merged_cells_and_its_rate_limitation(tmp_path):
    """A real .xls (BIFF8, written with xlwt): read by python-calamine, merged 一级 cells carried down.
    Its number formats cannot be read, so a numeric rate is read as the percent the row's B/A says
    (0.936 shown as 93.6%, or 93.6 meaning 93.6%); one that fits neither is refused with the reason."""
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) writes the .xls files")
    data = load_yaml_file(SAMPLES / HONGSE).data

    def write(rate_as_text: bool, rate=0.936) -> Path:
        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet("表1")
        rows = [
            ["2023年度红色引擎工程经费项目自评表"], [], ["项目名称", "红色引擎工程经费"],
            ["主管部门", "区委组织部", "项目实施单位", "区委组织部"],
            ["预算执行情况（万元）（20分）", "", "预算数（A）", "执行数（B）", "执行率（B/A）", "得分（20分*执行率）"],
            ["", "年度财政资金总额", 418, 391.31, "93.6%" if rate_as_text else rate, 18.72], [],
        ]
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    ws.write(r, c, value)
        goal = data["goals"][0]
        header = len(rows)
        titles = ["一级指标", "二级指标", "三级指标", "年初目标值（A）", "实际完成值（B）", "得分"]
        for c, title in enumerate(titles, 1):
            ws.write(header, c, title)
        inds = data["indicators"]
        ws.write_merge(header, header + len(inds), 0, 0, f"{goal['text']}（80分）")
        ws.write_merge(header + 1, header + 3, 1, 1, "产出指标")
        ws.write(header + 4, 1, "效益指标")
        for k, ind in enumerate(inds):
            r = header + 1 + k
            for c, key in enumerate(["level2", "name", "target", "actual"], 2):
                ws.write(r, c, ind[key])
            ws.write(r, 6, float(ind["reported_score"]))
        ws.write(header + len(inds) + 1, 0, "总分")
        ws.write(header + len(inds) + 1, 1, 98.72)
        path = tmp_path / f"form-{rate_as_text}-{rate}.xls"
        wb.save(str(path))
        return path

    out = tmp_path / "checked.xlsx"
    code, _, err = run("evaluate", str(write(True)), "--ruleset", "wuhan-2023", "--format", "xlsx", "-o", str(out))
    assert code == 0, err
    checked = load_workbook(out)
    assert checked.sheetnames == ["表1", "复核结果"] and checked["表1"]["B3"].value == "红色引擎工程经费"
    for number in (0.936, 93.6):
        [item] = load_workbook_forms(str(write(False, number)))
        assert item.form.budget.reported_rate == Decimal("93.6") and not item.form.budget.rate_as_fraction
    message = only_error(write(False, 0.5))
    assert ":表1!E6: 执行率单元格是数字 0.5，但 .xls 文件的单元格格式无法读取" in message
    assert "也无法判断它是 0.5% 还是百分比格式的 50%" in message
    [item] = load_workbook_forms(str(write(True)))
    assert [i.level1 for i in item.form.indicators] == ["产出指标"] * 3 + ["效益指标"]
    [ev] = evaluate_files([str(write(True))], RulesetLoader(), "wuhan-2023")
    assert {(f.code, f.path) for f in ev.findings} == {("I08", "indicators[1].actual")}


def test_batch_with_a_broken_workbook_runs_the_rest(tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(b"PK\x03\x04 broken")
    good = hongse(tmp_path, "good.xlsx")
    results = evaluate_files([str(bad), str(good)], RulesetLoader(), "wuhan-2023")
    assert isinstance(results[0], BrokenFile) and not isinstance(results[1], BrokenFile)
    code, out, err = run("evaluate", str(bad), str(good), "--ruleset", "wuhan-2023")
    assert code == 2
    assert err.count("\n") == 1 and err.startswith(f"错误：{bad}: 工作簿已损坏")
    assert "红色引擎工程经费" in out


def test_workbook_without_a_ruleset_asks_for_one(tmp_path):
    code, _, err = run("evaluate", str(hongse(tmp_path)))
    assert code == 2 and "未指定规则集" in err and "#表1!A1" in err


def test_read_workbook_bounds_do_not_load_everything(tmp_path):
    sheets = read_workbook(str(hongse(tmp_path)))
    assert [s.name for s in sheets] == ["表1"] and sheets[0].nrows < 40


def test_an_xls_rate_number_is_read_by_the_rows_b_over_a():
    from scorer.excel.workbook import unformatted_rate
    assert unformatted_rate("0.936", "418", "391.31") == "93.6%"          # percent format: 93.6%
    assert unformatted_rate("93.62", "418", "391.31") == "93.62%"         # the % in the header
    assert unformatted_rate("1", "100", "100") == "100%"                  # 100% stored as 1
    assert unformatted_rate("1.05", "100", "105") == "105%"               # over-executed
    assert unformatted_rate("100", "100", "100") == "100%"
    assert unformatted_rate("0.009", "1000", "9") == "0.9%"
    assert unformatted_rate("0.91", "418", "391.31") == "91%"             # off by 2.6 points: still the fraction
    for text, a, b in (("0.5", "418", "391.31"),     # fits neither: refused, not guessed
                       ("0.003", "1000", "3"),       # 0.3% and 0.003%: both fit
                       ("0.9", "0", "3"), ("0.9", "", "3"), ("0.9", "418", "—")):
        assert unformatted_rate(text, a, b) is None, text
