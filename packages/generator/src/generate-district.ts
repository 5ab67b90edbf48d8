import { METRES_PER_DEGREE, seededRng, type Rng } from '@lifecircle/shared';
import { OsmXmlWriter } from '@lifecircle/osm';
import type { DistrictParams } from './presets.js';
import { OUTLET_CATALOGUE } from './outlet-catalogue.js';
import { smoothField } from './smooth-field.js';

type Tags = Record<string, string>;

export interface GenerateStats {
  numNodes: number;
  numWays: number;
  numStreetNodes: number;
  numCompounds: number;
  numGates: number;
  numBuildings: number;
  numResidents: number;
  numOutlets: number;
}

const ARTERIAL_NAMES = [
  '中山北路',
  '武宁路',
  '真北路',
  '曹杨路',
  '兰溪路',
  '枣阳路',
  '金沙江路',
  '光复西路',
  '宜川路',
  '志丹路',
  '大渡河路',
  '铜川路',
  '梅川路',
  '白兰路',
  '长寿路',
  '交通路',
  '常德路',
  '西康路',
  '凯旋北路',
  '怒江路',
  '岚皋路',
  '中江路',
  '同普路',
  '祁连山路',
];
const LOCAL_NAMES = [
  '桃浦',
  '石泉',
  '甘泉',
  '长风',
  '真如',
  '万里',
  '曹杨',
  '宜川',
  '管弄',
  '新村',
  '杏山',
  '李子园',
  '梅岭',
  '花溪',
  '泸定',
  '柳园',
];
const COMPOUND_NAMES = {
  old: ['工人新村', '新村', '一村', '二村'],
  mid: ['小区', '花园', '苑'],
  new: ['名苑', '华庭', '府', '公寓'],
};

type CompoundClass = 'old' | 'mid' | 'new';

/**
 * Generates a realistic synthetic district and writes it as OSM XML:
 * an irregular street grid with arterials, locals and lanes; a river crossed
 * only at a few bridges and a rail line crossed only at underpasses (so
 * walking minutes differ visibly from straight lines); gated compounds with
 * one to four gates; residential buildings with levels, residents and age
 * bands (old 工人新村-style compounds with over 40 % aged 60+, young
 * high-rise ones); outlets of every taxonomy category with opening hours,
 * on an uneven supply field so that some areas fall short. Same seed, same file.
 */
export function generateDistrict(params: DistrictParams, outFile: string): GenerateStats {
  const rng = seededRng(params.seed);
  const { widthM: W, heightM: H } = params;
  const kx = METRES_PER_DEGREE * Math.cos((params.originLat * Math.PI) / 180);
  const ky = METRES_PER_DEGREE;

  // Nodes: positions in metres from the south-west corner; tags for a few.
  let nodeX = new Float64Array(1 << 16);
  let nodeY = new Float64Array(1 << 16);
  let numNodes = 0;
  const nodeTags = new Map<number, Tags>();
  const addNode = (x: number, y: number, tags?: Tags): number => {
    if (numNodes === nodeX.length) {
      const grownX = new Float64Array(numNodes * 2);
      const grownY = new Float64Array(numNodes * 2);
      grownX.set(nodeX);
      grownY.set(nodeY);
      nodeX = grownX;
      nodeY = grownY;
    }
    nodeX[numNodes] = x;
    nodeY[numNodes] = y;
    if (tags) nodeTags.set(numNodes + 1, tags);
    return ++numNodes; // OSM ids start at 1
  };
  const ways: { refs: number[]; tags: Tags }[] = [];

  // 1. Grid lines at irregular spacing; every arterialEvery-th line is an arterial.
  const lines = (extent: number) => {
    const at = [0];
    while (at[at.length - 1]! < extent)
      at.push(at[at.length - 1]! + params.streetSpacingM[0] + rng() * (params.streetSpacingM[1] - params.streetSpacingM[0]));
    return at;
  };
  const xs = lines(W);
  const ys = lines(H);
  const nx = xs.length;
  const ny = ys.length;
  const isArterialCol = (i: number) => i % params.arterialEvery === 0;
  const isArterialRow = (j: number) => j % params.arterialEvery === 0;

  // River (east-west, meandering) and rail (north-south, slanted).
  const riverY = (x: number) => H * 0.56 + H * 0.05 * Math.sin((2 * Math.PI * x) / (W * 0.7) + 1.3);
  const riverHalfM = Math.max(25, Math.min(60, W / 150));
  const railX = (y: number) => W * 0.37 + 0.12 * (y - H / 2);
  const arterialCols = xs.map((_, i) => i).filter(isArterialCol);
  const arterialRows = ys.map((_, j) => j).filter(isArterialRow);
  const bridges = new Set(params.hasRiver ? pickSpread(rng, arterialCols, Math.max(2, Math.round(W / 2200))) : arterialCols);
  const underpasses = new Set(params.hasRail ? pickSpread(rng, arterialRows, Math.max(2, Math.round(H / 2000))) : arterialRows);

  // Grid nodes, jittered off the straight lines except along arterials.
  const gridNode = new Int32Array(nx * ny);
  for (let j = 0; j < ny; j++) {
    for (let i = 0; i < nx; i++) {
      const jx = isArterialCol(i) ? 2 : 14;
      const jy = isArterialRow(j) ? 2 : 14;
      gridNode[j * nx + i] = addNode(xs[i]! + (rng() - 0.5) * jx, ys[j]! + (rng() - 0.5) * jy);
    }
  }
  const gx = (i: number, j: number) => nodeX[gridNode[j * nx + i]! - 1]!;
  const gy = (i: number, j: number) => nodeY[gridNode[j * nx + i]! - 1]!;

  // 2. Street segments between neighbouring grid nodes, with shape nodes.
  // segment id: horizontal (i,j)->(i+1,j) = 2*(j*nx+i), vertical (i,j)->(i,j+1) = 2*(j*nx+i)+1
  const segmentNodes = new Map<number, number[]>();
  const crossesRiver = (x1: number, y1: number, x2: number, y2: number) =>
    params.hasRiver &&
    (Math.sign(y1 - riverY(x1)) !== Math.sign(y2 - riverY(x2)) ||
      Math.abs((y1 + y2) / 2 - riverY((x1 + x2) / 2)) < riverHalfM + 8);
  const crossesRail = (x1: number, y1: number, x2: number, y2: number) =>
    params.hasRail &&
    (Math.sign(x1 - railX(y1)) !== Math.sign(x2 - railX(y2)) || Math.abs((x1 + x2) / 2 - railX((y1 + y2) / 2)) < 14);
  const makeSegment = (a: number, b: number): number[] => {
    const ax = nodeX[a - 1]!;
    const ay = nodeY[a - 1]!;
    const bx = nodeX[b - 1]!;
    const by = nodeY[b - 1]!;
    const length = Math.hypot(bx - ax, by - ay);
    const pieces = Math.max(1, Math.round(length / params.shapeSpacingM));
    const refs = [a];
    // A gentle bend, as real streets have.
    const bend = (rng() - 0.5) * Math.min(6, length * 0.03);
    for (let k = 1; k < pieces; k++) {
      const t = k / pieces;
      const side = Math.sin(Math.PI * t) * bend;
      refs.push(addNode(ax + t * (bx - ax) - (side * (by - ay)) / length, ay + t * (by - ay) + (side * (bx - ax)) / length));
    }
    refs.push(b);
    return refs;
  };
  const streetTags = (isArterial: boolean, name: string, extra?: Tags): Tags => ({
    highway: isArterial ? (rng() < 0.5 ? 'primary' : 'secondary') : rng() < 0.7 ? 'residential' : 'tertiary',
    name,
    ...(isArterial ? { sidewalk: 'both' } : {}),
    ...extra,
  });
  /**
   * Lays one grid line of street segments, joining consecutive segments into
   * one way. `cutBy` is the barrier this line crosses only where it is a
   * crossing line (a bridge or an underpass); `blockedBy` is the barrier it
   * never crosses. Missing segments split the way.
   */
  type Segment = { a: number; b: number; id: number };
  const crosses = (test: typeof crossesRiver, { a, b }: Segment) =>
    test(nodeX[a - 1]!, nodeY[a - 1]!, nodeX[b - 1]!, nodeY[b - 1]!);
  const layStreet = (
    segments: Segment[],
    arterial: boolean,
    name: string,
    cutBy: typeof crossesRiver,
    isCrossingLine: boolean,
    blockedBy: typeof crossesRiver,
    crossingTags: Tags,
  ) => {
    let current: number[] | null = null;
    for (const segment of segments) {
      const isCut = crosses(cutBy, segment);
      const exists = (arterial || rng() < 0.86) && !crosses(blockedBy, segment) && (!isCut || isCrossingLine);
      if (!exists) {
        current = null;
        continue;
      }
      const refs = makeSegment(segment.a, segment.b);
      segmentNodes.set(segment.id, refs);
      if (isCut) {
        ways.push({ refs, tags: streetTags(arterial, name, crossingTags) });
        current = null;
      } else if (current) current.push(...refs.slice(1));
      else {
        current = refs.slice();
        ways.push({ refs: current, tags: streetTags(arterial, name) });
      }
    }
  };
  // Horizontal streets: cross the rail only at underpasses, never run through the river.
  for (let j = 0; j < ny; j++) {
    const arterial = isArterialRow(j);
    const name = arterial
      ? ARTERIAL_NAMES[(j / params.arterialEvery) % ARTERIAL_NAMES.length]!
      : `${LOCAL_NAMES[j % LOCAL_NAMES.length]}${j}支路`;
    const segments = Array.from({ length: nx - 1 }, (_, i) => ({
      a: gridNode[j * nx + i]!,
      b: gridNode[j * nx + i + 1]!,
      id: 2 * (j * nx + i),
    }));
    layStreet(segments, arterial, name, crossesRail, underpasses.has(j), crossesRiver, { tunnel: 'yes', layer: '-1' });
  }
  // Vertical streets: cross the river only on bridges, never run along the rail.
  for (let i = 0; i < nx; i++) {
    const arterial = isArterialCol(i);
    const name = arterial
      ? ARTERIAL_NAMES[(i / params.arterialEvery + 11) % ARTERIAL_NAMES.length]!
      : `${LOCAL_NAMES[(i + 5) % LOCAL_NAMES.length]}${i}弄`;
    const segments = Array.from({ length: ny - 1 }, (_, j) => ({
      a: gridNode[j * nx + i]!,
      b: gridNode[(j + 1) * nx + i]!,
      id: 2 * (j * nx + i) + 1,
    }));
    layStreet(segments, arterial, name, crossesRiver, bridges.has(i), crossesRail, { bridge: 'yes', layer: '1' });
  }
  const numStreetNodes = numNodes;

  // 3. River, water area and rail line.
  if (params.hasRiver) {
    const centre: number[] = [];
    const north: [number, number][] = [];
    const south: [number, number][] = [];
    for (let x = -20; x <= W + 20; x += 80) {
      centre.push(addNode(x, riverY(x)));
      north.push([x, riverY(x) + riverHalfM]);
      south.push([x, riverY(x) - riverHalfM]);
    }
    ways.push({ refs: centre, tags: { waterway: 'river', name: '苏州河' } });
    const ring = [...south, ...north.reverse()].map(([x, y]) => addNode(x, y));
    ring.push(ring[0]!);
    ways.push({ refs: ring, tags: { natural: 'water', water: 'river', name: '苏州河' } });
  }
  if (params.hasRail) {
    const rail: number[] = [];
    for (let y = -20; y <= H + 20; y += 100) rail.push(addNode(railX(y), y));
    ways.push({ refs: rail, tags: { railway: 'rail', name: '沪宁铁路', usage: 'main' } });
  }

  // 4. Compounds, gates, lanes and buildings, cell by cell.
  const ageField = smoothField(rng, W, H, Math.max(6, Math.round((W * H) / 4e6)), [700, 1800]);
  interface Building {
    ring: number[];
    levels: number;
    kind: string;
    rawResidents: number;
    old: number;
    young: number;
  }
  const buildings: Building[] = [];
  interface CompoundInfo {
    inner: [number, number, number, number]; // minX, minY, maxX, maxY
    buildings: number[];
  }
  const compounds: CompoundInfo[] = [];
  let numGates = 0;
  // Classes by rank of the age field, so every district has old, middle and young compounds:
  // the oldest 30 % of cells are 工人新村-style, the youngest 30 % new high-rises.
  const ages: number[] = [];
  for (let j = 0; j + 1 < ny; j++)
    for (let i = 0; i + 1 < nx; i++) ages.push(ageField((xs[i]! + xs[i + 1]!) / 2, (ys[j]! + ys[j + 1]!) / 2));
  const sortedAges = [...ages].sort((a, b) => a - b);
  const oldAbove = sortedAges[Math.floor(sortedAges.length * 0.7)]!;
  const newBelow = sortedAges[Math.floor(sortedAges.length * 0.3)]!;
  for (let j = 0; j + 1 < ny; j++) {
    for (let i = 0; i + 1 < nx; i++) {
      const cxm = (xs[i]! + xs[i + 1]!) / 2;
      const cym = (ys[j]! + ys[j + 1]!) / 2;
      const halfW = (xs[i + 1]! - xs[i]!) / 2;
      const halfH = (ys[j + 1]! - ys[j]!) / 2;
      if (params.hasRiver && Math.abs(cym - riverY(cxm)) < halfH + riverHalfM + 20) continue;
      if (params.hasRail && Math.abs(cxm - railX(cym)) < halfW + 20) continue;
      if (rng() < 0.1) continue; // offices, schools, parks: no residents
      const age = ages[j * (nx - 1) + i]!;
      const kind: CompoundClass = age >= oldAbove ? 'old' : age < newBelow ? 'new' : 'mid';
      const inset = 12;
      const corners: [number, number][] = [
        [gx(i, j) + inset, gy(i, j) + inset],
        [gx(i + 1, j) - inset, gy(i + 1, j) + inset],
        [gx(i + 1, j + 1) - inset, gy(i + 1, j + 1) - inset],
        [gx(i, j + 1) + inset, gy(i, j + 1) - inset],
      ];
      const isGated = kind !== 'old' || rng() < 0.75;
      // Sides: south (horizontal segment j), east (vertical i+1), north (horizontal j+1), west (vertical i).
      const sides = [2 * (j * nx + i), 2 * (j * nx + i + 1) + 1, 2 * ((j + 1) * nx + i), 2 * (j * nx + i) + 1];
      const ringRefs: number[] = [];
      const wantedGates = isGated ? 1 + Math.floor(rng() * 4) : 0;
      const gateSides = new Set(
        shuffle(
          rng,
          [0, 1, 2, 3].filter((s) => segmentNodes.has(sides[s]!)),
        ).slice(0, wantedGates),
      );
      for (let s = 0; s < 4; s++) {
        const [ax, ay] = corners[s]!;
        const [bx, by] = corners[(s + 1) % 4]!;
        ringRefs.push(addNode(ax, ay));
        if (!gateSides.has(s)) continue;
        const t = 0.3 + rng() * 0.4;
        const gateX = ax + t * (bx - ax);
        const gateY = ay + t * (by - ay);
        const gate = addNode(gateX, gateY, { barrier: 'gate', access: 'yes', 'gate:type': 'compound' });
        ringRefs.push(gate);
        numGates++;
        // A short footway from the gate to the nearest shape node of the street on that side.
        const street = segmentNodes.get(sides[s]!)!;
        let best = street[0]!;
        let bestD = Infinity;
        for (const ref of street) {
          const d = Math.hypot(nodeX[ref - 1]! - gateX, nodeY[ref - 1]! - gateY);
          if (d < bestD) {
            bestD = d;
            best = ref;
          }
        }
        ways.push({ refs: [gate, best], tags: { highway: 'footway', footway: 'access_aisle' } });
      }
      ringRefs.push(ringRefs[0]!);
      const compoundName = `${LOCAL_NAMES[(i * 7 + j * 3) % LOCAL_NAMES.length]}${pick(rng, COMPOUND_NAMES[kind])}`;
      ways.push({
        refs: ringRefs,
        tags: { landuse: 'residential', name: compoundName, ...(isGated ? { barrier: 'wall' } : {}) },
      });
      if (!isGated) {
        // Open lane neighbourhood (弄堂): a footway through the block, joined to the streets it meets.
        const south = segmentNodes.get(sides[0]!);
        const north = segmentNodes.get(sides[2]!);
        if (south && north)
          ways.push({
            refs: [south[south.length >> 1]!, north[north.length >> 1]!],
            tags: { highway: 'footway', name: `${compoundName}弄` },
          });
      }
      // Buildings on an axis-aligned inner rectangle.
      const minX = Math.max(corners[0]![0], corners[3]![0]) + 8;
      const maxX = Math.min(corners[1]![0], corners[2]![0]) - 8;
      const minY = Math.max(corners[0]![1], corners[1]![1]) + 8;
      const maxY = Math.min(corners[2]![1], corners[3]![1]) - 8;
      const info: CompoundInfo = { inner: [minX, minY, maxX, maxY], buildings: [] };
      const [bw, bh, stepX, stepY, levelsMin, levelsMax] =
        kind === 'old' ? [48, 11, 56, 26, 5, 6] : kind === 'mid' ? [38, 13, 46, 32, 6, 12] : [24, 22, 48, 50, 18, 33];
      for (let y = minY; y + bh <= maxY; y += stepY) {
        for (let x = minX; x + bw <= maxX; x += stepX) {
          const levels = levelsMin + Math.floor(rng() * (levelsMax - levelsMin + 1));
          const oldShare = kind === 'old' ? 0.38 + rng() * 0.14 : kind === 'mid' ? 0.24 + rng() * 0.12 : 0.1 + rng() * 0.1;
          const youngShare = kind === 'old' ? 0.05 + rng() * 0.04 : kind === 'mid' ? 0.09 + rng() * 0.04 : 0.14 + rng() * 0.06;
          const ring = [addNode(x, y), addNode(x + bw, y), addNode(x + bw, y + bh), addNode(x, y + bh)];
          ring.push(ring[0]!);
          info.buildings.push(buildings.length);
          buildings.push({ ring, levels, kind, rawResidents: (bw * bh * levels) / 35, old: oldShare, young: youngShare });
        }
      }
      if (info.buildings.length > 0) compounds.push(info);
    }
  }
  const rawTotal = buildings.reduce((sum, b) => sum + b.rawResidents, 0);
  const scale = rawTotal > 0 ? params.targetResidents / rawTotal : 0;
  let numResidents = 0;
  for (const b of buildings) {
    const residents = Math.max(1, Math.round(b.rawResidents * scale));
    const old = Math.round(residents * b.old);
    const young = Math.round(residents * b.young);
    numResidents += residents;
    ways.push({
      refs: b.ring,
      tags: {
        building: b.kind === 'new' ? 'apartments' : 'residential',
        'building:levels': String(b.levels),
        population: String(residents),
        'population:age_0_14': String(young),
        'population:age_15_59': String(residents - old - young),
        'population:age_60_plus': String(old),
        'lifecircle:households': String(Math.max(1, Math.round(residents / 2.6))),
      },
    });
  }

  // 5. Outlets on an uneven supply field: some areas rich, some short.
  const supply = smoothField(rng, W, H, Math.max(6, Math.round((W * H) / 3e6)), [600, 1500]);
  const segmentIds = [...segmentNodes.keys()];
  const compoundWeights = compounds.map((c) => c.buildings.reduce((s, b) => s + buildings[b]!.rawResidents, 0));
  const compoundPicker = cumulativePicker(compoundWeights);
  let numOutlets = 0;
  for (const kind of OUTLET_CATALOGUE) {
    const categoryField = smoothField(rng, W, H, Math.max(4, Math.round((W * H) / 5e6)), [500, 1400]);
    const count = Math.max(1, Math.round((numResidents / 10_000) * kind.perTenThousand * (params.outletDensityScale ?? 1)));
    for (let n = 0; n < count; n++) {
      let x = 0;
      let y = 0;
      if (rng() < kind.insideShare && compounds.length > 0) {
        const c = compounds[compoundPicker(rng())]!;
        const [minX, minY, maxX, maxY] = c.inner;
        x = minX + rng() * (maxX - minX);
        y = minY + rng() * (maxY - minY);
      } else {
        // Rejection sampling on the supply field, so sparse areas get fewer outlets.
        for (let tries = 0; tries < 50; tries++) {
          const refs = segmentNodes.get(segmentIds[Math.floor(rng() * segmentIds.length)]!)!;
          const a = refs[0]! - 1;
          const b = refs[refs.length - 1]! - 1;
          const t = 0.1 + rng() * 0.8;
          const sx = nodeX[a]! + t * (nodeX[b]! - nodeX[a]!);
          const sy = nodeY[a]! + t * (nodeY[b]! - nodeY[a]!);
          const density = Math.pow(supply(sx, sy), 1.5) * (0.35 + 0.65 * categoryField(sx, sy));
          x = sx;
          y = sy;
          if (rng() < density) {
            const length = Math.hypot(nodeX[b]! - nodeX[a]!, nodeY[b]! - nodeY[a]!) || 1;
            const side = (rng() < 0.5 ? -1 : 1) * (7 + rng() * 6);
            x = sx - (side * (nodeY[b]! - nodeY[a]!)) / length;
            y = sy + (side * (nodeX[b]! - nodeX[a]!)) / length;
            break;
          }
        }
      }
      addNode(x, y, {
        ...kind.tags,
        name: `${pick(rng, kind.names)}(${LOCAL_NAMES[Math.floor(rng() * LOCAL_NAMES.length)]}店)`,
        opening_hours: kind.openingHours,
        // A made-up Shanghai number, derived from the count so the random sequence is unchanged.
        phone: `021-${52_000_000 + ((numOutlets * 7919) % 47_999_999)}`,
        ...kind.services,
      });
      numOutlets++;
    }
  }

  // 6. Write: nodes, then ways, as OSM XML.
  const writer = new OsmXmlWriter(outFile, `lifecircle generator seed=${params.seed}`);
  const toLng = (x: number) => params.originLng + x / kx;
  const toLat = (y: number) => params.originLat + y / ky;
  writer.bounds(toLng(-100), toLat(-100), toLng(W + 100), toLat(H + 100));
  for (let id = 1; id <= numNodes; id++) writer.node(id, toLng(nodeX[id - 1]!), toLat(nodeY[id - 1]!), nodeTags.get(id));
  ways.forEach((way, index) => writer.way(index + 1, way.refs, way.tags));
  writer.close();
  return {
    numNodes,
    numWays: ways.length,
    numStreetNodes,
    numCompounds: compounds.length,
    numGates,
    numBuildings: buildings.length,
    numResidents,
    numOutlets,
  };
}

function pick<T>(rng: Rng, list: readonly T[]): T {
  return list[Math.floor(rng() * list.length)]!;
}

function shuffle<T>(rng: Rng, list: T[]): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const k = Math.floor(rng() * (i + 1));
    [list[i], list[k]] = [list[k]!, list[i]!];
  }
  return list;
}

/** `count` items spread across the list (one from each equal slice). */
function pickSpread(rng: Rng, list: number[], count: number): number[] {
  const chosen: number[] = [];
  for (let k = 0; k < count && list.length > 0; k++) {
    const from = Math.floor((k * list.length) / count);
    const to = Math.max(from + 1, Math.floor(((k + 1) * list.length) / count));
    chosen.push(list[from + Math.floor(rng() * (to - from))]!);
  }
  return chosen;
}

/** Picks an index with probability proportional to its weight, from a uniform number in [0, 1). */
function cumulativePicker(weights: number[]): (u: number) => number {
  const cumulative: number[] = [];
  let sum = 0;
  for (const w of weights) cumulative.push((sum += w));
  return (u) => {
    const target = u * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}
