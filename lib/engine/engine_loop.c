/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_loop.c: the per-lcore run-to-completion poll loop, start and stop. */
#include <errno.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_launch.h>
#include <rte_timer.h>

#include "engine_priv.h"

/*
 * One forwarding lcore. Every iteration: each POLLING RX queue gets one pass of the mode
 * (receive, work, ebb_stream_tx), then the lcore's timers run. Issue 4 adds here: PAUSED
 * queues, the refill ring drain and the idle policy; TX-completion reclaim goes in
 * ebb_stream_tx(). Nothing here costs per packet.
 */
int
ebb_engine_lcore_loop(void *arg)
{
	struct ebb_lcore *lc = arg;
	void (*fwd)(struct ebb_stream *) = lc->mode->fwd;
	struct ebb_rxq *rxq = lc->rxq;
	const unsigned int n = lc->nb_rxq;
	const struct ebb_lcore_services *svc = &ebb_services[lc->lcore_id];
	uint64_t loops = 0;

	if (lc->first != NULL)
		for (unsigned int i = 0; i < n; i++)
			lc->first->fwd(rxq[i].s);
	do {
		for (unsigned int i = 0; i < n; i++)
			if (likely(rxq[i].state == EBB_RXQ_POLLING))
				fwd(rxq[i].s);
		rte_timer_manage();
		if (unlikely(svc->n != 0)) {
			uint64_t now = rte_get_tsc_cycles();

			for (unsigned int k = 0; k < svc->n; k++)
				svc->svc[k].fn(svc->svc[k].arg, now);
		}
		/* owner-only counter; main reads it relaxed (ebb_engine_lcore_stats) */
		__atomic_store_n(&lc->loops, ++loops, __ATOMIC_RELAXED);
		/* the flag publishes nothing: rte_eal_wait_lcore() orders what follows */
	} while (likely(!__atomic_load_n(&ebb_eng.stop, __ATOMIC_RELAXED)));
	return 0;
}

static void
lcores_wait(unsigned int upto)
{
	__atomic_store_n(&ebb_eng.stop, true, __ATOMIC_RELAXED);
	for (unsigned int l = 0; l < upto; l++)
		rte_eal_wait_lcore(ebb_eng.lc[l].lcore_id);
}

static int
streams_init(const struct ebb_fwd_mode *m)
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

int
ebb_engine_start(bool tx_first)
{
	const struct ebb_fwd_mode *first = NULL;
	int ret;

	if (!ebb_eng.inited)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	ret = ebb_engine_ports_start();
	if (ret < 0)
		return ret;
	ebb_engine_streams_fold();
	ebb_engine_streams_build();
	ret = streams_init(ebb_eng.mode);
	if (ret < 0)
		return ret;
	if (tx_first) {
		first = ebb_fwd_mode_find("txonly");
		ret = streams_init(first);
		if (ret < 0)
			return ret;
	}
	ret = ebb_engine_ctrl_start(); /* control TX paths, start hooks (engine_ctrl.c) */
	if (ret < 0)
		return ret;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		ebb_engine_port_snapshot(&ebb_eng.port[i]);

	__atomic_store_n(&ebb_eng.stop, false, __ATOMIC_RELAXED);
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		struct ebb_lcore *lc = &ebb_eng.lc[l];

		lc->mode = ebb_eng.mode;
		lc->first = first;
		lc->loops = 0;
		ret = rte_eal_remote_launch(ebb_engine_lcore_loop, lc, lc->lcore_id);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "cannot launch lcore %u: %s", lc->lcore_id,
				       strerror(-ret));
			lcores_wait(l);
			return ret;
		}
	}
	ebb_eng.running = true;
	return 0;
}

int
ebb_engine_stop(void)
{
	if (!ebb_eng.running)
		return -EALREADY;
	lcores_wait(ebb_eng.nb_lcores);
	ebb_eng.running = false;
	ebb_engine_ctrl_stop(); /* stop hooks on each lcore, control TX rings drained */
	/* stopped ports give their descriptor rings' mbufs back: the audit is exact */
	ebb_engine_ports_stop();
	return 0;
}

unsigned int
ebb_engine_lcore_stats(struct ebb_lcore_stats *st, unsigned int max)
{
	unsigned int n = RTE_MIN(max, ebb_eng.nb_lcores);

	if (st == NULL)
		return 0;
	for (unsigned int l = 0; l < n; l++) {
		const struct ebb_lcore *lc = &ebb_eng.lc[l];

		memset(&st[l], 0, sizeof(st[l]));
		st[l].lcore_id = lc->lcore_id;
		st[l].loops = __atomic_load_n(&lc->loops, __ATOMIC_RELAXED);
		for (unsigned int i = 0; i < lc->nb_rxq; i++) {
			const struct ebb_stream *s = lc->rxq[i].s;

			st[l].rx += ebb_stream_read(&s->rx);
			st[l].tx += ebb_stream_read(&s->tx);
			st[l].tx_dropped += ebb_stream_read(&s->tx_dropped);
		}
	}
	return n;
}
