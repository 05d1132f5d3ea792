// Where strict JSON first goes wrong. Node 20's JSON.parse names the bad token but not always its
// position, and a finding must point at line:column; this scanner walks the text iteratively (no recursion,
// so nesting depth is no risk) and returns the offset and what was expected there.

export interface JsonSyntaxError {
  offset: number;
  message: string;
}

const WS = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

type Expect = 'value' | 'key' | 'colon' | 'comma-or-close' | 'key-or-close' | 'value-or-close' | 'end';

export function findJsonError(text: string): JsonSyntaxError | null {
  const stack: Array<'{' | '['> = [];
  let expect: Expect = 'value';
  let i = 0;
  const fail = (what: string): JsonSyntaxError => {
    const found = i >= text.length ? 'end of file' : `\`${text[i]}\``;
    return { offset: i, message: `expected ${what}, found ${found}` };
  };
  const afterValue = (): Expect => (stack.length === 0 ? 'end' : 'comma-or-close');
  while (true) {
    while (i < text.length && WS.has(text[i]!)) i++;
    if (i >= text.length) return expect === 'end' ? null : fail(describe(expect, stack));
    const ch = text[i]!;
    const top = stack[stack.length - 1];
    switch (expect) {
      case 'end':
        return fail('the end of the file');
      case 'colon':
        if (ch !== ':') return fail('`:` after the key');
        i++;
        expect = 'value';
        continue;
      case 'comma-or-close':
        if (ch === ',') {
          i++;
          expect = top === '{' ? 'key' : 'value';
        } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
          i++;
          stack.pop();
          expect = afterValue();
        } else return fail(`\`,\` or \`${top === '{' ? '}' : ']'}\``);
        continue;
      case 'key':
      case 'key-or-close':
        if (expect === 'key-or-close' && ch === '}') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        STRING.lastIndex = i;
        if (!STRING.test(text)) return fail(expect === 'key' ? 'a "quoted" key (JSON allows no trailing comma)' : 'a "quoted" key or `}`');
        i = STRING.lastIndex;
        expect = 'colon';
        continue;
      case 'value':
      case 'value-or-close':
        if (expect === 'value-or-close' && ch === ']') {
          i++;
          stack.pop();
          expect = afterValue();
          continue;
        }
        if (ch === '{' || ch === '[') {
          stack.push(ch);
          i++;
          expect = ch === '{' ? 'key-or-close' : 'value-or-close';
          continue;
        }
        if (!scanScalar()) return fail(expect === 'value' && top !== undefined && text[i] === ']' ? 'a value (JSON allows no trailing comma)' : 'a value');
        expect = afterValue();
        continue;
    }
  }

  function scanScalar(): boolean {
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    for (const re of [STRING, NUMBER]) {
      re.lastIndex = i;
      if (re.test(text)) {
        i = re.lastIndex;
        return true;
      }
    }
    return false;
  }
}

function describe(expect: Expect, stack: readonly string[]): string {
  if (expect === 'colon') return '`:` after the key';
  if (stack.length) return `a closing \`${stack[stack.length - 1] === '{' ? '}' : ']'}\``;
  return 'a value';
}
