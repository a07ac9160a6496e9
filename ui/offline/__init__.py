"""The offline meeting file in the window (issue 18): the Møte menu's «Ta med møtet …»,
«Hent inn møtet …» and «Ikkje bruk fila», and the checkin preview with its conflicts."""
