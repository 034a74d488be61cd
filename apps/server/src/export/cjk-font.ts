import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { AppError } from '../http/app-error.ts';

// The printable receipt needs a font with Chinese glyphs; pdf-lib's standard fonts have none. No font is shipped
// with the project (a full CJK font is 10–20 MB): the machine's own is embedded. CJK_FONT_PATH names one;
// otherwise Debian's Droid Sans Fallback (fonts-droid-fallback), then whatever fontconfig lists for Chinese.

const knownPaths = ['/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'];

async function fontconfigChineseFonts(): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('fc-list', [':lang=zh', 'file'], { timeout: 5_000 });
    return (
      stdout
        .split('\n')
        .map((line) => line.replace(/:\s*$/, '').trim())
        // pdf-lib's fontkit embeds single fonts; a collection (.ttc) needs a face picked, which it cannot.
        .filter((file) => /\.(ttf|otf)$/i.test(file))
    );
  } catch {
    return [];
  }
}

let found: Promise<Uint8Array | null> | undefined;

/** The bytes of a font with Chinese glyphs (.ttf/.otf), or null when the machine has none. Read once. */
export function loadCjkFont(configured: string | null): Promise<Uint8Array | null> {
  found ??= (async () => {
    const candidates = [configured, ...knownPaths, ...(await fontconfigChineseFonts())].filter(
      (file): file is string => Boolean(file),
    );
    const file = candidates.find((candidate) => existsSync(candidate));
    return file ? new Uint8Array(await readFile(file)) : null;
  })();
  return found;
}

/** The Chinese font a printable PDF needs, or the refusal a person reads when the server has none. */
export async function requireCjkFont(configured: string | null): Promise<Uint8Array> {
  const font = await loadCjkFont(configured);
  if (!font) {
    throw new AppError('PRINT_UNAVAILABLE', '服务器上没有中文字体，暂时不能生成 PDF，请联系系统管理员');
  }
  return font;
}
