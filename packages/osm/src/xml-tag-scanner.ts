/**
 * A streaming scanner for the XML that OpenStreetMap tools write: elements
 * with attributes, whitespace between them, the XML declaration, comments
 * and a DOCTYPE. It is specialised for speed (about five times a general XML
 * parser on OSM files, see bench/RESULTS.md) yet checks what a reader must:
 * quoted attribute values, entity references, matching close tags, nothing
 * left open at the end. Anything else is reported with its line number.
 */
export interface XmlTagHandler {
  /** An opening or self-closing tag; `attributes` is reused between calls: copy what you keep. */
  open(name: string, attributes: AttributeList, isSelfClosing: boolean): void;
  close(name: string): void;
}

/** Attribute names and values of one tag, in order. */
export class AttributeList {
  names: string[] = [];
  values: string[] = [];
  length = 0;

  get(name: string): string | undefined {
    for (let i = 0; i < this.length; i++) if (this.names[i] === name) return this.values[i];
    return undefined;
  }
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(raw: string, line: () => number): string {
  return raw.replace(/&([^;&]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError(`unterminated entity reference "${match}"`, line());
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const code = parseInt(body.slice(2), 16);
      if (!Number.isFinite(code)) throw new XmlSyntaxError(`bad character reference "${match}"`, line());
      return String.fromCodePoint(code);
    }
    if (body.startsWith('#')) {
      const code = parseInt(body.slice(1), 10);
      if (!Number.isFinite(code)) throw new XmlSyntaxError(`bad character reference "${match}"`, line());
      return String.fromCodePoint(code);
    }
    const entity = ENTITIES[body];
    if (entity === undefined) throw new XmlSyntaxError(`unknown entity "${match}"`, line());
    return entity;
  });
}

function isNameChar(c: number): boolean {
  // Letters, digits, '_', ':', '-', '.', and anything beyond ASCII.
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 58) || c === 95 || c === 45 || c === 46 || c > 127;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

export class XmlTagScanner {
  private pending = '';
  private linesBefore = 1; // line number at the start of `pending`
  private readonly stack: string[] = [];
  private readonly attributes = new AttributeList();
  private sawElement = false;
  private text = '';
  private tagAt = 0;

  constructor(private readonly handler: XmlTagHandler) {}

  /** Scans a chunk of text; a tag cut at the chunk's end waits for the next chunk. */
  write(chunk: string): void {
    const text = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.text = text;
    let pos = 0;
    const lineAt = (at: number) => {
      let line = this.linesBefore;
      for (let i = text.indexOf('\n'); i >= 0 && i < at; i = text.indexOf('\n', i + 1)) line++;
      return line;
    };
    for (;;) {
      const lt = text.indexOf('<', pos);
      const textEnd = lt < 0 ? text.length : lt;
      // Text inside elements (an Overpass <note>) is skipped; outside the root only space may stand.
      if (this.stack.length === 0) {
        for (let i = pos; i < textEnd; i++) {
          if (!isSpace(text.charCodeAt(i))) throw new XmlSyntaxError('unexpected text outside the root element', lineAt(i));
        }
      }
      if (lt < 0) {
        pos = text.length;
        break;
      }
      const end = this.tag(text, lt, lineAt);
      if (end < 0) {
        pos = lt;
        break;
      }
      pos = end;
    }
    // Keep the unfinished tail; count the lines of what was consumed.
    for (let i = text.indexOf('\n'); i >= 0 && i < pos; i = text.indexOf('\n', i + 1)) this.linesBefore++;
    this.pending = text.slice(pos);
    this.text = this.pending;
    this.tagAt = 0;
  }

  /** The line of the tag being handled (computed on demand: only errors ask). */
  get line(): number {
    let line = this.linesBefore;
    for (let i = this.text.indexOf('\n'); i >= 0 && i < this.tagAt; i = this.text.indexOf('\n', i + 1)) line++;
    return line;
  }

  /** Ends the input: fails on an unfinished tag or unclosed element. */
  close(): void {
    if (this.pending.trim().length > 0) throw new XmlSyntaxError('the file ends inside a tag', this.linesBefore);
    if (this.stack.length > 0)
      throw new XmlSyntaxError(`the file ends inside <${this.stack[this.stack.length - 1]}>`, this.linesBefore);
    if (!this.sawElement) throw new XmlSyntaxError('no element in the file', this.linesBefore);
  }

  /** Scans the tag at `lt`; returns the index after it, or -1 when the text ends first. */
  private tag(text: string, lt: number, lineAt: (at: number) => number): number {
    const first = text.charCodeAt(lt + 1);
    if (Number.isNaN(first)) return -1;
    if (first === 63 /* ? */) {
      const end = text.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (first === 33 /* ! */) {
      if (text.startsWith('<!--', lt)) {
        const end = text.indexOf('-->', lt + 4);
        return end < 0 ? -1 : end + 3;
      }
      if (text.length < lt + 9) return -1;
      if (text.startsWith('<!DOCTYPE', lt)) {
        const end = text.indexOf('>', lt);
        return end < 0 ? -1 : end + 1;
      }
      throw new XmlSyntaxError('unsupported markup (CDATA or declaration)', lineAt(lt));
    }
    const isClose = first === 47; /* / */
    let i = isClose ? lt + 2 : lt + 1;
    const nameStart = i;
    while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
    if (i >= text.length) return -1;
    if (i === nameStart) throw new XmlSyntaxError('a tag without a name', lineAt(lt));
    const name = text.slice(nameStart, i);
    if (isClose) {
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) return -1;
      if (text.charCodeAt(i) !== 62) throw new XmlSyntaxError(`malformed </${name}>`, lineAt(lt));
      this.tagAt = lt;
      const open = this.stack.pop();
      if (open !== name)
        throw new XmlSyntaxError(`</${name}> closes ${open === undefined ? 'nothing' : `<${open}>`}`, lineAt(lt));
      this.handler.close(name);
      return i + 1;
    }
    const attributes = this.attributes;
    attributes.length = 0;
    for (;;) {
      const before = i;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) return -1;
      const c = text.charCodeAt(i);
      if (c === 62 /* > */ || c === 47 /* / */) {
        const isSelfClosing = c === 47;
        if (isSelfClosing) {
          if (i + 1 >= text.length) return -1;
          if (text.charCodeAt(i + 1) !== 62) throw new XmlSyntaxError(`malformed <${name}>`, lineAt(lt));
        }
        if (this.stack.length === 0 && this.sawElement) throw new XmlSyntaxError(`a second root element <${name}>`, lineAt(lt));
        this.sawElement = true;
        this.tagAt = lt;
        if (!isSelfClosing) this.stack.push(name);
        this.handler.open(name, attributes, isSelfClosing);
        if (isSelfClosing) this.handler.close(name);
        return i + (isSelfClosing ? 2 : 1);
      }
      if (i === before) throw new XmlSyntaxError(`expected a space between attributes of <${name}>`, lineAt(i));
      const keyStart = i;
      while (i < text.length && isNameChar(text.charCodeAt(i))) i++;
      if (i >= text.length) return -1;
      if (i === keyStart) throw new XmlSyntaxError(`unexpected "${text[i]}" in <${name}>`, lineAt(i));
      const key = text.slice(keyStart, i);
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) return -1;
      if (text.charCodeAt(i) !== 61 /* = */) throw new XmlSyntaxError(`attribute ${key} of <${name}> has no value`, lineAt(i));
      i++;
      while (i < text.length && isSpace(text.charCodeAt(i))) i++;
      if (i >= text.length) return -1;
      const quote = text.charCodeAt(i);
      if (quote !== 34 && quote !== 39) throw new XmlSyntaxError(`attribute ${key} of <${name}> is not quoted`, lineAt(i));
      const close = text.indexOf(quote === 34 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      let value = text.slice(i + 1, close);
      if (value.includes('<')) throw new XmlSyntaxError(`"<" in attribute ${key} of <${name}>`, lineAt(i));
      if (value.includes('&')) value = decodeEntities(value, () => lineAt(i));
      attributes.names[attributes.length] = key;
      attributes.values[attributes.length] = value;
      attributes.length++;
      i = close + 1;
    }
  }
}
