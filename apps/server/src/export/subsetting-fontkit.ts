import { Readable } from 'node:stream';
import * as fontkit from 'fontkit';
import type { PDFDocument } from 'pdf-lib';

// pdf-lib embeds fonts through a fontkit. Its own fork (@pdf-lib/fontkit) writes broken subsets of CJK fonts
// (TrueType: a short `loca` without padding, so most glyphs render blank; CFF: a bad header), which is why the
// receipt once embedded the whole 2 MB font. Upstream fontkit writes them correctly; the one difference pdf-lib
// meets is that a subset is encoded at once (`encode()`) instead of as a stream (`encodeStream()`).

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];

/** Upstream fontkit as pdf-lib expects it, so `embedFont(bytes, { subset: true })` embeds the glyphs used only. */
export const subsettingFontkit: Fontkit = {
  create(bytes: Uint8Array) {
    const font = fontkit.create(Buffer.from(bytes));
    if (!('createSubset' in font))
      throw new Error('a font collection (.ttc) cannot be embedded: pick one face');
    const createSubset = font.createSubset.bind(font);
    return Object.assign(font, {
      createSubset: () => {
        const subset = createSubset();
        return Object.assign(subset, { encodeStream: () => Readable.from([subset.encode()]) });
      },
    }) as unknown as ReturnType<Fontkit['create']>;
  },
};
