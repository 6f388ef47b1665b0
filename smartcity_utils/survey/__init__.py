"""The impact survey (form dampak): choosing one programme per sub-dimension, planning the
respondents per form, and the Excel forms to send (docs/impact_survey.md)."""
