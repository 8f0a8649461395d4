"""Derive the 2023 provincial generation, net imports and self-sufficiency of inputs/published_statistics.csv.

Published net import of a province = whole-society consumption (inputs/consumption_by_province.csv)
minus its generation. NBS publishes provincial generation only for plants above designated size
(规模以上), which misses small hydro, distributed PV and (in the export used) Shandong nuclear, so the
provincial figures are scaled to the all-industry national totals (NBS communiqué 2023, TWh):
thermal 6,265.7, hydro 1,285.9, nuclear 434.7, wind 885.9, solar 584.2 (docs/published_statistics_2023.md §1).

- thermal, hydro, nuclear: NBS above-size provincial output, Jan-Dec 2023 YTD, scaled by carrier to the
  national total (Shandong nuclear, absent from the export, is the national residual: Haiyang, Shidaowan);
- wind: provincial Jan-Nov 2023 YTD (the December value is missing), December taken equal to November,
  scaled to the national total;
- solar: the national total split by each province's mean of end-2022 and end-2023 solar capacity
  (inputs/capacity_by_province.csv, all sizes), since the above-size series misses distributed PV.

Source: NBS via Wind, as exported in CREA china_co2 (https://github.com/energyandcleanair/china_co2,
inst/csv/power_generation_by_province_and_source.csv, commit 6ba84109). Usage:
`python inputs/derive_provincial_generation.py <export.csv>`; prints province, generation, consumption,
net import and self-sufficiency (TWh, fraction).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import pandas as pd

NATIONAL_TWH = {"thermal": 6265.7, "hydro": 1285.9, "nuclear": 434.7, "wind": 885.9, "solar": 584.2}
INPUTS = Path(__file__).parent


def _ytd(rows: dict[str, list[str]], header: list[str], period: str) -> pd.DataFrame:
    """YTD output of a month by province (columns) and carrier (rows), TWh (the export is in 10^4 kWh)."""
    records = []
    for name, cell in zip(header[1:], rows[period][1:]):
        parts = [p.strip() for p in name.split(":")]
        if parts[0] == "Power Consumption":
            continue
        carrier = "wind" if parts[0] == "Power Generation" else parts[1].split()[0].lower()
        value = cell.strip().replace(",", "")
        records.append((carrier, parts[2].replace(" ", ""), float(value) / 1e5 if value else 0.0))
    return pd.DataFrame(records, columns=["carrier", "province", "twh"]).pivot_table("twh", "carrier", "province", aggfunc="sum")


def provincial_generation(export: Path) -> pd.DataFrame:
    """Generation 2023 by province (rows) and carrier (columns), TWh, summing to the national totals."""
    table = list(csv.reader(export.open(encoding="utf-8-sig")))
    header, rows = table[1], {r[0]: r for r in table if r and r[0][:4].isdigit()}
    dec, nov, oct_ = (_ytd(rows, header, p) for p in ("2023-12", "2023-11", "2023-10"))
    gen = dec.loc[["thermal", "hydro", "nuclear"]].T.fillna(0.0)
    gen["wind"] = (2 * nov.loc["wind"] - oct_.loc["wind"]).reindex(gen.index).fillna(0.0)
    gen.loc["Shandong", "nuclear"] = NATIONAL_TWH["nuclear"] - gen["nuclear"].sum()
    cap = pd.read_csv(INPUTS / "capacity_by_province.csv")
    solar = cap[(cap.technology == "solar") & cap.year.isin([2022, 2023])].groupby("province")["capacity_mw"].mean()
    gen["solar"] = solar.reindex(gen.index).fillna(0.0) / solar.sum() * NATIONAL_TWH["solar"]
    for carrier in ("thermal", "hydro", "wind"):
        gen[carrier] *= NATIONAL_TWH[carrier] / gen[carrier].sum()
    return gen


def main(export: Path) -> None:
    gen = provincial_generation(export)
    cons = pd.read_csv(INPUTS / "consumption_by_province.csv").query("year == 2023").set_index("province")["consumption_twh"]
    out = pd.DataFrame({"generation": gen.sum(axis=1), "consumption": cons})
    out["net_import"] = out.consumption - out.generation
    out["self_sufficiency"] = out.generation / out.consumption
    out["net_share"] = out.net_import / out.consumption
    out.round(4).to_csv(sys.stdout)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
