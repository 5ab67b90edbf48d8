/** The knobs of a generated district. Lengths in metres. */
export interface DistrictParams {
  seed: number;
  widthM: number;
  heightM: number;
  /** South-west corner, WGS-84. */
  originLng: number;
  originLat: number;
  /** Spacing of local streets (a random value in this range between grid lines). */
  streetSpacingM: [number, number];
  /** Every n-th grid line is an arterial road. */
  arterialEvery: number;
  /** Shape nodes along streets, as mapped roads carry them. */
  shapeSpacingM: number;
  /** Residents the district should hold in total (buildings are scaled to it). */
  targetResidents: number;
  /** Whether a river (crossed by a few bridges) and a rail line (crossed at a few underpasses) cut the district. */
  hasRiver: boolean;
  hasRail: boolean;
  /**
   * Multiplies every format's outlets per 10,000 residents. 1 gives the
   * programme's convenience formats at Putuo-like densities; a city preset
   * raises it to count every shop of a city (Shanghai registers about a
   * million retail and service outlets), which is what a city-wide import holds.
   */
  outletDensityScale?: number;
}

export type PresetName = 'neighbourhood' | 'district' | 'city' | 'shanghai';

/**
 * Sizes from a neighbourhood to a Shanghai-scale city. `district` is
 * Putuo-sized: 7.4 km × 7.4 km ≈ 55 km² with about 1.2 million residents.
 */
export const PRESETS: Record<PresetName, Omit<DistrictParams, 'seed'>> = {
  neighbourhood: {
    widthM: 1600,
    heightM: 1500,
    originLng: 121.405,
    originLat: 31.24,
    streetSpacingM: [90, 170],
    arterialEvery: 4,
    shapeSpacingM: 30,
    targetResidents: 45_000,
    hasRiver: true,
    hasRail: true,
  },
  district: {
    widthM: 7400,
    heightM: 7400,
    originLng: 121.36,
    originLat: 31.215,
    streetSpacingM: [90, 180],
    arterialEvery: 4,
    shapeSpacingM: 30,
    targetResidents: 1_200_000,
    hasRiver: true,
    hasRail: true,
  },
  city: {
    widthM: 20_000,
    heightM: 18_000,
    originLng: 121.3,
    originLat: 31.13,
    streetSpacingM: [90, 190],
    arterialEvery: 4,
    shapeSpacingM: 30,
    targetResidents: 7_000_000,
    hasRiver: true,
    hasRail: true,
  },
  shanghai: {
    // About 2,300 km² of urban fabric with shape nodes every 15 m: about 2 million walk-network nodes.
    widthM: 50_000,
    heightM: 46_000,
    originLng: 121.1,
    originLat: 30.95,
    streetSpacingM: [90, 200],
    arterialEvery: 4,
    shapeSpacingM: 15,
    targetResidents: 25_000_000,
    hasRiver: true,
    hasRail: true,
    // About 75,000 outlets at scale 1; 13.3× gives about a million.
    outletDensityScale: 13.3,
  },
};
