"""Where a shared position falls: the QPV containing it (shapely STRtree on the contours) and the
nearest commune centre (a grid of 0.1° cells).

Limits, said plainly: outside a QPV the commune is the one whose *centre* is nearest (a Voronoi
approximation of the commune map, which we do not have): near a commune boundary it can be the
neighbour. Inside a QPV the commune is the listed commune of that QPV whose centre is nearest.
Contours are rounded to about 11 m (SOURCES.md §2), so a position at the very edge is uncertain."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence

import shapely

CELL_DEG = 0.1
MAX_RING = 4  # beyond ~40 km from any commune centre: not in France
EARTH_RADIUS_KM = 6371.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


class PointGrid:
    """Nearest point among many (commune centres), by rings of grid cells."""

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        self._points = list(points)
        cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        for i, (lat, lon) in enumerate(self._points):
            cells[self.cell(lat, lon)].append(i)
        self._cells = dict(cells)

    @staticmethod
    def cell(lat: float, lon: float) -> tuple[int, int]:
        return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)

    def nearest(self, lat: float, lon: float, among: Sequence[int] | None = None) -> int | None:
        if among is not None:
            return min(among, key=lambda i: self._sq(i, lat, lon), default=None)
        ci, cj = self.cell(lat, lon)
        best: int | None = None
        best_d = math.inf
        found_at: int | None = None
        for ring in range(MAX_RING + 1):
            for di in range(-ring, ring + 1):
                for dj in range(-ring, ring + 1):
                    if max(abs(di), abs(dj)) != ring:
                        continue
                    for i in self._cells.get((ci + di, cj + dj), ()):
                        d = self._sq(i, lat, lon)
                        if d < best_d:
                            best, best_d = i, d
            if best is not None and found_at is None:
                found_at = ring
            if found_at is not None and ring >= found_at + 1:
                break
        return best

    def _sq(self, i: int, lat: float, lon: float) -> float:
        plat, plon = self._points[i]
        dx = (plon - lon) * math.cos(math.radians(lat))
        return dx * dx + (plat - lat) ** 2


class ContourIndex:
    """QPV contours in an STRtree; ``containing`` answers in tens of microseconds."""

    def __init__(self, wkbs: Sequence[bytes | None]) -> None:
        self._positions = [i for i, w in enumerate(wkbs) if w is not None]
        geometries = shapely.from_wkb([wkbs[i] for i in self._positions])
        shapely.prepare(geometries)
        self._geometries = geometries
        self._tree = shapely.STRtree(geometries)

    def containing(self, lat: float, lon: float) -> int | None:
        """Position (in the QPV list) of the QPV containing the point, or None."""
        hits = self._tree.query(shapely.Point(lon, lat), predicate="within")
        if len(hits) == 0:
            return None
        return self._positions[int(min(hits))]
