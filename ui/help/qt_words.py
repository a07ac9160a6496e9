"""Qt's own dialogs in the interface language. Qt ships qtbase_nn (nynorsk) but no bokmål
catalogue, and its nynorsk one lacks some of the file dialog's words («Look in:», «Files of
type:»). `QtWords` gives those, in nynorsk and bokmål, ahead of Qt's catalogue; for bokmål
it gives every word of the file dialog, its list columns and the standard buttons."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QObject, QTranslator

# (context, source) -> (nynorsk, bokmål); None keeps Qt's catalogue for nynorsk
WORDS: dict[tuple[str, str], tuple[str | None, str]] = {
    ("QFileDialog", "&Look in:"): ("&Sjå i:", "&Se i:"),
    ("QFileDialog", "Look in:"): ("Sjå i:", "Se i:"),
    ("QFileDialog", "Files of &type:"): ("Fil&type:", "Fil&type:"),
    ("QFileDialog", "Files of type:"): ("Filtype:", "Filtype:"),
    ("QFileDialog", "File &name:"): (None, "Fil&navn:"),
    ("QFileDialog", "&Open"): ("&Opne", "&Åpne"),
    ("QFileDialog", "Open"): ("Opne", "Åpne"),
    ("QFileDialog", "&Save"): ("&Lagre", "&Lagre"),
    ("QFileDialog", "Save"): ("Lagre", "Lagre"),
    ("QFileDialog", "&Choose"): ("&Vel", "&Velg"),
    ("QFileDialog", "Cancel"): (None, "Avbryt"),
    ("QFileDialog", "Back"): (None, "Tilbake"),
    ("QFileDialog", "Forward"): (None, "Frem"),
    ("QFileDialog", "Parent Directory"): (None, "Overordnet mappe"),
    ("QFileDialog", "Create New Folder"): (None, "Lag ny mappe"),
    ("QFileDialog", "List View"): (None, "Listevisning"),
    ("QFileDialog", "Detail View"): (None, "Detaljert visning"),
    ("QFileDialog", "All Files (*)"): (None, "Alle filer (*)"),
    ("QFileDialog", "My Computer"): (None, "Min datamaskin"),
    ("QFileDialog", "Computer"): (None, "Datamaskin"),
    ("QFileDialog", "New Folder"): (None, "Ny mappe"),
    ("QFileDialog", "&Rename"): (None, "&Gi nytt navn"),
    ("QFileDialog", "&Delete"): (None, "&Slett"),
    ("QFileDialog", "Show &hidden files"): (None, "Vis &skjulte filer"),
    ("QFileDialog", "&New Folder"): (None, "&Ny mappe"),
    ("QFileDialog", "Directory:"): (None, "Mappe:"),
    ("QFileDialog", "File"): (None, "Fil"),
    ("QFileDialog", "Folder"): (None, "Mappe"),
    ("QFileDialog", "Directories"): (None, "Mapper"),
    ("QFileDialog", "Recent Places"): (None, "Nylig brukte steder"),
    ("QFileDialog", "Are you sure you want to delete '%1'?"): (
        None,
        "Er du sikker på at du vil slette «%1»?",
    ),
    (
        "QFileDialog",
        "%1 already exists.\nDo you want to replace it?",
    ): (None, "%1 finnes allerede.\nVil du erstatte den?"),
    ("QFileSystemModel", "Name"): (None, "Navn"),
    ("QFileSystemModel", "Size"): (None, "Størrelse"),
    ("QFileSystemModel", "Type"): (None, "Type"),
    ("QFileSystemModel", "Kind"): (None, "Type"),
    ("QFileSystemModel", "Date Modified"): (None, "Endret"),
    ("QPlatformTheme", "OK"): (None, "OK"),
    ("QPlatformTheme", "Cancel"): (None, "Avbryt"),
    ("QPlatformTheme", "Save"): ("Lagre", "Lagre"),
    ("QPlatformTheme", "Open"): ("Opne", "Åpne"),
    ("QPlatformTheme", "Close"): (None, "Lukk"),
    ("QPlatformTheme", "&Yes"): (None, "&Ja"),
    ("QPlatformTheme", "&No"): (None, "&Nei"),
    ("QPlatformTheme", "Apply"): (None, "Bruk"),
    ("QPlatformTheme", "Help"): (None, "Hjelp"),
    ("QPlatformTheme", "Reset"): (None, "Tilbakestill"),
    ("QPlatformTheme", "Discard"): (None, "Forkast"),
    ("QPlatformTheme", "Don't Save"): (None, "Ikke lagre"),
    ("QPlatformTheme", "Abort"): (None, "Avbryt"),
    ("QPlatformTheme", "Retry"): (None, "Prøv igjen"),
    ("QPlatformTheme", "Ignore"): (None, "Ignorer"),
    ("QLineEdit", "&Undo"): (None, "&Angre"),
    ("QLineEdit", "&Redo"): (None, "&Gjør om"),
    ("QLineEdit", "Cu&t"): (None, "Klipp &ut"),
    ("QLineEdit", "&Copy"): (None, "&Kopier"),
    ("QLineEdit", "&Paste"): (None, "&Lim inn"),
    ("QLineEdit", "Delete"): (None, "Slett"),
    ("QLineEdit", "Select All"): (None, "Merk alt"),
}


class QtWords(QTranslator):
    """Qt's own words in nynorsk ("nn") or bokmål ("nb"), ahead of Qt's catalogue."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        column = 1 if language == "nb" else 0
        self.words = {k: v[column] for k, v in WORDS.items() if v[column] is not None}

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,
        n: int = -1,
    ) -> str | None:
        # None is Qt's null string: "not here", so the next translator is asked
        return self.words.get((context, source))

    def isEmpty(self) -> bool:
        return False


def qt_translators(language: str, parent: QObject) -> list[QTranslator]:
    """The translators to install, in order: Qt's nynorsk catalogue (also for bokmål, for
    the words `QtWords` does not have: nynorsk is nearer than English), then QtWords."""
    found: list[QTranslator] = []
    catalogue = QTranslator(parent)
    if catalogue.load("qtbase_nn", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        found.append(catalogue)
    found.append(QtWords(language, parent))
    return found
