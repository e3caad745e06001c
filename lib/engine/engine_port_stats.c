/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_port_stats.c: port counters since start or clear (`show port stats`, `clear port
 * stats`, `clear port xstats`), as frozen at stop while stopped. */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>

#include "engine_priv.h"

/* Counters now: live while started, as frozen at stop otherwise. */
static int
port_raw(const struct ebb_port *p, struct rte_eth_stats *st)
{
	if (!p->started || p->frozen_valid) {
		*st = p->frozen;
		return 0;
	}
	return rte_eth_stats_get(p->id, st);
}

void
ebb_engine_port_snapshot(struct ebb_port *p)
{
	if (port_raw(p, &p->snap) < 0)
		memset(&p->snap, 0, sizeof(p->snap));
	p->txdrop_snap = ebb_engine_port_txdrop(p);
}

/* Counters since start / clear, without the rates. */
void
ebb_engine_port_delta(struct ebb_port *p, struct ebb_port_stats *st)
{
	struct rte_eth_stats now;

	memset(st, 0, sizeof(*st));
	if (port_raw(p, &now) < 0)
		return;
	st->rx_packets = now.ipackets - p->snap.ipackets;
	st->rx_missed = now.imissed - p->snap.imissed;
	st->rx_nombuf = now.rx_nombuf - p->snap.rx_nombuf;
	st->rx_dropped = st->rx_missed + st->rx_nombuf;
	st->rx_bytes = now.ibytes - p->snap.ibytes;
	st->rx_errors = now.ierrors - p->snap.ierrors;
	st->tx_packets = now.opackets - p->snap.opackets;
	st->tx_bytes = now.obytes - p->snap.obytes;
	st->tx_errors = now.oerrors - p->snap.oerrors;
	st->tx_dropped = ebb_engine_port_txdrop(p) - p->txdrop_snap;
}

int
ebb_engine_port_stats(uint16_t port, struct ebb_port_stats *st)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	uint64_t tsc, hz;

	if (p == NULL || st == NULL)
		return -ENODEV;
	ebb_engine_port_delta(p, st);
	tsc = rte_get_tsc_cycles();
	hz = rte_get_tsc_hz();
	/* rates from the absolute counters, so a clear does not make a spike */
	{
		uint64_t rx = st->rx_packets + p->snap.ipackets;
		uint64_t tx = st->tx_packets + p->snap.opackets;
		uint64_t rxb = st->rx_bytes + p->snap.ibytes;
		uint64_t txb = st->tx_bytes + p->snap.obytes;

		if (p->pps_tsc != 0 && tsc > p->pps_tsc) {
			double dt = (double)(tsc - p->pps_tsc) / (double)hz;

			st->rx_pps = rx >= p->pps_rx ? (double)(rx - p->pps_rx) / dt : 0;
			st->tx_pps = tx >= p->pps_tx ? (double)(tx - p->pps_tx) / dt : 0;
			st->rx_bps = rxb >= p->pps_rxb ? (double)(rxb - p->pps_rxb) * 8 / dt : 0;
			st->tx_bps = txb >= p->pps_txb ? (double)(txb - p->pps_txb) * 8 / dt : 0;
		}
		p->pps_rx = rx;
		p->pps_tx = tx;
		p->pps_rxb = rxb;
		p->pps_txb = txb;
		p->pps_tsc = tsc;
	}
	return 0;
}

int
ebb_engine_port_stats_clear(uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	ebb_engine_port_snapshot(p);
	return 0;
}

int
ebb_engine_xstats_clear(uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	ret = rte_eth_xstats_reset(port);
	if (ret < 0 && ret != -ENOTSUP)
		return ret;
	/* the basic counters are xstats too: counting starts again from here */
	ebb_engine_port_snapshot(p);
	return 0;
}
