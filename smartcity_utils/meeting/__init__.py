"""The technical team's live meeting view (`smartcity meeting`, and 03's sliders in JupyterLab):
the weights as shares, the budget and limits, the shortlist recomputed on every change."""
