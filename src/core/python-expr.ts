// Expressions of a parsed Python module: literals, names bound earlier in the file, arithmetic, lists and
// dicts, attribute and index lookups, and calls of a few pure builtins (recorded, never executed). The
// statement walker in python-eval.ts extends this with assignments, imports and definitions.
import type { SyntaxNode } from '@lezer/common';
import { callParts, children, hasError, isExpr, pointerOfName, PUNCT, type SourceView } from './python-tree.ts';
import { arith, BUILTINS, formatShown, known, MATH, mergeFrom, numeric, readNumberLiteral, readStringLiteral, unknown, type Binding, type CallInfo, type EvalOptions, type Evaluated, type Evaluation, type FunctionInfo, type Known } from './python-values.ts';
import { spend } from './budget.ts';
import type { Origin, Span } from './types.ts';

/** Expressions nested deeper than this are not evaluated (the tree may be thousands of levels deep). */
const MAX_DEPTH = 100;
/** Longest string a concatenation may build, and longest arithmetic text kept for a message. */
const MAX_STRING = 10_000;
const MAX_SHOWN = 2_000;

const NOT_EVALUATED: Record<string, string> = {
  ConditionalExpression: 'a conditional expression depends on the run',
  LambdaExpression: 'a lambda is not evaluated',
  FormatString: 'an f-string is not evaluated',
  ArrayComprehensionExpression: 'a comprehension is not evaluated',
  DictionaryComprehensionExpression: 'a comprehension is not evaluated',
  SetComprehensionExpression: 'a comprehension is not evaluated',
  ComprehensionExpression: 'a generator expression is not evaluated',
  SetExpression: 'a set is not evaluated',
  AwaitExpression: 'await is not evaluated',
  YieldExpression: 'yield is not evaluated',
  NamedExpression: 'an assignment expression (:=) is not evaluated',
};

export class ExpressionWalker {
  readonly bindings = new Map<string, Binding>();
  readonly initial: ReadonlyMap<string, Known>;
  readonly calls: CallInfo[] = [];
  readonly functions = new Map<string, FunctionInfo>();
  readonly imports = new Map<string, string>();
  readonly skipped: Evaluation['skipped'] = [];

  constructor(readonly src: SourceView, readonly options: EvalOptions) {
    this.initial = options.initial ?? new Map();
  }

  text(n: SyntaxNode): string {
    return this.src.text.slice(n.from, n.to);
  }

  line(n: SyntaxNode): number {
    return this.src.span(n.from, n.from).line;
  }

  origin(name: string, n: SyntaxNode): Origin {
    return { key: name, pointer: pointerOfName(name), span: this.src.span(n.from, n.to) };
  }

  bind(name: string, nameNode: SyntaxNode, result: Evaluated, valueNode?: SyntaxNode, call?: CallInfo): void {
    const binding: Binding = {
      name,
      result,
      origin: this.origin(name, nameNode),
      valueSpan: this.src.span((valueNode ?? nameNode).from, (valueNode ?? nameNode).to),
      source: valueNode ? this.text(valueNode) : '',
      literal: !!valueNode && (['Number', 'String', 'Boolean', 'None'].includes(valueNode.name) || (valueNode.name === 'UnaryExpression' && valueNode.lastChild?.name === 'Number')),
    };
    if (call) binding.call = call;
    this.bindings.set(name, binding);
  }

  lookup(name: string): Evaluated {
    const b = this.bindings.get(name);
    if (b) {
      const from = mergeFrom([b.origin], b.result.from);
      if (b.result.ok && b.result.value.t === 'str') spend(Math.ceil(b.result.value.v.length / 64), 'evaluating Python expressions');
      if (b.result.ok) return known(b.result.value, b.result.value.t === 'module' ? name : formatShown(b.result.value), from);
      return unknown(b.result.reason.startsWith('depends on') ? b.result.reason : `depends on \`${name}\` (line ${b.origin.span.line}): ${b.result.reason}`, from);
    }
    const given = this.initial.get(name);
    if (given) return given;
    return unknown(`\`${name}\` is not defined in this file`);
  }

  // ------------------------------------------------------------------------------------------------
  // Expressions

  expr(n: SyntaxNode | null | undefined, depth = 0): Evaluated {
    if (!n) return unknown('missing expression');
    spend(1, 'evaluating Python expressions');
    if (depth > MAX_DEPTH) return unknown(`expression nests deeper than ${MAX_DEPTH} levels`);
    if (hasError(n, this.src)) return unknown('the reader could not parse this expression');
    const text = this.text(n);
    switch (n.name) {
      case 'Number': {
        const literal = this.src.literalAt(n.from) ?? text;
        const value = readNumberLiteral(literal);
        if (typeof value === 'string') return unknown(value);
        return value ? known(value, literal) : unknown(`complex number ${literal} is not evaluated`);
      }
      case 'String': {
        const v = readStringLiteral(text);
        return v === undefined ? unknown('bytes and f-strings are not evaluated') : known({ t: 'str', v }, text);
      }
      case 'ContinuedString': {
        let v = '';
        for (const part of children(n)) {
          const s = this.expr(part, depth + 1);
          if (!s.ok || s.value.t !== 'str') return s.ok ? unknown('bytes and f-strings are not evaluated') : s;
          v += s.value.v;
        }
        return known({ t: 'str', v }, text);
      }
      case 'Boolean':
        return known({ t: 'bool', v: text === 'True' }, text);
      case 'None':
        return known({ t: 'none' }, 'None');
      case 'VariableName':
        return this.lookup(text);
      case 'ParenthesizedExpression': {
        const inner = this.expr(children(n).find(isExpr), depth + 1);
        return inner.ok ? { ...inner, shown: `(${inner.shown})` } : inner;
      }
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.sequence(n, n.name === 'TupleExpression' ? 'tuple' : 'list', depth);
      case 'DictionaryExpression':
        return this.dict(n, depth);
      case 'UnaryExpression':
        return this.unary(n, depth);
      case 'BinaryExpression':
        return this.binary(n, depth);
      case 'CallExpression':
        return this.call(n, depth).result;
      case 'MemberExpression':
        return this.member(n, depth);
    }
    return unknown(NOT_EVALUATED[n.name] ?? `${text.length > 40 ? `${text.slice(0, 40)}...` : text} is not evaluated`);
  }

  sequence(n: SyntaxNode, t: 'list' | 'tuple', depth: number): Evaluated {
    const parts = children(n).filter(isExpr);
    if (parts.some((p) => p.name === '*')) return unknown(`unpacking with * in a ${t} is not evaluated`);
    const items = parts.map((p) => this.expr(p, depth + 1));
    const bad = items.find((i) => !i.ok);
    if (bad) return unknown(`an item of the ${t} is unknown: ${(bad as { reason: string }).reason}`, mergeFrom(...items.map((i) => i.from)));
    const shown = items.map((i) => (i as Known).shown).join(', ');
    return known({ t, items }, t === 'list' ? `[${shown}]` : `(${shown}${items.length === 1 ? ',' : ''})`, mergeFrom(...items.map((i) => i.from)));
  }

  dict(n: SyntaxNode, depth: number): Evaluated {
    const parts = children(n).filter((c) => !PUNCT.has(c.name));
    if (parts.some((p) => p.name === '**')) return unknown('unpacking with ** in a dict is not evaluated');
    const entries: Array<{ key: string; keySpan: Span; value: Evaluated }> = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      const keyNode = parts[i]!;
      const key = this.expr(keyNode, depth + 1);
      if (!key.ok || key.value.t !== 'str') return unknown('a dict whose keys are not plain strings is not evaluated');
      entries.push({ key: key.value.v, keySpan: this.src.span(keyNode.from, keyNode.to), value: this.expr(parts[i + 1], depth + 1) });
    }
    return known({ t: 'dict', entries }, this.text(n));
  }

  unary(n: SyntaxNode, depth: number): Evaluated {
    const [op, arg] = children(n);
    const value = this.expr(arg, depth + 1);
    const sign = op ? this.text(op) : '';
    if (!value.ok) return value;
    const num = value.value.t === 'bool' ? { t: 'int' as const, v: value.value.v ? 1 : 0 } : value.value;
    if ((sign === '-' || sign === '+') && (num.t === 'int' || num.t === 'float')) {
      return known({ t: num.t, v: sign === '-' ? -num.v : num.v }, `${sign}${value.shown}`, value.from);
    }
    return unknown(sign === 'not' ? 'boolean logic is not evaluated' : `${sign} on ${value.value.t} is not evaluated`, value.from);
  }

  binary(n: SyntaxNode, depth: number): Evaluated {
    const [left, op, right] = children(n);
    const opText = op ? this.text(op) : '';
    if (op?.name !== 'ArithOp') return unknown(`${/^(and|or|not|in|is)/.test(opText) ? 'boolean logic' : 'a comparison or bitwise operation'} (${opText}) is not evaluated`);
    const a = this.expr(left, depth + 1);
    const b = this.expr(right, depth + 1);
    const from = mergeFrom(a.from, b.from);
    if (!a.ok) return { ...a, from };
    if (!b.ok) return { ...b, from };
    const shown = `${a.shown} ${opText === '*' ? 'x' : opText} ${b.shown}`;
    if (a.value.t === 'str' && b.value.t === 'str' && opText === '+') {
      // `s = s + s` repeated doubles the text: a config's strings are paths and names, far below this.
      if (a.value.v.length + b.value.v.length > MAX_STRING) return unknown(`a string longer than ${MAX_STRING} characters is not evaluated`, from);
      return known({ t: 'str', v: a.value.v + b.value.v }, shown.length > MAX_SHOWN ? `${a.shown.slice(0, 40)}... + ...` : shown, from);
    }
    const x = numeric(a.value);
    const y = numeric(b.value);
    if (!x || !y) return unknown(`${opText} on ${a.value.t} and ${b.value.t} is not evaluated`, from);
    const result = arith(opText, x, y);
    return typeof result === 'string' ? unknown(`${shown}: ${result}`, from) : known(result, shown, from);
  }

  member(n: SyntaxNode, depth: number): Evaluated {
    const parts = children(n);
    const base = this.expr(parts[0], depth + 1);
    const prop = parts.find((p) => p.name === 'PropertyName');
    if (prop) {
      const name = this.text(prop);
      if (base.ok && base.value.t === 'module' && base.value.name === 'math' && (name === 'pi' || name === 'e' || name === 'inf')) {
        return known({ t: 'float', v: name === 'pi' ? Math.PI : name === 'e' ? Math.E : Infinity }, `math.${name}`);
      }
      return unknown(`attribute \`${this.text(n)}\` is not evaluated`, base.from);
    }
    const index = this.expr(parts.find((p, i) => i > 0 && isExpr(p)), depth + 1);
    if (!base.ok) return base;
    if (!index.ok) return index;
    const v = base.value;
    const from = mergeFrom(base.from, index.from);
    if (v.t === 'dict' && index.value.t === 'str') {
      const key = index.value.v;
      const entry = [...v.entries].reverse().find((e) => e.key === key);
      if (!entry) return unknown(`KeyError: ${index.shown}`, from);
      return entry.value.ok ? { ...entry.value, from: mergeFrom(from, entry.value.from) } : entry.value;
    }
    if ((v.t === 'list' || v.t === 'tuple') && index.value.t === 'int') {
      const i = index.value.v < 0 ? v.items.length + index.value.v : index.value.v;
      const item = v.items[i];
      return item ?? unknown(`IndexError: index ${index.value.v} of a ${v.items.length}-item ${v.t}`, from);
    }
    return unknown(`subscript \`${this.text(n)}\` is not evaluated`, from);
  }

  call(n: SyntaxNode, depth: number): { info: CallInfo; result: Evaluated } {
    const [calleeNode, argList] = children(n);
    const callee = calleeNode ? this.text(calleeNode).replace(/\s+/g, '') : '';
    const info: CallInfo = { callee, args: [], argSources: [], kwargs: new Map(), kwargSources: new Map(), span: this.src.span(n.from, n.to) };
    const { parts, starred } = callParts(argList);
    for (const part of parts) {
      if (part.kind === 'keyword') {
        info.kwargs.set(this.text(part.name), this.expr(part.value, depth + 1));
        info.kwargSources.set(this.text(part.name), part.value ? this.text(part.value) : '');
      } else {
        info.args.push(this.expr(part.node, depth + 1));
        info.argSources.push(this.text(part.node));
      }
    }
    const from = mergeFrom(...info.args.map((a) => a.from));
    const hooked = this.options.call?.(info);
    if (hooked) return { info, result: hooked };
    const fn = !this.bindings.has(callee) && !this.initial.has(callee) ? BUILTINS[callee] : undefined;
    const math = /^math\.(\w+)$/.exec(callee);
    const mathFn = math && this.lookup('math').ok ? MATH[math[1]!] : undefined;
    const impl = fn ?? mathFn;
    if (!impl || starred || info.kwargs.size > 0) return { info, result: unknown(`call of ${callee}() is not evaluated`, from) };
    const bad = info.args.find((a) => !a.ok);
    if (bad) return { info, result: { ...bad, from } };
    const values = info.args.map((a) => (a as Known).value);
    const result = impl(values);
    const shown = `${callee}(${info.args.map((a) => (a as Known).shown).join(', ')})`;
    return { info, result: typeof result === 'string' ? unknown(`${shown}: ${result}`, from) : known(result, shown, from) };
  }
}
