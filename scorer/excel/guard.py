"""Refuse hostile or broken workbooks before anything is loaded: size, zip bomb, rows, encryption.

python-calamine reads a whole sheet into memory, so every bound is checked first on what is cheap to
know: the file size, the zip directory (declared sizes and compression ratios) and the sheet's
<dimension> element; the metadata pass (xlsxmeta) then counts rows while streaming and stops early.
"""

from __future__ import annotations

import os
import zipfile

from scorer.excel.errors import WorkbookError

MAX_WORKBOOK_BYTES = 20 * 1024 * 1024          # the file on disk
MAX_UNPACKED_BYTES = 200 * 1024 * 1024         # all zip members together, uncompressed
MAX_MEMBER_BYTES = 64 * 1024 * 1024            # one zip member (a sheet's XML, shared strings)
MAX_RATIO = 200                                 # uncompressed / compressed, for members above 1 MiB
MAX_ROWS = 20_000                               # rows on one sheet (a form has a few hundred)
MAX_COLUMNS = 200

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"


def sniff(path: str) -> str:
    """'xlsx' (zip), 'ole' (an .xls, or an encrypted .xlsx) — or a WorkbookError."""
    try:
        size = os.path.getsize(path)
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        raise WorkbookError(f"无法读取工作簿（{exc.strerror or exc}）", file=path) from None
    if size > MAX_WORKBOOK_BYTES:
        raise WorkbookError(f"工作簿过大：{size} 字节，上限 {MAX_WORKBOOK_BYTES} 字节", file=path)
    if head.startswith(ZIP_MAGIC):
        return "xlsx"
    if head == OLE_MAGIC:
        return "ole"
    if size == 0:
        raise WorkbookError("工作簿是空文件", file=path)
    raise WorkbookError("不是 Excel 工作簿（既不是 .xlsx 的 zip 格式，也不是 .xls 格式），文件可能已损坏", file=path)


def check_zip(path: str, archive: zipfile.ZipFile) -> None:
    """Declared sizes and ratios of every member; a zip bomb is refused before it is inflated."""
    total = 0
    for info in archive.infolist():
        if info.flag_bits & 0x1:
            raise WorkbookError("工作簿已加密，无法读取；请取消密码保护后另存", file=path)
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise WorkbookError(f"工作簿内部文件 {info.filename} 解压后 {info.file_size} 字节，超过上限 "
                                f"{MAX_MEMBER_BYTES} 字节（可能是压缩炸弹）", file=path)
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookError(f"工作簿内部文件 {info.filename} 压缩比异常（{info.file_size} / "
                                f"{info.compress_size}），拒绝读取（可能是压缩炸弹）", file=path)
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookError(f"工作簿解压后共 {total} 字节，超过上限 {MAX_UNPACKED_BYTES} 字节", file=path)


def check_rows(path: str, sheet: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise WorkbookError(f"工作表“{sheet}”有 {rows} 行，超过上限 {MAX_ROWS} 行；一张自评表不会这么长，拒绝读取",
                            file=path)
    if columns > MAX_COLUMNS:
        raise WorkbookError(f"工作表“{sheet}”有 {columns} 列，超过上限 {MAX_COLUMNS} 列，拒绝读取", file=path)
