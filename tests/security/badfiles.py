"""Files a hostile or careless person uploads: executables renamed, zip bombs, XXE workbooks, broken zips."""

import functools
import io
import os
import zipfile

from openpyxl import Workbook

# Big enough to cross the 200 MB unpacked limit of unions.uploads.
BOMB_BYTES = 210 * 1024 * 1024


def png(size=64):
    """A real PNG of noise (so it does not compress: a few KB per 32 px)."""
    from PIL import Image

    image = Image.frombytes("RGB", (size, size), os.urandom(size * size * 3))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def elf():
    """The header of a 64-bit Linux executable, then code-like bytes."""
    return b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + os.urandom(4000)


def pe():
    """A Windows executable: the MZ stub and the PE header it points at."""
    stub = bytearray(b"MZ" + b"\x90\x00" * 29 + b"\x00" * 2)
    stub[0x3C:0x40] = (0x80).to_bytes(4, "little")
    stub = bytes(stub).ljust(0x80, b"\x00")
    return stub + b"PE\x00\x00\x64\x86" + os.urandom(4000)


def xlsx(rows=(("姓名", "加入日期"), ("张三", "2025-01-02"))):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace_member(data, name, content):
    """The workbook `data` with member `name` replaced by `content`."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, content if info.filename == name else src.read(info.filename))
    return out.getvalue()


XXE_SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c></row>
<row r="2"><c r="A2" t="inlineStr"><is><t>&xxe;</t></is></c></row>
</sheetData>
</worksheet>
"""

LAUGHS_SHEET = b"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!DOCTYPE worksheet [
<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&e;</t></is></c></row></sheetData>
</worksheet>
"""


def xxe_xlsx():
    """A workbook whose sheet declares an external entity reading /etc/passwd."""
    return _replace_member(xlsx(), "xl/worksheets/sheet1.xml", XXE_SHEET)


def laughs_xlsx():
    """A workbook whose sheet expands nested entities (the billion laughs)."""
    return _replace_member(xlsx(), "xl/worksheets/sheet1.xml", LAUGHS_SHEET)


@functools.cache
def bomb_xlsx():
    """A real workbook plus one member of 210 MB of zeros: about 200 KB on the wire."""
    out = io.BytesIO(xlsx())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        with archive.open("xl/media/padding.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(BOMB_BYTES // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def lying_bomb_xlsx():
    """A member whose header claims 1 KB while its stream inflates to 210 MB (sizes forged)."""
    data = bytearray(bomb_xlsx())
    archive = zipfile.ZipFile(io.BytesIO(bytes(data)))
    info = archive.getinfo("xl/media/padding.bin")
    # Patch the uncompressed size in the central directory (zip64 extra field holds it).
    marker = (BOMB_BYTES).to_bytes(8, "little")
    position = data.rfind(marker)
    assert position > info.header_offset
    data[position : position + 8] = (1024).to_bytes(8, "little")
    return bytes(data)


def corrupt_xlsx():
    """A workbook whose compressed bytes are overwritten in the middle."""
    data = bytearray(xlsx())
    middle = len(data) // 2
    data[middle : middle + 200] = os.urandom(200)
    return bytes(data)


def truncated_xlsx():
    data = xlsx()
    return data[: len(data) // 2]
