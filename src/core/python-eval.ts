// Walks a parsed Python module (a @lezer/python tree) and evaluates what can be known without running it:
// top-level assignments (and those of the `if __name__ == "__main__":` block) whose values are literals,
// names bound earlier in the file and simple arithmetic on them. Anything else is "unknown" with the
// reason; assignments under a condition or loop are unknown because they depend on the run. Nothing is
// imported, called or executed: calls are recorded (callee and evaluated arguments) for the dialects.
import type { SyntaxNode, Tree } from '@lezer/common';
import { assignedNames, children, hasError, isExpr, isMainGuard, PUNCT, tokensOf, type SourceView } from './python-tree.ts';
import { arith, known, mergeFrom, numeric, unknown, type EvalOptions, type Evaluated, type Evaluation, type Known } from './python-values.ts';
import { ExpressionWalker } from './python-expr.ts';

export type { Binding, CallInfo, EvalOptions, Evaluation, FunctionInfo } from './python-values.ts';
export { pointerOfName, tokensOf, type SourceView } from './python-tree.ts';

/** Calls recorded per file; a training script has a few hundred. */
const MAX_CALLS = 5000;

class Walker extends ExpressionWalker {
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
