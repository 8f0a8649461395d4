"""The model's own component attributes: every column the model writes that PyPSA does not define.

PyPSA documents its attributes per component (name, type, unit, default, description); this table does the
same for the columns this model adds, so that a reader of network.nc or solved.nc, an analysis or a plot can
look one up instead of reading the code that writes it. Roles of components are these columns, never parsed
out of component names. `python -m network.cli docs` writes docs/attributes.md from this table, and
tests/test_attributes.py checks that every column a built or solved network carries beyond PyPSA's is here
and that nothing here is stale.

Default: the value of a component the attribute does not concern (a netCDF file stores "" for a missing text
and NaN for a missing number; a boolean column is read back as 0/1).
"""

from __future__ import annotations

from typing import NamedTuple


class Attribute(NamedTuple):
    component: str  # PyPSA component class name
    attribute: str  # column of the component's static table
    type: str  # string, float, 0/1
    unit: str  # "" where not a quantity
    default: str  # value of a component the attribute does not concern
    description: str
    set_by: str  # module (under network/) that writes it; "build" or "solve" step


# fmt: off
ATTRIBUTES: tuple[Attribute, ...] = (
    # Bus
    Attribute("Bus", "province", "string", "", '""',
              "province the bus belongs to (electricity, energy-base, province water and compute hub buses); empty for water nodes of the transfer routes and compute demand-region buses",
              "model/power.py, bases.py, water.py, compute.py (build)"),
    Attribute("Bus", "region", "string", "", '""',
              "region class of the province (config `regions.classes`, e.g. East, Central, West)",
              "model/power.py, bases.py, water.py (build)"),
    Attribute("Bus", "role", "string", "", '""',
              "what the bus is: \"electricity\" (a province), \"base\" (the energy base behind a UHV line), \"water\" (a province's water, thousand m3), \"water node\" (a node of a transfer route), \"demand hub\" / \"west hub\" (a data-centre hub's compute), \"demand region\" / \"demand region relocatable\" (a region's compute demand)",
              "model/power.py, bases.py, water.py, compute.py (build)"),
    Attribute("Bus", "renewable_share_target", "float", "fraction", "NaN",
              "an energy base's published renewable share of what its line sends (inputs/uhv_bases.csv), enforced by model/constraints/base_renewable_share.py",
              "model/bases.py (build)"),
    Attribute("Bus", "hub", "string", "", '""',
              "data-centre hub of a hub compute bus (inputs/datacentre_hubs.csv)",
              "model/compute.py (build)"),
    Attribute("Bus", "demand_region", "string", "", '""',
              "compute demand region of a demand-region bus (inputs/compute_demand_regions.csv)",
              "model/compute.py (build)"),
    # Generator
    Attribute("Generator", "water_fresh_withdrawal", "float", "m3/MWh", "NaN",
              "fresh water withdrawn per MWh of electricity, from the province's cooling mix (inputs/water_factors.csv, cooling_mix); the water cap counts it (model/constraints/water_use.py)",
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "water_once_through_fresh", "float", "m3/MWh", "NaN",
              "the part of water_fresh_withdrawal that is once-through cooling (returned to the river)",
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "water_sea_withdrawal", "float", "m3/MWh", "NaN",
              "seawater withdrawn per MWh (never on a water bus)",
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "water_fresh_consumption", "float", "m3/MWh", "NaN",
              "fresh water consumed (evaporated, not returned) per MWh; for hydro the reservoir evaporation",
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "water_sea_consumption", "float", "m3/MWh", "NaN",
              "seawater consumed per MWh",
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "water_allowance", "float", "thousand m3/a", "NaN",
              'annual fresh-water allowance of power and compute of a "<province> fresh water" generator (its e_sum_max when `water.cap` is on)',
              "model/water.py (build, water.enabled)"),
    Attribute("Generator", "planning_option", "string", "", '""',
              'expansion option (inputs/planning_options.csv) of a "<province> <option> new" generator the optimisation may build',
              "model/planning.py (build, planning.enabled)"),
    Attribute("Generator", "demand_region", "string", "", '""',
              'compute demand region of a "<region> compute shift" generator (deferral)',
              "model/compute.py (build)"),
    Attribute("Generator", "p_nom_built_mw", "float", "MW", "NaN",
              "capacity the planning optimisation built beyond p_nom_min (what was there is not built); set on every component that was extendable",
              "model/sizing.py (solve, planning.enabled)"),
    Attribute("Generator", "mu_p_nom_max_sizing", "float", "CNY/MW/a", "NaN",
              "value of 1 MW more p_nom_max in the sizing step, net of its annualised cost (minus the dual of p_nom <= p_nom_max; 0 where built below it)",
              "model/capacity_value.py (solve, planning.enabled)"),
    # Link
    Attribute("Link", "uhv_line", "string", "", '""',
              "name of the named UHV line (inputs/uhv_lines.csv or `transmission.add_lines`) the link is part of; empty for residual exchange and every other link",
              "model/transmission.py (build)"),
    Attribute("Link", "uhv_type", "string", "", '""',
              "a UHV line's type: \"AC\" or \"DC\"",
              "model/transmission.py (build)"),
    Attribute("Link", "uhv_kv", "float", "kV", "NaN",
              "a UHV line's voltage (pole voltage of a DC line)",
              "model/transmission.py (build)"),
    Attribute("Link", "uhv_part", "string", "", '""',
              'section of the UHV line: "DC", or the province pair "A - B" of an AC segment',
              "model/transmission.py (build)"),
    Attribute("Link", "uhv_reverse", "0/1", "", "NaN",
              "1 for the reverse direction of a UHV line, 0 for the forward one",
              "model/transmission.py (build)"),
    Attribute("Link", "in_service_year", "float", "year", "NaN",
              "year the UHV line entered (or enters) service",
              "model/transmission.py (build)"),
    Attribute("Link", "exchange_pair", "string", "", '""',
              'province pair "A - B" (sorted) of an inter-provincial (carrier AC) link',
              "model/transmission.py, planning.py (build)"),
    Attribute("Link", "exchange_table_mw", "float", "MW", "NaN",
              "the pair's total exchange capacity in inputs/exchange_capacity_current.csv (0 if absent)",
              "model/transmission.py, planning.py (build)"),
    Attribute("Link", "pair_clipped_mw", "float", "MW", "NaN",
              "named lines of the pair beyond the table's total: the residual was clipped to 0 by this much",
              "model/transmission.py, planning.py (build)"),
    Attribute("Link", "base_tie", "string", "", '""',
              "UHV line whose energy base the link ties to its province (both directions, `transmission.base_tie_share` x the line rating)",
              "model/bases.py (build)"),
    Attribute("Link", "planning_candidate", "0/1", "", "0",
              "a candidate line or corridor (or AC reinforcement) the planning optimisation may build",
              "model/planning.py (build, planning.enabled)"),
    Attribute("Link", "capacity_of", "string", "", '""',
              "forward link whose built capacity this reverse link shares (model/constraints/equal_capacity.py)",
              "model/planning.py (build, planning.enabled)"),
    Attribute("Link", "planning_option", "string", "", '""',
              '"data centre" on the hub link of a western data-centre hub that may grow (`planning.datacentre_max_factor`)',
              "model/planning.py (build, planning.enabled)"),
    Attribute("Link", "hub", "string", "", '""',
              "data-centre hub of a hub, transfer or relocation link",
              "model/compute.py (build)"),
    Attribute("Link", "demand_region", "string", "", '""',
              "compute demand region a transfer or relocation link serves",
              "model/compute.py (build)"),
    Attribute("Link", "water_route", "string", "", '""',
              "South-to-North Water Diversion route of a transfer segment (inputs/water_transfers.csv)",
              "model/water.py (build, water.transfers)"),
    Attribute("Link", "p_nom_built_mw", "float", "MW", "NaN",
              "as for Generator",
              "model/sizing.py (solve, planning.enabled)"),
    # Load
    Attribute("Load", "demand_region", "string", "", '""',
              "compute demand region of a compute load (real-time, deferrable, relocatable)",
              "model/compute.py (build)"),
    # StorageUnit
    Attribute("StorageUnit", "planning_option", "string", "", '""',
              "as for Generator",
              "model/planning.py (build, planning.enabled)"),
    Attribute("StorageUnit", "p_nom_built_mw", "float", "MW", "NaN",
              "as for Generator",
              "model/sizing.py (solve, planning.enabled)"),
    Attribute("Link", "mu_p_nom_max_sizing", "float", "CNY/MW/a", "NaN",
              "as for Generator: a candidate line's value of 1 MW more rating (corridor_capacity_value)",
              "model/capacity_value.py (solve, planning.enabled)"),
    Attribute("StorageUnit", "mu_p_nom_max_sizing", "float", "CNY/MW/a", "NaN",
              "as for Generator",
              "model/capacity_value.py (solve, planning.enabled)"),
    # carried between pathway horizons
    Attribute("Generator", "brownfield", "0/1", "", "0",
              "1: built by an earlier pathway horizon and carried into this one (fixed, capital_cost 0: paid for by the horizon that built it); build_year and lifetime are PyPSA's columns",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("Generator", "brownfield_of", "string", "", '""',
              "the component whose operating parameters and time series a carried component copies (the option's new component in its province, or the province's fleet of the carrier)",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("Generator", "vintages", "string", "", '""',
              'the build years and MW merged into one carried component, "2030:80;2035:50" (year:MW; each retires at its own build year + lifetime)',
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("StorageUnit", "brownfield", "0/1", "", "0",
              "1: built by an earlier pathway horizon and carried into this one (fixed, capital_cost 0: paid for by the horizon that built it); build_year and lifetime are PyPSA's columns",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("StorageUnit", "brownfield_of", "string", "", '""',
              "the component whose operating parameters and time series a carried component copies (the option's new component in its province, or the province's fleet of the carrier)",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("StorageUnit", "vintages", "string", "", '""',
              'the build years and MW merged into one carried component, "2030:80;2035:50" (year:MW; each retires at its own build year + lifetime)',
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("Link", "brownfield", "0/1", "", "0",
              "1: built by an earlier pathway horizon and carried into this one (fixed, capital_cost 0: paid for by the horizon that built it); build_year and lifetime are PyPSA's columns",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("Link", "brownfield_of", "string", "", '""',
              "the component whose operating parameters and time series a carried component copies (the option's new component in its province, or the province's fleet of the carrier)",
              "model/brownfield.py (build, pathway horizons after the first)"),
    Attribute("Link", "vintages", "string", "", '""',
              'the build years and MW merged into one carried component, "2030:80;2035:50" (year:MW; each retires at its own build year + lifetime)',
              "model/brownfield.py (build, pathway horizons after the first)"),
    # GlobalConstraint
    Attribute("GlobalConstraint", "mu_sizing", "float", "CNY/MWh, CNY/t", "NaN",
              "the constraint's price in the planning run's sizing step (self-sufficiency floor CNY/MWh, CO2 cap CNY/t); mu is the dispatch step's",
              "model/sizing.py (solve, planning.enabled)"),
)
# fmt: on


PYPSA_INTERNAL = {("SubNetwork", "obj")}  # PyPSA's own helper columns that are not in its attribute tables


def declared() -> dict[tuple[str, str], Attribute]:
    """The table keyed by (component, attribute)."""
    return {(a.component, a.attribute): a for a in ATTRIBUTES}


def is_pypsa_attribute(n, component: str, attribute: str) -> bool:
    """Whether PyPSA defines the attribute: in the component's defaults, or a further port of a multi-port link
    (bus2, efficiency2, ...: PyPSA adds these when a link uses them)."""
    if attribute in n.components[component].defaults.index or (component, attribute) in PYPSA_INTERNAL:
        return True
    head = attribute.rstrip("0123456789")
    return component == "Link" and head != attribute and head in ("bus", "efficiency")


def custom_columns(n) -> set[tuple[str, str]]:
    """(component, attribute) of every static column of n that PyPSA does not define."""
    return {(c.name, col) for c in n.components for col in c.static.columns if not is_pypsa_attribute(n, c.name, col)}


def attributes_doc() -> str:
    """docs/attributes.md: this module's docstring and the table, one section per component."""
    lines = ["# Component attributes added by the model", "",
             "<!-- generated by `python -m network.cli docs` from network/model/attributes.py; do not edit -->", "",
             " ".join(__doc__.split("\n\n")[1].split()), "",
             " ".join(__doc__.split("\n\n")[2].split()), ""]  # fmt: skip
    for component in dict.fromkeys(a.component for a in ATTRIBUTES):
        lines += [f"## {component}", "", "| attribute | type | unit | default | description | set by |", "|---|---|---|---|---|---|"]
        for a in ATTRIBUTES:
            if a.component == component:
                cells = (f"`{a.attribute}`", a.type, a.unit, a.default, a.description, a.set_by)
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    return "\n".join(lines)
