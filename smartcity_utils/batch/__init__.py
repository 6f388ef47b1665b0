"""The batch runner: `smartcity run` and the workers that execute its notebooks.

Every process of a run (the runner, each worker) reads and writes notebooks with nbformat,
which validates them with jsonschema. On import jsonschema sets up a checker for every string
format whose optional library is installed; `rfc3987_syntax` (installed for JupyterLab's
jupyter-events) compiles a grammar for it, 2.5 s of the 4 s a worker took to start, on the
city workbooks' critical path. No notebook schema uses its formats (iri, iri-reference), so the
batch's processes do without it: marked absent, its import fails and jsonschema skips those
two formats, as it does when the library is not installed. A process that imported jsonschema
before is left as it is.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)
