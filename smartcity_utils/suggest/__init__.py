"""`smartcity suggest`: a classifier of the smart-city dimension and sub-dimension of an
innovation from its text, and the filling of a registry's empty values as marked suggestions."""
