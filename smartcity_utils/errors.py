"""One exception hierarchy: callers catch `SmartCityError`."""


class SmartCityError(Exception):
    """Base of every error the suite raises on purpose."""

    def _render_traceback_(self) -> list[str]:
        """In a notebook, the error's sentence alone: it says what to do, and the package's
        stack above it would only hide it (IPython shows these lines instead of a traceback;
        papermill and the batch still see the error's name and message)."""
        return [f"{type(self).__name__}: {self}"]


class ProjectNotFound(SmartCityError):
    """The working folder is not inside a smart-city project."""


class ParamsError(SmartCityError):
    """The run parameters are invalid (unknown key, wrong type, missing file)."""


class DataError(SmartCityError):
    """Input data cannot be used at all (unreadable file, no header row, ...)."""


class ArtifactError(SmartCityError):
    """A file one workbook wrote for another is missing or does not match its contract."""


def no_rows_of_year(table: str, year: int, years_present) -> DataError:
    """The error for an evaluation year a table has no rows of, naming the years it has."""
    years = sorted({int(y) for y in years_present})
    has = (f"its years: {', '.join(map(str, years))}" if years
           else "it is empty: workbook 00 lists what was wrong with the data folder")
    return DataError(f"the {table} table has no rows for the evaluation year {year} ({has}); "
                     "check the `year` parameter or the data folder")
