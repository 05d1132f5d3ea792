// Walks a parsed Python module (a @lezer/python tree) and evaluates what can be known without running it:
// top-level assignments (and those of the `if __name__ == "__main__":` block) whose values are literals,
// names bound earlier in the file and simple arithmetic on them. Anything else is "unknown" with the
// reason; assignments under a condition or loop are unknown because they depend on the run. Nothing is
// imported, called or executed: calls are recorded (callee and evaluated arguments) for the dialects.
import type { SyntaxNode, Tree } from '@lezer/common';
import { assignedNames, children, hasError, isExpr, isMainGuard, pointerOfName, PUNCT, tokensOf, type SourceView } from './python-tree.ts';
import { arith, BUILTINS, formatShown, known, MATH, mergeFrom, numeric, readNumberLiteral, readStringLiteral, unknown, type Binding, type CallInfo, type EvalOptions, type Evaluated, type Evaluation, type FunctionInfo, type Known, type PyValue } from './python-values.ts';
import type { Origin, Span } from './types.ts';

export type { Binding, CallInfo, EvalOptions, Evaluation, FunctionInfo } from './python-values.ts';
export { pointerOfName, tokensOf, type SourceView } from './python-tree.ts';

/** Expressions nested deeper than this are not evaluated (the tree may be thousands of levels deep). */
const MAX_DEPTH = 100;
/** Calls recorded per file; a training script has a few hundred. */
const MAX_CALLS = 5000;

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

class Walker {
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
    if (depth > MAX_DEPTH) return unknown(`expression nests deeper than ${MAX_DEPTH} levels`);
    if (hasError(n, this.src)) return unknown('the reader could not parse this expression');
    const text = this.text(n);
    switch (n.name) {
      case 'Number': {
        const literal = this.src.literalAt(n.from) ?? text;
        const value = readNumberLiteral(literal);
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
    if (a.value.t === 'str' && b.value.t === 'str' && opText === '+') return known({ t: 'str', v: a.value.v + b.value.v }, shown, from);
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
    const parts = argList ? children(argList).filter((c) => !PUNCT.has(c.name)) : [];
    let starred = false;
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name === '*' || p.name === '**') {
        starred = true;
        i++;
      } else if (p.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
        info.kwargs.set(this.text(p), this.expr(parts[i + 2], depth + 1));
        info.kwargSources.set(this.text(p), parts[i + 2] ? this.text(parts[i + 2]!) : '');
        i += 2;
      } else {
        info.args.push(this.expr(p, depth + 1));
        info.argSources.push(this.text(p));
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

  // ------------------------------------------------------------------------------------------------
  // Statements

  statements(nodes: SyntaxNode[]): void {
    for (const s of nodes) this.statement(s);
  }

  statement(s: SyntaxNode): void {
    if (hasError(s, this.src)) {
      this.skip(s, 'the reader could not parse this statement');
      for (const [name, node] of assignedNames(s, this.src)) this.bind(name, node, unknown(`line ${this.line(s)} could not be parsed`));
      return;
    }
    switch (s.name) {
      case 'AssignStatement':
        return this.assign(s);
      case 'StatementGroup': // `a = 1; b = 2`
        return this.statements(children(s).filter((c) => c.name !== ';'));
      case 'UpdateStatement': {
        const [target, op, value] = children(s);
        if (target?.name !== 'VariableName' || !op) return this.skip(s, 'augmented assignment of an attribute or item');
        const name = this.text(target);
        const a = this.lookup(name);
        const b = this.expr(value);
        const opText = this.text(op).slice(0, -1);
        let result: Evaluated;
        if (!a.ok || !b.ok) result = !a.ok ? a : b;
        else {
          const x = numeric(a.value);
          const y = numeric(b.value);
          const r = x && y ? arith(opText, x, y) : `${opText}= on ${a.value.t} is not evaluated`;
          const shown = `${a.shown} ${opText === '*' ? 'x' : opText} ${b.shown}`;
          result = typeof r === 'string' ? unknown(r, mergeFrom(a.from, b.from)) : known(r, shown, mergeFrom(a.from, b.from));
        }
        return this.bind(name, target, result, s);
      }
      case 'ExpressionStatement': {
        const e = children(s)[0];
        if (e?.name === 'String' || e?.name === 'ContinuedString') return; // a docstring
        return this.skip(s, e?.name === 'CallExpression' ? `call of ${this.text(e.firstChild ?? e).replace(/\s+/g, '')}() is not run` : 'expression statement');
      }
      case 'IfStatement':
        if (isMainGuard(s, this.src)) return this.statements(children(children(s).find((c) => c.name === 'Body') ?? s).filter((c) => c.name !== ':'));
        return this.conditional(s, 'if');
      case 'WithStatement':
        return this.statements(children(children(s).find((c) => c.name === 'Body') ?? s).filter((c) => c.name !== ':'));
      case 'ForStatement':
      case 'WhileStatement':
      case 'TryStatement':
      case 'MatchStatement':
        return this.conditional(s, s.firstChild ? this.text(s.firstChild) : s.name);
      case 'DecoratedStatement':
        return this.statement(children(s).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') ?? s.lastChild!);
      case 'FunctionDefinition':
        return this.define(s);
      case 'ClassDefinition': {
        const name = children(s).find((c) => c.name === 'VariableName');
        if (name) this.bind(this.text(name), name, unknown(`\`${this.text(name)}\` is a class`));
        return;
      }
      case 'ImportStatement':
        return this.importStatement(s);
      case 'DeleteStatement':
        for (const c of children(s)) if (c.name === 'VariableName') this.bindings.delete(this.text(c));
        return;
    }
  }

  skip(s: SyntaxNode, reason: string): void {
    this.skipped.push({ line: this.line(s), reason });
  }

  conditional(s: SyntaxNode, keyword: string): void {
    this.skip(s, `\`${keyword}\` block is not run`);
    for (const [name, node] of assignedNames(s, this.src)) {
      this.bind(name, node, unknown(`assigned inside a \`${keyword}\` block (line ${this.line(s)}), so its value depends on the run`));
    }
  }

  assign(s: SyntaxNode): void {
    const groups: SyntaxNode[][] = [[]];
    for (const c of children(s)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (isExpr(c)) groups[groups.length - 1]!.push(c);
    }
    if (groups.length < 2) return; // an annotation without a value binds nothing
    const valueNodes = groups.pop()!;
    const single = valueNodes.length === 1 ? valueNodes[0]! : undefined;
    // A call is evaluated once: its result is the value, its callee and arguments stay with the binding.
    const called = single?.name === 'CallExpression' && !hasError(single, this.src) ? this.call(single, 0) : undefined;
    const value = called ? called.result : single ? this.expr(single) : this.sequenceOf(valueNodes);
    const call = called?.info;
    for (const targets of groups) {
      const only = targets.length === 1 ? targets[0]! : undefined;
      if (only?.name === 'VariableName') this.bind(this.text(only), only, value, single ?? only, call);
      else this.unpack(only && (only.name === 'TupleExpression' || only.name === 'ArrayExpression' || only.name === 'ParenthesizedExpression') ? children(only).filter(isExpr) : targets, value, s);
    }
  }

  sequenceOf(nodes: SyntaxNode[]): Evaluated {
    const items = nodes.map((v) => this.expr(v));
    const bad = items.find((i) => !i.ok);
    const from = mergeFrom(...items.map((i) => i.from));
    return bad ? { ...bad, from } : known({ t: 'tuple', items }, items.map((i) => (i as Known).shown).join(', '), from);
  }

  unpack(targets: SyntaxNode[], value: Evaluated, s: SyntaxNode): void {
    const items = value.ok && (value.value.t === 'tuple' || value.value.t === 'list') ? value.value.items : undefined;
    targets.forEach((t, i) => {
      if (t.name !== 'VariableName') {
        // `a.b = ...` / `d[k] = ...` change an object: what the base name holds is no longer known.
        const base = t.firstChild;
        if (base?.name === 'VariableName' && this.bindings.has(this.text(base))) this.bind(this.text(base), base, unknown(`changed at line ${this.line(s)} by \`${this.text(t)} = ...\``));
        else this.skip(s, `assignment to \`${this.text(t)}\``);
        return;
      }
      const item = items && items.length === targets.length ? items[i]! : unknown(value.ok ? 'unpacking a value of another length is not evaluated' : (value as { reason: string }).reason);
      this.bind(this.text(t), t, item, t);
    });
  }

  define(s: SyntaxNode): void {
    const nameNode = children(s).find((c) => c.name === 'VariableName');
    if (!nameNode) return;
    const name = this.text(nameNode);
    const params: string[] = [];
    const defaults = new Map<string, Evaluated>();
    const list = children(s).find((c) => c.name === 'ParamList');
    const parts = list ? children(list).filter((c) => !PUNCT.has(c.name) && c.name !== 'TypeDef') : [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name !== 'VariableName') continue;
      params.push(this.text(p));
      if (parts[i + 1]?.name === 'AssignOp') defaults.set(this.text(p), this.expr(parts[i + 2]));
    }
    this.functions.set(name, { name, span: this.src.span(s.from, s.to), params, defaults, tokens: tokensOf(s, this.src) });
    this.bind(name, nameNode, unknown(`\`${name}\` is a function`));
  }

  importStatement(s: SyntaxNode): void {
    const parts = children(s);
    const from = parts[0]?.name === 'from';
    let module = '';
    let i = 1;
    if (from) {
      while (i < parts.length && parts[i]!.name !== 'import') module += this.text(parts[i++]!);
      i++;
    }
    for (; i < parts.length; i++) {
      const p = parts[i]!;
      if (p.name !== 'VariableName') continue;
      let dotted = this.text(p);
      while (parts[i + 1]?.name === '.' && parts[i + 2]?.name === 'VariableName') (dotted += `.${this.text(parts[i + 2]!)}`, (i += 2));
      // `import a.b` binds `a`; `import a.b as c` binds `c` to a.b; `from m import a as c` binds `c`.
      let local = from ? dotted : dotted.split('.')[0]!;
      let alias = false;
      let localNode = p;
      if (parts[i + 1]?.name === 'as' && parts[i + 2]) (local = this.text(parts[i + 2]!), (localNode = parts[i + 2]!), (alias = true), (i += 2));
      if (from) {
        this.imports.set(local, `${module}.${dotted}`);
        this.bind(local, localNode, unknown(`\`${local}\` is imported from ${module}`));
      } else this.bind(local, localNode, known({ t: 'module', name: alias ? dotted : local }, local));
    }
  }

  /** Every call in the file (functions included), with its arguments evaluated in the module's final scope. */
  collectCalls(tree: Tree): void {
    const cursor = tree.cursor();
    do {
      if (cursor.name !== 'CallExpression') continue;
      if (this.calls.length >= MAX_CALLS) break;
      this.calls.push(this.call(cursor.node, 0).info);
    } while (cursor.next());
  }
}

export function evaluateModule(tree: Tree, src: SourceView, options: EvalOptions = {}): Evaluation {
  const walker = new Walker(src, options);
  walker.statements(children(tree.topNode));
  walker.collectCalls(tree);
  return { bindings: walker.bindings, calls: walker.calls, functions: walker.functions, imports: walker.imports, skipped: walker.skipped };
}
