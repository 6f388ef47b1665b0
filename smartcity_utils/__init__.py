"""Smart-city workbook suite: load, validate and analyse a city's smart-city evaluation data."""

__version__ = "0.1.0"
