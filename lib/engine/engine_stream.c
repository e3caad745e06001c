/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_stream.c: streams in paired port topology, spread over the forwarding lcores; their
 * TX rates and their modes' state. */
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

/* Paired topology: 0<->1, 2<->3, ...; an odd last port forwards to itself. */
static uint16_t
peer_index(uint16_t i)
{
	if ((i & 1) == 0)
		return i + 1 < ebb_eng.nb_ports ? i + 1 : i;
	return i - 1;
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
 * Streams in the order (port 0, queue 0), (port 1, queue 0), ..., (port 0, queue 1) ...;
 * RX queue q of a port sends on TX queue q of its peer. With S streams on L lcores, the
 * first L - S % L lcores take S / L consecutive streams and the others one more.
 */
void
ebb_engine_streams_build(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	unsigned int nb_lc, per, extra, k = 0;

	for (unsigned int sm = 0; sm < ebb_eng.nb_streams; sm++) {
		struct ebb_stream *s = &ebb_eng.streams[sm];
		uint16_t rxi = sm % ebb_eng.nb_ports;
		/* a mode that answers (icmpecho) sends on the port it receives on */
		uint16_t txi = ebb_eng.mode != NULL && ebb_eng.mode->tx_same_port ? rxi :
			       peer_index(rxi);
		const struct ebb_port *rp = &ebb_eng.port[rxi];
		const struct ebb_port *tp = &ebb_eng.port[txi];

		memset(s, 0, sizeof(*s));
		s->rx_port = rp->id;
		s->rx_queue = sm / ebb_eng.nb_ports;
		s->tx_port = tp->id;
		s->tx_queue = s->rx_queue;
		s->burst = c->burst;
		s->txpkts = c->txpkts;
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

	nb_lc = c->nb_fwd_lcores ? c->nb_fwd_lcores : ebb_eng.nb_workers;
	if (nb_lc > ebb_eng.nb_streams)
		nb_lc = ebb_eng.nb_streams;
	per = ebb_eng.nb_streams / nb_lc;
	extra = ebb_eng.nb_streams % nb_lc;
	memset(ebb_eng.lc, 0, ebb_eng.nb_workers * sizeof(*ebb_eng.lc));
	for (unsigned int l = 0; l < nb_lc; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		lc->lcore_id = ebb_eng.workers[l];
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
	if (n == 0 || n > ebb_eng.nb_workers)
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
