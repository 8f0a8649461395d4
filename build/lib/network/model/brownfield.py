"""Brownfield between pathway horizons (myopic foresight, docs/pathways.md): what a solved planning network of one
horizon hands to the next.

`carry_forward(previous, horizon, lifetimes)` lists every asset the planner built, in the previous horizon or
carried into it, as one row per (component, province/bus, planning option, build year) for generators and storage,
per (line, build year) for links: the network grows by at most one component per option, province and horizon, never
by more with repeated carrying. An asset retires once build_year + lifetime <= horizon (years).

`add_brownfield(n, carried)` adds those rows to the next horizon's network as fixed components, "<province> <option>
<build year>" (links "<name> <build year>"): p_nom = the carried MW, not extendable, capital_cost 0 (paid for in the
horizon that built it, not again), columns `build_year`, `lifetime` (PyPSA's, for a later multi-period run),
`planning_option`, `brownfield` = True and `brownfield_of` (the component whose operating parameters and time series
it copies: the same option's new component in that province, else the province's fleet of the carrier). The
carried MW are taken off that new component's p_nom_max (potential and line ratings are not counted twice).

Per vintage, the network grows by up to one component per option and province with each horizon (a 2060 horizon may
carry seven vintages). With `merge_vintages`, add_brownfield adds one component per option and province instead,
"<province> <option> brownfield", its vintages in the column `vintages` ("2030:80;2035:50", year:MW) from which the
next carry_forward splits them again: the same LP (every vintage copies the same template), no growth with horizons.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pypsa

from network.model.sizing import NEGLIGIBLE_MW

COMPONENTS = {"Generator": "generators", "StorageUnit": "storage_units", "Link": "links"}
VINTAGE_SEPARATOR = ";"
TRANSMISSION = "transmission"  # lifetime key of built links without a planning option (candidate lines, reinforcements)
COLUMNS = ["component", "name", "template", "bus", "bus1", "province", "carrier", "planning_option", "build_year",
           "lifetime_years", "p_nom_mw"]  # fmt: skip
SET_HERE = {"p_nom", "p_nom_min", "p_nom_max", "p_nom_extendable", "capital_cost", "build_year", "lifetime", "planning_option",
            "brownfield", "brownfield_of", "vintages", "p_nom_built_mw", "planning_candidate", "capacity_of"}  # fmt: skip


class BrownfieldError(ValueError):
    """What a horizon hands on cannot be carried (no lifetime, no template, horizon not after the previous one)."""


def _text(static: pd.DataFrame, column: str) -> pd.Series:
    return static[column].fillna("").astype(str) if column in static else pd.Series("", index=static.index)


def _built_rows(previous: pypsa.Network, component: str, year: int) -> pd.DataFrame:
    """Assets of one component type: built in `year` (planning options and candidates, MW beyond p_nom_min) and carried."""
    static = getattr(previous, COMPONENTS[component])
    option = _text(static, "planning_option")
    carried = static["brownfield"].fillna(False).astype(bool) if "brownfield" in static else pd.Series(False, index=static.index)
    candidate = static["planning_candidate"].fillna(False).astype(bool) if "planning_candidate" in static else carried & False
    new = ((option != "") | candidate) & ~carried
    if static.p_nom_extendable.any():  # solved, not fixed: what the LP chose
        opt = static.get("p_nom_opt", static.p_nom).astype(float)
        built_ext = (opt - static.p_nom_min).where(static.p_nom_extendable)
    else:
        built_ext = pd.Series(np.nan, index=static.index)
    fixed = static["p_nom_built_mw"].astype(float) if "p_nom_built_mw" in static else pd.Series(np.nan, index=static.index)
    mw = built_ext.fillna(fixed).fillna(0.0).where(new, static.p_nom.astype(float).where(carried, 0.0))
    own_year = static.build_year.astype(float) if "build_year" in static else pd.Series(0.0, index=static.index)
    rows = pd.DataFrame({
        "component": component,
        "template": _text(static, "brownfield_of").where(carried, static.index.to_series()),
        "bus": static.bus0 if component == "Link" else static.bus,
        "bus1": static.bus1 if component == "Link" else "",
        "carrier": static.carrier,
        "planning_option": option,
        "build_year": own_year.where(carried, year).astype(int),  # new: built in the previous horizon
        "p_nom_mw": mw,
    })  # fmt: skip
    rows = rows[(new | carried) & (rows.p_nom_mw >= NEGLIGIBLE_MW)]
    packed = _text(static, "vintages").reindex(rows.index)
    if (packed != "").any():  # merged vintages (add_brownfield merge_vintages): one row per vintage again
        single = rows[packed == ""]
        parts = [single]
        for name in packed.index[packed != ""]:
            for item in packed[name].split(VINTAGE_SEPARATOR):
                built, mw = item.split(":")
                parts.append(rows.loc[[name]].assign(build_year=int(built), p_nom_mw=float(mw)))
        rows = pd.concat(parts)
    return rows


def carry_forward(previous: pypsa.Network, horizon: int, lifetimes: dict[str, float]) -> pd.DataFrame:
    """The assets a solved planning network hands to `horizon` (COLUMNS; MW, years), those retired by then left out.
    `lifetimes`: planning option (and 'transmission' for built links without one) -> years."""
    year = int((previous.meta or {}).get("scenario_year", 0))
    if not year:
        raise BrownfieldError("carry_forward: the previous network has no meta['scenario_year'] (not a planning network of a horizon)")
    if horizon <= year:
        raise BrownfieldError(f"carry_forward: horizon {horizon} is not after the previous horizon {year}")
    rows = pd.concat([_built_rows(previous, component, year) for component in COMPONENTS])
    if rows.empty:
        return pd.DataFrame(columns=COLUMNS)
    key = rows.planning_option.where(rows.planning_option != "", rows.component.map({"Link": TRANSMISSION}).fillna(""))
    missing = sorted(set(key) - set(lifetimes))
    if missing:
        first = rows[key == missing[0]].iloc[0]
        raise BrownfieldError(f"pathway.lifetime_years: no lifetime for {missing[0]!r} (built in {first.build_year} at {first.bus})")
    rows["lifetime_years"] = key.map(lifetimes).astype(float)
    province = previous.buses["province"] if "province" in previous.buses else previous.buses.index.to_series()
    rows["province"] = rows.bus.map(province).fillna(rows.bus)
    links = rows.component == "Link"  # a line is its own asset; generators and storage aggregate per province and option
    rows["group"] = rows.template.where(links, rows.bus + "\x00" + rows.planning_option + "\x00" + rows.carrier)
    table = rows.groupby(["component", "group", "build_year"], as_index=False, sort=True).agg(
        template=("template", "first"), bus=("bus", "first"), bus1=("bus1", "first"), province=("province", "first"),
        carrier=("carrier", "first"), planning_option=("planning_option", "first"), lifetime_years=("lifetime_years", "first"),
        p_nom_mw=("p_nom_mw", "sum"),
    )  # fmt: skip
    table = table[table.build_year + table.lifetime_years > horizon]
    base = table.template.str.removesuffix(" new")
    table["name"] = base + " " + table.build_year.astype(str)
    return table[COLUMNS].reset_index(drop=True)


def _template(static: pd.DataFrame, row) -> str:
    if row.template in static.index:
        return row.template
    own = static[(static.get("bus0", static.get("bus")) == row.bus) & (static.carrier == row.carrier)]
    if "brownfield" in own:
        own = own[~own.brownfield.fillna(False).astype(bool)]
    if own.empty:
        raise BrownfieldError(f"add_brownfield: {row.name!r} ({row.component}, {row.carrier} at {row.bus}): no component to copy its "
                              "operating parameters from (neither its template nor a fleet of the carrier at the bus)")  # fmt: skip
    return own.index[0]


def merged_vintages(carried: pd.DataFrame) -> pd.DataFrame:
    """The rows of carry_forward with the vintages of one option in one province (one line) merged into one row
    "<province> <option> brownfield" (MW summed; build_year the oldest; column `vintages` "2030:80;2035:50", year:MW,
    from which carry_forward splits them again): the same dispatch LP, since every vintage copies the same template."""
    if carried.empty:
        return carried.assign(vintages=pd.Series(dtype=object))
    key = ["component", "template", "bus", "bus1", "carrier", "planning_option"]
    ordered = carried.sort_values("build_year")
    merged = ordered.groupby(key, as_index=False, sort=False).agg(
        province=("province", "first"), build_year=("build_year", "min"), lifetime_years=("lifetime_years", "first"),
        p_nom_mw=("p_nom_mw", "sum"),
    )  # fmt: skip
    pieces = ordered.groupby(key, sort=False).apply(
        lambda g: VINTAGE_SEPARATOR.join(f"{y}:{mw:.6g}" for y, mw in zip(g.build_year, g.p_nom_mw)), include_groups=False
    )
    merged["vintages"] = pieces.reindex(pd.MultiIndex.from_frame(merged[key])).to_numpy()
    merged["name"] = merged.template.str.removesuffix(" new") + " brownfield"
    return merged[[*COLUMNS, "vintages"]]


def add_brownfield(n: pypsa.Network, carried: pd.DataFrame, merge_vintages: bool = False) -> pd.Index:
    """Add the rows of carry_forward to n as fixed, already paid-for components (merge_vintages: one per option and
    province, see merged_vintages); returns their names."""
    if merge_vintages:
        carried = merged_vintages(carried)
    names = []
    for component, rows in carried.groupby("component", sort=False):
        attr = COMPONENTS[component]
        static = getattr(n, attr)
        duplicate = rows.name[rows.name.isin(static.index)]
        if len(duplicate):
            raise BrownfieldError(f"add_brownfield: {duplicate.iloc[0]!r} is already in the network (carried twice?)")
        templates = [_template(static, row) for row in rows.itertuples(index=False)]
        inputs = [c for c in static.columns if c not in SET_HERE and not _is_output(n, component, c)]
        copy = static.loc[templates, inputs].set_axis(rows.name.to_numpy())
        n.add(component, rows.name.to_numpy(), **{c: copy[c].to_numpy() for c in inputs},
              p_nom=rows.p_nom_mw.to_numpy(), p_nom_extendable=False, capital_cost=0.0, build_year=rows.build_year.to_numpy(),
              lifetime=rows.lifetime_years.to_numpy(), planning_option=rows.planning_option.where(rows.planning_option != "").to_numpy(dtype=object), brownfield=True,
              brownfield_of=np.array(templates, dtype=object),
              vintages=rows["vintages"].to_numpy() if "vintages" in rows else "")  # fmt: skip
        static = getattr(n, attr)
        if "capacity_of" in static:
            static["capacity_of"] = static["capacity_of"].fillna("").astype(object).where(~static.index.isin(rows.name), "")
        if "planning_candidate" in static:
            static["planning_candidate"] = static["planning_candidate"].fillna(False).astype(bool) & ~static.index.isin(rows.name)
        dynamic = getattr(n, attr + "_t")
        for key in list(dynamic):
            frame = dynamic[key]
            have = [t in frame.columns for t in templates]
            if any(have):
                block = frame[np.array(templates)[have]].set_axis(rows.name.to_numpy()[have], axis=1)
                dynamic[key] = pd.concat([frame, block], axis=1)
        same = pd.Series(rows.p_nom_mw.to_numpy(), index=templates).groupby(level=0).sum()
        same = same[[t in rows.template.to_numpy() and static.at[t, "p_nom_extendable"] for t in same.index]]
        if len(same):
            room = (static.loc[same.index, "p_nom_max"] - same).clip(lower=static.loc[same.index, "p_nom_min"])
            static.loc[same.index, "p_nom_max"] = room
        names += list(rows.name)
    return pd.Index(names)


def _is_output(n: pypsa.Network, component: str, column: str) -> bool:
    attrs = n.components[component].defaults
    return column in attrs.index and not str(attrs.at[column, "status"]).startswith("Input")
