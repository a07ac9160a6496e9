"""The Møte view: meetings per body and year, the case list, the notice and the møtebok."""
