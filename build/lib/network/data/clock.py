"""Put every hourly series on one clock: Beijing time (UTC+8), 8,760 hours of weather year 2020.

The clock of each series is established from the data, not from its labels: solar output
must peak near local solar noon, which on Beijing time falls at 12 + (120 - lon)/15 h.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BEIJING_UTC_OFFSET_H = 8


def beijing_snapshots(year: int = 2020) -> pd.DatetimeIndex:
    """Hourly naive Beijing-time stamps of `year` without 29 February (8,760 h)."""
    hours = pd.date_range(f"{year}-01-01", f"{year}-12-31 23:00", freq="h")
    return hours[~((hours.month == 2) & (hours.day == 29))]


def solar_peak_hour(profile: pd.Series) -> float:
    """Hour of day (0-24, fractional) of the centre of mass of mean diurnal output."""
    diurnal = profile.groupby(profile.index.hour).mean()
    angle = 2 * np.pi * diurnal.index.to_numpy() / 24
    weights = diurnal.to_numpy()
    centre = np.arctan2((weights * np.sin(angle)).sum(), (weights * np.cos(angle)).sum())
    return float((centre * 24 / (2 * np.pi)) % 24)


def infer_utc_offset(solar: pd.DataFrame, longitude: pd.Series) -> int:
    """UTC offset (h) of the clock the solar profiles are written on, from their noon peaks."""
    observed = pd.Series({p: solar_peak_hour(solar[p]) for p in solar.columns})
    utc_noon = 12 - longitude.reindex(observed.index) / 15
    offset = float(np.median(observed - utc_noon))
    rounded = int(round(offset))
    if abs(offset - rounded) > 1.0:
        raise ValueError(f"solar profiles do not peak consistently at solar noon (offset {offset:.2f} h)")
    return rounded


def to_beijing_clock(frame: pd.DataFrame, utc_offset_h: int) -> pd.DataFrame:
    """Shift values written on clock UTC+utc_offset_h onto Beijing time (values move, labels stay).

    The series is treated as cyclic over the year, so hours shifted past the end wrap round.
    """
    shift = BEIJING_UTC_OFFSET_H - utc_offset_h
    return pd.DataFrame(np.roll(frame.to_numpy(), shift, axis=0), index=frame.index, columns=frame.columns)


def drop_leap_day(frame: pd.DataFrame | pd.Series) -> pd.DataFrame | pd.Series:
    """Remove 29 February from an hourly series indexed by timestamps."""
    index = pd.DatetimeIndex(frame.index)
    return frame[~((index.month == 2) & (index.day == 29))]


def align_profiles(profiles: dict[str, pd.DataFrame], longitude: pd.Series, year: int = 2020) -> tuple[dict[str, pd.DataFrame], int]:
    """Shift the atlite wind/solar profiles (one clock, inferred from solar) to Beijing time, 8,760 h."""
    offset = infer_utc_offset(profiles["solar"], longitude)
    snapshots = beijing_snapshots(year)
    aligned = {}
    for tech, frame in profiles.items():
        frame = frame.copy()
        frame.index = pd.DatetimeIndex(frame.index).tz_localize(None)
        shifted = to_beijing_clock(frame, offset)
        aligned[tech] = drop_leap_day(shifted).set_axis(snapshots, axis=0)
    return aligned, offset
