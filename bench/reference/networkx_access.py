#!/usr/bin/env python3
"""An independent implementation of lifecircle's access rules with NetworkX.

It shares no code with lifecircle: OSM files are read with pyosmium, the walk
network follows OSMnx's "walk" filter, outlets are classified from a taxonomy
file, points snap to the nearest point of the nearest edge, and each category
is one Dijkstra from a virtual source joined to every outlet's edge ends
(networkx.single_source_dijkstra_path_length). Gates are not modelled: compare
with `lifecircle access --ignore-gates`.

usage: networkx_access.py --osm FILE --taxonomy FILE.json --origins FILE.csv
                          [--speed-mps 1.2] [--cutoff-min 60] [--max-snap-m 500] --out FILE.csv
Prints the seconds spent per stage to stderr.
"""
import argparse
import csv
import json
import math
import re
import sys
import time

import networkx as nx
import osmium

R = 6371008.8
EXCLUDED_HIGHWAY = re.compile(r"abandoned|bus_guideway|construction|cycleway|motor|planned|platform|proposed|raceway|razed")


def haversine(lng1, lat1, lng2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * R * math.asin(min(1.0, math.sqrt(a)))


def walkable(tags):
    hw = tags.get("highway")
    if hw is None or EXCLUDED_HIGHWAY.search(hw):
        return False
    for key, bad in (("area", "yes"), ("access", "private"), ("foot", "no"), ("service", "private")):
        if key in tags and re.search(bad, tags[key]):
            return False
    return True


def strip_branch(name):
    return re.sub(r"[（(][^（()）]*[)）]", "", name).strip()


def set_matches(tags, tag_set):
    return all(k in tags and (v == "*" or tags[k] == v) for k, v in tag_set.items())


def classify(tags, taxonomy):
    name = strip_branch(tags.get("name:zh", tags.get("name", tags.get("brand", ""))))
    found = []
    for cat in taxonomy:
        ok = any(set_matches(tags, s) for s in cat.get("osm", []))
        if not ok and cat.get("name_keywords"):
            if any(set_matches(tags, s) for s in cat.get("osm_weak", [])):
                ok = name != "" and any(k in name for k in cat["name_keywords"])
        if ok and any(k in name for k in cat.get("exclude_name_keywords", [])):
            ok = False
        if ok:
            found.append(cat["id"])
    return found


class Reader(osmium.SimpleHandler):
    def __init__(self):
        super().__init__()
        self.nodes = {}
        self.tagged = []
        self.ways = []  # (refs, tags) of walkable ways
        self.other_ways = []  # (refs, tags) of tagged non-highway ways, for outlets

    def node(self, n):
        self.nodes[n.id] = (n.location.lon, n.location.lat)
        if len(n.tags):
            self.tagged.append((n.id, {t.k: t.v for t in n.tags}))

    def way(self, w):
        tags = {t.k: t.v for t in w.tags}
        refs = [nd.ref for nd in w.nodes]
        if walkable(tags):
            self.ways.append(refs)
        if "highway" not in tags and tags:
            self.other_ways.append((refs, tags))


def area_centroid(coords):
    """Planar area centroid around the first vertex (the mean for degenerate rings)."""
    if coords[0] == coords[-1] and len(coords) > 1:
        coords = coords[:-1]
    lng0, lat0 = coords[0]
    kx = R * math.pi / 180 * math.cos(math.radians(lat0))
    ky = R * math.pi / 180
    pts = [((x - lng0) * kx, (y - lat0) * ky) for x, y in coords]
    a = cx = cy = 0.0
    for i in range(len(pts)):
        x1, y1 = pts[i]
        x2, y2 = pts[(i + 1) % len(pts)]
        c = x1 * y2 - x2 * y1
        a += c
        cx += (x1 + x2) * c
        cy += (y1 + y2) * c
    if abs(a) < 1e-9:
        mx = sum(p[0] for p in pts) / len(pts)
        my = sum(p[1] for p in pts) / len(pts)
        return lng0 + mx / kx, lat0 + my / ky
    return lng0 + cx / (3 * a) / kx, lat0 + cy / (3 * a) / ky


class EdgeGrid:
    """Nearest point on the nearest edge, via a uniform grid of edge boxes (planar metres)."""

    def __init__(self, edges, pos, lat_ref, cell=100.0):
        self.kx = R * math.pi / 180 * math.cos(math.radians(lat_ref))
        self.ky = R * math.pi / 180
        self.cell = cell
        self.edges = edges
        self.xy = {n: (p[0] * self.kx, p[1] * self.ky) for n, p in pos.items()}
        self.grid = {}
        for i, (u, v, _) in enumerate(edges):
            (x1, y1), (x2, y2) = self.xy[u], self.xy[v]
            for gx in range(int(math.floor(min(x1, x2) / cell)), int(math.floor(max(x1, x2) / cell)) + 1):
                for gy in range(int(math.floor(min(y1, y2) / cell)), int(math.floor(max(y1, y2) / cell)) + 1):
                    self.grid.setdefault((gx, gy), []).append(i)

    def nearest(self, lng, lat, max_m):
        px, py = lng * self.kx, lat * self.ky
        best = (math.inf, -1, 0.0)
        ring = 0
        cx, cy = int(math.floor(px / self.cell)), int(math.floor(py / self.cell))
        while True:
            for gx in range(cx - ring, cx + ring + 1):
                for gy in range(cy - ring, cy + ring + 1):
                    if max(abs(gx - cx), abs(gy - cy)) != ring:
                        continue
                    for i in self.grid.get((gx, gy), ()):
                        u, v, _ = self.edges[i]
                        (x1, y1), (x2, y2) = self.xy[u], self.xy[v]
                        dx, dy = x2 - x1, y2 - y1
                        l2 = dx * dx + dy * dy
                        t = 0.0 if l2 == 0 else max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / l2))
                        d = math.hypot(x1 + t * dx - px, y1 + t * dy - py)
                        if d < best[0] or (d == best[0] and i < best[1]):
                            best = (d, i, t)
            # Everything within ring * cell has been seen once the best is closer than that.
            if best[1] >= 0 and best[0] <= ring * self.cell:
                break
            if ring * self.cell > max_m * 1.01 + self.cell:
                break
            ring += 1
        if best[1] < 0:
            return None
        u, v, _ = self.edges[best[1]]
        return best[1], best[2]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--osm", required=True)
    ap.add_argument("--taxonomy", required=True)
    ap.add_argument("--origins", required=True)
    ap.add_argument("--speed-mps", type=float, default=1.2)
    ap.add_argument("--cutoff-min", type=float, default=60)
    ap.add_argument("--max-snap-m", type=float, default=500)
    ap.add_argument("--out", required=True)
    args = ap.parse_args()
    stages = {}
    t0 = time.time()

    taxonomy = [c for c in json.load(open(args.taxonomy, encoding="utf-8")) if c.get("walk_evaluated", True)]
    reader = Reader()
    reader.apply_file(args.osm, locations=False)
    stages["read"] = time.time() - t0

    t = time.time()
    G = nx.Graph()
    for refs in reader.ways:
        prev = None
        for ref in refs:
            if ref not in reader.nodes:
                prev = None  # clipped: break the way here
                continue
            if prev is not None and prev != ref:
                (x1, y1), (x2, y2) = reader.nodes[prev], reader.nodes[ref]
                w = haversine(x1, y1, x2, y2)
                if not G.has_edge(prev, ref) or G[prev][ref]["weight"] > w:
                    G.add_edge(prev, ref, weight=w)
            prev = ref
    pos = {n: reader.nodes[n] for n in G.nodes}
    edges = [(u, v, d["weight"]) for u, v, d in G.edges(data=True)]
    lat_ref = sum(p[1] for p in pos.values()) / len(pos)
    grid = EdgeGrid(edges, pos, lat_ref)
    stages["network"] = time.time() - t

    t = time.time()
    outlets = {c["id"]: [] for c in taxonomy}
    for nid, tags in reader.tagged:
        for cid in classify(tags, taxonomy):
            outlets[cid].append(reader.nodes[nid])
    for refs, tags in reader.other_ways:
        cats = classify(tags, taxonomy)
        if not cats:
            continue
        coords = [reader.nodes[r] for r in refs if r in reader.nodes]
        if not coords:
            continue
        c = area_centroid(coords)
        for cid in cats:
            outlets[cid].append(c)

    def attach(lng, lat):
        hit = grid.nearest(lng, lat, args.max_snap_m)
        if hit is None:
            return None
        i, t = hit
        u, v, w = edges[i]
        slng = pos[u][0] + t * (pos[v][0] - pos[u][0])
        slat = pos[u][1] + t * (pos[v][1] - pos[u][1])
        off = haversine(lng, lat, slng, slat)
        if off > args.max_snap_m:
            return None
        return (u, v, w, t, off)

    origins = []
    with open(args.origins, encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            lng = float(row.get("lon", row.get("lng")))
            lat = float(row["lat"])
            origins.append((row["id"], attach(lng, lat)))
    stages["snap"] = time.time() - t

    t = time.time()
    cutoff = args.cutoff_min * 60 * args.speed_mps
    results = {}
    for cat in taxonomy:
        cid = cat["id"]
        atts = [a for a in (attach(x, y) for x, y in outlets[cid]) if a is not None]
        col = []
        if atts:
            S = ("source",)
            G.add_node(S)
            for u, v, w, tt, off in atts:
                for node, d in ((u, off + tt * w), (v, off + (1 - tt) * w)):
                    if not G.has_edge(S, node) or G[S][node]["weight"] > d:
                        G.add_edge(S, node, weight=d)
            dist = nx.single_source_dijkstra_path_length(G, S, cutoff=cutoff, weight="weight")
            G.remove_node(S)
            for _, a in origins:
                if a is None:
                    col.append(None)
                    continue
                u, v, w, tt, off = a
                best = min(dist.get(u, math.inf) + tt * w, dist.get(v, math.inf) + (1 - tt) * w) + off
                for u2, v2, w2, t2, off2 in atts:
                    if {u2, v2} == {u, v}:
                        t2n = t2 if u2 == u else 1 - t2
                        best = min(best, off + off2 + abs(tt - t2n) * w)
                col.append(best if best <= cutoff else None)
        else:
            col = [None] * len(origins)
        results[cid] = col
    stages["dijkstra"] = time.time() - t

    with open(args.out, "w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        ids = [c["id"] for c in taxonomy]
        out.writerow(["id"] + ids)
        for k, (oid, _) in enumerate(origins):
            out.writerow([oid] + ["" if results[c][k] is None else "%.3f" % (results[c][k] / args.speed_mps / 60) for c in ids])
    stages["total"] = time.time() - t0
    print(json.dumps({"seconds": stages, "nodes": G.number_of_nodes(), "edges": G.number_of_edges()}), file=sys.stderr)


if __name__ == "__main__":
    main()
