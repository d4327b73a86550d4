"""Forms straight from Excel: read workbooks (python-calamine), find the forms on their sheets by their
labels, hand out blank templates and hand back checked forms (openpyxl).

The reader produces the same plain project dict a transcriber would write in YAML, so a workbook goes
through the same schema validation and loader as a project file — there is no second model.
"""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def is_workbook(path) -> bool:
    return str(path).lower().endswith(WORKBOOK_SUFFIXES)
