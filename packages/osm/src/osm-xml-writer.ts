import { closeSync, openSync, writeSync } from 'node:fs';
import type { Tags } from '@lifecircle/engine';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Writes standard OSM XML (API 0.6) to a file as it goes, so a city-sized
 * file never sits in memory. Call node() for all nodes, then way(), then close().
 */
export class OsmXmlWriter {
  private readonly fd: number;
  private chunks: string[] = [];
  private pending = 0;

  constructor(path: string, generator = 'lifecircle') {
    this.fd = openSync(path, 'w');
    this.write(`<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="${escapeXml(generator)}">\n`);
  }

  bounds(minLng: number, minLat: number, maxLng: number, maxLat: number): void {
    this.write(
      `  <bounds minlat="${minLat.toFixed(7)}" minlon="${minLng.toFixed(7)}" maxlat="${maxLat.toFixed(7)}" maxlon="${maxLng.toFixed(7)}"/>\n`,
    );
  }

  node(id: number, lng: number, lat: number, tags?: Tags): void {
    const head = `  <node id="${id}" version="1" lat="${lat.toFixed(7)}" lon="${lng.toFixed(7)}"`;
    if (!tags || Object.keys(tags).length === 0) this.write(`${head}/>\n`);
    else this.write(`${head}>\n${tagLines(tags)}  </node>\n`);
  }

  way(id: number, refs: ArrayLike<number>, tags: Tags): void {
    let text = `  <way id="${id}" version="1">\n`;
    for (let i = 0; i < refs.length; i++) text += `    <nd ref="${refs[i]}"/>\n`;
    this.write(`${text}${tagLines(tags)}  </way>\n`);
  }

  close(): void {
    this.write('</osm>\n');
    this.flush();
    closeSync(this.fd);
  }

  private write(text: string): void {
    this.chunks.push(text);
    this.pending += text.length;
    if (this.pending > 1 << 20) this.flush();
  }

  private flush(): void {
    writeSync(this.fd, this.chunks.join(''));
    this.chunks = [];
    this.pending = 0;
  }
}

function tagLines(tags: Tags): string {
  let text = '';
  for (const key in tags) text += `    <tag k="${escapeXml(key)}" v="${escapeXml(tags[key]!)}"/>\n`;
  return text;
}
