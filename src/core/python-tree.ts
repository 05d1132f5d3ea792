// Helpers over @lezer/python syntax trees that the evaluator and the dialects share: node children without
// comments, a token form of code for recognising known snippets whatever their layout, the names a
// statement binds, the `if __name__ == "__main__":` guard.
import type { SyntaxNode, Tree } from '@lezer/common';
import { escapePointerToken } from './parse.ts';
import { bisectLeft } from './python-numbers.ts';
import type { Span } from './types.ts';

export interface SourceView {
  text: string;
  span(from: number, to: number): Span;
  /** The literal as written when the parser was handed a rewritten form of it (see parse-python.ts). */
  literalAt(from: number): string | undefined;
  /** Whether the parser recovered from a syntax error between these offsets. */
  errorIn(from: number, to: number): boolean;
}

/** Nodes whose whole text is one token (a string literal is not split at its escapes). */
const OPAQUE = new Set(['String', 'FormatString', 'ContinuedString', 'Number']);

export function pointerOfName(...parts: string[]): string {
  return parts.map((p) => `/${escapePointerToken(p)}`).join('');
}

/** The source's tokens joined by single spaces, without comments: a layout-independent form for matching known code. */
export function tokensOf(node: SyntaxNode, src: SourceView): string {
  const out: string[] = [];
  const walk = (n: SyntaxNode): void => {
    if (n.name === 'Comment') return;
    if (OPAQUE.has(n.name) || !n.firstChild) {
      const text = n.name === 'Number' ? (src.literalAt(n.from) ?? src.text.slice(n.from, n.to)) : src.text.slice(n.from, n.to);
      if (text.trim()) out.push(text);
      return;
    }
    for (let c: SyntaxNode | null = n.firstChild; c; c = c.nextSibling) walk(c);
  };
  walk(node);
  return out.join(' ');
}

export function children(node: SyntaxNode): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) if (c.name !== 'Comment') out.push(c);
  return out;
}

export const PUNCT = new Set(['(', ')', '[', ']', '{', '}', ',', ':', '.']);
export const isExpr = (n: SyntaxNode) => !PUNCT.has(n.name) && n.name !== 'AssignOp' && n.name !== 'TypeDef' && n.name !== 'Comment';

/** A call's arguments in order: a positional one, or a keyword `name=value` (value absent only in a broken tree). */
export type CallPart = { kind: 'positional'; node: SyntaxNode } | { kind: 'keyword'; name: SyntaxNode; assign: SyntaxNode; value: SyntaxNode | undefined };

/** The argument nodes of a call `f(a, b=1, *c)`, and whether a `*` / `**` argument was passed (it is not evaluated). */
export function callParts(argList: SyntaxNode | undefined): { parts: CallPart[]; starred: boolean } {
  const nodes = argList ? children(argList).filter((c) => !PUNCT.has(c.name)) : [];
  const parts: CallPart[] = [];
  let starred = false;
  for (let i = 0; i < nodes.length; i++) {
    const p = nodes[i]!;
    if (p.name === '*' || p.name === '**') {
      starred = true;
      i++;
    } else if (p.name === 'VariableName' && nodes[i + 1]?.name === 'AssignOp') {
      parts.push({ kind: 'keyword', name: p, assign: nodes[i + 1]!, value: nodes[i + 2] });
      i += 2;
    } else parts.push({ kind: 'positional', node: p });
  }
  return { parts, starred };
}

/** Whether the parser recovered from an error anywhere inside `node`. */
export function hasError(node: SyntaxNode, src: SourceView): boolean {
  return node.type.isError || src.errorIn(node.from, node.to);
}

/** Offsets of the parser's error nodes, in order (one pass with a cursor: no recursion, whatever the depth). */
export function errorOffsets(tree: Tree): number[] {
  const out: number[] = [];
  const cursor = tree.cursor();
  do if (cursor.type.isError) out.push(cursor.from);
  while (cursor.next());
  return out;
}

/** Whether a sorted list of offsets has one in [from, to]. */
export function anyWithin(sorted: readonly number[], from: number, to: number): boolean {
  const first = bisectLeft(sorted, from);
  return first < sorted.length && sorted[first]! <= to;
}

export function isMainGuard(s: SyntaxNode, src: SourceView): boolean {
  const cond = children(s)[1];
  return !!cond && /^(__name__\s*==\s*(['"])__main__\2|(['"])__main__\3\s*==\s*__name__)$/.test(src.text.slice(cond.from, cond.to).trim());
}

/** Names a statement binds anywhere inside it (not inside nested functions, classes or lambdas). */
export function assignedNames(s: SyntaxNode, src: SourceView): Array<[string, SyntaxNode]> {
  const out: Array<[string, SyntaxNode]> = [];
  const name = (n: SyntaxNode) => out.push([src.text.slice(n.from, n.to), n]);
  const targetsOf = (n: SyntaxNode): void => {
    if (n.name === 'VariableName') name(n);
    else if (n.name === 'TupleExpression' || n.name === 'ArrayExpression' || n.name === 'ParenthesizedExpression') children(n).forEach(targetsOf);
  };
  const walk = (n: SyntaxNode): void => {
    const kids = children(n);
    if (n.name === 'AssignStatement') {
      const last = kids.map((k) => k.name).lastIndexOf('AssignOp');
      kids.slice(0, last).forEach(targetsOf);
    } else if (n.name === 'UpdateStatement' && kids[0]) targetsOf(kids[0]);
    else if (n.name === 'ForStatement') kids.slice(1, kids.findIndex((k) => k.name === 'in')).forEach(targetsOf);
    else if (n.name === 'FunctionDefinition' || n.name === 'ClassDefinition') {
      const v = kids.find((k) => k.name === 'VariableName');
      if (v) name(v);
      return;
    } else if (n.name === 'LambdaExpression') return;
    for (const k of kids) walk(k);
  };
  walk(s);
  return out;
}

