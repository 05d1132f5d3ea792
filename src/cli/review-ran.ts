// Whether this process reviewed a file. The CLI bundle's V8 code cache (code-cache.ts) is written once per build and
// kept: written after `trainlint --version` or `help`, it would hold none of the functions a review runs, and every
// later review would compile them again. So only a run that reviewed something writes it.
let reviewed = false;

export function noteReview(files: number): void {
  if (files > 0) reviewed = true;
}

export function reviewRan(): boolean {
  return reviewed;
}
