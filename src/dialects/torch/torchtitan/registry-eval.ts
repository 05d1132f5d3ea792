// Reads the functions of a torchtitan config registry (`config_registry.py`, torchtitan @b5bcd76c) the way Python
// would build their configs, without running anything: `X.Config(...)` / `...Config(...)` calls become objects of
// keyword fields, a call of another function of the same file is followed (that is how one registered config
// inherits from another), `config.a.b = v` changes the object it names, `replace(obj, k=v)` copies it. Everything
// else (functions imported from elsewhere, conditions, loops) leaves the value unknown with the reason.
import type { SyntaxNode } from '@lezer/common';
import type { PythonModule } from '../../../core/parse-python.ts';
import { ExpressionWalker } from '../../../core/python-expr.ts';
import { callParts, children, isExpr, PUNCT, type SourceView } from '../../../core/python-tree.ts';
import { unknown, type Evaluated } from '../../../core/python-values.ts';
import type { Span } from '../../../core/types.ts';

export interface Field {
  value: Value;
  /** The keyword or attribute name that set it (`steps` in `steps=1000`, in `config.training.steps = 5`). */
  keySpan: Span;
  valueSpan: Span;
  source: string;
}

/** A dataclass instance the registry builds: `callee` as written (`LRSchedulersContainer.Config`), `(default)` for a field's default. */
export interface ConfigObject {
  kind: 'object';
  callee: string;
  span: Span;
  fields: Map<string, Field>;
}

export type Value = ConfigObject | { kind: 'list'; items: Value[] } | { kind: 'python'; value: Evaluated };

export const python = (value: Evaluated): Value => ({ kind: 'python', value });
const opaque = (reason: string): Value => python(unknown(reason));

/** A value as Python would be told about it: an object or list is not a plain value. */
export function whyNotPlain(v: Value): string | undefined {
  if (v.kind === 'object') return `it is a \`${v.callee}\` object`;
  if (v.kind === 'list') return 'it is a list of objects';
  return v.value.ok ? undefined : v.value.reason;
}

/** What following one registered function learned besides its value. */
export interface Run {
  notes: string[];
  stack: string[];
}

type Scope = Map<string, Value>;

/** Functions that read a config object without changing it (dataclasses.replace returns a copy). */
const PURE = new Set(['replace', 'dataclasses.replace', 'cast', 'typing.cast', 'len', 'isinstance', 'print', 'str', 'repr', 'id', 'type']);

/** Deepest chain of registry functions calling one another that is followed. */
const MAX_CALL_DEPTH = 24;

/** Python expressions inside a function: names of the function's scope first, then the module's. */
class ScopedWalker extends ExpressionWalker {
  scope: Scope = new Map();

  override lookup(name: string): Evaluated {
    const local = this.scope.get(name);
    if (local) return local.kind === 'python' ? local.value : unknown(`\`${name}\` is a config object, not a number`);
    return super.lookup(name);
  }
}

interface Definition {
  node: SyntaxNode;
  params: Array<{ name: string; default?: SyntaxNode }>;
  returns?: string;
}

export class RegistryReader {
  readonly definitions = new Map<string, Definition>();
  private readonly walker: ScopedWalker;
  private readonly src: SourceView;

  constructor(readonly module: PythonModule) {
    this.src = module.src;
    this.walker = new ScopedWalker(module.src, {});
    for (const [name, binding] of module.evaluation.bindings) this.walker.bindings.set(name, binding);
    for (const s of children(module.tree.topNode)) {
      const def = s.name === 'DecoratedStatement' ? children(s).find((c) => c.name === 'FunctionDefinition') : s.name === 'FunctionDefinition' ? s : undefined;
      if (!def) continue;
      const nameNode = children(def).find((c) => c.name === 'VariableName');
      if (!nameNode) continue;
      this.definitions.set(this.text(nameNode), { node: def, params: paramsOf(def, this.src), returns: returnsOf(def, this.src) });
    }
  }

  text(n: SyntaxNode): string {
    return this.src.text.slice(n.from, n.to);
  }

  line(n: SyntaxNode): number {
    return this.src.span(n.from, n.from).line;
  }

  span(n: SyntaxNode): Span {
    return this.src.span(n.from, n.to);
  }

  /** The value `name()` returns, as the registry's loader calls it (no arguments). */
  callFunction(name: string, args: Value[], kwargs: Map<string, Value>, run: Run): Value {
    const def = this.definitions.get(name);
    if (!def) return opaque(`\`${name}\` is not defined in this file`);
    if (run.stack.includes(name)) return opaque(`\`${name}\` calls itself`);
    if (run.stack.length >= MAX_CALL_DEPTH) return opaque(`calls nest deeper than ${MAX_CALL_DEPTH} functions`);
    const scope: Scope = new Map();
    def.params.forEach((p, i) => {
      const given = kwargs.get(p.name) ?? args[i];
      if (given) scope.set(p.name, given);
      else if (p.default) scope.set(p.name, this.value(p.default, new Map(), run));
      else scope.set(p.name, opaque(`parameter \`${p.name}\` of \`${name}\` has no value`));
    });
    run.stack.push(name);
    try {
      const body = children(def.node).find((c) => c.name === 'Body');
      const out = body ? this.block(children(body), scope, run) : undefined;
      return out ?? python({ ok: true, value: { t: 'none' }, shown: 'None', from: [] });
    } finally {
      run.stack.pop();
    }
  }

  /** Runs statements; returns the value of a `return`, or undefined when the block ends without one. */
  private block(statements: SyntaxNode[], scope: Scope, run: Run): Value | undefined {
    for (const s of statements) {
      const returned = this.statement(s, scope, run);
      if (returned) return returned;
    }
    return undefined;
  }

  private statement(s: SyntaxNode, scope: Scope, run: Run): Value | undefined {
    switch (s.name) {
      case 'ReturnStatement': {
        const e = children(s).find((c) => c.name !== 'return' && isExpr(c));
        return e ? this.value(e, scope, run) : python({ ok: true, value: { t: 'none' }, shown: 'None', from: [] });
      }
      case 'AssignStatement':
        this.assign(s, scope, run);
        return undefined;
      case 'UpdateStatement': {
        const target = children(s)[0];
        if (target) this.setTarget(target, opaque(`changed by \`${this.text(s).trim()}\` (line ${this.line(s)}), which is not evaluated`), s, scope, run);
        return undefined;
      }
      case 'ExpressionStatement': {
        const e = children(s)[0];
        if (e?.name === 'CallExpression') this.value(e, scope, run);
        return undefined;
      }
      case 'WithStatement': {
        const body = children(s).find((c) => c.name === 'Body');
        return body ? this.block(children(body), scope, run) : undefined;
      }
      case 'IfStatement':
      case 'ForStatement':
      case 'WhileStatement':
      case 'TryStatement':
      case 'MatchStatement':
        return this.conditional(s, scope, run);
      case 'FunctionDefinition':
      case 'ClassDefinition':
      case 'DecoratedStatement':
      case 'ImportStatement': {
        const how = s.name === 'ImportStatement' ? 'imported' : 'defined';
        for (const n of boundNames(s)) scope.set(this.text(n), opaque(`\`${this.text(n)}\` is ${how} inside the function at line ${this.line(s)}, from code that is not read`));
        return undefined;
      }
    }
    return undefined;
  }

  /** What a conditional or loop might do: every name or field it assigns, and a `return` inside it, are unknown. */
  private conditional(s: SyntaxNode, scope: Scope, run: Run): Value | undefined {
    const keyword = s.firstChild ? this.text(s.firstChild) : s.name;
    const why = `set inside a \`${keyword}\` block (line ${this.line(s)}), so it depends on the run`;
    let returns = false;
    const walk = (n: SyntaxNode): void => {
      if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition' || n.name === 'LambdaExpression') return;
      if (n.name === 'ReturnStatement') returns = true;
      if (n.name === 'AssignStatement' || n.name === 'UpdateStatement') {
        const kids = children(n);
        const last = n.name === 'AssignStatement' ? kids.map((k) => k.name).lastIndexOf('AssignOp') : 1;
        for (const t of kids.slice(0, last)) if (isExpr(t)) this.setTarget(t, opaque(why), n, scope, run);
      }
      for (const c of children(n)) walk(c);
    };
    walk(s);
    return returns ? opaque(`returns from inside a \`${keyword}\` block (line ${this.line(s)}), so which value it returns depends on the run`) : undefined;
  }

  private assign(s: SyntaxNode, scope: Scope, run: Run): void {
    const groups: SyntaxNode[][] = [[]];
    for (const c of children(s)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (isExpr(c)) groups[groups.length - 1]!.push(c);
    }
    if (groups.length < 2) return;
    const valueNodes = groups.pop()!;
    const valueNode = valueNodes.length === 1 ? valueNodes[0]! : undefined;
    const value = valueNode ? this.value(valueNode, scope, run) : opaque('unpacking is not evaluated');
    for (const targets of groups) {
      if (targets.length === 1) this.setTarget(targets[0]!, value, valueNode ?? s, scope, run);
      else for (const t of targets) this.setTarget(t, opaque('unpacking is not evaluated'), s, scope, run);
    }
  }

  /** `name = v` binds; `obj.a.b = v` sets the field of the object `obj.a` names; anything else unbinds what it names. */
  private setTarget(target: SyntaxNode, value: Value, valueNode: SyntaxNode, scope: Scope, run: Run): void {
    if (target.name === 'VariableName') {
      scope.set(this.text(target), value);
      return;
    }
    if (target.name === 'TupleExpression' || target.name === 'ArrayExpression' || target.name === 'ParenthesizedExpression') {
      for (const t of children(target).filter(isExpr)) this.setTarget(t, opaque('unpacking is not evaluated'), valueNode, scope, run);
      return;
    }
    if (target.name !== 'MemberExpression') return;
    const parts = children(target);
    const prop = parts.find((p) => p.name === 'PropertyName');
    const base = parts[0] ? this.value(parts[0], scope, run) : undefined;
    if (!prop || base?.kind !== 'object') return; // `d[k] = v`, or an attribute of something not followed
    base.fields.set(this.text(prop), { value, keySpan: this.span(prop), valueSpan: this.span(valueNode), source: this.text(valueNode) });
  }

  /** The value of an expression in a function's scope. */
  value(n: SyntaxNode, scope: Scope, run: Run): Value {
    switch (n.name) {
      case 'ParenthesizedExpression': {
        const inner = children(n).find(isExpr);
        return inner ? this.value(inner, scope, run) : opaque('empty parentheses');
      }
      case 'VariableName': {
        const local = scope.get(this.text(n));
        if (local) return local;
        break;
      }
      case 'MemberExpression': {
        const parts = children(n);
        const prop = parts.find((p) => p.name === 'PropertyName');
        const base = prop && parts[0] ? this.value(parts[0], scope, run) : undefined;
        if (base?.kind === 'object' && prop) {
          const name = this.text(prop);
          // default_adamw(...) is OptimizersContainer.Config with one catch-all AdamW group (components/optimizer/optimizer.py).
          if (base.callee === 'default_adamw' && name === 'param_groups') return { kind: 'list', items: [base] };
          const field = base.fields.get(name);
          if (field) return field.value;
          // A field the config did not set holds its default (a fresh object for a dataclass field).
          const fresh: ConfigObject = { kind: 'object', callee: '(default)', span: this.span(n), fields: new Map() };
          base.fields.set(name, { value: fresh, keySpan: this.span(prop), valueSpan: this.span(n), source: this.text(n) });
          return fresh;
        }
        break;
      }
      case 'ArrayExpression':
      case 'TupleExpression': {
        const items = children(n).filter(isExpr);
        if (items.some((i) => i.name === 'CallExpression')) return { kind: 'list', items: items.map((i) => this.value(i, scope, run)) };
        break;
      }
      case 'CallExpression':
        return this.call(n, scope, run);
    }
    this.walker.scope = scope;
    return python(this.walker.expr(n));
  }

  private call(n: SyntaxNode, scope: Scope, run: Run): Value {
    const [calleeNode, argList] = children(n);
    const callee = calleeNode ? this.text(calleeNode).replace(/\s+/g, '') : '';
    const args: Value[] = [];
    const kwargs = new Map<string, Field>();
    const { parts, starred } = callParts(argList);
    for (const part of parts) {
      if (part.kind === 'positional') args.push(this.value(part.node, scope, run));
      else if (part.value) kwargs.set(this.text(part.name), { value: this.value(part.value, scope, run), keySpan: this.span(part.name), valueSpan: this.span(part.value), source: this.text(part.value) });
      // `name=` with nothing after it (a broken tree): read as the two nodes it is, positionally.
      else args.push(this.value(part.name, scope, run), this.value(part.assign, scope, run));
    }
    const kwValues = new Map([...kwargs].map(([k, f]) => [k, f.value]));
    const local = scope.has(callee);
    if (!local && this.definitions.has(callee)) {
      if (starred) return opaque(`\`${callee}(...)\` is called with * or ** arguments, which are not evaluated`);
      return this.callFunction(callee, args, kwValues, run);
    }
    if ((callee === 'replace' || callee === 'dataclasses.replace') && args[0]?.kind === 'object') {
      const copy: ConfigObject = { ...args[0], fields: new Map(args[0].fields) };
      for (const [k, f] of kwargs) copy.fields.set(k, f);
      return copy;
    }
    if (/(?:^|\.)_?[A-Za-z0-9_]*Config$/.test(callee) || callee === 'default_adamw') {
      if (starred) return opaque(`\`${callee}(...)\` is called with * or ** arguments, which are not evaluated`);
      return { kind: 'object', callee, span: this.span(n), fields: kwargs };
    }
    // A function defined elsewhere is not followed: a config object handed to it may come back changed.
    const handed = [...args, ...kwValues.values()].some((a) => a.kind === 'object') || (calleeNode?.name === 'MemberExpression' && this.value(calleeNode.firstChild!, scope, run).kind === 'object');
    if (handed && !PURE.has(callee)) run.notes.push(`line ${this.line(n)}: \`${callee}(...)\` is defined outside this file and is not read; the schedule is taken as it stands without it`);
    const bound = scope.get(callee);
    if (bound?.kind === 'python' && !bound.value.ok) return opaque(`\`${callee}()\` is not followed: ${bound.value.reason}`);
    const root = callee.split('.')[0]!;
    const imported = this.module.evaluation.imports.get(root);
    if (!local && imported) return opaque(`\`${callee}()\` comes from ${imported.replace(/\.[^.]+$/, '')} and is not read`);
    this.walker.scope = scope;
    return python(this.walker.expr(n));
  }
}

function paramsOf(def: SyntaxNode, src: SourceView): Definition['params'] {
  const list = children(def).find((c) => c.name === 'ParamList');
  // Commas stay in the list: `*, lr` (a bare star: keyword-only parameters follow) is not `*lr`.
  const parts = list ? children(list).filter((c) => !['(', ')', 'TypeDef'].includes(c.name)) : [];
  const out: Definition['params'] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.name === '*' || p.name === '**') {
      // `*args` / `**kwargs` take nothing when called without arguments.
      if (parts[i + 1]?.name === 'VariableName') i++;
      continue;
    }
    if (p.name !== 'VariableName') continue;
    const name = src.text.slice(p.from, p.to);
    if (parts[i + 1]?.name === 'AssignOp' && parts[i + 2]) {
      out.push({ name, default: parts[i + 2]! });
      i += 2;
    } else out.push({ name });
  }
  return out;
}

function returnsOf(def: SyntaxNode, src: SourceView): string | undefined {
  const t = children(def).find((c) => c.name === 'TypeDef');
  return t ? src.text.slice(t.from, t.to).replace(/^->\s*/, '') : undefined;
}

/** Names a nested definition or an import binds. */
function boundNames(s: SyntaxNode): SyntaxNode[] {
  if (s.name === 'ImportStatement') {
    const parts = children(s);
    const out: SyntaxNode[] = [];
    for (let i = 0; i < parts.length; i++) if (parts[i]!.name === 'VariableName' && parts[i + 1]?.name !== '.') out.push(parts[i]!);
    return out;
  }
  const def = s.name === 'DecoratedStatement' ? children(s).find((c) => c.name === 'FunctionDefinition' || c.name === 'ClassDefinition') : s;
  const name = def ? children(def).find((c) => c.name === 'VariableName') : undefined;
  return name ? [name] : [];
}
