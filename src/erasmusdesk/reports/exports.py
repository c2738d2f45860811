"""The statistics as an XLSX workbook: one sheet per table, the table's figures (numbers, not
text, so that they can be added up) and the same bar chart as the page, drawn by the
spreadsheet from those cells."""

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from erasmusdesk.core.csvfile import spreadsheet_safe
from erasmusdesk.reports.statistics import Table

MONEY_FORMAT = "#,##0.00"
# Excel refuses sheet names longer than 31 characters or with any of these.
_SHEET_NAME_LENGTH = 31
_FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sheet_name(title: str, taken: set[str]) -> str:
    base = title.translate(_FORBIDDEN).strip()[:_SHEET_NAME_LENGTH] or "Sheet"
    name, number = base, 2
    while name.lower() in taken:
        suffix = f" ({number})"
        name = base[: _SHEET_NAME_LENGTH - len(suffix)] + suffix
        number += 1
    taken.add(name.lower())
    return name


def statistics_xlsx(tables: list[Table], file) -> None:
    """Write ``tables`` to ``file`` as a workbook: a bold, frozen header row, the label column
    as text made safe from formulas, and a bar chart per column of figures."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    taken: set[str] = set()
    for table in tables:
        sheet = workbook.create_sheet(_sheet_name(table.title, taken))
        sheet.append([table.label_header] + [column.header for column in table.columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for label, figures in table.rows:
            sheet.append([spreadsheet_safe(label)] + list(figures))
        for index, column in enumerate(table.columns, start=2):
            if column.money:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.number_format = MONEY_FORMAT
        sheet.column_dimensions["A"].width = 50
        for index in range(2, len(table.columns) + 2):
            sheet.column_dimensions[get_column_letter(index)].width = 18
        if not table.rows:
            continue
        chart = BarChart()
        chart.type = "bar"
        chart.title = table.title
        chart.y_axis.title = table.columns[0].header if len(table.columns) == 1 else None
        last = len(table.rows) + 1
        data = Reference(sheet, min_col=2, max_col=len(table.columns) + 1, min_row=1, max_row=last)
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=last))
        chart.height = max(7.5, 0.8 * len(table.rows) + 3)
        chart.width = 20
        sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 3)}2")
    workbook.save(file)
