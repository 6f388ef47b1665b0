"""00: the data-quality workbook's tables, figures and flags of values worth a second look."""
