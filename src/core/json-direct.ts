// JSON that passed parse.ts's strict check, read directly: the same data, scalar sources and key and value positions
// as parse-yaml.ts gives through the `yaml` package (which reads JSON as YAML 1.2), at a fraction of its cost. A
// repository's JSON is mostly datasets and tokenizers of megabytes, each parsed during discovery. What this reader
// leaves to parse-yaml.ts: a key written twice, a `__proto__` key, a document that is not an object or an array, and
// anything past the node and depth limits (parse-yaml.ts states them). As for YAML (yaml-plain-subset.ts), where a
// list or mapping ends is asked of the full reader on first read (direct-read.ts). Held to it by
// __tests__/json-direct.test.ts.
import { escapePointerToken } from './document.ts';
import { coreValue, DirectReader, NOT_DIRECT, readDirect, type DirectRead } from './direct-read.ts';
import type { Span } from './types.ts';
import type { Range } from './yaml-positions.ts';

const QUOTE = 34;

const ESCAPED: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

class JsonReader extends DirectReader {
  private i = 0;

  read(): unknown {
    this.space();
    const first = this.text.charCodeAt(this.i);
    if (first !== 123 && first !== 91) throw NOT_DIRECT; // `{` or `[`
    const data = this.value('', 0, undefined);
    this.space();
    if (this.i !== this.text.length) throw NOT_DIRECT;
    return data;
  }

  private space(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.i);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return;
      this.i++;
    }
  }

  private value(pointer: string, depth: number, keyAt: Range | undefined): unknown {
    const text = this.text;
    const c = text.charCodeAt(this.i);
    if (c === 123 || c === 91) {
      this.placeCollection(pointer, keyAt, depth);
      return c === 123 ? this.object(pointer, depth) : this.array(pointer, depth);
    }
    const start = this.i;
    let value: unknown;
    let source: string;
    if (c === QUOTE) {
      value = source = this.string();
    } else {
      // A number, true, false or null: up to the next delimiter. The `yaml` package reads it as a plain scalar.
      while (this.i < text.length && !',]} \n\r\t'.includes(text[this.i]!)) this.i++;
      source = text.slice(start, this.i);
      value = coreValue(source);
    }
    this.placeScalar(pointer, keyAt, [start, this.i, this.i], { source, plain: c !== QUOTE }, depth);
    return value;
  }

  private object(pointer: string, depth: number): Record<string, unknown> {
    const text = this.text;
    const out: Record<string, unknown> = {};
    this.i++;
    this.space();
    if (text.charCodeAt(this.i) === 125) {
      this.i++;
      return out;
    }
    for (;;) {
      this.space();
      if (text.charCodeAt(this.i) !== QUOTE) throw NOT_DIRECT;
      const keyStart = this.i;
      const key = this.string();
      if (key === '__proto__' || Object.hasOwn(out, key)) throw NOT_DIRECT;
      const keyAt: Range = [keyStart, this.i, this.i];
      this.space();
      if (text.charCodeAt(this.i) !== 58) throw NOT_DIRECT; // `:`
      this.i++;
      this.space();
      out[key] = this.value(`${pointer}/${escapePointerToken(key)}`, depth + 1, keyAt);
      this.space();
      const c = text.charCodeAt(this.i++);
      if (c === 125) return out;
      if (c !== 44) throw NOT_DIRECT;
    }
  }

  private array(pointer: string, depth: number): unknown[] {
    const text = this.text;
    const items: unknown[] = [];
    this.i++;
    this.space();
    if (text.charCodeAt(this.i) === 93) {
      this.i++;
      return items;
    }
    for (;;) {
      this.space();
      items.push(this.value(`${pointer}/${items.length}`, depth + 1, undefined));
      this.space();
      const c = text.charCodeAt(this.i++);
      if (c === 93) return items;
      if (c !== 44) throw NOT_DIRECT;
    }
  }

  /** A JSON string at the current position; leaves the position after its closing quote. */
  private string(): string {
    const text = this.text;
    let from = ++this.i;
    let out = '';
    for (;;) {
      const close = text.indexOf('"', this.i);
      const escape = text.indexOf('\\', this.i);
      if (close < 0) throw NOT_DIRECT;
      if (escape < 0 || close < escape) {
        this.i = close + 1;
        return out + text.slice(from, close);
      }
      out += text.slice(from, escape);
      const kind = text[escape + 1]!;
      if (kind === 'u') {
        const hex = text.slice(escape + 2, escape + 6);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw NOT_DIRECT;
        out += String.fromCharCode(parseInt(hex, 16));
        from = this.i = escape + 6;
      } else {
        const replaced = ESCAPED[kind];
        if (replaced === undefined) throw NOT_DIRECT;
        out += replaced;
        from = this.i = escape + 2;
      }
    }
  }
}

/**
 * The document of a JSON text (already checked to be strict JSON), or null to read it with parse-yaml.ts.
 * `collectionSpan` gives the span of a list or mapping, by pointer, as parse-yaml.ts does.
 */
export function readJsonDirect(text: string, collectionSpan: (pointer: string) => Span): DirectRead | null {
  return readDirect(() => new JsonReader(text, collectionSpan));
}
