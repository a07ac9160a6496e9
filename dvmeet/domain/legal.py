"""The one table of legal references (domain.md: "legal references are data, not code").

A change in the law is a change in :data:`LEGAL_REFERENCES` only. Keys are the values of
:class:`ClosureBasis` and :class:`DisqualificationGround` plus one key per statutory
section, named after the section (``koml_11_9`` is kommunelova § 11-9).

Texts are short nynorsk summaries for secretaries and documents, not quotations of the law.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType

from dvmeet.domain.enums import ClosureBasis, DisqualificationGround


@dataclass(frozen=True, slots=True)
class LegalReference:
    """One legal reference: table key, short citation and a nynorsk description."""

    code: str
    short: str
    text_nn: str


def _ref(key: str, short: str, text_nn: str) -> tuple[str, LegalReference]:
    code = str(key)  # enum members are stored by their plain value
    return code, LegalReference(code=code, short=short, text_nn=text_nn)


LEGAL_REFERENCES: Mapping[str, LegalReference] = MappingProxyType(
    dict(
        [
            # --- Closed meetings (O-1, M-6) ---
            _ref(
                ClosureBasis.KOML_11_5_2,
                "koml. § 11-5 (2)",
                "Møtet skal lukkast når organet handsamar opplysningar som er underlagde "
                "lovfesta teieplikt.",
            ),
            _ref(
                ClosureBasis.KOML_11_5_3A,
                "koml. § 11-5 (3) a",
                "Møtet kan lukkast når omsynet til personvernet krev det.",
            ),
            _ref(
                ClosureBasis.KOML_11_5_3B,
                "koml. § 11-5 (3) b",
                "Møtet kan lukkast når omsynet til tungtvegande offentlege interesser krev "
                "det, og dokumentet kunne ha vore unnateke innsyn etter offentleglova.",
            ),
            # --- Disqualification (H-1, H-2) ---
            _ref(
                DisqualificationGround.FVL_6_1_A,
                "fvl. § 6 (1) a",
                "Medlemen er sjølv part i saka.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_B,
                "fvl. § 6 (1) b",
                "Medlemen er i slekt eller svogerskap med ein part i opp- eller nedstigande "
                "line eller i sideline så nær som sysken.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_C,
                "fvl. § 6 (1) c",
                "Medlemen er eller har vore gift med, er forlova eller sambuar med ein part, "
                "eller er fosterforelder eller fosterbarn til ein part.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_D,
                "fvl. § 6 (1) d",
                "Medlemen er verje eller fullmektig for ein part i saka, eller har vore det "
                "etter at saka tok til.",
            ),
            _ref(
                DisqualificationGround.FVL_6_1_E,
                "fvl. § 6 (1) e",
                "Medlemen leiar, har leiande stilling i eller er styremedlem i eit selskap, "
                "ei foreining eller ei stifting som er part i saka.",
            ),
            _ref(
                DisqualificationGround.FVL_6_2,
                "fvl. § 6 (2)",
                "Andre særeigne tilhøve er eigna til å svekkje tilliten til at medlemen er "
                "upartisk.",
            ),
            _ref(
                "fvl_8_2",
                "fvl. § 8 (2)",
                "Organet avgjer sjølv om eit medlem er ugild; medlemen er ikkje med på "
                "avgjerda. Gjeld spørsmålet fleire medlemer i same sak, er ingen av dei med "
                "på å avgjere spørsmålet for nokon av dei, med mindre organet då ikkje ville "
                "vere vedtaksført; då er alle medlemene med. Varamedlem bør kallast inn og "
                "vere med på avgjerda.",
            ),
            _ref(
                DisqualificationGround.KOML_11_10_PREPARER,
                "koml. § 11-10 (2)",
                "Medlemen har som tilsett førebudd saka eller gjeve innstilling i ho, og er "
                "difor ugild når saka vert handsama i det folkevalde organet.",
            ),
            # --- Sections of kommunelova (koml.) ---
            _ref(
                "koml_7_8",
                "koml. § 7-8",
                "Fleirtalsval: den som får meir enn halvparten av dei avgjevne røystene, er "
                "vald. Elles vert det ny røysting, og den som då får flest røyster, er vald. "
                "Ved røystelikskap vert valet avgjort ved loddtrekking.",
            ),
            _ref(
                "koml_8_1",
                "koml. § 8-1",
                "Medlemer som er til stades når ei sak vert teken opp til røysting, pliktar "
                "å røyste. Blank røyst er berre høve til ved val og tilsetjingar.",
            ),
            _ref(
                "koml_11_2",
                "koml. § 11-2",
                "Folkevalde organ gjer vedtak i møte. Organet skal ha møte når møteleiaren "
                "meiner det trengst, eller når minst ein tredjedel av medlemene krev det.",
            ),
            _ref(
                "koml_11_3",
                "koml. § 11-3",
                "Møteleiaren set opp sakliste og kallar inn til møtet med rimeleg varsel. "
                "Innkallinga skal opplyse om tid, stad, om møtet er fjernmøte, og sakliste.",
            ),
            _ref(
                "koml_11_4",
                "koml. § 11-4",
                "Det skal førast møtebok frå møta i folkevalde organ.",
            ),
            _ref(
                "koml_11_5",
                "koml. § 11-5",
                "Møta i folkevalde organ er opne. Møte kan berre lukkast etter vedtak i "
                "organet og med heimel i lova.",
            ),
            _ref(
                "koml_11_6",
                "koml. § 11-6",
                "Ei sak som ikkje står på saklista, kan avgjerast dersom ikkje møteleiaren "
                "eller ein tredjedel av dei møtande medlemene set seg imot det.",
            ),
            _ref(
                "koml_11_7",
                "koml. § 11-7",
                "Fjernmøte: møte der medlemene ikkje er samla på same stad. Eit møte som "
                "skal lukkast på grunn av lovfesta teieplikt, kan ikkje haldast som fjernmøte.",
            ),
            _ref(
                "koml_11_8",
                "koml. § 11-8",
                "Hastevedtak: når det er naudsynt å gjere vedtak så raskt at det ikkje er tid "
                "til å kalle inn organet, kan vedtak gjerast på annan måte. Vedtaket skal "
                "leggjast fram i neste møte.",
            ),
            _ref(
                "koml_11_9",
                "koml. § 11-9",
                "Organet er vedtaksført når minst halvparten av medlemene har vore til "
                "stades og røysta i saka. Vedtak vert gjort med fleirtal av dei avgjevne "
                "røystene. Ved røystelikskap i andre saker enn val er møteleiaren si røyst "
                "avgjerande (dobbeltrøyst).",
            ),
            _ref(
                "koml_11_10",
                "koml. § 11-10",
                "Reglane om ugildskap i forvaltningslova kapittel II gjeld for folkevalde, "
                "med tillegga i kommunelova. Organet avgjer spørsmålet utan at den det "
                "gjeld, er med. Ugildskapsreglane gjeld ikkje ved val.",
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
