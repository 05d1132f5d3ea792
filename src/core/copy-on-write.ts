// A copy of plain data (YAML / JSON values) that copies a list or mapping only when the resolver writes into it or hands
// it out to be placed elsewhere; everything else stays shared with the original. What is read, written and handed out
// is what a full structuredClone of the data would show: a large config (thousands of data paths) with a few `${...}`
// is no longer copied whole.

export type Path = Array<string | number>;

type Container = Record<string | number, unknown>;

const plain = (value: unknown) => ({ value, enumerable: true, writable: true, configurable: true });

export class CopyOnWrite {
  readonly root: unknown;
  private readonly owned = new WeakSet<object>();

  constructor(data: unknown) {
    this.root = this.own(data);
  }

  /** The container holding the last step of `path`, copied (where still shared) from the root down. */
  parentOf(path: Path): Container {
    let node = this.root as Container;
    for (const step of path.slice(0, -1)) {
      const child = node[step];
      const owned = this.own(child);
      if (owned !== child) Object.defineProperty(node, step, plain(owned));
      node = owned as Container;
    }
    return node;
  }

  /** The value at `path` without running getters (a deferred value reads as undefined); a list or mapping comes out as the copy's own. */
  at(path: Path): unknown {
    let node: unknown = this.root;
    for (const step of path) {
      if (node === null || typeof node !== 'object') return undefined;
      const descriptor = Object.getOwnPropertyDescriptor(node, step);
      const value: unknown = descriptor?.value;
      const owned = this.own(value);
      if (owned !== value) Object.defineProperty(node, step, plain(owned));
      node = owned;
    }
    return node;
  }

  /** A shallow copy of a list or mapping not copied yet (as structuredClone copies it: own enumerable keys, holes kept). */
  private own(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || this.owned.has(value)) return value;
    let copy: object;
    if (Array.isArray(value)) copy = value.slice();
    else {
      const out: Container = {};
      // defineProperty: a key named `__proto__` stays an own key, as structuredClone keeps it.
      for (const key of Object.keys(value)) Object.defineProperty(out, key, plain((value as Container)[key]));
      copy = out;
    }
    this.owned.add(copy);
    return copy;
  }
}
