"""Unit conversions shared by every layer (imports nothing).

Each constant is how many of the smaller unit make one of the larger: `x_mw / MW_PER_GW` is GW,
`x_gw * MW_PER_GW` is MW. Use them wherever a value changes unit, never a bare 1e3 / 1e6 / 1e9.
"""

# power and energy
KW_PER_MW = 1e3
MW_PER_GW = 1e3
KWH_PER_MWH = 1e3
MWH_PER_TWH = 1e6
TWH = MWH_PER_TWH  # MWh per TWh: energy_mwh / TWH is TWh

# length (line losses are given per 1000 km of route)
KM_PER_1000_KM = 1e3

# money and mass
CNY_PER_BN = 1e9  # bn CNY (十亿元)
T_PER_MT = 1e6  # Mt (million tonnes)

# water volumes (water buses balance thousand m3: 1 "MW" on them is 1,000 m3/h)
M3_PER_THOUSAND = 1e3  # m3 per thousand m3 (a factor in m3/MWh, or L/kWh, / M3_PER_THOUSAND is thousand m3/MWh)
THOUSAND_M3_PER_MILLION = 1e3  # thousand m3 per million m3
M3_PER_MILLION = 1e6  # m3 per million m3
THOUSAND_M3_PER_1E8_M3 = 1e5  # thousand m3 per 亿 m3 (1e8 m3, the unit of China's water statistics)
