"""Nearest known structures of a network: great-circle distance, widening radius, grid bucketing.

Structures are filed per network in cells of 0.25° (about 28 km north-south); a query reads only the
cells that can hold a structure within the current radius (10, then 20, then 50 km) and returns []
beyond: the result card then says honestly that no place is known nearby and gives the directory."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable

from bot.knowledge.geo.locator import haversine_km
from bot.knowledge.types import NearbyStructure, Structure

RADII_KM: tuple[float, ...] = (10.0, 20.0, 50.0)
CELL_DEG = 0.25
KM_PER_DEG_LAT = 111.2


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), math.floor(lon / CELL_DEG)


class Finder:
    """Implements :class:`bot.knowledge.types.StructureFinder`."""

    def __init__(self, structures: Iterable[Structure]) -> None:
        grids: dict[str, dict[tuple[int, int], list[Structure]]] = defaultdict(lambda: defaultdict(list))
        self.structures: list[Structure] = []
        for s in structures:
            if s.lat is None or s.lon is None:
                continue
            self.structures.append(s)
            grids[s.reseau][_cell(s.lat, s.lon)].append(s)
        self._grids = {reseau: dict(cells) for reseau, cells in grids.items()}

    def reseaux(self) -> dict[str, int]:
        """How many structures each network has (for logs and the validator)."""
        return {reseau: sum(map(len, cells.values())) for reseau, cells in sorted(self._grids.items())}

    def nearest(self, reseau: str, lat: float, lon: float, limit: int = 2) -> list[NearbyStructure]:
        cells = self._grids.get(reseau)
        if not cells or limit <= 0:
            return []
        for radius in RADII_KM:
            hits = self._within(cells, lat, lon, radius)
            if hits:
                hits.sort(key=lambda hit: (hit.distance_km, hit.structure.nom))
                return hits[:limit]
        return []

    @staticmethod
    def _within(
        cells: dict[tuple[int, int], list[Structure]], lat: float, lon: float, radius: float
    ) -> list[NearbyStructure]:
        dlat = radius / KM_PER_DEG_LAT
        dlon = radius / (KM_PER_DEG_LAT * max(0.05, math.cos(math.radians(lat))))
        (i0, j0), (i1, j1) = _cell(lat - dlat, lon - dlon), _cell(lat + dlat, lon + dlon)
        hits: list[NearbyStructure] = []
        seen: set[str] = set()
        for i in range(i0, i1 + 1):
            for j in range(j0, j1 + 1):
                for s in cells.get((i, j), ()):
                    assert s.lat is not None and s.lon is not None
                    distance = haversine_km(lat, lon, s.lat, s.lon)
                    if distance <= radius and s.id not in seen:
                        seen.add(s.id)
                        hits.append(NearbyStructure(s, round(distance, 1)))
        return hits
