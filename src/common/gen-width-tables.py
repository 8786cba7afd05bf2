#!/usr/bin/env python3
"""Generate src/common/utf8_width_tables.h, the display-width tables of utf8.c.

wicket must not ask the C library for character widths (wcwidth() depends on
the locale, and wicket may run under GB18030 or the C locale), so the width of
every code point comes from two sorted range tables built here from the
Unicode Character Database:

  utf8_wide_table  East_Asian_Width W or F (2 columns), including the
                   unassigned code points UAX #11 says default to W, so that
                   ideographs added by a newer Unicode are still drawn wide.
  utf8_zero_table  General_Category Mn and Me (combining marks), the
                   zero-width format characters U+200B..200F, U+2028..202E,
                   U+2060..2064 and U+FEFF, the variation selectors
                   U+FE00..FE0F and U+E0100..E01EF, and the conjoining Hangul
                   medial vowels and final consonants U+1160..11FF and
                   U+D7B0..D7FF, which render as part of the preceding
                   syllable (0 columns).

A code point in both (e.g. U+3099, a wide combining kana mark) is zero width.
Controls (C0, DEL, C1) are handled in utf8.c itself and are in neither table.

Data source, in order of preference:
  1. --ucd DIR, or /usr/share/unicode (Debian package "unicode-data"):
     UnicodeData.txt and EastAsianWidth.txt of that version;
  2. python3's own unicodedata module (whatever Unicode version it carries).

Usage:  python3 src/common/gen-width-tables.py [--ucd DIR] > src/common/utf8_width_tables.h
"""

import argparse
import os
import re
import sys

MAX_CP = 0x10FFFF

# UAX #11: unassigned code points in these ranges default to W.
DEFAULT_WIDE = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
                (0x20000, 0x2FFFD), (0x30000, 0x3FFFD)]

EXTRA_ZERO = [
    (0x1160, 0x11FF),    # Hangul Jamo medial vowels and final consonants
    (0xD7B0, 0xD7FF),    # Hangul Jamo Extended-B, same role
    (0x200B, 0x200F),    # ZWSP, ZWNJ, ZWJ, LRM, RLM
    (0x2028, 0x202E),    # line/paragraph separators, bidi embeddings
    (0x2060, 0x2064),    # word joiner, invisible operators
    (0xFE00, 0xFE0F),    # variation selectors
    (0xFEFF, 0xFEFF),    # zero width no-break space (BOM)
    (0xE0100, 0xE01EF),  # variation selectors supplement
]


def read_ucd(ucd):
    """Return (version, categories dict cp->gc, eaw dict cp->value) from UCD files."""
    eaw_path = os.path.join(ucd, "EastAsianWidth.txt")
    ud_path = os.path.join(ucd, "UnicodeData.txt")
    version = "unknown"
    eaw = {}
    with open(eaw_path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#\s*EastAsianWidth-([0-9.]+)\.txt", line)
            if m:
                version = m.group(1)
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            rng, val = (x.strip() for x in line.split(";"))
            lo, _, hi = rng.partition("..")
            for cp in range(int(lo, 16), int(hi or lo, 16) + 1):
                eaw[cp] = val
    gc = {}
    with open(ud_path, encoding="utf-8") as f:
        first = None
        for line in f:
            fields = line.split(";")
            cp, name, cat = int(fields[0], 16), fields[1], fields[2]
            if name.endswith(", First>"):
                first = cp
                continue
            if name.endswith(", Last>"):
                for c in range(first, cp + 1):
                    gc[c] = cat
                continue
            gc[cp] = cat
    return version, gc.get, lambda cp: eaw.get(cp, "N")


def read_python():
    import unicodedata
    return (unicodedata.unidata_version,
            lambda cp: unicodedata.category(chr(cp)),
            lambda cp: unicodedata.east_asian_width(chr(cp)))


def ranges(pred):
    """Sorted, merged [lo, hi] ranges of the code points satisfying pred."""
    out = []
    for cp in range(MAX_CP + 1):
        if not pred(cp):
            continue
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def emit(name, table, out):
    out.write("static const struct utf8_range %s[] = {\n" % name)
    for i in range(0, len(table), 3):
        row = ", ".join("{ 0x%05X, 0x%05X }" % (lo, hi) for lo, hi in table[i:i + 3])
        out.write("\t%s,\n" % row)
    out.write("};\n\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ucd", help="directory with UnicodeData.txt and EastAsianWidth.txt")
    args = ap.parse_args()

    ucd = args.ucd
    if ucd is None and os.path.exists("/usr/share/unicode/EastAsianWidth.txt"):
        ucd = "/usr/share/unicode"
    if ucd:
        version, category, east_asian_width = read_ucd(ucd)
        source = "UnicodeData.txt and EastAsianWidth.txt"
    else:
        version, category, east_asian_width = read_python()
        source = "python3 unicodedata"

    zero = set()
    for lo, hi in EXTRA_ZERO:
        zero.update(range(lo, hi + 1))
    default_wide = set()
    for lo, hi in DEFAULT_WIDE:
        default_wide.update(range(lo, hi + 1))

    def is_zero(cp):
        return cp in zero or category(cp) in ("Mn", "Me")

    def is_wide(cp):
        if is_zero(cp):
            return False
        if category(cp) in (None, "Cn") and cp in default_wide:
            return True
        return east_asian_width(cp) in ("W", "F")

    wide = ranges(is_wide)
    zero_r = ranges(is_zero)

    out = sys.stdout
    out.write("/* utf8_width_tables.h - display-width tables for utf8.c.\n"
              " *\n"
              " * GENERATED by src/common/gen-width-tables.py from Unicode %s\n"
              " * (%s).\n"
              " * Do not edit by hand: rerun the script.\n"
              " * Both tables are sorted, non-overlapping, inclusive ranges, for\n"
              " * binary search.\n"
              " * utf8_wide_table: %d ranges; utf8_zero_table: %d ranges. */\n\n"
              % (version, source, len(wide), len(zero_r)))
    out.write("#define UTF8_WIDTH_UNICODE_VERSION \"%s\"\n\n" % version)
    emit("utf8_wide_table", wide, out)
    emit("utf8_zero_table", zero_r, out)


if __name__ == "__main__":
    main()
