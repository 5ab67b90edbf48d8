import { parseDecimal } from '@lifecircle/shared';

/**
 * A streaming scanner for the XML that OpenStreetMap tools write, working on
 * bytes: elements with attributes, whitespace between them, the XML
 * declaration, comments, a DOCTYPE, and text inside elements (an Overpass
 * <note>). It is specialised for speed — attribute values stay byte ranges
 * until asked for, numbers are parsed from the bytes — yet checks what a
 * reader must: quoted attribute values, valid entity references, matching
 * close tags, nothing left open at the end, valid UTF-8 in the strings it
 * decodes. Anything else is reported with its line number.
 */
export interface XmlTagHandler {
  /** An opening or self-closing tag. `tag` is reused between calls: read what you need now. */
  open(tag: ScannedTag): void;
  close(name: string): void;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

/** The tag being handled: its name and attributes as byte ranges of the current buffer. */
export class ScannedTag {
  name = '';
  bytes: Uint8Array = new Uint8Array(0);
  numAttributes = 0;
  keyStart: number[] = [];
  keyEnd: number[] = [];
  valueStart: number[] = [];
  valueEnd: number[] = [];
  /** Line of the tag, computed on demand by the scanner. */
  line: () => number = () => 0;

  /** Index of the attribute named `name` (ASCII), or -1. */
  find(name: string): number {
    const bytes = this.bytes;
    for (let a = 0; a < this.numAttributes; a++) {
      const start = this.keyStart[a]!;
      if (this.keyEnd[a]! - start !== name.length) continue;
      let i = 0;
      while (i < name.length && bytes[start + i] === name.charCodeAt(i)) i++;
      if (i === name.length) return a;
    }
    return -1;
  }

  /** The decoded value of an attribute, or undefined. */
  text(name: string): string | undefined {
    const a = this.find(name);
    return a < 0 ? undefined : this.valueText(a);
  }

  valueText(a: number): string {
    return decodeValue(this.bytes, this.valueStart[a]!, this.valueEnd[a]!, this.line);
  }

  keyText(a: number): string {
    return decodeValue(this.bytes, this.keyStart[a]!, this.keyEnd[a]!, this.line);
  }

  /**
   * The attribute as a number, NaN when missing or not a number. Plain
   * decimals of up to 15 digits are parsed from the bytes: integer / 10^k is
   * correctly rounded, the same double Number() gives; anything else goes
   * through Number() when it is decimal notation.
   */
  number(name: string): number {
    const a = this.find(name);
    if (a < 0) return NaN;
    const bytes = this.bytes;
    let i = this.valueStart[a]!;
    const end = this.valueEnd[a]!;
    if (i === end) return NaN;
    let negative = false;
    if (bytes[i] === 45) {
      negative = true;
      i++;
    }
    let mantissa = 0;
    let digits = 0;
    let fraction = -1;
    for (; i < end; i++) {
      const c = bytes[i]!;
      if (c >= 48 && c <= 57) {
        mantissa = mantissa * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0) fraction = 0;
      else break;
    }
    if (i < end || digits === 0 || digits > 15) {
      // Decimal notation only: Number() would also read 0x1F, 0b1 or a blank as numbers.
      return parseDecimal(this.valueText(a));
    }
    const value = fraction > 0 ? mantissa / POW10[fraction]! : mantissa;
    return negative ? -value : value;
  }
}

function decodeValue(bytes: Uint8Array, start: number, end: number, line: () => number): string {
  let ascii = true;
  let hasEntity = false;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c > 127) ascii = false;
    else if (c === 38) hasEntity = true;
    // XML 1.0 has no NUL character (and PostgreSQL's text cannot hold one).
    else if (c === 0) throw new XmlSyntaxError('a NUL character (U+0000) in a value', line());
  }
  let text: string;
  if (ascii) text = (bytes as Buffer).toString('latin1', start, end);
  else {
    try {
      text = decoder.decode(bytes.subarray(start, end));
    } catch {
      throw new XmlSyntaxError('invalid UTF-8', line());
    }
  }
  return hasEntity ? decodeEntities(text, line) : text;
}

function decodeEntities(raw: string, line: () => number): string {
  return raw.replace(/&([^;&]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError(`unterminated entity reference "${match}"`, line());
    let code = NaN;
    if (body.startsWith('#x') || body.startsWith('#X')) code = parseInt(body.slice(2), 16);
    else if (body.startsWith('#')) code = parseInt(body.slice(1), 10);
    else {
      const entity = ENTITIES[body];
      if (entity === undefined) throw new XmlSyntaxError(`unknown entity "${match}"`, line());
      return entity;
    }
    // &#0; names no XML character (and PostgreSQL's text cannot hold U+0000).
    if (!(code >= 1 && code <= 0x10ffff)) throw new XmlSyntaxError(`bad character reference "${match}"`, line());
    return String.fromCodePoint(code);
  });
}

function isNameByte(c: number): boolean {
  // Letters, digits, '_', ':', '-', '.', and any byte of a multi-byte UTF-8 character.
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45 || c === 46 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function indexOfBytes(bytes: Uint8Array, pattern: string, from: number): number {
  const first = pattern.charCodeAt(0);
  for (let i = bytes.indexOf(first, from); i >= 0; i = bytes.indexOf(first, i + 1)) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern.charCodeAt(k)) k++;
    if (k === pattern.length) return i;
    if (i + k >= bytes.length) return -1;
  }
  return -1;
}

/** Names of the elements OSM files hold, recognised without making a string per tag. */
const KNOWN_NAMES = [
  'nd',
  'tag',
  'node',
  'way',
  'relation',
  'member',
  'osm',
  'bounds',
  'bound',
  'note',
  'meta',
  'osmChange',
  'create',
  'modify',
  'delete',
];

export class XmlTagScanner {
  private pending: Buffer = Buffer.alloc(0);
  private linesBefore = 1; // line number at the start of `pending`
  private readonly stack: string[] = [];
  private readonly tag = new ScannedTag();
  private sawElement = false;
  /** Whether the first bytes (and a byte-order mark among them) have been seen. */
  private isPastStart = false;
  private buffer: Uint8Array = new Uint8Array(0);
  private tagAt = 0;

  constructor(private readonly handler: XmlTagHandler) {
    this.tag.line = () => this.line;
  }

  /** Scans a chunk of bytes; a tag cut at the chunk's end waits for the next chunk. */
  write(chunk: Uint8Array): void {
    // A Buffer, for its fast latin1Slice on ASCII values.
    let bytes =
      this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (!this.isPastStart) {
      // A UTF-8 byte-order mark may open the file (Windows tools write one); it is not text outside the root.
      if (bytes.length < BOM.length && BOM.subarray(0, bytes.length).equals(bytes)) {
        this.pending = Buffer.from(bytes);
        return;
      }
      if (bytes.subarray(0, BOM.length).equals(BOM)) bytes = bytes.subarray(BOM.length);
      this.isPastStart = true;
    }
    this.buffer = bytes;
    this.tag.bytes = bytes;
    let pos = 0;
    for (;;) {
      const lt = bytes.indexOf(60 /* < */, pos);
      const textEnd = lt < 0 ? bytes.length : lt;
      // Text inside elements is skipped; outside the root only space may stand.
      if (this.stack.length === 0) {
        for (let i = pos; i < textEnd; i++) {
          if (!isSpace(bytes[i]!)) {
            this.tagAt = i;
            throw new XmlSyntaxError('unexpected text outside the root element', this.line);
          }
        }
      }
      if (lt < 0) {
        pos = bytes.length;
        break;
      }
      this.tagAt = lt;
      const end = this.scanTag(bytes, lt);
      if (end < 0) {
        pos = lt;
        break;
      }
      pos = end;
    }
    let lines = 0;
    for (let i = 0; i < pos; i++) if (bytes[i] === 10) lines++;
    this.linesBefore += lines;
    this.pending = Buffer.from(bytes.subarray(pos));
    this.buffer = this.pending;
    this.tagAt = 0;
  }

  /** Ends the input: fails on an unfinished tag or unclosed element. */
  close(): void {
    for (const c of this.pending) if (!isSpace(c)) throw new XmlSyntaxError('the file ends inside a tag', this.line);
    if (this.stack.length > 0) throw new XmlSyntaxError(`the file ends inside <${this.stack[this.stack.length - 1]}>`, this.line);
    if (!this.sawElement) throw new XmlSyntaxError('no element in the file', this.line);
  }

  /** The line of the tag being handled (computed on demand: only errors ask). */
  get line(): number {
    let line = this.linesBefore;
    const bytes = this.buffer;
    for (let i = bytes.indexOf(10, 0); i >= 0 && i < this.tagAt; i = bytes.indexOf(10, i + 1)) line++;
    return line;
  }

  private fail(message: string, at: number): never {
    this.tagAt = at;
    throw new XmlSyntaxError(message, this.line);
  }

  private nameAt(bytes: Uint8Array, start: number, end: number): string {
    const length = end - start;
    for (const name of KNOWN_NAMES) {
      if (name.length !== length) continue;
      let i = 0;
      while (i < length && bytes[start + i] === name.charCodeAt(i)) i++;
      if (i === length) return name;
    }
    return decodeValue(bytes, start, end, () => this.line);
  }

  /** Scans the tag at `lt`; returns the index after it, or -1 when the bytes end first. */
  private scanTag(bytes: Uint8Array, lt: number): number {
    const length = bytes.length;
    if (lt + 1 >= length) return -1;
    const first = bytes[lt + 1]!;
    if (first === 63 /* ? */) {
      const end = indexOfBytes(bytes, '?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (first === 33 /* ! */) {
      if (lt + 9 > length) return -1;
      if (bytes[lt + 2] === 45 && bytes[lt + 3] === 45) {
        const end = indexOfBytes(bytes, '-->', lt + 4);
        return end < 0 ? -1 : end + 3;
      }
      if (indexOfBytes(bytes.subarray(lt, lt + 9), '<!DOCTYPE', 0) === 0) {
        const end = bytes.indexOf(62, lt);
        return end < 0 ? -1 : end + 1;
      }
      this.fail('unsupported markup (CDATA or declaration)', lt);
    }
    const isClose = first === 47; /* / */
    let i = isClose ? lt + 2 : lt + 1;
    const nameStart = i;
    while (i < length && isNameByte(bytes[i]!)) i++;
    if (i >= length) return -1;
    if (i === nameStart) this.fail('a tag without a name', lt);
    const nameEnd = i;
    if (isClose) {
      while (i < length && isSpace(bytes[i]!)) i++;
      if (i >= length) return -1;
      const name = this.nameAt(bytes, nameStart, nameEnd);
      if (bytes[i] !== 62) this.fail(`malformed </${name}>`, lt);
      const open = this.stack.pop();
      if (open !== name) this.fail(`</${name}> closes ${open === undefined ? 'nothing' : `<${open}>`}`, lt);
      this.handler.close(name);
      return i + 1;
    }
    const tag = this.tag;
    tag.numAttributes = 0;
    for (;;) {
      const before = i;
      while (i < length && isSpace(bytes[i]!)) i++;
      if (i >= length) return -1;
      const c = bytes[i]!;
      if (c === 62 /* > */ || c === 47 /* / */) {
        const isSelfClosing = c === 47;
        if (isSelfClosing) {
          if (i + 1 >= length) return -1;
          if (bytes[i + 1] !== 62) this.fail(`malformed <${this.nameAt(bytes, nameStart, nameEnd)}>`, lt);
        }
        const name = this.nameAt(bytes, nameStart, nameEnd);
        if (this.stack.length === 0 && this.sawElement) this.fail(`a second root element <${name}>`, lt);
        this.sawElement = true;
        tag.name = name;
        if (!isSelfClosing) this.stack.push(name);
        this.handler.open(tag);
        if (isSelfClosing) this.handler.close(name);
        return i + (isSelfClosing ? 2 : 1);
      }
      if (i === before) this.fail('expected a space between attributes', i);
      const keyStart = i;
      while (i < length && isNameByte(bytes[i]!)) i++;
      if (i >= length) return -1;
      if (i === keyStart) this.fail(`unexpected "${String.fromCharCode(bytes[i]!)}" in a tag`, i);
      const keyEnd = i;
      while (i < length && isSpace(bytes[i]!)) i++;
      if (i >= length) return -1;
      if (bytes[i] !== 61 /* = */)
        this.fail(`attribute ${decodeValue(bytes, keyStart, keyEnd, () => this.line)} has no value`, i);
      i++;
      while (i < length && isSpace(bytes[i]!)) i++;
      if (i >= length) return -1;
      const quote = bytes[i]!;
      if (quote !== 34 && quote !== 39)
        this.fail(`attribute ${decodeValue(bytes, keyStart, keyEnd, () => this.line)} is not quoted`, i);
      let close = i + 1;
      while (close < length && bytes[close] !== quote) {
        if (bytes[close] === 60) this.fail('"<" in an attribute value', i);
        close++;
      }
      if (close >= length) return -1;
      const a = tag.numAttributes++;
      tag.keyStart[a] = keyStart;
      tag.keyEnd[a] = keyEnd;
      tag.valueStart[a] = i + 1;
      tag.valueEnd[a] = close;
      i = close + 1;
    }
  }
}
