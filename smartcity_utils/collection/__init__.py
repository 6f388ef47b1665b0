"""Collecting the data from the agencies: the Excel template sent to each one, the workbooks
that come back, and the data folder read as one registry of both."""
