"""One exception hierarchy: callers catch `SmartCityError`."""


class SmartCityError(Exception):
    """Base of every error the suite raises on purpose."""


class ParamsError(SmartCityError):
    """The run parameters are invalid (unknown key, wrong type, missing file)."""


class DataError(SmartCityError):
    """Input data cannot be used at all (unreadable file, no header row, ...)."""
