import fc from 'fast-check';

/** One change to a file's bytes, at a place given as a fraction (0–1) of its current length. */
export type ByteMutation =
  | { kind: 'truncate'; at: number }
  | { kind: 'overwrite'; at: number; bytes: Uint8Array }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number };

/** Applies byte mutations in order (cut, overwrite, splice in, delete a run), returning new bytes. */
export function mutateBytes(bytes: Uint8Array, mutations: readonly ByteMutation[]): Uint8Array {
  let out = bytes;
  for (const mutation of mutations) {
    const at = Math.min(out.length, Math.floor(mutation.at * out.length));
    if (mutation.kind === 'truncate') out = out.slice(0, at);
    else if (mutation.kind === 'delete') out = Uint8Array.from([...out.subarray(0, at), ...out.subarray(at + mutation.length)]);
    else if (mutation.kind === 'insert') out = Uint8Array.from([...out.subarray(0, at), ...mutation.bytes, ...out.subarray(at)]);
    else {
      out = out.slice();
      out.set(mutation.bytes.subarray(0, Math.max(0, out.length - at)), at);
    }
  }
  return out;
}

const place = fc.double({ min: 0, max: 1, noNaN: true });

/**
 * Byte mutations for fast-check: cut the file, overwrite or splice in bytes
 * (any bytes, or `nasty` ones that matter to the format), delete a run.
 */
export function byteMutation(nasty: fc.Arbitrary<Uint8Array>, maxDeleteLength = 40): fc.Arbitrary<ByteMutation> {
  return fc.oneof(
    fc.record({ kind: fc.constant('truncate' as const), at: place }),
    fc.record({
      kind: fc.constantFrom('overwrite' as const, 'insert' as const),
      at: place,
      bytes: fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 6 }), nasty),
    }),
    fc.record({ kind: fc.constant('delete' as const), at: place, length: fc.integer({ min: 1, max: maxDeleteLength }) }),
  );
}

/** Texts as UTF-8 byte strings, for `byteMutation`'s nasty bytes. */
export function textBytes(...texts: string[]): fc.Arbitrary<Uint8Array> {
  return fc.constantFrom(...texts.map((text) => new TextEncoder().encode(text)));
}
