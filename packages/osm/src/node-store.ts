/**
 * Node positions by OSM id in three growable typed arrays: 24 bytes a node,
 * no object per node. Files list nodes in id order, so lookups are a binary
 * search; an out-of-order file is sorted once by a permutation.
 */
export class NodeStore {
  private ids = new Float64Array(1024);
  private lngs = new Float64Array(1024);
  private lats = new Float64Array(1024);
  private isSorted = true;
  private order: Uint32Array | null = null;
  size = 0;

  add(id: number, lng: number, lat: number): number {
    if (this.size === this.ids.length) {
      const capacity = this.size * 2;
      this.ids = growTo(this.ids, capacity);
      this.lngs = growTo(this.lngs, capacity);
      this.lats = growTo(this.lats, capacity);
    }
    if (this.size > 0 && id <= this.ids[this.size - 1]!) this.isSorted = false;
    const index = this.size++;
    this.ids[index] = id;
    this.lngs[index] = lng;
    this.lats[index] = lat;
    this.order = null;
    return index;
  }

  /** The index of node `id` (in insertion order), or -1 when the file does not hold it. */
  indexOf(id: number): number {
    const ids = this.ids;
    // Sorted files are searched in place; others through a sorted permutation built once.
    const order = this.isSorted ? null : (this.order ??= this.sortOrder());
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const index = order ? order[mid]! : mid;
      const value = ids[index]!;
      if (value === id) return index;
      if (value < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  id(index: number): number {
    return this.ids[index]!;
  }
  lng(index: number): number {
    return this.lngs[index]!;
  }
  lat(index: number): number {
    return this.lats[index]!;
  }

  private sortOrder(): Uint32Array {
    const order = new Uint32Array(this.size);
    for (let i = 0; i < this.size; i++) order[i] = i;
    const ids = this.ids;
    order.sort((a, b) => ids[a]! - ids[b]! || a - b);
    return order;
  }
}

function growTo(from: Float64Array<ArrayBuffer>, capacity: number): Float64Array<ArrayBuffer> {
  const to = new Float64Array(capacity);
  to.set(from);
  return to;
}
