"""PDF/A-2b post-processing with pikepdf (AR-2): XMP with pdfaid, an sRGB OutputIntent.

ReportLab embeds the fonts and writes no encryption and no JavaScript; it cannot write an
OutputIntent, so one is added here with an sRGB ICC profile made by Pillow. Not done here:
validation with veraPDF (not installable on our machines); tests check the structure.
"""

from __future__ import annotations

import io

import pikepdf
from PIL import ImageCms

from dvmeet.documents.models import DocumentMeta
from dvmeet.documents.text import normalise

_ICC: bytes | None = None


def srgb_profile() -> bytes:
    global _ICC
    if _ICC is None:
        profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
        _ICC = profile.tobytes()
    return _ICC


def to_pdfa(pdf: bytes, meta: DocumentMeta) -> bytes:
    """The same document as PDF/A-2b: metadata in XMP and the Info dictionary, the
    language on the catalog, an sRGB OutputIntent."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        if doc.is_encrypted:
            raise ValueError("an encrypted PDF cannot be PDF/A")
        icc = doc.make_stream(srgb_profile())
        icc.N = 3
        intent = pikepdf.Dictionary(
            Type=pikepdf.Name.OutputIntent,
            S=pikepdf.Name.GTS_PDFA1,
            OutputConditionIdentifier=pikepdf.String("sRGB IEC61966-2.1"),
            Info=pikepdf.String("sRGB IEC61966-2.1"),
            DestOutputProfile=icc,
        )
        root = doc.Root
        root.OutputIntents = pikepdf.Array([doc.make_indirect(intent)])
        root.Lang = pikepdf.String(meta.language)
        root.MarkInfo = pikepdf.Dictionary(Marked=False)
        for key in ("/OpenAction", "/AA", "/JavaScript"):
            if key in root:
                del root[key]
        if "/Trapped" in doc.docinfo:
            del doc.docinfo["/Trapped"]  # no XMP equivalent in PDF/A-2
        with doc.open_metadata(set_pikepdf_as_editor=False) as xmp:
            xmp.load_from_docinfo(doc.docinfo)
            xmp["dc:title"] = normalise(meta.title)
            xmp["dc:creator"] = [normalise(meta.author)]
            xmp["dc:description"] = normalise(meta.subject)
            xmp["dc:language"] = [meta.language]
            xmp["pdfaid:part"] = "2"
            xmp["pdfaid:conformance"] = "B"
        out = io.BytesIO()
        doc.save(out, fix_metadata_version=True, deterministic_id=False)
        return out.getvalue()
