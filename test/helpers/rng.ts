// A small deterministic generator for property tests (tests must not depend on Math.random): the same seed, the same
// sequence, so a failure message's seed reproduces the shape.
export function rng(seed: number): () => number {
  let s = Math.imul(seed, 2654435761) >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
