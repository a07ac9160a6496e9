"""The bokmål catalog: translations load, fall back, and keep placeholders and accelerators."""

from __future__ import annotations

import datetime as dt
import importlib.util
import string
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from dvmeet import i18n
from dvmeet.domain.notice import check_notice
from dvmeet.errors import ChangedElsewhere, InvalidInput, RuleRefused
from dvmeet.i18n import _, catalog_path, set_language
from dvmeet.services.context import Context


@pytest.fixture(autouse=True)
def reset_language() -> Iterator[None]:
    yield
    set_language("nn")


ROOT = Path(__file__).resolve().parents[2]


def _update_catalog() -> ModuleType:
    """scripts/update_catalog.py, loaded from its path (scripts/ is not a package)."""
    path = ROOT / "scripts" / "update_catalog.py"
    spec = importlib.util.spec_from_file_location("update_catalog", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def _messages() -> list[tuple[str, str]]:
    with open(catalog_path("nb"), "rb") as fh:
        po = read_po(fh, locale="nb")
    return [(m.id, str(m.string)) for m in po if m.id and isinstance(m.id, str) and m.string]


def test_bokmal_translates_known_strings() -> None:
    set_language("nb")
    assert i18n.language() == "nb"
    assert _("&Innstillingar") == "&Innstillinger"
    assert _("&Opne database …") == "&Åpne database …"
    assert _("Databasen er open.") == "Databasen er åpen."


def test_nynorsk_returns_source() -> None:
    set_language("nb")
    set_language("nn")
    assert i18n.language() == "nn"
    assert _("&Innstillingar") == "&Innstillingar"


def test_unknown_language_falls_back_to_nynorsk() -> None:
    set_language("xx")
    assert i18n.language() == "nn"
    assert _("&Innstillingar") == "&Innstillingar"


def test_untranslated_string_returns_source() -> None:
    set_language("nb")
    assert _("ein streng som ikkje finst i katalogen") == "ein streng som ikkje finst i katalogen"


def test_catalog_has_translations() -> None:
    assert len(_messages()) > 50


def test_no_message_is_defined_twice() -> None:
    """Helpers append to the catalogue; a msgid appended twice makes msgfmt (and some
    translation tools) refuse the whole file, while babel silently keeps the last one."""
    seen: dict[str, int] = {}
    entries: list[str] = []
    text = Path(catalog_path("nb")).read_text(encoding="utf-8")
    for block in text.split("\n\n"):
        lines = [ln for ln in block.splitlines() if not ln.startswith("#")]
        msgid: list[str] = []
        reading = False
        for ln in lines:
            if ln.startswith("msgid "):
                reading = True
                msgid.append(ln[len("msgid ") :])
            elif ln.startswith("msgstr") or ln.startswith("msgid_plural"):
                reading = False
            elif reading and ln.startswith('"'):
                msgid.append(ln)
        if msgid and msgid != ['""']:
            entries.append("".join(msgid))
    assert len(entries) > 50
    for entry in entries:
        seen[entry] = seen.get(entry, 0) + 1
    twice = sorted(entry for entry, count in seen.items() if count > 1)
    assert not twice, f"defined more than once in the nb catalogue: {twice}"


def test_every_source_string_has_a_bokmal_translation() -> None:
    """Each `_("...")` in ui/ and dvmeet/ needs a msgstr in the nb catalog."""
    extracted = _update_catalog().extract()
    assert len(extracted) > 50  # the extraction found the source
    translated = {msgid for msgid, _msgstr in _messages()}
    missing = sorted(set(extracted) - translated)
    listing = "\n".join(
        f"  {msgid!r}  ({', '.join(f'{path}:{line}' for path, line in extracted[msgid][:2])})"
        for msgid in missing
    )
    assert not missing, (
        f"{len(missing)} interface string(s) have no bokmål translation. Run "
        "`uv run python scripts/update_catalog.py` and fill in their msgstr in "
        f"resources/locale/nb/LC_MESSAGES/dvmeet.po:\n{listing}"
    )


def test_bokmal_reaches_agreement_and_console_views() -> None:
    pytest.importorskip("PySide6")
    from dvmeet.domain.agreement import MilestoneState, MilestoneTrack
    from dvmeet.domain.enums import AgreementOutcome, DisqualificationGround, VoteOutcome
    from ui.agreement.words import outcome_label, state_word, track_header
    from ui.console.words import ground_word, outcome_word, status_word

    # imported while nynorsk is chosen: the words must follow a later switch
    assert track_header(MilestoneTrack.FEEDBACK) == "Tilbakemelding"
    assert outcome_word(VoteOutcome.NOT_QUORATE) == "Ikkje vedtaksfør"
    set_language("nb")
    # the agreement view
    assert _("&Avtaleprosess") == "&Avtaleprosess"
    assert _("Kommunane i avtaleprosessen") == "Kommunene i avtaleprosessen"
    assert _("{n} har takka nei").format(n=3) == "3 har takket nei"
    assert outcome_label(AgreementOutcome.DECLINE) == "Takket nei"
    assert state_word(MilestoneState.LATE) == "Forsinket"
    # the console
    assert _("Hev møtet") == "Hev møtet"
    assert _("Registrer røystinga") == "Registrer voteringen"
    assert _("Røystemåte") == "Voteringsmåte"
    assert outcome_word(VoteOutcome.NOT_QUORATE) == "Ikke vedtaksfør"
    assert status_word("present") == "Til stede"
    assert ground_word(DisqualificationGround.FVL_6_1_A).endswith("Er selv part i saken")


def _refused_membership(ctx: Context) -> RuleRefused:
    """R-1 from the registry service: a second member for the same municipality."""
    from dvmeet.domain.enums import BodyKind, Role
    from dvmeet.services.registry import (
        add_membership,
        create_body,
        create_person,
        load_municipalities,
    )
    from dvmeet.services.registry.models import BodyIn, MembershipIn, PersonIn

    load_municipalities(ctx)
    create_body(ctx, BodyIn(code="RS", name="Representantskapet", kind=BodyKind.ELECTED, seats=43))

    def membership(name: str) -> None:
        person = create_person(ctx, PersonIn(name=name, municipality_number="4602")).id
        add_membership(
            ctx,
            MembershipIn(
                person_id=person,
                body_code="RS",
                municipality_number="4602",
                role=Role.MEDLEM,
                valid_from=dt.date(2025, 1, 1),
            ),
        )

    membership("Anne")
    with pytest.raises(RuleRefused) as caught:
        membership("Bjørn")
    return caught.value


def _validation_problems() -> list[str]:
    from dvmeet.services.models import validate
    from dvmeet.services.registry.models import PersonIn

    with pytest.raises(InvalidInput) as caught:
        validate(PersonIn, {"name": "", "email": "ikkje-ei-adresse"})
    return caught.value.problems


def test_core_messages_follow_the_language(ctx: Context) -> None:
    """Errors, validation problems and rule findings of the core are translated when made."""
    set_language("nb")
    refused = _refused_membership(ctx)
    assert refused.rule_id == "R-1"
    assert refused.message.startswith("Kinn har allerede medlem i RS i perioden: Anne, medlem, ")
    assert refused.message.endswith("før et nytt medlem føres inn.")  # no rule ID shown
    assert _validation_problems() == [
        "navn: må fylles ut",
        "e-post: «ikkje-ei-adresse» er ikke en gyldig e-postadresse",
    ]
    [late] = check_notice(dt.date(2025, 3, 1), dt.date(2025, 3, 10), 14)
    assert late.message.startswith("Innkallingen ble sendt 9 dager før møtet; fristen for ")
    assert late.message.endswith("(koml. § 11-3).")
    assert ChangedElsewhere().message.startswith("Endret av noen andre mens du arbeidet")

    set_language("nn")
    assert _validation_problems() == [
        "namn: må fyllast ut",
        "e-post: «ikkje-ei-adresse» er ikkje ei gyldig e-postadresse",
    ]
    [late] = check_notice(dt.date(2025, 3, 1), dt.date(2025, 3, 10), 14)
    assert late.message == (
        "Innkallinga vart send 9 dagar før møtet; fristen for organet er 14 dagar. "
        "Merknader til innkallinga kan takast opp i møtet (koml. § 11-3)."
    )
    assert ChangedElsewhere().message.startswith("Endra av nokon andre medan du arbeidde")


def test_core_refusal_in_nynorsk(ctx: Context) -> None:
    set_language("nn")
    refused = _refused_membership(ctx)
    assert refused.message.startswith("Kinn har alt medlem i RS i perioden: Anne, medlem, ")
    assert refused.message.endswith("før ein ny medlem vert ført inn.")  # no rule ID shown
    assert refused.rule_id == "R-1" and str(refused) == refused.message


@pytest.mark.parametrize("msgid,msgstr", _messages())
def test_translation_keeps_placeholders_and_one_accelerator(msgid: str, msgstr: str) -> None:
    assert _fields(msgstr) == _fields(msgid)
    assert msgstr.count("&") <= 1
    assert msgstr.count("&") == msgid.count("&")
    fields = {name: "x" for name in _fields(msgid)}
    msgstr.format(**fields)  # must not raise
