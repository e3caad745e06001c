/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_port.c: port configuration, start/stop, RX buffers of stopped ports (park), and
 * testpmd's port commands (port stop|start, port config rxd|txd, mtu, promisc, allmulti,
 * mac_addr set). */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <unistd.h>

#include <rte_errno.h>
#include <rte_mbuf.h>

#include "engine_priv.h"

int
ebb_engine_ports_setup(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	struct rte_eth_conf pconf;

	memset(&pconf, 0, sizeof(pconf));
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];
		struct rte_eth_dev_info info;
		int ret;

		ret = rte_eth_dev_info_get(p->id, &info);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "port %u: no device info: %s", p->id, strerror(-ret));
			return ret;
		}
		if (c->nb_rxq > info.max_rx_queues || c->nb_txq > info.max_tx_queues) {
			EBB_ENGINE_LOG(ERR, "port %u (%s): rxq %u / txq %u, at most %u / %u",
				       p->id, info.driver_name, c->nb_rxq, c->nb_txq,
				       info.max_rx_queues, info.max_tx_queues);
			return -EINVAL;
		}
		/* link changes as events where the PMD can raise them (PCI NICs: an
		 * interrupt; testpmd asks for the same) */
		pconf.intr_conf.lsc = !c->no_lsc_interrupt && info.dev_flags != NULL &&
				      (*info.dev_flags & RTE_ETH_DEV_INTR_LSC) != 0;
		/* several RX queues: RSS with what the port can hash of c->rss_hf, as
		 * testpmd (--rss-ip, --rss-udp, --disable-rss) */
		pconf.rxmode.mq_mode = RTE_ETH_MQ_RX_NONE;
		pconf.rx_adv_conf.rss_conf.rss_key = NULL;
		pconf.rx_adv_conf.rss_conf.rss_hf = 0;
		if (c->nb_rxq > 1 && (c->rss_hf & info.flow_type_rss_offloads) != 0) {
			pconf.rxmode.mq_mode = RTE_ETH_MQ_RX_RSS;
			pconf.rx_adv_conf.rss_conf.rss_hf = c->rss_hf & info.flow_type_rss_offloads;
		}
		/* offloads the port cannot do: refused here in one line (ethdev would say
		 * it at configure, as testpmd shows it) */
		if ((c->rx_offloads & ~info.rx_offload_capa) != 0 ||
		    (c->tx_offloads & ~info.tx_offload_capa) != 0) {
			bool rx = (c->rx_offloads & ~info.rx_offload_capa) != 0;

			EBB_ENGINE_LOG(ERR, "port %u (%s): --%s-offloads 0x%" PRIx64 " asks for 0x%"
				       PRIx64 " that the port cannot do (it offers 0x%" PRIx64 ")",
				       p->id, info.driver_name, rx ? "rx" : "tx",
				       rx ? c->rx_offloads : c->tx_offloads,
				       rx ? c->rx_offloads & ~info.rx_offload_capa :
					    c->tx_offloads & ~info.tx_offload_capa,
				       rx ? info.rx_offload_capa : info.tx_offload_capa);
			return -EINVAL;
		}
		pconf.rxmode.offloads = c->rx_offloads;
		pconf.txmode.offloads = c->tx_offloads;
		ret = rte_eth_dev_configure(p->id, c->nb_rxq, c->nb_txq, &pconf);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "port %u: cannot configure: %s", p->id, strerror(-ret));
			return ret;
		}
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(p->id, &p->nb_rxd, &p->nb_txd);
		if (ret < 0) {
			EBB_ENGINE_LOG(ERR, "port %u: rxd %u / txd %u refused: %s", p->id,
				       c->nb_rxd, c->nb_txd, strerror(-ret));
			return ret;
		}
		if (p->socket < 0)
			p->socket = 0; /* unknown: as socket 0, like the pools */
		ret = rte_eth_macaddr_get(p->id, &p->mac);
		if (ret < 0)
			return ret;
	}
	return 0;
}

int
ebb_engine_ports_queues(void)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;

	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];
		struct rte_eth_dev_info info;
		struct rte_eth_rxconf rxconf;
		struct rte_eth_rxq_info qinfo;
		int ret;

		ret = rte_eth_dev_info_get(p->id, &info);
		if (ret < 0)
			return ret;
		/* drop when the ring has no descriptor: a paused queue must not hold back
		 * the others sharing the NIC's buffer (82599 and the like) */
		rxconf = info.default_rxconf;
		rxconf.rx_drop_en = 1;
		for (uint16_t q = 0; q < c->nb_rxq; q++) {
			ret = rte_eth_rx_queue_setup(p->id, q, p->nb_rxd, ebb_port_mem_socket(p), &rxconf,
						     p->pool);
			if (ret < 0) {
				EBB_ENGINE_LOG(ERR, "port %u: RX queue %u setup: %s", p->id, q,
					       strerror(-ret));
				return ret;
			}
		}
		p->parked = false; /* RX queues from the port's pool now */
		/* refill quantum: what the PMD allocates at once, else a burst */
		p->quantum = info.default_rxconf.rx_free_thresh;
		if (rte_eth_rx_queue_info_get(p->id, 0, &qinfo) == 0 &&
		    qinfo.conf.rx_free_thresh != 0)
			p->quantum = qinfo.conf.rx_free_thresh;
		if (p->quantum == 0)
			p->quantum = c->burst;
		for (uint16_t q = 0; q < c->nb_txq; q++) {
			ret = rte_eth_tx_queue_setup(p->id, q, p->nb_txd, ebb_port_mem_socket(p),
						     NULL);
			if (ret < 0) {
				EBB_ENGINE_LOG(ERR, "port %u: TX queue %u setup: %s", p->id, q,
					       strerror(-ret));
				return ret;
			}
		}
	}
	return 0;
}

/* Start one port with its promiscuous and all-multicast settings. */
static int
port_start_one(struct ebb_port *p)
{
	int ret = rte_eth_dev_start(p->id);

	if (ret < 0) {
		EBB_ENGINE_LOG(ERR, "port %u: cannot start: %s", p->id, strerror(-ret));
		return ret;
	}
	p->started = true;
	ret = p->promisc_off ? rte_eth_promiscuous_disable(p->id) :
		rte_eth_promiscuous_enable(p->id);
	if (ret < 0 && ret != -ENOTSUP)
		EBB_ENGINE_LOG(WARNING, "port %u: promiscuous mode: %s", p->id, strerror(-ret));
	if (p->allmulti_set) {
		ret = p->allmulti_on ? rte_eth_allmulticast_enable(p->id) :
			rte_eth_allmulticast_disable(p->id);
		if (ret < 0 && ret != -ENOTSUP)
			EBB_ENGINE_LOG(WARNING, "port %u: all-multicast mode: %s", p->id,
				       strerror(-ret));
	}
	return 0;
}

/* Stop one port, keeping its counters as they were. */
static void
port_stop_one(struct ebb_port *p)
{
	int ret;

	/* counters may not survive a stop: keep what they said (or what they said
	 * before the engine drained the RX queues, ebb_engine_ports_freeze()) */
	if (!p->frozen_valid && rte_eth_stats_get(p->id, &p->frozen) < 0)
		memset(&p->frozen, 0, sizeof(p->frozen));
	p->frozen_valid = false;
	ret = rte_eth_dev_stop(p->id);
	if (ret < 0)
		EBB_ENGINE_LOG(WARNING, "port %u: stop: %s", p->id, strerror(-ret));
	p->started = false;
}

int
ebb_engine_ports_start(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (ebb_eng.port[i].admin_stopped)
			return -ENOTCONN; /* `port stop`: forwarding needs every port */
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];
		int ret;

		if (p->started)
			continue;
		ret = port_start_one(p);
		if (ret < 0)
			return ret;
	}
	return 0;
}

void
ebb_engine_ports_stop(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (ebb_eng.port[i].started)
			port_stop_one(&ebb_eng.port[i]);
}

void
ebb_engine_ports_freeze(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (!p->started || p->frozen_valid)
			continue;
		if (rte_eth_stats_get(p->id, &p->frozen) < 0)
			memset(&p->frozen, 0, sizeof(p->frozen));
		p->frozen_valid = true;
	}
}

/*
 * Frames still queued for RX when the loops end: a ring PMD (net_ring looping back)
 * keeps them across a port stop, where a NIC gives its ring's mbufs back. Free them so
 * that the audit is exact. Bounded: net_null never runs dry.
 */
#define EBB_DRAIN_BURSTS 64

void
ebb_engine_ports_drain(void)
{
	struct rte_mbuf *pkts[EBB_MAX_BURST];

	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		const struct ebb_stream *s = &ebb_eng.streams[i];

		for (unsigned int b = 0; b < EBB_DRAIN_BURSTS; b++) {
			uint16_t n = rte_eth_rx_burst(s->rx_port, s->rx_queue, pkts, EBB_MAX_BURST);

			if (n == 0)
				break;
			rte_pktmbuf_free_bulk(pkts, n);
		}
	}
}

void
ebb_engine_ports_close(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		if (ebb_eng.port[i].closed) /* ebb_engine_fini_audit() closed it */
			continue;
		rte_eth_dev_close(ebb_eng.port[i].id);
		ebb_eng.port[i].closed = true;
	}
}

/*
 * RX buffers of stopped ports. A NIC gives its descriptor ring's mbufs back when it
 * stops; net_tap keeps them (its RX queue's chain of nb_rxd mbufs) until the queue is
 * released or the port closed, so the `stop` audit would count them missing. For such
 * PMDs the engine "parks" the RX queues at stop: it sets each one up again on the stopped
 * port (which releases the old queue and its mbufs) with one descriptor from a small
 * private pool, and sets it up again from the port's pool at the next start. The audit
 * after a stop is then exact; the parked mbufs belong to the private pool, not audited.
 */
static const char *const park_drivers[] = { "net_tap" };

#define PARK_DESC 1

static bool
port_parks(uint16_t port)
{
	struct rte_eth_dev_info info;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.driver_name == NULL)
		return false;
	for (unsigned int i = 0; i < RTE_DIM(park_drivers); i++)
		if (strcmp(info.driver_name, park_drivers[i]) == 0)
			return true;
	return false;
}

static int
rxq_setup(struct ebb_port *p, uint16_t q, uint16_t nb_desc, struct rte_mempool *mp)
{
	struct rte_eth_dev_info info;
	struct rte_eth_rxconf rxconf;
	int ret = rte_eth_dev_info_get(p->id, &info);

	if (ret < 0)
		return ret;
	rxconf = info.default_rxconf; /* as ebb_engine_ports_queues() */
	rxconf.rx_drop_en = 1;
	return rte_eth_rx_queue_setup(p->id, q, nb_desc, ebb_port_mem_socket(p), &rxconf, mp);
}

void
ebb_engine_rx_park(void)
{
	unsigned int need = 0;

	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
		if (!ebb_eng.port[i].started && port_parks(ebb_eng.port[i].id))
			need += ebb_eng.conf.nb_rxq * PARK_DESC;
	if (need == 0)
		return;
	if (ebb_eng.park_pool == NULL) {
		char name[RTE_MEMPOOL_NAMESIZE];

		snprintf(name, sizeof(name), "ebb_park_%u", (unsigned int)getpid() % 100000);
		/* twice what the queues take: a PMD may allocate before it frees */
		ebb_eng.park_pool = rte_pktmbuf_pool_create(name, 2 * need + 1, 0, 0,
							    RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY);
		if (ebb_eng.park_pool == NULL) {
			EBB_ENGINE_LOG(WARNING, "no pool to park RX queues (%s): their mbufs "
				       "stay in the stopped ports", rte_strerror(rte_errno));
			return;
		}
	}
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (p->started || p->parked || !port_parks(p->id))
			continue;
		for (uint16_t q = 0; q < ebb_eng.conf.nb_rxq; q++) {
			int ret = rxq_setup(p, q, PARK_DESC, ebb_eng.park_pool);

			if (ret < 0)
				EBB_ENGINE_LOG(WARNING, "port %u: RX queue %u not parked: %s", p->id,
					       q, strerror(-ret));
		}
		p->parked = true;
	}
}

int
ebb_engine_rx_unpark(void)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (!p->parked || p->admin_stopped) /* `port stop`: stays parked */
			continue;
		for (uint16_t q = 0; q < ebb_eng.conf.nb_rxq; q++) {
			int ret = rxq_setup(p, q, p->nb_rxd, p->pool);

			if (ret < 0) {
				EBB_ENGINE_LOG(ERR, "port %u: RX queue %u setup again: %s", p->id,
					       q, strerror(-ret));
				return ret;
			}
		}
		p->parked = false;
	}
	return 0;
}

/* After the ports are closed (their parked mbufs back in the private pool). */
void
ebb_engine_rx_park_free(void)
{
	rte_mempool_free(ebb_eng.park_pool);
	ebb_eng.park_pool = NULL;
}

/* ---- testpmd's port commands: port stop|start, port config mtu, promisc, allmulti,
 * mac_addr set ---- */

int
ebb_engine_port_stop(uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	if (p->admin_stopped)
		return -EALREADY;
	p->admin_stopped = true;
	if (p->started)
		port_stop_one(p);
	ebb_engine_rx_park(); /* a PMD that keeps its RX buffers (net_tap) gives them back */
	return 0;
}

int
ebb_engine_port_start(uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	if (!p->admin_stopped && p->started)
		return -EALREADY;
	p->admin_stopped = false;
	ret = ebb_engine_rx_unpark();
	if (ret < 0)
		return ret;
	return port_start_one(p);
}

/* Every port's descriptors asked again (conf and ports, as the PMD adjusts them); the
 * queues are set up by the caller (engine.c, after the ring fit). */
int
ebb_engine_ports_desc(uint16_t rxd, uint16_t txd)
{
	ebb_eng.conf.nb_rxd = rxd;
	ebb_eng.conf.nb_txd = txd;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];
		int ret;

		p->nb_rxd = rxd;
		p->nb_txd = txd;
		ret = rte_eth_dev_adjust_nb_rx_tx_desc(p->id, &p->nb_rxd, &p->nb_txd);
		if (ret < 0)
			return ret;
	}
	return 0;
}

bool
ebb_engine_port_stopped(uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	return p != NULL && p->admin_stopped;
}

int
ebb_engine_port_mac_get(uint16_t port, struct rte_ether_addr *mac)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL || mac == NULL)
		return -ENODEV;
	if (rte_eth_macaddr_get(p->id, &p->mac) < 0)
		return -EIO;
	*mac = p->mac;
	return 0;
}

int
ebb_engine_port_mtu(uint16_t port, uint16_t mtu)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	/* one mbuf holds a frame: the engine sets up no scattered RX */
	if ((unsigned int)mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN >
	    (unsigned int)ebb_eng.conf.mbuf_size - RTE_PKTMBUF_HEADROOM)
		return -E2BIG;
	return rte_eth_dev_set_mtu(p->id, mtu);
}

int
ebb_engine_port_rss(uint16_t port, uint64_t rss_hf)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	struct rte_eth_rss_conf rc = { .rss_key = NULL, .rss_hf = rss_hf };

	if (p == NULL)
		return -ENODEV;
	return rte_eth_dev_rss_hash_update(p->id, &rc);
}

int
ebb_engine_port_promisc(uint16_t port, bool on)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	ret = on ? rte_eth_promiscuous_enable(p->id) : rte_eth_promiscuous_disable(p->id);
	if (ret == 0)
		p->promisc_off = !on; /* kept across stop/start */
	return ret;
}

int
ebb_engine_port_allmulti(uint16_t port, bool on)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	ret = on ? rte_eth_allmulticast_enable(p->id) : rte_eth_allmulticast_disable(p->id);
	if (ret == 0) {
		p->allmulti_set = true;
		p->allmulti_on = on;
	}
	return ret;
}

int
ebb_engine_port_mac(uint16_t port, const struct rte_ether_addr *mac)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	int ret;

	if (p == NULL)
		return -ENODEV;
	if (mac == NULL || !rte_is_unicast_ether_addr(mac) || rte_is_zero_ether_addr(mac))
		return -EINVAL;
	ret = rte_eth_dev_default_mac_addr_set(p->id, (struct rte_ether_addr *)(uintptr_t)mac);
	if (ret == 0)
		p->mac = *mac; /* streams take it at the next start */
	return ret;
}
