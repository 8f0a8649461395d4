"""Unit conversions shared by every layer (imports nothing)."""

MWH_PER_TWH = 1e6
TWH = MWH_PER_TWH  # MWh per TWh: energy_mwh / TWH is TWh
MW_PER_GW = 1e3
CNY_PER_BN = 1e9
T_PER_MT = 1e6
M3_PER_MILLION = 1e6
