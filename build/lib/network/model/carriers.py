"""Carriers of the network, from the technology table (network/config/technologies.py): colour, nice name, CO2."""

from __future__ import annotations

import pypsa

from network.config.technologies import technologies

POWER_KINDS = ("generator", "storage", "slack", "exchange")


def add_carriers(n: pypsa.Network, co2_t_per_mwh_th: dict[str, float], kinds: tuple[str, ...] = POWER_KINDS) -> None:
    """Add the table's carriers of `kinds` not yet in n, with colour, nice name and CO2 per MWh of primary energy (t/MWh_th)."""
    for carrier, tech in technologies().items():
        if tech.kind in kinds and carrier not in n.carriers.index:
            n.add("Carrier", carrier, color=tech.color, nice_name=tech.nice_name, co2_emissions=co2_t_per_mwh_th.get(carrier, 0.0))
