import type { District as LoadedDistrict } from '@lifecircle/analysis';
import { ringAreaCentroid } from '@lifecircle/osm';
import type { AreaGeometry, Building, Compound, LngLat } from '@lifecircle/shared';
import type { NewOutlet } from '@lifecircle/store';

/** Store records made from one OSM file, before ids are assigned. Buildings point at compounds by index. */
export interface OsmRecords {
  compounds: Omit<Compound, 'id'>[];
  buildings: (Omit<Building, 'id' | 'compoundId'> & { compoundIndex: number })[];
  outlets: NewOutlet[];
}

/**
 * Turns what the OSM reader extracted into store records: each compound
 * (landuse=residential) with its outline and gates, and residents, households
 * and age bands summed over its buildings (estimated when any building was);
 * residential buildings; outlets, active, sourced `osm` with `node/123` ids.
 */
export function osmRecords(district: LoadedDistrict, source = 'osm'): OsmRecords {
  const { compounds, buildings, outlets } = district.features;
  const sums = compounds.map(() => ({
    residents: 0,
    households: 0,
    hasHouseholds: false,
    a: 0,
    b: 0,
    c: 0,
    hasAges: false,
    estimated: false,
  }));
  for (const building of buildings) {
    const sum = sums[building.compound];
    if (sum === undefined) continue;
    sum.residents += building.population;
    if (building.households !== null) {
      sum.households += building.households;
      sum.hasHouseholds = true;
    }
    if (building.ages) {
      sum.a += building.ages.age0to14;
      sum.b += building.ages.age15to59;
      sum.c += building.ages.age60plus;
      sum.hasAges = true;
    }
    if (building.isEstimated) sum.estimated = true;
  }
  return {
    compounds: compounds.map((compound, i) => {
      const sum = sums[i]!;
      const centre = ringAreaCentroid(compound.ringLng, compound.ringLat);
      const ring: LngLat[] = Array.from(compound.ringLng, (lng, k) => [lng, compound.ringLat[k]!] as LngLat);
      const outline: AreaGeometry = { type: 'Polygon', coordinates: [ring] };
      return {
        name: compound.name || `小区 ${compound.osmId}`,
        streetId: null,
        committeeId: null,
        circleId: null,
        location: [centre.lng, centre.lat],
        outline,
        gates: compound.gateLng.map((lng, k) => [lng, compound.gateLat[k]!] as LngLat),
        households: sum.hasHouseholds ? sum.households : null,
        residents: Math.round(sum.residents),
        age0to14: sum.hasAges ? sum.a : null,
        age15to59: sum.hasAges ? sum.b : null,
        age60plus: sum.hasAges ? sum.c : null,
        isEstimated: sum.estimated,
        source,
        externalId: `way/${compound.osmId}`,
      };
    }),
    buildings: buildings.map((building) => ({
      compoundIndex: building.compound,
      streetId: null,
      location: [building.lng, building.lat],
      footprintM2: building.footprintM2,
      levels: building.levels,
      households: building.households,
      residents: building.population,
      age0to14: building.ages?.age0to14 ?? null,
      age15to59: building.ages?.age15to59 ?? null,
      age60plus: building.ages?.age60plus ?? null,
      isEstimated: building.isEstimated,
      source,
      externalId: `way/${building.osmId}`,
    })),
    outlets: outlets.map((outlet) => ({
      name: outlet.name || outlet.categoryIds[0]!,
      categoryIds: outlet.categoryIds,
      address: outlet.address,
      location: [outlet.lng, outlet.lat],
      openingHours: outlet.openingHours,
      services: outlet.services,
      phone: outlet.phone,
      status: 'active',
      rejectReason: null,
      source,
      externalId: `${outlet.osmType}/${outlet.osmId}`,
      lastVerified: null,
      merchantId: null,
      streetId: null,
    })),
  };
}
