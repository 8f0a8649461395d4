"""Carriers: technology roles, colours and nice names."""

from __future__ import annotations

import pypsa

GENERATOR_CARRIERS = ("coal", "gas", "biomass", "nuclear", "hydro", "onwind", "offwind", "solar")



STORAGE_CARRIERS = ("PHS", "battery")



GREEN_CARRIERS = ("onwind", "offwind", "solar", "hydro", "biomass")



NON_FOSSIL_CARRIERS = GREEN_CARRIERS + ("nuclear",)



VRE_CARRIERS = ("onwind", "offwind", "solar")



SHEDDING_CARRIER = "load shedding"



CARRIER_COLORS = {
    "coal": "#4d4d4d", "gas": "#e0803c", "biomass": "#8c6d31", "nuclear": "#c84fb4",
    "hydro": "#2f6eba", "onwind": "#5ab4ac", "offwind": "#1b7a72", "solar": "#f5c518",
    "PHS": "#6baed6", "battery": "#9e9ac8", SHEDDING_CARRIER: "#d62728", "AC": "#999999",
}  # fmt: skip



NICE_NAMES = {
    "coal": "Coal", "gas": "Gas", "biomass": "Biomass", "nuclear": "Nuclear", "hydro": "Hydro",
    "onwind": "Onshore wind", "offwind": "Offshore wind", "solar": "Solar PV", "PHS": "Pumped hydro",
    "battery": "Battery", SHEDDING_CARRIER: "Unserved load", "AC": "Inter-provincial exchange",
}  # fmt: skip



def add_carriers(n: pypsa.Network, co2_t_per_mwh_th: dict[str, float]) -> None:
    """Carriers with colours, nice names and CO2 content per MWh of primary energy (t/MWh_th)."""
    for carrier, color in CARRIER_COLORS.items():
        n.add("Carrier", carrier, color=color, nice_name=NICE_NAMES[carrier], co2_emissions=co2_t_per_mwh_th.get(carrier, 0.0))
