"""Flow tracing by proportional sharing on a solved network: where consumed power comes from.

Method (proportional sharing, inflow form), per snapshot: each AC bus mixes what flows into it
(its sources and what branches deliver to it); every outflow carries the bus's mix. With T_b the
throughput (MW) of bus b and x_b its mix (fractions by source),
    T_b x_b - sum over branches a->b of delivered_ab x_a = s_b,   i.e. B_t x = s_t,
one sparse system per snapshot. The snapshots of a chunk form one block-diagonal scipy.sparse
system, factorised once; solving it for a stacked identity gives U_t = B_t^-1 (buses x buses), and
the mix of bus b by source j is U_t[b, bus of j] x power of j.

- Sources (MW into an AC bus): generators, by (province, carrier), 'load shedding' as carrier
  'unserved'; injections of other non-branch links (carrier of the link); storage discharge.
- Sinks: consumption = loads + what non-branch links draw at an AC port (data centres, water
  pumping); storage charging; branch outflows. A branch is a link whose bus0 and bus1 are both
  AC buses (the inter-provincial links), or a Line. What a branch sends carries the sender's
  mix; it delivers -p1 (= efficiency x sent); the difference is 'transmission losses',
  attributed to the sending province.
- Storage (StorageUnit, Store) is not an origin of its own: its discharge carries the mix of all
  energy that went into it over the period (charging, each snapshot with its bus's mix, plus
  natural inflow as the unit's carrier): one period-average mix per unit. Units charged with
  other units' discharge make this a small linear system: tracing discharge as pseudo-sources
  gives each unit's charging by source and by unit, m = (I - Q)^-1 R.
  'storage losses' = energy in - energy out over the period (round trip, standing loss, spill
  with cyclic state of charge) carry the unit's mix, attributed to its province.
  The period average (not a state-of-charge ledger) keeps tracing linear and vectorised.
- Energy = MW x snapshot weighting (h). Only AC buses take part; other buses are ignored.

Invariants, asserted in `trace` (relative tolerance REL_TOL): mixes in [0, 1] summing to 1;
per source, generation = consumption + transmission losses + storage losses attributed to it
(so rows of the origin matrix sum to generation incl. 'unserved', and national traced green
consumption = green generation - green losses); per province, the traced uses sum to its
consumption, the losses on branches it sends and its storage losses; a province without trade
consumes its own generation less its storage losses.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pypsa
import scipy.sparse as sp
from scipy.sparse.linalg import splu

from network.config.technologies import ELECTRICITY, GREEN_CARRIERS, SHEDDING_CARRIER
from network.units import TWH

UNSERVED = "unserved"


USES = ("consumption", "transmission losses", "storage losses")


REL_TOL = 1e-6


CHUNK_CELLS = 4_000_000  # snapshots x buses^2 per sparse solve (~32 MB)


class TracingError(RuntimeError):
    """A tracing invariant does not hold (network not solved or not balanced, storage without input)."""


@dataclass
class TraceResult:
    """Traced mixes (per snapshot) and energy by origin (over the period).

    mix: array (snapshot, bus, carrier): fraction of each AC bus's throughput by source carrier.
    throughput: MW per snapshot and bus. generation: MWh per source (bus, carrier).
    uses: MWh, index (use, province) with use in USES, columns = sources (bus, carrier).
    flows: MWh sent, index (branch, sender, receiver) per direction used, columns = sources;
    flow_energy: columns sent, delivered (MWh), same index. storage_mix: fraction, unit x source.
    """

    buses: pd.Index
    carriers: pd.Index
    snapshots: pd.Index
    weights: pd.Series
    mix: np.ndarray
    throughput: pd.DataFrame
    generation: pd.Series
    uses: pd.DataFrame
    flows: pd.DataFrame
    flow_energy: pd.DataFrame
    storage_mix: pd.DataFrame


def _dynamic(frames, attr: str, names: pd.Index, snapshots: pd.Index) -> pd.DataFrame:
    frame = frames[attr] if attr in frames else pd.DataFrame(index=snapshots)
    return frame.reindex(index=snapshots, columns=names, fill_value=0.0).fillna(0.0)


def _extract(n: pypsa.Network) -> dict:
    """Per-snapshot injections, sinks and branch flows (MW) at the AC buses."""
    buses, sn = n.buses.index[n.buses.carrier == ELECTRICITY], n.snapshots
    pos = pd.Series(np.arange(len(buses)), index=buses)
    at_ac = lambda s: s.isin(buses)  # noqa: E731
    inj, cons = [], pd.DataFrame(0.0, index=sn, columns=buses)
    gens, loads = n.generators[at_ac(n.generators.bus)], n.loads[at_ac(n.loads.bus)]
    gen_p, load_p = _dynamic(n.generators_t, "p", gens.index, sn), _dynamic(n.loads_t, "p", loads.index, sn)
    for name, p in (("Generator", gen_p), ("Load", load_p)):
        if (p < -1e-6).any().any():
            raise TracingError(f"{name} {(p < -1e-6).any().idxmax()!r} has negative power; tracing expects generators >= 0 and loads >= 0")
    inj.append(gen_p.T.groupby([gens.bus, gens.carrier.replace({SHEDDING_CARRIER: UNSERVED})]).sum().T)
    cons += load_p.T.groupby(loads.bus).sum().T.reindex(columns=buses, fill_value=0.0)

    links = n.links
    branch_links = links.index[at_ac(links.bus0) & at_ac(links.bus1)]
    ports = sorted(int(c[3:]) for c in links.columns if c.startswith("bus") and c[3:].isdigit())
    for i in ports:  # non-branch links: withdrawal = consumption, injection = source of the link's carrier
        at = links.index[at_ac(links[f"bus{i}"])]
        at = at.difference(branch_links) if i < 2 else at
        if at.empty:
            continue
        p, bus = _dynamic(n.links_t, f"p{i}", at, sn), links.loc[at, f"bus{i}"]
        cons += p.clip(lower=0).T.groupby(bus).sum().T.reindex(columns=buses, fill_value=0.0)
        inj.append((-p).clip(lower=0).T.groupby([bus, links.loc[at, "carrier"]]).sum().T)

    names, b0, b1, p0, p1 = [], [], [], [], []
    for static, dyn in ((links.loc[branch_links], n.links_t), (n.lines, n.lines_t)):
        static = static[at_ac(static.bus0) & at_ac(static.bus1)]
        names += list(static.index)
        b0 += list(pos[static.bus0])
        b1 += list(pos[static.bus1])
        p0.append(_dynamic(dyn, "p0", static.index, sn).to_numpy())
        p1.append(_dynamic(dyn, "p1", static.index, sn).to_numpy())
    p0, p1, b0, b1 = np.hstack(p0), np.hstack(p1), np.array(b0, int), np.array(b1, int)
    fwd = p0 >= 0
    sent, delivered = np.where(fwd, p0, p1), np.where(fwd, -p1, -p0)
    if (delivered > sent + 1e-6 * (1 + np.abs(sent))).any() or (delivered < -1e-6).any():
        j = np.argwhere((delivered > sent + 1e-6 * (1 + np.abs(sent))) | (delivered < -1e-6))[0]
        raise TracingError(
            f"branch {names[j[1]]!r} at {sn[j[0]]}: sends {sent[tuple(j)]:.4g} MW, delivers "
            f"{delivered[tuple(j)]:.4g} MW; a lossy link must not flow backwards (use one link per direction)"
        )

    su, st = n.storage_units[at_ac(n.storage_units.bus)], n.stores[at_ac(n.stores.bus)]
    sto_p = pd.concat([_dynamic(n.storage_units_t, "p", su.index, sn), _dynamic(n.stores_t, "p", st.index, sn)], axis=1)
    inflow = n.get_switchable_as_dense("StorageUnit", "inflow").reindex(index=sn, columns=sto_p.columns, fill_value=0.0)
    sto_bus, sto_carrier = pd.concat([su.bus, st.bus]), pd.concat([su.carrier, st.carrier])
    inflow_keys = pd.MultiIndex.from_arrays([sto_bus, sto_carrier])

    src = pd.concat(inj, axis=1).T.groupby(level=[0, 1]).sum().T
    src = src.loc[:, (src.abs() > 0).any()]
    keys = src.columns.union(inflow_keys[(inflow > 0).any().to_numpy()])
    keys.names = ["bus", "carrier"]
    src = src.reindex(columns=keys, fill_value=0.0)
    return dict(
        buses=buses, snapshots=sn, w=n.snapshot_weightings.generators.to_numpy(float), keys=keys,
        src=src.to_numpy(), src_bus=pos[keys.get_level_values(0)].to_numpy(), cons=cons.to_numpy(), branches=names,
        b0=b0, b1=b1, fwd=fwd, sent=sent, delivered=delivered, sender=np.where(fwd, b0, b1), receiver=np.where(fwd, b1, b0),
        sto=sto_p.columns, sto_bus=pos[sto_bus].to_numpy(), discharge=sto_p.clip(lower=0).to_numpy(),
        charge=(-sto_p).clip(lower=0).to_numpy(), inflow=inflow.to_numpy(), inflow_col=keys.get_indexer(inflow_keys),
    )  # fmt: skip


def _block_inverses(f: dict, throughput: np.ndarray) -> np.ndarray:
    """Per snapshot, the block inverse U_t = B_t^-1 (snapshot, bus b, bus i): the share of bus b's throughput
    per MW injected at bus i. All snapshots of a chunk are one block-diagonal scipy.sparse system,
    factorised once (splu) and solved for nb right-hand sides (a stacked identity)."""
    nt, nb = throughput.shape
    inverse = np.zeros((nt, nb, nb))
    step = max(1, CHUNK_CELLS // (nb * nb))
    for a in range(0, nt, step):
        t = np.arange(a, min(a + step, nt))
        k, row0 = len(t), (t - a)[:, None] * nb
        diag = np.where(throughput[t] > 0, throughput[t], 1.0).ravel()
        rows, cols = np.r_[np.arange(k * nb), (row0 + f["receiver"][t]).ravel()], np.r_[np.arange(k * nb), (row0 + f["sender"][t]).ravel()]
        B = sp.csc_matrix((np.r_[diag, -f["delivered"][t].ravel()], (rows, cols)), shape=(k * nb, k * nb))
        inverse[t] = splu(B).solve(np.tile(np.eye(nb), (k, 1))).reshape(k, nb, nb)
    return inverse


def _aggregate(inverse: np.ndarray, power: np.ndarray, power_bus: np.ndarray, sinks: np.ndarray, sink_bus: np.ndarray,
               to_carrier: np.ndarray | None = None):  # fmt: skip
    """Energy of each sink group by power column: the sum over snapshots of the group's sink (MWh per snapshot,
    at one bus b) x the mix of b, mix_b(t)[j] = U_t[b, bus(j)] x power_j(t) (power: MW per column, e.g. per
    source). With to_carrier (columns x carriers), also the mix of every bus by carrier (snapshot, bus, carrier)."""
    agg = np.zeros((sinks.shape[1], power.shape[1]))
    mix = None if to_carrier is None else np.zeros((inverse.shape[0], inverse.shape[1], to_carrier.shape[1]))
    for b in range(inverse.shape[1]) if to_carrier is not None else np.unique(sink_bus):
        mix_b = inverse[:, b, power_bus] * power  # (snapshot, column): fractions of bus b's throughput
        agg[sink_bus == b] = (mix_b.T @ sinks[:, sink_bus == b]).T  # (this order is the fast BLAS path)
        if mix is not None:
            mix[:, b] = mix_b @ to_carrier
    return agg, mix


def trace(n: pypsa.Network) -> TraceResult:
    """Trace the solved network `n` (see module docstring); raises TracingError if an invariant fails."""
    if n.generators_t.p.empty and n.loads_t.p.empty:
        raise TracingError("the network has no dispatch (generators_t.p, loads_t.p are empty): solve it first")
    f = _extract(n)
    nt, nb = f["cons"].shape
    ns, nl, keys = len(f["keys"]), len(f["branches"]), f["keys"]
    carriers = pd.Index(sorted(set(keys.get_level_values("carrier"))), name="carrier")
    at_bus = lambda v, idx: np.asarray(sp.csr_matrix((np.ones(len(idx)), (idx, np.arange(len(idx)))), shape=(nb, len(idx))) @ v.T).T  # noqa: E731
    per_snapshot = lambda v, idx: np.bincount((np.arange(nt)[:, None] * nb + idx).ravel(), v.ravel(), nt * nb).reshape(nt, nb)  # noqa: E731
    throughput = at_bus(f["src"], f["src_bus"]) + at_bus(f["discharge"], f["sto_bus"]) + per_snapshot(f["delivered"], f["receiver"])
    withdrawn = f["cons"] + at_bus(f["charge"], f["sto_bus"]) + per_snapshot(f["sent"], f["sender"])
    _check_balance(throughput, withdrawn, f)

    w, nsto, buses = f["w"], len(f["sto"]), f["buses"]
    inverse = _block_inverses(f, throughput)
    power, power_bus = np.hstack([f["src"], f["discharge"]]), np.r_[f["src_bus"], f["sto_bus"]].astype(int)  # sources, then storage units
    # sink groups (MWh per snapshot) at one bus each: consumption and transmission losses per bus, each
    # branch in each direction (sent; flow 2l + 0 from bus0, 2l + 1 from bus1), storage charging per unit
    two_way = lambda v: np.stack([v * f["fwd"], v * ~f["fwd"]], axis=2).reshape(nt, 2 * nl) * w[:, None]  # noqa: E731
    sinks = np.hstack(
        [f["cons"] * w[:, None], per_snapshot(f["sent"] - f["delivered"], f["sender"]) * w[:, None], two_way(f["sent"]), f["charge"] * w[:, None]]
    )
    sink_bus = np.r_[np.arange(nb), np.arange(nb), np.stack([f["b0"], f["b1"]], axis=1).ravel(), f["sto_bus"]].astype(int)
    inflow = np.zeros((nsto, ns))  # MWh of natural inflow into each unit, by source (bus, unit carrier)
    inflow[np.flatnonzero(f["inflow_col"] >= 0), f["inflow_col"][f["inflow_col"] >= 0]] = (f["inflow"].T @ w)[f["inflow_col"] >= 0]
    energy_in, energy_out = f["charge"].T @ w + inflow.sum(axis=1), f["discharge"].T @ w
    storage_mix = np.zeros((nsto, ns))
    if nsto:  # each unit's mix m = R + Q m, from its charging traced with discharge as pseudo-sources
        charged, _ = _aggregate(inverse, power, power_bus, sinks[:, 2 * nb + 2 * nl :], sink_bus[2 * nb + 2 * nl :])
        idle = energy_in <= 0
        if (idle & (energy_out > 0)).any():
            raise TracingError(f"storage {f['sto'][idle & (energy_out > 0)][0]!r} discharges but never charges: tracing needs cyclic state of charge")
        scale = np.where(idle, 0.0, 1.0 / np.where(idle, 1.0, energy_in))[:, None]
        storage_mix = np.linalg.solve(np.eye(nsto) - charged[:, ns:] * scale, (charged[:, :ns] + inflow) * scale)
    resolve = np.vstack([np.eye(ns), storage_mix])  # (sources, units) -> sources: discharge of unit s carries storage_mix[s]
    to_carrier = resolve @ (carriers.get_indexer(keys.get_level_values("carrier"))[:, None] == np.arange(len(carriers)))
    agg, mix = _aggregate(inverse, power, power_bus, sinks, sink_bus, to_carrier)
    agg = agg @ resolve

    sto_loss = np.zeros((nb, ns))  # in (charging + inflow) - out, by source, at the unit's province
    np.add.at(sto_loss, f["sto_bus"], agg[2 * nb + 2 * nl :] + inflow - storage_mix * energy_out[:, None])
    uses = pd.DataFrame(
        np.vstack([agg[: 2 * nb], sto_loss]), index=pd.MultiIndex.from_product([USES, buses], names=["use", "province"]), columns=keys
    )
    ends = np.stack([f["b0"], f["b1"], f["b1"], f["b0"]], axis=1).reshape(-1, 2)  # (sender, receiver) of flow 2l + d
    flow_idx = pd.MultiIndex.from_arrays([np.repeat(f["branches"], 2), buses[ends[:, 0]], buses[ends[:, 1]]], names=["branch", "sender", "receiver"])
    flow_energy = pd.DataFrame({"sent": two_way(f["sent"]).sum(axis=0), "delivered": two_way(f["delivered"]).sum(axis=0)}, index=flow_idx)
    keep = (flow_energy["sent"] > 0).to_numpy()
    result = TraceResult(
        buses=buses, carriers=carriers, snapshots=f["snapshots"], weights=pd.Series(w, index=f["snapshots"]), mix=mix,
        throughput=pd.DataFrame(throughput, index=f["snapshots"], columns=buses), uses=uses,
        generation=pd.Series(f["src"].T @ w + inflow.sum(axis=0), index=keys),  # MWh, natural inflow into storage included
        flows=pd.DataFrame(agg[2 * nb : 2 * nb + 2 * nl], index=flow_idx, columns=keys)[keep], flow_energy=flow_energy[keep],
        storage_mix=pd.DataFrame(storage_mix, index=f["sto"], columns=keys),
    )  # fmt: skip
    check_invariants(result, f, energy_in - energy_out)
    result.mix = np.clip(result.mix, 0.0, 1.0)
    return result


def _check_balance(injected: np.ndarray, withdrawn: np.ndarray, f: dict) -> None:
    """Each AC bus must balance in each snapshot (injections = withdrawals), else the network is not solved."""
    gap = np.abs(injected - withdrawn)
    if gap.max(initial=0.0) > REL_TOL * max(injected.max(initial=0.0), 1.0):
        t, b = np.unravel_index(gap.argmax(), gap.shape)
        raise TracingError(f"bus {f['buses'][b]!r} at {f['snapshots'][t]}: injections {injected[t, b]:.6g} MW != withdrawals "
                           f"{withdrawn[t, b]:.6g} MW (is the network solved? are all components at AC buses covered?)")  # fmt: skip


def check_invariants(result: TraceResult, f: dict, storage_net_in: np.ndarray) -> None:
    """Raise TracingError unless: mixes in [0, 1] and summing to 1 where power flows; per source,
    generation = its consumption + losses; per province, the uses equal its consumption, the losses on
    branches it sends and its storage losses (in - out); a province without trade consumes its own
    generation less its storage losses."""
    tol = REL_TOL * max(result.generation.abs().sum(), 1.0)
    mix, flowing = result.mix, result.throughput.to_numpy() > 0
    if mix.size and (mix.min() < -REL_TOL or mix.max() > 1 + REL_TOL or np.abs(mix.sum(axis=2) - flowing).max() > REL_TOL):
        raise TracingError(f"traced mixes leave [0, 1] or do not sum to 1 (min {mix.min():.3g}, max {mix.max():.3g})")
    gap = result.generation - result.uses.sum()
    if gap.abs().max() > tol:
        raise TracingError(f"generation of {gap.abs().idxmax()} is not fully traced: generation - uses = {gap.abs().max():.6g} MWh")
    w, nb, buses = f["w"], len(result.buses), result.buses
    physical = {"consumption": f["cons"].T @ w, "transmission losses": np.bincount(f["sender"].ravel(), ((f["sent"] - f["delivered"]) * w[:, None]).ravel(), nb),
                "storage losses": np.bincount(f["sto_bus"], storage_net_in, nb)}  # fmt: skip
    for use, energy in physical.items():
        traced = result.uses.loc[use].sum(axis=1).reindex(buses).to_numpy()
        if np.abs(traced - energy).max(initial=0.0) > tol:
            raise TracingError(f"traced {use} of {buses[np.abs(traced - energy).argmax()]!r} differs from its physical value")
    lonely = np.setdiff1d(np.arange(nb), np.r_[f["sender"][f["sent"] > 0], f["receiver"][f["sent"] > 0]])
    for b in lonely:
        own = result.uses.loc[("consumption", buses[b])]
        expected = (result.generation - result.uses.loc[("storage losses", buses[b])]).where(
            result.generation.index.get_level_values(0) == buses[b], 0.0
        )
        if (own - expected).abs().max() > tol:
            raise TracingError(f"province {buses[b]!r} has no trade but does not consume its own generation")


def by_carrier(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum the source columns (bus, carrier) of a traced frame by carrier."""
    return frame.T.groupby(level="carrier").sum().T


def _share(by_c: pd.DataFrame, carriers) -> pd.Series:
    total = by_c.sum(axis=1)
    return (by_c.reindex(columns=list(carriers), fill_value=0.0).sum(axis=1) / total).where(total > 0).dropna()


def origin_matrix(n: pypsa.Network, result: TraceResult) -> pd.DataFrame:
    """Energy (TWh) generated in province `origin` by `carrier` and ending in province `destination` as `use`:
    consumption (loads + sector links), transmission losses (on branches it sends) or storage losses.
    Summed over destinations and uses, a row is the origin's generation of that carrier; summed over
    origins, carriers and uses, a column is the destination's consumption plus losses attributed there."""
    long = result.uses.stack(["bus", "carrier"]).rename("value") / TWH
    long = long[long.abs() > 1e-12].reset_index().rename(columns={"province": "destination", "bus": "origin"})
    if "province" in n.buses:  # energy-base buses count as their province
        long["origin"] = long["origin"].map(n.buses["province"]).fillna(long["origin"])
        long["destination"] = long["destination"].map(n.buses["province"]).fillna(long["destination"])
        long = long.groupby(["origin", "destination", "carrier", "use"], as_index=False, sort=False)["value"].sum()
    return long[["origin", "destination", "carrier", "use", "value"]].reset_index(drop=True)


def traced_share_of_links(n: pypsa.Network, result: TraceResult, link_names, carriers=GREEN_CARRIERS, aggregate: bool = False):
    """Share of `carriers` (default green) in the electricity that links draw from AC buses (any port with
    p > 0 at an AC bus), e.g. data-centre links: a Series per link, or one float with aggregate=True."""
    link_names = pd.Index(link_names)
    missing = link_names.difference(n.links.index)
    if len(missing):
        raise KeyError(f"traced_share_of_links: unknown links {list(missing)}")
    pos = pd.Series(np.arange(len(result.buses)), index=result.buses)
    part = result.mix[:, :, result.carriers.isin(list(carriers))].sum(axis=2)  # (snapshot, bus)
    w = result.weights.to_numpy()
    drawn, share_part = pd.Series(0.0, index=link_names), pd.Series(0.0, index=link_names)
    for col in [c for c in n.links.columns if c.startswith("bus") and c[3:].isdigit()]:
        at = link_names[n.links.loc[link_names, col].isin(result.buses).to_numpy()]
        if at.empty:
            continue
        p = _dynamic(n.links_t, "p" + col[3:], at, result.snapshots).clip(lower=0).to_numpy() * w[:, None]
        drawn[at] += p.sum(axis=0)
        share_part[at] += (p * part[:, pos[n.links.loc[at, col]].to_numpy()]).sum(axis=0)
    if aggregate:
        return float(share_part.sum() / drawn.sum()) if drawn.sum() > 0 else float("nan")
    return (share_part / drawn).where(drawn > 0)
