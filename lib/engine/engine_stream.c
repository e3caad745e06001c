/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_stream.c: streams of the forwarding ports in their topology (paired, chained,
 * loop), spread over the forwarding lcores; the port and lcore lists; TX rates and the
 * modes' per-stream state. */
#include <errno.h>
#include <string.h>

#include "engine_priv.h"

/* Each port's rate, shared by the streams that send on it. */
void
ebb_engine_apply_tx_rates(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		const struct ebb_port *p = &ebb_eng.port[i];
		unsigned int senders = 0;

		for (unsigned int k = 0; k < ebb_eng.nb_streams; k++)
			senders += ebb_eng.streams[k].tx_port == p->id;
		for (unsigned int k = 0; k < ebb_eng.nb_streams; k++) {
			struct ebb_stream *s = &ebb_eng.streams[k];

			if (s->tx_port == p->id)
				ebb_stream_set_tx_rate(s, p->tx_rate < 0 ? -1.0 :
						       p->tx_rate / senders);
		}
	}
}

/* The forwarding port that forwarding port i sends to, as testpmd: paired 0<->1, 2<->3
 * (an odd last port to itself), chained i -> i + 1 -> ... -> 0, loop i -> i. */
static uint16_t
peer_index(uint16_t i, uint16_t n)
{
	switch (ebb_eng.conf.topology) {
	case EBB_TOPO_CHAINED:
		return (uint16_t)((i + 1) % n);
	case EBB_TOPO_LOOP:
		return i;
	case EBB_TOPO_PAIRED:
	default:
		if ((i & 1) == 0)
			return i + 1 < n ? i + 1 : i;
		return i - 1;
	}
}

/*
 * The lists at init, from the conf: the ports of --portmask/--portlist (every port
 * otherwise), the first --nb-ports of them forwarding; the lcores: every worker.
 * @return 0; -EINVAL a listed port that is not one, a list longer than the ports, or
 * --nb-ports above the list (logged).
 */
int
ebb_engine_fwd_lists_init(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	uint16_t n = c->nb_port_list != 0 ? c->nb_port_list : ebb_eng.nb_ports;

	if (n > ebb_eng.nb_ports) {
		EBB_ENGINE_LOG(ERR, "%u forwarding ports listed, %u ports", n, ebb_eng.nb_ports);
		return -EINVAL;
	}
	for (uint16_t i = 0; i < n; i++) {
		uint16_t k = 0;

		if (c->nb_port_list != 0)
			while (k < ebb_eng.nb_ports && ebb_eng.port[k].id != c->port_list[i])
				k++;
		else
			k = i;
		if (k == ebb_eng.nb_ports) {
			EBB_ENGINE_LOG(ERR, "forwarding port %u: no such port (%u ports)",
				       c->port_list[i], ebb_eng.nb_ports);
			return -EINVAL;
		}
		ebb_eng.fwd_port[i] = k;
	}
	if (c->nb_fwd_ports > n) {
		EBB_ENGINE_LOG(ERR, "nb-ports %u but %u forwarding ports configured",
			       c->nb_fwd_ports, n);
		return -EINVAL;
	}
	ebb_eng.nb_cfg_ports = n;
	ebb_eng.nb_fwd_ports = c->nb_fwd_ports != 0 ? c->nb_fwd_ports : n;
	ebb_eng.nb_cfg_lcores = ebb_eng.nb_workers;
	memcpy(ebb_eng.fwd_lcore, ebb_eng.workers, ebb_eng.nb_workers * sizeof(unsigned int));
	return 0;
}

/* Fold the drops counted by the current streams into their ports before rebuilding. */
void
ebb_engine_streams_fold(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];
		uint64_t total = ebb_engine_port_txdrop(p);

		p->txdrop_base = total;
	}
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++)
		ebb_eng.streams[i].tx_dropped = 0;
}

/*
 * Streams of the nb_fwd_ports first forwarding ports, in the order (port 0, queue 0),
 * (port 1, queue 0), ..., (port 0, queue 1) ... of the list; RX queue q of a port sends on
 * TX queue q of its peer in the topology. With S streams on L lcores, the first
 * L - S % L lcores take S / L consecutive streams and the others one more.
 */
void
ebb_engine_streams_build(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	uint16_t np = ebb_eng.nb_fwd_ports;
	unsigned int nb_lc, per, extra, k = 0;

	ebb_eng.nb_streams = RTE_MIN((unsigned int)np * c->nb_rxq, ebb_eng.nb_alloc_streams);
	ebb_eng.nb_run_ports = np;
	for (unsigned int sm = 0; sm < ebb_eng.nb_streams; sm++) {
		struct ebb_stream *s = &ebb_eng.streams[sm];
		uint16_t rxf = sm % np;
		/* a mode that answers (icmpecho) sends on the port it receives on */
		uint16_t txf = ebb_eng.mode != NULL && ebb_eng.mode->tx_same_port ? rxf :
			       peer_index(rxf, np);
		const struct ebb_port *rp = &ebb_eng.port[ebb_eng.fwd_port[rxf]];
		const struct ebb_port *tp = &ebb_eng.port[ebb_eng.fwd_port[txf]];

		memset(s, 0, sizeof(*s));
		s->rx_port = rp->id;
		s->rx_queue = sm / np;
		s->tx_port = tp->id;
		s->tx_queue = s->rx_queue;
		s->burst = c->burst;
		s->txpkts = c->txpkts;
		if (c->nb_txsegs > 1) {
			s->tx_nb_segs = c->nb_txsegs;
			memcpy(s->tx_seg_len, c->txsegs, c->nb_txsegs * sizeof(c->txsegs[0]));
		}
		s->pool = rp->pool;
		s->tx_src = tp->mac;
		if (tp->id < RTE_MAX_ETHPORTS && c->eth_peer_set[tp->id]) {
			s->peer = c->eth_peer[tp->id];
		} else {
			/* locally administered 02:00:00:00:00:<port>, as testpmd */
			memset(&s->peer, 0, sizeof(s->peer));
			s->peer.addr_bytes[0] = 0x02;
			s->peer.addr_bytes[5] = (uint8_t)tp->id;
		}
		ebb_stream_set_rx_hook(s, rp->rx_hook, rp->rx_hook_arg, rp->rx_gate);
		s->delay_us = c->delay_us;
		s->delay_fifo = c->delay_fifo;
		memset(&ebb_eng.rxq[sm], 0, sizeof(ebb_eng.rxq[sm]));
		ebb_eng.rxq[sm].s = s;
		if (ebb_eng.rec != NULL) { /* records count since start */
			memset(&ebb_eng.rec[sm], 0, sizeof(ebb_eng.rec[sm]));
			ebb_eng.rxq[sm].rec = &ebb_eng.rec[sm];
		}
		ebb_eng.rxq[sm].quantum = RTE_MIN(rp->quantum, (uint16_t)EBB_MAX_BURST);
		if (ebb_eng.rxq[sm].quantum == 0)
			ebb_eng.rxq[sm].quantum = c->burst;
		ebb_eng.rxq[sm].state_pub = EBB_QUEUE_STOPPED;
	}
	ebb_engine_apply_tx_rates();

	nb_lc = c->nb_fwd_lcores ? c->nb_fwd_lcores : ebb_eng.nb_cfg_lcores;
	if (nb_lc > ebb_eng.nb_cfg_lcores)
		nb_lc = ebb_eng.nb_cfg_lcores;
	if (nb_lc > ebb_eng.nb_streams)
		nb_lc = ebb_eng.nb_streams;
	per = ebb_eng.nb_streams / nb_lc;
	extra = ebb_eng.nb_streams % nb_lc;
	memset(ebb_eng.lc, 0, ebb_eng.nb_workers * sizeof(*ebb_eng.lc));
	for (unsigned int l = 0; l < nb_lc; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		lc->lcore_id = ebb_eng.fwd_lcore[l];
		lc->nb_rxq = per + (l >= nb_lc - extra ? 1 : 0);
		lc->rxq = &ebb_eng.rxq[k];
		for (unsigned int i = 0; i < lc->nb_rxq; i++)
			lc->rxq[i].s->lcore_id = lc->lcore_id;
		k += lc->nb_rxq;
	}
	ebb_eng.nb_lcores = nb_lc;
}

/* The mode's state of every stream (delay FIFOs...); a stream refused: -errno, logged. */
int
ebb_engine_streams_init(const struct ebb_fwd_mode *m)
{
	if (m == NULL || m->stream_init == NULL)
		return 0;
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		int ret = m->stream_init(&ebb_eng.streams[i]);

		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "mode %s refuses stream %u: %s", m->name, i,
				       strerror(-ret));
			return ret;
		}
	}
	return 0;
}

/* Forwarding stopped: free what the streams hold (delay FIFOs, shaped backlogs). */
void
ebb_engine_streams_release(void)
{
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++)
		ebb_stream_release(&ebb_eng.streams[i], ebb_eng.run_mode);
	ebb_eng.run_mode = NULL;
}

int
ebb_engine_set_nbcore(unsigned int n)
{
	if (!ebb_eng.inited)
		ebb_engine_workers_scan();
	if (n == 0 || n > (ebb_eng.inited ? ebb_eng.nb_cfg_lcores : ebb_eng.nb_workers))
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	ebb_eng.conf.nb_fwd_lcores = n;
	if (ebb_eng.inited) {
		ebb_engine_streams_fold();
		ebb_engine_streams_build();
	}
	return 0;
}

int
ebb_engine_set_tx_rate(uint16_t port, double mpps)
{
	struct ebb_port *p;

	if (mpps != mpps)
		return -EINVAL;
	p = ebb_engine_port_of(port);
	if (p == NULL)
		return -ENODEV;
	p->tx_rate = mpps < 0 ? -1.0 : mpps;
	ebb_engine_apply_tx_rates();
	return 0;
}

/* Streams built again for the lists now, when forwarding is stopped. */
static void
streams_again(void)
{
	if (ebb_eng.running)
		return; /* the next start builds them */
	ebb_engine_streams_fold();
	ebb_engine_streams_build();
}

int
ebb_engine_set_nbport(uint16_t n)
{
	if (!ebb_eng.inited)
		return -ENODEV;
	if (n == 0)
		return -EINVAL;
	if (n > ebb_eng.nb_cfg_ports)
		return -ERANGE;
	ebb_eng.nb_fwd_ports = n;
	streams_again();
	return 0;
}

int
ebb_engine_set_portlist(const uint16_t *ports, uint16_t n, unsigned int *bad)
{
	uint16_t idx[RTE_MAX_ETHPORTS];

	if (!ebb_eng.inited)
		return -ENODEV;
	if (ports == NULL || n == 0 || n > ebb_eng.nb_ports)
		return -EINVAL;
	for (uint16_t i = 0; i < n; i++) {
		uint16_t k = 0;

		while (k < ebb_eng.nb_ports && ebb_eng.port[k].id != ports[i])
			k++;
		for (uint16_t j = 0; j < i; j++) {
			if (ports[j] == ports[i]) {
				if (bad != NULL)
					*bad = i;
				return -EEXIST;
			}
		}
		if (k == ebb_eng.nb_ports) {
			if (bad != NULL)
				*bad = i;
			return -ENODEV;
		}
		idx[i] = k;
	}
	if (ebb_eng.running)
		return -EBUSY;
	memcpy(ebb_eng.fwd_port, idx, n * sizeof(idx[0]));
	ebb_eng.nb_cfg_ports = n;
	ebb_eng.nb_fwd_ports = n;
	streams_again();
	return 0;
}

int
ebb_engine_set_corelist(const unsigned int *lcores, unsigned int n, unsigned int *bad)
{
	if (!ebb_eng.inited)
		return -ENODEV;
	if (lcores == NULL || n == 0 || n > ebb_eng.nb_workers)
		return -EINVAL;
	for (unsigned int i = 0; i < n; i++) {
		int ret = 0;

		if (bad != NULL)
			*bad = i;
		if (lcores[i] >= RTE_MAX_LCORE || !rte_lcore_is_enabled(lcores[i]))
			ret = -ENOENT;
		else if (lcores[i] == rte_get_main_lcore())
			ret = -EPERM;
		for (unsigned int j = 0; ret == 0 && j < i; j++)
			if (lcores[j] == lcores[i])
				ret = -EEXIST;
		if (ret < 0)
			return ret;
	}
	if (ebb_eng.running)
		return -EBUSY;
	memcpy(ebb_eng.fwd_lcore, lcores, n * sizeof(lcores[0]));
	ebb_eng.nb_cfg_lcores = n;
	ebb_eng.conf.nb_fwd_lcores = n;
	streams_again();
	return 0;
}
