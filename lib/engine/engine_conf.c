/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_conf.c: the configuration checked and set, the mbuf pools made and fitted to it. */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include "ebb_waitq.h"
#include "engine_priv.h"

/* Ethernet + IPv4 + UDP: the shortest txonly frame */
#define EBB_TXPKTS_MIN 42
static_assert(EBB_TXPKTS_MIN == EBB_ENGINE_MIN_TXPKTS, "one shortest frame");
static_assert(EBB_ENGINE_MAX_TXSEGS == EBB_FWD_MAX_SEGS, "the streams hold every segment");

void
ebb_engine_conf_defaults(struct ebb_engine_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->nb_rxq = 1;
	conf->nb_txq = 1;
	conf->nb_rxd = EBB_DEFAULT_RXD;
	conf->nb_txd = EBB_DEFAULT_TXD;
	conf->burst = EBB_DEFAULT_BURST;
	conf->nb_fwd_lcores = 0;
	strcpy(conf->fwd_mode, "io");
	conf->mbuf_size = EBB_DEFAULT_MBUF_SIZE;
	conf->txpkts = EBB_DEFAULT_TXPKTS;
	conf->reserve = EBB_DEFAULT_RESERVE;
	conf->wait_timeout_ms = EBB_DEFAULT_WAIT_TIMEOUT_MS;
	conf->idle = EBB_IDLE_PAUSE;
	conf->delay_us = EBB_DEFAULT_DELAY_US;
	conf->delay_fifo = EBB_DEFAULT_DELAY_FIFO;
	conf->tx_rate = -1.0;
	conf->rss_hf = RTE_ETH_RSS_IP; /* testpmd's default */
}

int
ebb_engine_conf_check(const struct ebb_engine_conf *c)
{
	uint16_t room = c->mbuf_size ? c->mbuf_size : EBB_DEFAULT_MBUF_SIZE;

	if (c->burst == 0 || c->burst > EBB_MAX_BURST) {
		EBB_ENGINE_LOG(ERR, "burst %u out of range 1..%u", c->burst, EBB_MAX_BURST);
		return -EINVAL;
	}
	if (c->nb_rxq == 0 || c->nb_txq == 0 || c->nb_rxd == 0 || c->nb_txd == 0) {
		EBB_ENGINE_LOG(ERR, "rxq, txq, rxd and txd must be at least 1");
		return -EINVAL;
	}
	if (c->nb_txq < c->nb_rxq) {
		EBB_ENGINE_LOG(ERR, "txq (%u) must be >= rxq (%u): each RX queue forwards "
			       "to its own TX queue", c->nb_txq, c->nb_rxq);
		return -EINVAL;
	}
	if (ebb_fwd_mode_find(c->fwd_mode) == NULL) {
		char modes[128];

		ebb_fwd_mode_names(modes, sizeof(modes), '|');
		EBB_ENGINE_LOG(ERR, "unknown forwarding mode '%.32s' (one of %s)",
			       c->fwd_mode, modes);
		return -EINVAL;
	}
	if (room <= RTE_PKTMBUF_HEADROOM + EBB_TXPKTS_MIN) {
		EBB_ENGINE_LOG(ERR, "mbuf size %u too small (more than %u needed)", room,
			       RTE_PKTMBUF_HEADROOM + EBB_TXPKTS_MIN);
		return -EINVAL;
	}
	if (c->nb_txsegs > 1) {
		unsigned int bad = 0;
		int len = ebb_engine_txsegs_check(c->txsegs, c->nb_txsegs,
						  room - RTE_PKTMBUF_HEADROOM, &bad);

		if (len == -E2BIG) {
			EBB_ENGINE_LOG(ERR, "txpkts: %u segments, at most %u", c->nb_txsegs,
				       EBB_ENGINE_MAX_TXSEGS);
			return -EINVAL;
		}
		if (len < 0) {
			EBB_ENGINE_LOG(ERR, "txpkts: segment %u of %u refused (each 1..%u bytes, "
				       "the first %u or more, %u in all at most)", bad,
				       c->nb_txsegs, room - RTE_PKTMBUF_HEADROOM, EBB_TXPKTS_MIN,
				       EBB_ENGINE_MAX_TXLEN);
			return -EINVAL;
		}
	} else if (c->txpkts < EBB_TXPKTS_MIN || c->txpkts > room - RTE_PKTMBUF_HEADROOM) {
		EBB_ENGINE_LOG(ERR, "txpkts %u out of range %u..%u", c->txpkts, EBB_TXPKTS_MIN,
			       room - RTE_PKTMBUF_HEADROOM);
		return -EINVAL;
	}
	if (c->idle != EBB_IDLE_PAUSE && c->idle != EBB_IDLE_SPIN && c->idle != EBB_IDLE_SLEEP) {
		EBB_ENGINE_LOG(ERR, "unknown idle policy %d", (int)c->idle);
		return -EINVAL;
	}
	if (c->mbcache_set && (c->mbcache > RTE_MEMPOOL_CACHE_MAX_SIZE ||
			       (c->mbcache == 0 && !c->no_wait) ||
			       (c->total_num_mbufs != 0 &&
				(uint64_t)c->mbcache * 3 / 2 > c->total_num_mbufs))) {
		EBB_ENGINE_LOG(ERR, "mbuf cache %u: want 1..%u (0 with no_wait), at most 2/3 of "
			       "the pool", c->mbcache, RTE_MEMPOOL_CACHE_MAX_SIZE);
		return -EINVAL;
	}
	if (c->socket_num_set && (c->socket_num < 0 || c->socket_num >= RTE_MAX_NUMA_NODES)) {
		EBB_ENGINE_LOG(ERR, "socket %d out of range 0..%d", c->socket_num,
			       RTE_MAX_NUMA_NODES - 1);
		return -EINVAL;
	}
	if (c->delay_fifo == 0 || c->delay_fifo > EBB_MAX_DELAY_FIFO) {
		EBB_ENGINE_LOG(ERR, "delay-fifo %u out of range 1..%u", c->delay_fifo,
			       EBB_MAX_DELAY_FIFO);
		return -EINVAL;
	}
	if (c->tx_rate != c->tx_rate) {
		EBB_ENGINE_LOG(ERR, "tx-rate is not a number");
		return -EINVAL;
	}
	if (ebb_eng.nb_workers == 0) {
		EBB_ENGINE_LOG(ERR, "no worker lcore to forward on: give EAL two lcores "
			       "or more (-l 0,1)");
		return -EINVAL;
	}
	if (c->nb_fwd_lcores > ebb_eng.nb_workers) {
		EBB_ENGINE_LOG(ERR, "nb-cores %u but only %u worker lcores", c->nb_fwd_lcores,
			       ebb_eng.nb_workers);
		return -EINVAL;
	}
	return 0;
}

int
ebb_engine_pools_create(void)
{
	struct ebb_engine_conf *c = &ebb_eng.conf;
	struct ebb_pool_req req = {
		.nb_ports = ebb_eng.nb_ports,
		.nb_rxq = c->nb_rxq,
		.nb_rxd = 0,
		.nb_txd = 0,
		.burst = c->burst,
		.nb_lcores = ebb_eng.nb_workers,
		.lcores = ebb_eng.workers,
		.total_num_mbufs = c->total_num_mbufs,
		.mbuf_size = c->mbuf_size,
		.cache_set = c->mbcache_set,
		.cache = c->mbcache,
		.one_socket = c->no_numa || c->socket_num_set,
		.socket = c->socket_num_set ? c->socket_num : 0,
	};

	/* ebb_waitq: exhaustion is waited for; --no-wait: plain ring, spin as testpmd */
	snprintf(req.ops, sizeof(req.ops), "%s", c->no_wait ? "ring_mp_mc" : ebb_waitq_ops_name());
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		req.ports[i] = ebb_eng.port[i].id;
		req.nb_rxd = RTE_MAX(req.nb_rxd, ebb_eng.port[i].nb_rxd);
		req.nb_txd = RTE_MAX(req.nb_txd, ebb_eng.port[i].nb_txd);
	}
	ebb_eng.pools = ebb_pool_set_create(&req, NULL);
	if (ebb_eng.pools == NULL && req.one_socket) {
		const struct ebb_pool_topo *t = ebb_pool_topo_default();
		char with[128] = "";
		size_t n = 0;

		for (int s = 0; s < EBB_POOL_MAX_SOCKETS && n < sizeof(with) - 4; s++)
			if (t->socket_has_memory(s, t->arg))
				n += (size_t)snprintf(with + n, sizeof(with) - n, "%s%d",
						      n ? "," : "", s);
		if (!t->socket_has_memory(req.socket, t->arg)) {
			EBB_ENGINE_LOG(ERR, "%s %d: socket %d has no memory for the pools "
				       "(sockets with memory: %s)", c->socket_num_set ?
				       "--socket-num" : "--no-numa: socket", req.socket,
				       req.socket, n ? with : "none");
			return -EINVAL;
		}
	}
	if (ebb_eng.pools == NULL) {
		EBB_ENGINE_LOG(ERR, "cannot create the mbuf pools: %s",
			       rte_strerror(rte_errno));
		return -ENOMEM;
	}
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		ebb_eng.port[i].pool = ebb_pool_for_port(ebb_eng.pools, ebb_eng.port[i].id);
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS && !c->no_wait; s++) {
		struct rte_mempool *mp = ebb_eng.pools->mp[s];
		int ret;

		if (mp == NULL || c->reserve == 0)
			continue;
		/* sized to what the data path leaves once the queues are known (pools_fit) */
		ret = ebb_wait_pool_set_reserve(mp, RTE_MIN(c->reserve, mp->size / 2));
		if (ret < 0)
			EBB_ENGINE_LOG(WARNING, "pool %s: reserve of %u: %s", mp->name,
				       c->reserve, strerror(-ret));
	}
	return 0;
}

/*
 * Every RX queue of an ebb_waitq pool must be able to get one refill while the others
 * wait for theirs, and the reserve comes on top: a smaller pool has its queues wait for
 * buffers that can never all be free at once (they would pause and time out for ever,
 * where --no-wait spins and forwards). Refill: what the PMD allocates at once, at
 * least a burst. A pool below the sum is refused, naming the minimum; between the sum
 * and the sum plus the reserve, the reserve shrinks to what is left, and a line says so
 * (those sizes forward: the reserve is for control traffic, the data path comes first).
 * Control plane, lcores stopped; at init and at every start (set burst).
 * @return 0; -ENOBUFS a pool too small (logged).
 */
int
ebb_engine_pools_fit(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;

	for (int sk = 0; sk < EBB_POOL_MAX_SOCKETS && !c->no_wait; sk++) {
		struct rte_mempool *mp = ebb_eng.pools->mp[sk];
		struct ebb_wait_pool_info wi;
		uint64_t need = 0;
		unsigned int nq = 0, refill = 0, reserve;

		if (mp == NULL || ebb_wait_pool_info(mp, &wi) < 0)
			continue;
		for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
			const struct ebb_port *p = &ebb_eng.port[i];
			unsigned int r = RTE_MAX((unsigned int)c->burst, (unsigned int)p->quantum);

			if (p->pool != mp)
				continue;
			need += (uint64_t)c->nb_rxq * r;
			nq += c->nb_rxq;
			refill = RTE_MAX(refill, r);
		}
		if (nq == 0)
			continue;
		if (need > mp->size) {
			EBB_ENGINE_LOG(ERR, "pool %s: %u mbufs cannot serve one refill of %u per RX "
				       "queue (%u queues): --total-num-mbufs must be at least %" PRIu64,
				       mp->name, mp->size, refill, nq, need);
			return -ENOBUFS;
		}
		reserve = (unsigned int)RTE_MIN((uint64_t)c->reserve, mp->size - need);
		if (reserve == wi.reserve_target)
			continue;
		if (reserve < c->reserve)
			EBB_ENGINE_LOG(WARNING, "pool %s: reserve %u instead of %u: %u mbufs serve "
				       "%u RX queues one refill of %u each and no more (the whole "
				       "reserve from %" PRIu64 ")", mp->name, reserve, c->reserve,
				       mp->size, nq, refill, need + c->reserve);
		if (ebb_wait_pool_set_reserve(mp, reserve) < 0)
			EBB_ENGINE_LOG(WARNING, "pool %s: reserve of %u refused", mp->name, reserve);
	}
	return 0;
}

int
ebb_engine_set_fwd(const char *mode)
{
	const struct ebb_fwd_mode *m = ebb_fwd_mode_find(mode);

	if (m == NULL)
		return -ENOENT;
	if (ebb_eng.running)
		return -EBUSY;
	ebb_eng.mode = m;
	snprintf(ebb_eng.conf.fwd_mode, sizeof(ebb_eng.conf.fwd_mode), "%s", m->name);
	return 0;
}

int
ebb_engine_set_burst(uint16_t burst)
{
	if (burst == 0 || burst > EBB_MAX_BURST)
		return -EINVAL;
	ebb_eng.conf.burst = burst; /* streams take it at the next start */
	return 0;
}

int
ebb_engine_set_eth_peer(uint16_t port, const struct rte_ether_addr *mac)
{
	uint16_t id;

	if (!ebb_eng.inited || port >= ebb_eng.nb_ports)
		return -ENODEV;
	if (mac == NULL)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	id = ebb_eng.port[port].id;
	ebb_eng.conf.eth_peer_set[id] = true; /* streams take it at the next start */
	ebb_eng.conf.eth_peer[id] = *mac;
	return 0;
}

int
ebb_engine_set_txpkts(uint16_t len)
{
	if (!ebb_eng.inited)
		return -ENODEV;
	if (len < EBB_ENGINE_MIN_TXPKTS || (unsigned int)len + RTE_PKTMBUF_HEADROOM >
	    ebb_eng.conf.mbuf_size)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	ebb_eng.conf.txpkts = len; /* streams take it at the next start */
	ebb_eng.conf.nb_txsegs = 1;
	ebb_eng.conf.txsegs[0] = len;
	return 0;
}

int
ebb_engine_txsegs_check(const uint16_t *lens, unsigned int n, unsigned int room,
			unsigned int *bad)
{
	unsigned int i, sum = 0, dummy;

	if (bad == NULL)
		bad = &dummy;
	*bad = n;
	if (lens == NULL || n == 0)
		return -EINVAL;
	if (n > EBB_ENGINE_MAX_TXSEGS)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		if (lens[i] == 0 || lens[i] > room || (i == 0 && lens[i] < EBB_TXPKTS_MIN)) {
			*bad = i;
			return -EINVAL;
		}
		sum += lens[i];
	}
	if (sum > EBB_ENGINE_MAX_TXLEN)
		return -EINVAL;
	return (int)sum;
}

int
ebb_engine_txsegs_fit_ports(unsigned int n, uint16_t *port, uint16_t *max)
{
	for (uint16_t i = 0; n > 1 && i < ebb_eng.nb_ports; i++) {
		struct rte_eth_dev_info info;

		if (rte_eth_dev_info_get(ebb_eng.port[i].id, &info) != 0)
			continue; /* the port will say at start */
		/* as testpmd: a chain needs that many descriptors, also at the MTU */
		*max = RTE_MIN(info.tx_desc_lim.nb_seg_max, info.tx_desc_lim.nb_mtu_seg_max);
		if (n > *max) {
			*port = ebb_eng.port[i].id;
			return -ENOTSUP;
		}
	}
	return 0;
}

int
ebb_engine_set_txsegs(const uint16_t *lens, unsigned int n, unsigned int *bad)
{
	uint16_t port = 0, max = 0;
	int len;

	if (bad != NULL)
		*bad = n;
	if (!ebb_eng.inited)
		return -ENODEV;
	len = ebb_engine_txsegs_check(lens, n, ebb_eng.conf.mbuf_size - RTE_PKTMBUF_HEADROOM,
				      bad);
	if (len < 0)
		return len;
	if (ebb_engine_txsegs_fit_ports(n, &port, &max) < 0)
		return -ENOTSUP; /* the caller says it, in one line */
	if (ebb_eng.running)
		return -EBUSY;
	/* streams take them at the next start */
	memcpy(ebb_eng.conf.txsegs, lens, n * sizeof(lens[0]));
	ebb_eng.conf.nb_txsegs = (uint16_t)n;
	ebb_eng.conf.txpkts = (uint16_t)len;
	return 0;
}

int
ebb_engine_set_wait_timeout(uint32_t ms)
{
	ebb_eng.conf.wait_timeout_ms = ms;
	/* relaxed: lcores take it at their next pause */
	__atomic_store_n(&ebb_eng.wait_timeout_us, (uint64_t)ms * 1000, __ATOMIC_RELAXED);
	return 0;
}

int
ebb_engine_set_idle(enum ebb_idle idle)
{
	if (idle != EBB_IDLE_PAUSE && idle != EBB_IDLE_SPIN && idle != EBB_IDLE_SLEEP)
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	ebb_eng.conf.idle = idle;
	return 0;
}
