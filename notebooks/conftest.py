"""nbval settings for the committed workbooks (see docs/notebooks.md).

Tables are compared as text: the text/plain form of every table is compared and its HTML form
skipped, so one change shows once. Figures are compared through their text companions (the
figure's text/plain line and the table printed beside it); images are skipped by nbval itself.
"""


def pytest_collectstart(collector):
    if collector.fspath and collector.fspath.ext == ".ipynb":
        collector.skip_compare += ("text/html",)
