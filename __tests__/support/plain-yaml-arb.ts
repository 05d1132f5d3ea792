// Generated YAML on both sides of the edge of the plain block style src/core/yaml-plain-subset.ts reads: block
// mappings and lists (indentless ones, compact mappings in lists, entries with extra spaces), one-line scalars of
// every kind the two YAML readers and PyYAML type differently, brackets, comments and blank lines at any indentation;
// then damaged the ways that take a text out of the style (indentation shifted, a tab, a line written twice, a
// document marker, a truncated end). Used by __tests__/yaml-plain-subset.test.ts (against the `yaml` package's
// reading) and __tests__/pyyaml-differential.test.ts (against PyYAML).
import fc from 'fast-check';

/** Keys of the style, and keys that take a text out of it (or that the readers resolve: `1e3`, `true`, `.nan`). */
const WORD_KEYS = ['lr', 'warmup_steps', 'max_steps', 'name', 'a_b', 'x1', 'scheduler', 'data', 'model.path', 'out/dir', 'n-gpus', '_'];
/** Keys the readers resolve to a number, a boolean or null: PyYAML keeps such a key's type, trainlint's data a string. */
const TYPED_KEYS = ['1', '1e3', '0x1F', '0o17', '.nan', 'true', 'False', 'null', 'Null'];
const EDGE_KEYS = ['-x', 'a b', '<<', '__proto__', 'key#1', '"q"', "'q'", '? x', '&a k', '!!str k'];

/** One-line values of the style, in every spelling the readers type differently. */
const VALUES = [
  '1e-4', '1.0e-4', '1E5', '1.5', '.5', '-.5', '+1', '1_000', '0x1F', '0o17', '017', '1:30', '.inf', '-.Inf', '.NaN', 'nan', 'yes', 'No', 'on', 'y', 'true', 'False', 'TRUE', '~', 'null', 'NULL', 'abc', 'a b', 'a  b  ', '3e-4', '600000', '-1', '-0', '0', '1.', '1.e5', '-1e-4',
  'http://host:80/x', '~/data', 'a#b', 'a #b', 'a :b', 'é', '日本語', '\u00a0x', 'x\u00a0', '50%', '--x', 'x,y', 'x]', 'x}', 'a[0]', 'a*b', 'a&b', 'a!b', 'a|b', 'a>b',
  "'single'", "'it''s'", "''", "'a' #c", '"double"', '"a\\"b"', '"a\\\\b"', '"a\\tb"', '"a\\nb"', '""',
  '[]', '[ ]', '[1, 2]', '[1,2]', '[ 1 , 2 ]', '[a, b c]', "['a', \"b\"]", '[1e-4, yes, ~]', '[-1, -.5]', '{}', '{ }', '[a, ]', '[-, _]',
  // Brackets over several lines, their lines at any indentation (PyYAML ignores it there), with comments.
  '[\n  a,\n  b\n]', '[\n    1e-4,  # peak\n    x,\n  ]', '[a,\nb]', '[ a\n  , b ]', '[\n]', '[a, # c\n   b]', "[\n      'q',\n      \"r\"\n    ]", '[\n# c\n  1,\n\n  2]',
];
/** Values just outside it: each must be left to the full reader (or read the same). */
const EDGE_VALUES = [
  'a: b', 'a:', '%x', '@x', '`x`', '<<', '-', '- x', '?x', ':x', ',x', '{x', '*a', '&a 1', '!!int 3', '!x', '|', '>-', '#', "'a' b", "'a'#c", "'open", '"\\x41"', '"\\u00e9"', '"\\/"', '"a"x', '"a"#c', '"open',
  '[-]', '[,]', '[[1]]', '[a: 1]', '[a #c]', '[a, b] x', '[a', '{a: 1}', '{', '[a?]', "[a'b]",
  '[a\n b]', '[a,#c\n b]', '[\n---\n]', '[\n...\n]', '[a,\n', "['a\n b']", '[\n  - a\n]', '[a, b]\n  c',
];

type Node = string | { map: Array<[string, Node]> } | { list: Node[] };

function nodeArb(keyArb: fc.Arbitrary<string>): fc.Arbitrary<Node> {
  return fc.letrec((tie) => ({
  scalar: fc.oneof({ arbitrary: fc.constantFrom(...VALUES), weight: 12 }, { arbitrary: fc.constantFrom(...EDGE_VALUES), weight: 1 }),
  map: fc.array(fc.tuple(keyArb, tie('node') as fc.Arbitrary<Node>), { minLength: 1, maxLength: 4 }).map((map) => ({ map })),
  list: fc.array(tie('node') as fc.Arbitrary<Node>, { minLength: 1, maxLength: 3 }).map((list) => ({ list })),
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { arbitrary: tie('scalar'), weight: 3 }, { arbitrary: tie('map'), weight: 1 }, { arbitrary: tie('list'), weight: 1 }),
  })).node as fc.Arbitrary<Node>;
}

/** How a block is laid out: the step of indentation, lists at their key's column or further, spaces after `-`. */
interface Style {
  step: number;
  indentlessLists: boolean;
  dashSpaces: number;
  comment: string | null;
}

const styleArb: fc.Arbitrary<Style> = fc.record({
  step: fc.constantFrom(2, 2, 4, 1, 3),
  indentlessLists: fc.boolean(),
  dashSpaces: fc.constantFrom(1, 1, 1, 3),
  comment: fc.constantFrom(null, null, '  # note', ' #note', '#x', '   '),
});

function renderValue(n: Node, indent: number, s: Style, inList: boolean): string {
  if (typeof n === 'string') return ` ${n}${s.comment ?? ''}`;
  if ('map' in n) return `${s.comment ?? ''}\n${renderMap(n.map, indent + s.step, s)}`;
  const listIndent = !inList && s.indentlessLists ? indent : indent + s.step;
  return `${s.comment ?? ''}\n${renderList(n.list, listIndent, s)}`;
}

function renderMap(entries: Array<[string, Node]>, indent: number, s: Style): string {
  return entries.map(([k, v]) => `${' '.repeat(indent)}${k}:${renderValue(v, indent, s, false)}`).join('\n');
}

function renderList(items: Node[], indent: number, s: Style): string {
  const dash = `-${' '.repeat(s.dashSpaces)}`;
  return items
    .map((v) => {
      if (typeof v !== 'string' && 'map' in v) {
        // A compact mapping: its first key on the `-` line, the rest at that key's column.
        const column = indent + dash.length;
        const body = renderMap(v.map, column, s).slice(column);
        return `${' '.repeat(indent)}${dash}${body}`;
      }
      if (typeof v === 'string') return `${' '.repeat(indent)}-${renderValue(v, indent, s, true)}`;
      return `${' '.repeat(indent)}-${renderValue(v, indent, s, true)}`;
    })
    .join('\n');
}

type Damage = (text: string) => string;

const damageArb: fc.Arbitrary<Damage> = fc.oneof(
  // One line shifted left or right.
  fc.tuple(fc.nat(), fc.integer({ min: -3, max: 3 })).map(([at, by]): Damage => (t) => {
    const lines = t.split('\n');
    const i = at % lines.length;
    lines[i] = by > 0 ? ' '.repeat(by) + lines[i] : lines[i]!.replace(new RegExp(`^ {0,${-by}}`), '');
    return lines.join('\n');
  }),
  // A comment or blank line at any indentation; a line written twice (a key twice).
  fc.tuple(fc.nat(), fc.nat({ max: 8 }), fc.constantFrom('# c', '', '#', '  ')).map(([at, indent, line]): Damage => (t) => {
    const lines = t.split('\n');
    lines.splice(at % (lines.length + 1), 0, ' '.repeat(indent) + line);
    return lines.join('\n');
  }),
  fc.nat().map((at): Damage => (t) => {
    const lines = t.split('\n');
    const i = at % lines.length;
    lines.splice(i, 0, lines[i]!);
    return lines.join('\n');
  }),
  // Characters the style leaves to the full reader, anywhere.
  fc.tuple(fc.nat(), fc.constantFrom('\t', '\r', '\u0085', '\u2028', '\ufeff', '---\n', '...\n', '%YAML 1.1\n', '\u0007')).map(([at, s]): Damage => (t) => {
    const i = at % (t.length + 1);
    return t.slice(0, i) + s + t.slice(i);
  }),
  fc.nat().map((at): Damage => (t) => t.slice(0, at % (t.length + 1))),
);

/**
 * Texts in and around the style. `typedKeys`: keys such as `1e3`, `true` or `.nan` too (for comparing the two
 * trainlint readers; PyYAML keeps such keys' types, which trainlint's string-keyed data does not).
 */
export function plainYamlArb(typedKeys: boolean): fc.Arbitrary<string> {
  const keys = typedKeys ? [...WORD_KEYS, ...TYPED_KEYS] : WORD_KEYS;
  const keyArb = fc.oneof({ arbitrary: fc.constantFrom(...keys), weight: 15 }, { arbitrary: fc.constantFrom(...EDGE_KEYS), weight: 1 });
  return fc
    .tuple(
      fc.array(fc.tuple(keyArb, nodeArb(keyArb)), { minLength: 1, maxLength: 6 }),
      styleArb,
      fc.nat({ max: 2 }),
      fc.oneof({ arbitrary: fc.constant([]), weight: 2 }, { arbitrary: fc.array(damageArb, { minLength: 1, maxLength: 2 }), weight: 1 }),
      fc.constantFrom('\n', '\n', '', '\n\n# end\n', '\n  # end'),
    )
    .map(([entries, style, rootIndent, damages, ending]) => damages.reduce((t, d) => d(t), renderMap(entries, rootIndent, style) + ending));
}
