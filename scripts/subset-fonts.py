#!/usr/bin/env python3
"""Rebuild the printed-document fonts in resources/fonts/ from Debian's font packages.

Needs: apt-get install fonts-noto-cjk fonts-hanazono fonts-babelstone-han python3-fonttools
(run with /usr/bin/python3). Then regenerate the name rule's glyph table: node scripts/name-glyphs.mjs.
Outputs (the first three SIL OFL 1.1, the last Arphic Public License; see the licence files beside them):
  NotoSansSC-Common.ttf  Noto Sans CJK SC limited to GB 2312 (every character of it) plus Latin,
                         punctuation and symbols: the primary font, small so that a receipt renders fast;
                         converted from CFF to TrueType outlines, which pdfkit subsets several times faster.
  NotoSansSC-Rest.otf    every other character Noto Sans CJK SC has (rest of the BMP incl. Ext A, and
                         its Ext B characters): first fallback.
  HanaMinB.ttf           HanaMin B (花園明朝 B): CJK Extension B–F, second fallback for rare characters
                         outside the BMP.
  BabelStoneHan-Ext.ttf  BabelStone Han, only the CJK ideographs none of the fonts above has (most of them
                         in Extensions G and H): third fallback. Arphic Public License: the file carries a
                         notice of the change in its name table, as the licence asks.
The split is deterministic: the same packages give the same files.
"""
import sys
from fontTools.ttLib import TTCollection, TTFont
from fontTools import subset

NOTO = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc'
HANA_B = '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf'
BABELSTONE = '/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf'
out = sys.argv[1] if len(sys.argv) > 1 else 'resources/fonts'


def gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([hi, lo]).decode('gb2312')))
            except UnicodeDecodeError:
                pass
    return chars


common = gb2312()
for lo, hi in [(0x20, 0x7E), (0xA0, 0x17F), (0x2000, 0x206F), (0x2100, 0x218F), (0x2190, 0x21FF), (0x2460, 0x24FF),
               (0x2500, 0x25FF), (0x3000, 0x303F), (0x3200, 0x32FF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF)]:
    common.update(range(lo, hi + 1))


def options():
    o = subset.Options()
    o.layout_features = ['kern', 'vert', 'vrt2', 'locl', 'ccmp']
    o.hinting = False
    o.name_IDs = ['*']
    o.name_languages = ['*']
    o.notdef_outline = True
    o.glyph_names = False
    o.recalc_timestamp = False
    return o


def to_truetype(font):
    """CFF outlines to quadratic TrueType outlines (max error 1 unit), in place."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable('glyf')
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    for tag in ('CFF ', 'VORG'):
        if tag in font:
            del font[tag]
    font['glyf'] = glyf
    font['loca'] = newTable('loca')
    maxp = font['maxp']
    maxp.tableVersion = 0x00010000
    for k in ('maxZones', 'maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs',
              'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
        setattr(maxp, k, 0)
    maxp.maxZones = 1
    font['head'].indexToLocFormat = 0
    font['head'].glyphDataFormat = 0
    font['post'].formatType = 3.0
    font.sfntVersion = '\x00\x01\x00\x00'


def cut(font, unicodes, path, truetype=False):
    s = subset.Subsetter(options())
    s.populate(unicodes=sorted(unicodes))
    s.subset(font)
    if truetype:
        to_truetype(font)
    font.save(path)
    print(path, len(font.getBestCmap()), 'characters')


sc_face = TTCollection(NOTO).fonts[2]
assert sc_face['name'].getDebugName(4) == 'Noto Sans CJK SC'
sc_all = set(sc_face.getBestCmap())
cut(TTCollection(NOTO).fonts[2], common & sc_all, f'{out}/NotoSansSC-Common.ttf', truetype=True)
cut(TTCollection(NOTO).fonts[2], sc_all - common, f'{out}/NotoSansSC-Rest.otf')
hana = TTFont(HANA_B)
cut(hana, {cp for cp in hana.getBestCmap() if cp >= 0x20000}, f'{out}/HanaMinB.ttf')

# CJK ideograph blocks only (URO, Ext A, compatibility, Ext B-I, compatibility supplement, Ext G-H): BabelStone
# Han's symbol glyphs carry another licence (CC BY-SA) and are never taken.
IDEOGRAPHS = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0x20000, 0x2EE5F), (0x2F800, 0x2FA1F), (0x30000, 0x323AF)]
covered = sc_all | set(TTFont(HANA_B).getBestCmap())
babel = TTFont(BABELSTONE)
version = babel['name'].getDebugName(5)
wanted = {cp for cp in babel.getBestCmap() if cp not in covered and any(lo <= cp <= hi for lo, hi in IDEOGRAPHS)}
notice = (f'Modified by the enrollment desk project (scripts/subset-fonts.py): subset of BabelStone Han {version} '
          'from Debian fonts-babelstone-han to the CJK ideographs that Noto Sans CJK SC and HanaMin B lack; '
          'outlines unchanged. Distributed under the Arphic Public License (resources/fonts/LICENSE-BabelStoneHan-debian-copyright.txt).')
for rec in babel['name'].names:
    if rec.nameID == 10:
        babel['name'].removeNames(nameID=10)
        break
babel['name'].setName(notice, 10, 3, 1, 0x409)
babel['name'].setName(notice, 10, 1, 0, 0)
cut(babel, wanted, f'{out}/BabelStoneHan-Ext.ttf')
