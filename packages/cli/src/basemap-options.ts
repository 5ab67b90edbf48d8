import { LifecircleError } from '@lifecircle/shared';
import type { BasemapConfig } from '@lifecircle/server';

/** The basemap settings of `lifecircle serve`, as given on the command line or in the environment. */
export interface BasemapOptions {
  url?: string | undefined;
  crs?: string | undefined;
  attribution?: string | undefined;
  subdomains?: string | undefined;
  maxZoom?: string | undefined;
}

const usage = (reason: string) => new LifecircleError('USAGE', { reason });

/**
 * The online basemap from `--basemap-url` and its companions, or null when no URL is given (then the web app
 * requests nothing outside the server). The URL is an http(s) raster template with `{z}`, `{x}` and `{y}`;
 * `{s}` is expanded over `--basemap-subdomains` (e.g. `1,2,3,4` for Amap). Throws USAGE naming the bad option.
 */
export function basemapFromOptions(options: BasemapOptions): BasemapConfig | null {
  const url = options.url?.trim() ?? '';
  if (url === '') {
    if (options.crs !== undefined || options.attribution !== undefined)
      throw usage('--basemap-crs and --basemap-attribution need --basemap-url');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url.replace(/\{[a-z]\}/g, '0'));
  } catch {
    throw usage(`--basemap-url is not a URL: "${url}"`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw usage(`--basemap-url must be http or https, got "${parsed.protocol}"`);
  for (const placeholder of ['{z}', '{x}', '{y}']) {
    if (!url.includes(placeholder)) throw usage(`--basemap-url needs ${placeholder} (a {z}/{x}/{y} raster tile template)`);
  }
  const crs = options.crs ?? 'wgs84';
  if (crs !== 'wgs84' && crs !== 'gcj02') throw usage(`--basemap-crs expects wgs84 or gcj02, got "${crs}"`);
  const subdomains = (options.subdomains ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (url.includes('{s}') && subdomains.length === 0)
    throw usage('--basemap-url has {s}: give --basemap-subdomains, e.g. 1,2,3,4');
  const tiles = url.includes('{s}') ? subdomains.map((subdomain) => url.replaceAll('{s}', subdomain)) : [url];
  const maxZoom = options.maxZoom === undefined ? 18 : Number(options.maxZoom);
  if (!Number.isInteger(maxZoom) || maxZoom < 1 || maxZoom > 22)
    throw usage(`--basemap-max-zoom expects a whole number from 1 to 22, got "${options.maxZoom}"`);
  const attribution = options.attribution?.trim() || parsed.hostname;
  return { tiles, crs, attribution, maxZoom };
}
