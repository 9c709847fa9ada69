// Stands in for `iconv-lite` inside the mysql2 bundle (esbuild.mjs resolves it here; scripts/mysql2-slim.mjs).
// mysql2 asks iconv-lite only for encodings Node's Buffer does not know (lib/parsers/string.js), and iconv-lite's
// CJK tables were the largest part of the mysql chunk. The runtimes TableTalk runs on (Node with full ICU, VS Code's
// Electron) decode all of them with TextDecoder. TableTalk's connections use utf8mb4, so this path is only reached
// when a server sends a column in its own charset (character_set_results NULL).
import { TextDecoder } from 'node:util';
import { l10n } from '../messages';
import { DatasourceError } from './types';

/** What mysql2 calls on a decoder: one value per write(), then end(). */
export interface TextDecoderLike {
  write(buf: Uint8Array): string;
  end(): string | undefined;
}

/**
 * mysql2's encoding names (lib/constants/charset_encodings.js) that are not Buffer encodings, as WHATWG labels.
 * Those missing (dec8, hp8, swe7, cp850, cp852, keybcs2, armscii8, geostd8) have no TextDecoder: they get an error
 * rather than a guess, since latin1 would silently return the wrong letters.
 */
const whatwgLabels: Record<string, string> = {
  big5: 'big5',
  latin2: 'iso-8859-2',
  koi8r: 'koi8-r',
  koi8u: 'koi8-u',
  eucjp: 'euc-jp',
  eucjpms: 'euc-jp',
  ujis: 'euc-jp',
  sjis: 'shift_jis',
  cp932: 'shift_jis', // WHATWG's shift_jis is Windows-31J, the cp932 superset
  cp1250: 'windows-1250',
  cp1251: 'windows-1251',
  cp1256: 'windows-1256',
  cp1257: 'windows-1257',
  cp1252: 'windows-1252',
  hebrew: 'iso-8859-8',
  greek: 'iso-8859-7',
  latin5: 'iso-8859-9',
  latin7: 'iso-8859-13',
  tis620: 'windows-874', // a superset of TIS-620 (WHATWG's label tis-620 names it)
  euckr: 'euc-kr',
  gb2312: 'gbk',
  gbk: 'gbk',
  gb18030: 'gb18030',
  cp866: 'ibm866',
  macintosh: 'macintosh',
  macroman: 'macintosh',
  // MySQL's utf16 is big-endian without a BOM; utf16-le is mysql2's spelling of utf16le.
  utf16: 'utf-16be',
  'utf16-le': 'utf-16le',
  // cesu8 is mysql2's name for utf8mb3: at most three bytes a character, so no surrogate pairs, so plain UTF-8.
  cesu8: 'utf-8',
};

function unsupported(encoding: string, cause?: unknown): DatasourceError {
  return new DatasourceError(
    l10n.t('TableTalk cannot decode text in the MySQL character set {0}.', encoding),
    l10n.t('Read it through a utf8mb4 connection character set (as TableTalk\'s own connections do), or convert it in the query: CONVERT(column USING utf8mb4).'),
    { code: 'query', cause },
  );
}

/** MySQL's utf32: big-endian UTF-32, which TextDecoder does not know; a code point every four bytes. */
function utf32Decoder(): TextDecoderLike {
  let rest = new Uint8Array(0);
  return {
    write(buf) {
      const b = rest.length ? Uint8Array.from([...rest, ...buf]) : buf;
      const whole = b.length - (b.length % 4);
      let out = '';
      for (let i = 0; i < whole; i += 4) {
        const cp = ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
        out += cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? '\ufffd' : String.fromCodePoint(cp);
      }
      rest = b.slice(whole);
      return out;
    },
    end() {
      const partial = rest.length > 0;
      rest = new Uint8Array(0);
      return partial ? '\ufffd' : undefined;
    },
  };
}

/** iconv-lite's getDecoder as mysql2 uses it; `options` (iconv-lite's BOM handling) keep TextDecoder's defaults. */
export function getDecoder(encoding: string, _options?: unknown): TextDecoderLike {
  const name = String(encoding).toLowerCase();
  if (name === 'utf32') return utf32Decoder();
  const label = whatwgLabels[name];
  if (!label) throw unsupported(encoding);
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(label, { fatal: false });
  } catch (e) {
    // A Node built without full ICU knows only the Unicode encodings.
    throw unsupported(encoding, e);
  }
  return {
    write: (buf) => decoder.decode(buf, { stream: true }),
    end: () => decoder.decode() || undefined,
  };
}

/** mysql2 encodes queries and parameters in the connection's charset: TableTalk's is utf8mb4, a Buffer encoding. */
export function getEncoder(encoding: string, _options?: unknown): { write(s: string): Buffer; end(): Buffer | undefined } {
  if (Buffer.isEncoding(encoding)) return { write: (s) => Buffer.from(s, encoding), end: () => undefined };
  throw unsupported(encoding);
}
