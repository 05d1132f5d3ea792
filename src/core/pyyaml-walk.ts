// A walk over YAML text that follows PyYAML's scanner (yaml/pyyaml lib/yaml/scanner.py @d51d8a1, the
// scanner of PyYAML 6.0.x and so of yaml.safe_load, OmegaConf and jsonargparse) token by token, without
// building values. It knows at every point whether PyYAML is in block context, in a flow collection, in a
// quoted, plain or block scalar, or in a comment, and so where PyYAML is more lenient than the `yaml` package:
//  - inside flow collections and quoted scalars PyYAML ignores indentation (unwind_indent returns in flow
//    context; scan_flow_scalar_breaks only refuses a document separator), so continuation lines may sit at
//    or left of their key, even at column 0, and whitespace-only lines may hold tabs;
//  - a comment may follow a quoted scalar or a bracket with no space between (scan_to_next_token).
// For these it lists edits that make the text acceptable to the `yaml` package without changing any value:
// leading whitespace of a continuation line is dropped by both readers, and a space before `#` is not
// content. It also stops at the first error PyYAML's scanner raises, with PyYAML's words.
// Iterative, one pass, no regex: hostile input costs linear time.

export interface TextEdit {
  /** Offset in the original text. */
  offset: number;
  /** Characters removed there. */
  remove: number;
  insert: string;
}

export interface PyyamlWalk {
  edits: TextEdit[];
  /** The edits would more than double the text (hostile input): none are given. */
  overBudget: boolean;
  /** The first error PyYAML's scanner raises on this text (offset in the original text), if any. */
  error: { offset: number; message: string } | null;
}

import { Cursor, DOUBLE_QUOTED_ESCAPES, HEX_ESCAPE_LENGTH, isBlankOrEnd, isBreak, lineEnd, NOT_PLAIN_START, plainChunkEnd, show, Stop } from './pyyaml-cursor.ts';

interface SimpleKey {
  index: number;
  lineStart: number;
  column: number;
  /** A key at the block's own indentation must be followed by `:` on its line (scanner.py save_possible_simple_key). */
  required: boolean;
}

class Walker extends Cursor {
  private flowLevel = 0;
  private indent = -1;
  private readonly indents: number[] = [];
  private allowSimpleKey = true;
  private readonly keys = new Map<number, SimpleKey>();
  /** Column of the bracket that opened the outermost flow collection. */
  private flowColumn = 0;
  private lastEditedLine = -1;
  /** Flow levels whose current entry began with an explicit `?` key. */
  private readonly explicitKeys = new Set<number>();
  readonly edits: TextEdit[] = [];
  /** Characters the edits may add in all: 64 KiB, or the text's own length when larger. */
  private budget = Math.max(this.text.length, 1 << 16);
  /** Set when the budget ran out: then no edit is used at all. */
  overBudget = false;

  run(): void {
    try {
      for (;;) {
        this.skipToToken();
        this.staleKeys();
        if (this.flowLevel === 0) this.unwind(this.column());
        if (this.i >= this.text.length) return this.end();
        this.token();
      }
    } catch (err) {
      if (!(err instanceof Stop)) throw err;
    }
  }

  private token(): void {
    const ch = this.ch();
    const next = this.ch(1);
    const block = this.flowLevel === 0;
    if (ch === '%' && this.column() === 0) return this.directive();
    if (this.atDocumentSeparator()) return this.documentIndicator();
    if (ch === '[' || ch === '{') return this.flowStart();
    if (ch === ']' || ch === '}') return this.flowEnd(ch);
    if (ch === ',') {
      if (block) this.fail("found ',' outside a flow collection");
      this.explicitKeys.delete(this.flowLevel);
      this.allowSimpleKey = true;
      this.removeKey();
      this.i++;
      return;
    }
    if (ch === '-' && isBlankOrEnd(next)) return this.indicator('sequence entries are not allowed here', true);
    if (ch === '?' && (!block || isBlankOrEnd(next))) {
      if (!block) this.explicitKeys.add(this.flowLevel);
      return this.indicator('mapping keys are not allowed here', block);
    }
    if (ch === ':' && (!block || isBlankOrEnd(next))) return this.value();
    if (ch === '*' || ch === '&') return this.anchor(ch);
    if (ch === '!') return this.tag();
    if ((ch === '|' || ch === '>') && block) return this.blockScalar();
    if (ch === "'" || ch === '"') return this.quoted(ch);
    const plainStart =
      (ch !== undefined && !isBlankOrEnd(ch) && !NOT_PLAIN_START.includes(ch)) ||
      (!isBlankOrEnd(next) && (ch === '-' || (block && (ch === '?' || ch === ':'))));
    if (plainStart) return this.plain();
    if (ch === '\t') this.fail('found a tab that cannot start any token (PyYAML takes tabs only inside quoted or block scalars and comments; use spaces)');
    this.fail(`found character ${show(ch)} that cannot start any token`);
  }

  /** scan_to_next_token: spaces (not tabs), comments and line breaks. */
  private skipToToken(): void {
    for (;;) {
      while (this.ch() === ' ') this.i++;
      if (this.ch() === '#') {
        // PyYAML takes a comment straight after a quoted scalar or bracket; the `yaml` package wants a space.
        if (this.i > this.lineStart && this.text[this.i - 1] !== ' ') this.edits.push({ offset: this.i, remove: 0, insert: ' ' });
        this.i = lineEnd(this.text, this.i);
      }
      if (!isBreak(this.ch())) return;
      this.lineBreak();
      if (this.flowLevel === 0) this.allowSimpleKey = true;
      else this.reindent(this.flowColumn + 1, false);
    }
  }

  /**
   * A line inside a flow collection or quoted scalar, where PyYAML does not look at indentation: give it
   * enough leading spaces for the `yaml` package (more than the column the construct opened at, which is at
   * least its block's indentation). Inside quoted scalars, leading tabs go too (PyYAML and YAML 1.2 both
   * drop leading blanks of a continuation line); in flow context a tab stays, for PyYAML refuses it.
   */
  private reindent(target: number, tabsToo: boolean): void {
    const start = this.lineStart;
    if (this.lastEditedLine === start) return;
    let spaces = 0;
    while (this.text[start + spaces] === ' ') spaces++;
    let blanks = spaces;
    if (tabsToo) while (this.text[start + blanks] === ' ' || this.text[start + blanks] === '\t') blanks++;
    const first = this.text[start + blanks];
    const blankLine = first === undefined || isBreak(first);
    if (spaces >= target || (blankLine && !tabsToo)) return;
    if (blankLine && blanks === 0 && first === undefined) return;
    this.lastEditedLine = start;
    this.budget -= target - blanks;
    if (this.budget < 0) this.overBudget = true;
    if (!this.overBudget) this.edits.push({ offset: start, remove: blanks, insert: ' '.repeat(target) });
  }

  private staleKeys(): void {
    if (this.keys.size === 0) return; // most tokens: no iterator to allocate
    for (const [level, key] of this.keys) {
      if (key.lineStart !== this.lineStart || this.i - key.index > 1024) {
        if (key.required) this.fail("could not find expected ':' after a simple key", key.index);
        this.keys.delete(level);
      }
    }
  }
  private saveKey(): void {
    if (!this.allowSimpleKey) return;
    this.removeKey();
    const column = this.column();
    this.keys.set(this.flowLevel, { index: this.i, lineStart: this.lineStart, column, required: this.flowLevel === 0 && this.indent === column });
  }
  private removeKey(): void {
    const key = this.keys.get(this.flowLevel);
    if (key?.required) this.fail("could not find expected ':' after a simple key", key.index);
    this.keys.delete(this.flowLevel);
  }
  private unwind(column: number): void {
    while (this.indent > column) this.indent = this.indents.pop() ?? -1;
  }
  private addIndent(column: number): void {
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
    }
  }

  private end(): void {
    if (this.flowLevel > 0) this.fail('found the end of the file inside a flow collection ([ ] or { })');
    this.unwind(-1);
    this.removeKey();
  }

  private directive(): void {
    if (this.flowLevel > 0) this.fail('found a directive (%) inside a flow collection');
    this.unwind(-1);
    this.removeKey();
    this.allowSimpleKey = false;
    // %YAML and %TAG take space-separated values and then only a comment (scan_directive_ignored_line).
    const strict = this.text.startsWith('%YAML', this.i) || this.text.startsWith('%TAG', this.i);
    while (this.i < this.text.length && !isBreak(this.ch())) {
      if (this.ch() === '#' && this.text[this.i - 1] === ' ') break;
      if (strict && this.ch() === '\t') this.fail("while scanning a directive: expected a comment or a line break, but found '\\t'");
      this.i++;
    }
    while (this.i < this.text.length && !isBreak(this.ch())) this.i++;
  }

  private documentIndicator(): void {
    if (this.flowLevel > 0) this.fail('found a document separator (--- or ...) inside a flow collection');
    this.unwind(-1);
    this.removeKey();
    this.allowSimpleKey = false;
    this.i += 3;
  }

  private flowStart(): void {
    this.saveKey();
    if (this.flowLevel === 0) this.flowColumn = this.column();
    this.flowLevel++;
    this.explicitKeys.delete(this.flowLevel);
    this.allowSimpleKey = true;
    this.i++;
  }

  private flowEnd(ch: string): void {
    this.removeKey();
    if (this.flowLevel === 0) this.fail(`found '${ch}' with no collection open`);
    this.explicitKeys.delete(this.flowLevel);
    this.flowLevel--;
    this.allowSimpleKey = false;
    this.i++;
  }

  /** `- ` and `? `: block entry and complex key (fetch_block_entry, fetch_key). */
  private indicator(refusal: string, allowAfter: boolean): void {
    if (this.flowLevel === 0) {
      if (!this.allowSimpleKey) this.fail(refusal);
      this.addIndent(this.column());
    }
    this.allowSimpleKey = allowAfter;
    this.removeKey();
    this.i++;
  }

  private value(): void {
    const key = this.keys.get(this.flowLevel);
    if (key) {
      this.keys.delete(this.flowLevel);
      if (this.flowLevel === 0) this.addIndent(key.column);
      this.allowSimpleKey = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.allowSimpleKey) this.fail('mapping values are not allowed here');
        // A `:` with no key right of the block's indentation opens a mapping that starts with a value,
        // which PyYAML's parser refuses (parser.py parse_block_mapping_key).
        if (this.indent < this.column()) this.fail("while parsing a block mapping: expected <block end>, but found ':'");
      }
      // In a flow collection a `:` needs a key on its own line or an explicit `?` key (parser.py
      // parse_flow_sequence_entry / parse_flow_mapping_key: "expected ',' or ']', but got ':'").
      if (this.flowLevel > 0 && !this.explicitKeys.has(this.flowLevel)) this.fail("found ':' with no key before it on its line, inside a flow collection (PyYAML expected ',' or a closing bracket)");
      this.allowSimpleKey = this.flowLevel === 0;
      this.removeKey();
    }
    this.explicitKeys.delete(this.flowLevel);
    this.i++;
  }

  private anchor(ch: string): void {
    this.saveKey();
    this.allowSimpleKey = false;
    this.scanAnchor(ch);
  }

  private tag(): void {
    this.saveKey();
    this.allowSimpleKey = false;
    this.scanTag();
  }

  private quoted(quote: string): void {
    this.saveKey();
    this.allowSimpleKey = false;
    const start = this.i;
    const target = (this.flowLevel > 0 ? this.flowColumn : this.column()) + 1;
    this.i++;
    for (;;) {
      const ch = this.ch();
      if (ch === undefined) this.fail('while scanning a quoted scalar: found unexpected end of stream (the closing quote is missing)', start);
      if (ch === quote) {
        if (quote === "'" && this.ch(1) === "'") {
          this.i += 2;
          continue;
        }
        this.i++;
        return;
      }
      if (quote === '"' && ch === '\\') {
        const escaped = this.ch(1);
        if (isBreak(escaped)) {
          this.i++;
          this.continuationLines(start, target);
        } else if (escaped !== undefined && HEX_ESCAPE_LENGTH[escaped]) {
          this.i += 2;
          for (let k = 0; k < HEX_ESCAPE_LENGTH[escaped]; k++, this.i++) {
            if (!/[0-9A-Fa-f]/.test(this.ch() ?? '')) this.fail(`while scanning a double-quoted scalar: expected escape sequence of ${HEX_ESCAPE_LENGTH[escaped]} hexadecimal numbers, but found ${show(this.ch())}`);
          }
        } else if (escaped !== undefined && DOUBLE_QUOTED_ESCAPES.includes(escaped)) {
          this.i += 2;
        } else {
          this.fail(`while scanning a double-quoted scalar: found unknown escape character ${show(escaped)}`, this.i + 1);
        }
        continue;
      }
      if (isBreak(ch)) this.continuationLines(start, target);
      else this.i++;
    }
  }

  /** scan_flow_scalar_breaks: from a line break inside a quoted scalar to its next non-blank character. */
  private continuationLines(start: number, target: number): void {
    while (isBreak(this.ch())) {
      this.lineBreak();
      if (this.atDocumentSeparator()) this.fail('while scanning a quoted scalar: found unexpected document separator', this.i);
      this.reindent(target, true);
      while (this.ch() === ' ' || this.ch() === '\t') this.i++;
    }
    if (this.i >= this.text.length) this.fail('while scanning a quoted scalar: found unexpected end of stream (the closing quote is missing)', start);
  }

  /** scan_plain: in block context a continuation line must sit right of the block's indentation. */
  private plain(): void {
    this.saveKey();
    this.allowSimpleKey = false;
    const flow = this.flowLevel > 0;
    const minColumn = this.indent + 1;
    const start = this.i;
    for (;;) {
      if (this.ch() === '#') return;
      const chunk = this.i;
      this.i = plainChunkEnd(this.text, this.i, flow);
      if (this.i === chunk) return;
      if (flow && chunk === start) this.quoteLoneDash(start);
      this.allowSimpleKey = false;
      if (!this.plainSpaces()) return;
      if (this.ch() === '#' || (!flow && this.column() < minColumn)) return;
    }
  }

  /**
   * `[-, _]`: in a flow collection PyYAML reads a `-` before `,`, `]` or `}` as the plain scalar "-" (check_plain: a
   * `-` not followed by a blank starts one), where the `yaml` package takes it for a block list and refuses the file.
   * Quoted, it is the same string for every loader (no YAML 1.1 or 1.2 type matches "-").
   */
  private quoteLoneDash(start: number): void {
    const after = this.text[this.i];
    if (this.i !== start + 1 || this.text[start] !== '-' || (after !== ',' && after !== ']' && after !== '}')) return;
    this.budget -= 2;
    if (this.budget < 0) this.overBudget = true;
    if (!this.overBudget) this.edits.push({ offset: start, remove: 1, insert: "'-'" });
  }

  /** scan_plain_spaces: true when the scalar may go on (spaces, or line breaks without a document separator). */
  private plainSpaces(): boolean {
    const start = this.i;
    while (this.ch() === ' ') this.i++;
    if (!isBreak(this.ch())) return this.i > start;
    this.lineBreak();
    this.allowSimpleKey = true;
    if (this.flowLevel > 0) this.reindent(this.flowColumn + 1, false);
    if (this.atDocumentSeparator()) return false;
    while (this.ch() === ' ' || isBreak(this.ch())) {
      if (this.ch() === ' ') this.i++;
      else {
        this.lineBreak();
        if (this.flowLevel > 0) this.reindent(this.flowColumn + 1, false);
        if (this.atDocumentSeparator()) return false;
      }
    }
    return true;
  }

  private blockScalar(): void {
    this.allowSimpleKey = true;
    this.removeKey();
    this.scanBlockScalar(this.indent);
  }
}

/**
 * Walks `text` as PyYAML's scanner would. Text holding a line break only PyYAML knows (NEL, U+2028,
 * U+2029) gets no edits: its lines are not the `yaml` package's lines.
 */
export function walkLikePyyaml(text: string): PyyamlWalk {
  // Three plain searches: much faster than one regex with a class over a whole file.
  if (text.includes('\x85') || text.includes('\u2028') || text.includes('\u2029')) return { edits: [], overBudget: false, error: null };
  const walker = new Walker(text);
  walker.run();
  return { edits: walker.overBudget ? [] : walker.edits, overBudget: walker.overBudget, error: walker.error };
}
