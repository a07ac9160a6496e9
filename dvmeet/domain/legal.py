"""The one table of legal references (domain.md: "legal references are data, not code").

A change in the law is a change in :data:`LEGAL_REFERENCES` only. Keys are the values of
:class:`ClosureBasis` and :class:`DisqualificationGround` plus one key per statutory
section, named after the section (``koml_11_9`` is kommunelova § 11-9).

Texts are short summaries for secretaries, in nynorsk and bokmål (the interface language
picks one, :func:`legal_text`), not quotations of the law.

A reference with a note is written by one function, :func:`format_reference`, for every
document and view: "koml. § 11-5 (3) a, jf. offl. § 25". A note typed with its own "jf."
("jf. offl. § 13") is stored and printed with one "jf." only (:func:`reference_note`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from dvmeet import i18n
from dvmeet.domain.enums import ClosureBasis, DisqualificationGround


@dataclass(frozen=True, slots=True)
class LegalReference:
    """One legal reference: table key, short citation, a nynorsk and a bokmål description."""

    code: str
    short: str
    text_nn: str
    text_nb: str


def _ref(key: str, short: str, text_nn: str, text_nb: str) -> tuple[str, LegalReference]:
    code = str(key)  # enum members are stored by their plain value
    return code, LegalReference(code=code, short=short, text_nn=text_nn, text_nb=text_nb)


LEGAL_REFERENCES: Mapping[str, LegalReference] = MappingProxyType(
    dict(
        [
            # --- Closed meetings (O-1, M-6) ---
            _ref(
                ClosureBasis.KOML_11_5_2,
                "koml. § 11-5 (2)",
                "Møtet skal lukkast når organet handsamar opplysningar som er underlagde "
                "lovfesta teieplikt.",
                "Møtet skal lukkes når organet behandler opplysninger som er underlagt "
                "lovpålagt taushetsplikt.",
            ),
            _ref(
                ClosureBasis.KOML_11_5_3A,
                "koml. § 11-5 (3) a",
                "Møtet kan lukkast når omsynet til personvernet krev det.",
                "Møtet kan lukkes når hensynet til personvernet krever det.",
            ),
            _ref(
                ClosureBasis.KOML_11_5_3B,
                "koml. § 11-5 (3) b",
                "Møtet kan lukkast når omsynet til tungtvegande offentlege interesser krev "
                "det, og dokumentet kunne ha vore unnateke innsyn etter offentleglova.",
                "Møtet kan lukkes når hensynet til tungtveiende offentlige interesser krever "
                "det, og dokumentet kunne vært unntatt innsyn etter offentleglova.",
            ),
            # --- Disqualification (H-1, H-2) ---
            _ref(
                DisqualificationGround.FVL_6_1_A,
                "fvl. § 6 (1) a",
                "Medlemen er sjølv part i saka.",
                "Medlemmet er selv part i saken.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_B,
                "fvl. § 6 (1) b",
                "Medlemen er i slekt eller svogerskap med ein part i opp- eller nedstigande "
                "line eller i sideline så nær som sysken.",
                "Medlemmet er i slekt eller svogerskap med en part i opp- eller nedstigende "
                "linje eller i sidelinje så nær som søsken.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_C,
                "fvl. § 6 (1) c",
                "Medlemen er eller har vore gift med, er forlova eller sambuar med ein part, "
                "eller er fosterforelder eller fosterbarn til ein part.",
                "Medlemmet er eller har vært gift med, er forlovet eller samboer med en part, "
                "eller er fosterforelder eller fosterbarn til en part.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_D,
                "fvl. § 6 (1) d",
                "Medlemen er verje eller fullmektig for ein part i saka, eller har vore det "
                "etter at saka tok til.",
                "Medlemmet er verge eller fullmektig for en part i saken, eller har vært det "
                "etter at saken begynte.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_E,
                "fvl. § 6 (1) e",
                "Medlemen leiar, har leiande stilling i eller er styremedlem i eit selskap, "
                "ei foreining eller ei stifting som er part i saka.",
                "Medlemmet leder, har ledende stilling i eller er styremedlem i et selskap, "
                "en forening eller en stiftelse som er part i saken.",
            ),
            _ref(
                DisqualificationGround.FVL_6_2,
                "fvl. § 6 (2)",
                "Andre særeigne tilhøve er eigna til å svekkje tilliten til at medlemen er "
                "upartisk.",
                "Andre særegne forhold er egnet til å svekke tilliten til at medlemmet er "
                "upartisk.",
            ),
            _ref(
                "fvl_8_2",
                "fvl. § 8 (2)",
                "Organet avgjer sjølv om eit medlem er ugild; medlemen er ikkje med på "
                "avgjerda. Gjeld spørsmålet fleire medlemer i same sak, er ingen av dei med "
                "på å avgjere spørsmålet for nokon av dei, med mindre organet då ikkje ville "
                "vere vedtaksfør; då er alle medlemene med. Varamedlem bør kallast inn og "
                "vere med på avgjerda.",
                "Organet avgjør selv om et medlem er inhabilt; medlemmet deltar ikke i "
                "avgjørelsen. Gjelder spørsmålet flere medlemmer i samme sak, deltar ingen av "
                "dem i avgjørelsen for noen av dem, med mindre organet da ikke ville være "
                "vedtaksfør; da deltar alle medlemmene. Varamedlem bør kalles inn og delta i "
                "avgjørelsen.",
            ),
            _ref(
                DisqualificationGround.KOML_11_10_PREPARER,
                "koml. § 11-10 (2)",
                "Medlemen har som tilsett førebudd saka eller gjeve innstilling i ho, og er "
                "difor ugild når saka vert handsama i det folkevalde organet.",
                "Medlemmet har som ansatt forberedt saken eller gitt innstilling i den, og er "
                "derfor inhabilt når saken behandles i det folkevalgte organet.",
            ),
            # --- Sections of kommunelova (koml.) ---
            _ref(
                "koml_7_8",
                "koml. § 7-8",
                "Fleirtalsval: den som får meir enn halvparten av dei avgjevne røystene, er "
                "vald. Elles vert det ny røysting, og den som då får flest røyster, er vald. "
                "Ved røystelikskap vert valet avgjort ved loddtrekking.",
                "Flertallsvalg: den som får mer enn halvparten av de avgitte stemmene, er "
                "valgt. Ellers blir det ny avstemning, og den som da får flest stemmer, er "
                "valgt. Ved stemmelikhet avgjøres valget ved loddtrekning.",
            ),
            _ref(
                "koml_8_1",
                "koml. § 8-1",
                "Medlemer som er til stades når ei sak vert teken opp til røysting, pliktar "
                "å røyste. Blank røyst er berre høve til ved val og tilsetjingar.",
                "Medlemmer som er til stede når en sak tas opp til avstemning, plikter å "
                "stemme. Blank stemme er bare tillatt ved valg og ansettelser.",
            ),
            _ref(
                "koml_11_2",
                "koml. § 11-2",
                "Folkevalde organ gjer vedtak i møte. Organet skal ha møte når møteleiaren "
                "meiner det trengst, eller når minst ein tredjedel av medlemene krev det.",
                "Folkevalgte organer treffer vedtak i møter. Organet skal ha møte når "
                "møtelederen mener det trengs, eller når minst en tredjedel av medlemmene "
                "krever det.",
            ),
            _ref(
                "koml_11_3",
                "koml. § 11-3",
                "Møteleiaren set opp sakliste og kallar inn til møtet med rimeleg varsel. "
                "Innkallinga skal opplyse om tid, stad, om møtet er fjernmøte, og sakliste.",
                "Møtelederen setter opp saksliste og kaller inn til møtet med rimelig varsel. "
                "Innkallingen skal opplyse om tid, sted, om møtet er fjernmøte, og saksliste.",
            ),
            _ref(
                "koml_11_4",
                "koml. § 11-4",
                "Det skal førast møtebok frå møta i folkevalde organ.",
                "Det skal føres møtebok fra møtene i folkevalgte organer.",
            ),
            _ref(
                "koml_11_5",
                "koml. § 11-5",
                "Møta i folkevalde organ er opne. Møte kan berre lukkast etter vedtak i "
                "organet og med heimel i lova.",
                "Møtene i folkevalgte organer er åpne. Møter kan bare lukkes etter vedtak i "
                "organet og med hjemmel i loven.",
            ),
            _ref(
                "koml_11_6",
                "koml. § 11-6",
                "Ei sak som ikkje står på saklista, kan avgjerast dersom ikkje møteleiaren "
                "eller ein tredjedel av dei møtande medlemene set seg imot det.",
                "En sak som ikke står på sakslisten, kan avgjøres dersom ikke møtelederen "
                "eller en tredjedel av de møtende medlemmene motsetter seg det.",
            ),
            _ref(
                "koml_11_7",
                "koml. § 11-7",
                "Fjernmøte: møte der medlemene ikkje er samla på same stad. Eit møte som "
                "skal lukkast på grunn av lovfesta teieplikt, kan ikkje haldast som fjernmøte.",
                "Fjernmøte: møte der medlemmene ikke er samlet på samme sted. Et møte som "
                "skal lukkes på grunn av lovpålagt taushetsplikt, kan ikke holdes som "
                "fjernmøte.",
            ),
            _ref(
                "koml_11_8",
                "koml. § 11-8",
                "Hastevedtak: når det er naudsynt å gjere vedtak så raskt at det ikkje er tid "
                "til å kalle inn organet, kan vedtak gjerast på annan måte. Vedtaket skal "
                "leggjast fram i neste møte.",
                "Hastevedtak: når det er nødvendig å treffe vedtak så raskt at det ikke er "
                "tid til å kalle inn organet, kan vedtak treffes på annen måte. Vedtaket skal "
                "legges fram i neste møte.",
            ),
            _ref(
                "koml_11_9",
                "koml. § 11-9",
                "Organet er vedtaksfør når minst halvparten av medlemene har vore til "
                "stades og røysta i saka. Vedtak vert gjort med fleirtal av dei avgjevne "
                "røystene. Ved røystelikskap i andre saker enn val er møteleiaren si røyst "
                "avgjerande (dobbeltrøyst).",
                "Organet er vedtaksfør når minst halvparten av medlemmene har vært til stede "
                "og avgitt stemme i saken. Vedtak treffes med flertall av de avgitte "
                "stemmene. Ved stemmelikhet i andre saker enn valg er møtelederens stemme "
                "avgjørende (dobbeltstemme).",
            ),
            _ref(
                "koml_11_10",
                "koml. § 11-10",
                "Reglane om ugildskap i forvaltningslova kapittel II gjeld for folkevalde, "
                "med tillegga i kommunelova. Organet avgjer spørsmålet utan at den det "
                "gjeld, er med. Ugildskapsreglane gjeld ikkje ved val.",
                "Reglene om inhabilitet i forvaltningsloven kapittel II gjelder for "
                "folkevalgte, med tilleggene i kommuneloven. Organet avgjør spørsmålet uten "
                "at den det gjelder, deltar. Habilitetsreglene gjelder ikke ved valg.",
            ),
        ]
    )
)


def legal_reference(key: str | StrEnum) -> LegalReference:
    """Look up a legal reference by key (rules O-1, M-6, H-1, H-2, Q-1..Q-5 cite these).

    ``key`` is a table key or a :class:`ClosureBasis` / :class:`DisqualificationGround`.
    Raises :class:`KeyError` naming the unknown key and the known keys.
    """
    code = str(key)
    try:
        return LEGAL_REFERENCES[code]
    except KeyError:
        known = ", ".join(sorted(LEGAL_REFERENCES))
        raise KeyError(f"Ukjend lovtilvising {code!r}; kjende nøklar: {known}") from None


def legal_text(key: str | StrEnum) -> str:
    """The description of a reference in the interface language (nynorsk or bokmål)."""
    ref = legal_reference(key)
    return ref.text_nb if i18n.language() == "nb" else ref.text_nn


# "jf.", "jf", "jfr.", "jamfør", "jamfør med" (and commas, semicolons, dashes) at the start
# of a note: the formatter writes "jf." itself.
_LEADING_JF = re.compile(
    r"^(?:\s|[,;:–-])*(?:(?:jf|jfr|jamf[øo]r)(?:\.|\b)(?:\s*med\b)?(?:\s|[,;:])*)+", re.I
)
# a note that cites a law: a section sign or a law's abbreviation ("offl.", "fvl.", ...)
_CITES_LAW = re.compile(r"§|\b[a-zæøå]{2,8}\.\s*§?\s*\d|\b(?:offl|fvl|koml|arkivl)\b", re.I)


def reference_note(note: str | None) -> str | None:
    """A note to a legal basis as stored: "jf. offl. § 13", "jf offl. §13" and " offl. § 13 "
    are all "offl. § 13" (and "offl. §13" keeps its spacing); an empty note is None."""
    if note is None:
        return None
    text = " ".join(_LEADING_JF.sub("", note.strip()).split())
    return text or None


def format_reference(key: str | StrEnum | None, note: str | None = None) -> str:
    """A legal basis with its note, as every document and view writes it.

    >>> format_reference(ClosureBasis.KOML_11_5_3A, "jf. offl. § 25")
    'koml. § 11-5 (3) a, jf. offl. § 25'

    A note that cites a law follows after ", jf."; any other note after a comma. Without a
    basis the note stands alone ("" when there is neither).
    """
    short = legal_reference(key).short if key is not None else ""
    text = reference_note(note)
    if text is None:
        return short
    joined = f"jf. {text}" if _CITES_LAW.search(text) else text
    return f"{short}, {joined}" if short else joined
