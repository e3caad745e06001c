/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * engine_fit.c: descriptor rings that a pool can back, on NIC ports (PCI).
 *
 * A NIC's RX ring holds one mbuf per descriptor for as long as the port runs, and its TX
 * ring keeps every mbuf it sent until the PMD reuses that slot: e1000e (em) frees a sent
 * mbuf only when it writes the slot again, virtio and vmxnet3 only from within a transmit
 * call, and none of the three implements rte_eth_tx_done_cleanup(). With a pool smaller
 * than those rings the RX ring cannot be refilled, so nothing is received, so nothing is
 * sent, so the TX ring never gives its mbufs back: the port stalls for good (testpmd does,
 * on all three). Waiting cannot help there: no free will ever come.
 *
 * So at init, for each ebb_waitq pool, the RX rings of the NIC ports drawing on it and
 * their TX rings, counted at their full size, plus one refill per RX queue and the reserve
 * must fit in the pool. When they do not, the TX rings shrink to what is left; when even
 * the PMD's smallest TX ring does not fit, the RX rings are halved. Twice: first before the
 * queues are set up, with the RX rings estimated at one mbuf per descriptor (net_virtio
 * keeps its RX mbufs across a stop: only its first set-up counts), then once the ports are
 * started, with what the RX rings took measured (the PMD decides: vmxnet3 fills two rings
 * per queue; a change then sets the queues up again). Each change is said in one line; a
 * pool too small for the smallest rings is refused, naming the size that fits. The virtio
 * PMD on virtio-user keeps its rings the same way and is counted too; other virtual devices
 * (net_null, net_ring, net_vhost, ...) free what they send within the call or hand it to
 * their peer: they are not counted.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_mempool.h>

#include "engine_priv.h"

#define FIT_ROUNDS 8 /* halvings of rxd, at most: 1024 -> 8 */

/* Its rings keep their mbufs (see above): a NIC on the PCI bus, or virtio-user (the
 * virtio PMD either way) */
static bool
port_keeps_tx(uint16_t port)
{
	struct rte_eth_dev_info info;
	const struct rte_bus *bus;

	if (rte_eth_dev_info_get(port, &info) != 0 || info.device == NULL)
		return false;
	if (info.driver_name != NULL && strcmp(info.driver_name, "net_virtio_user") == 0)
		return true;
	bus = rte_dev_bus(info.device);
	return bus != NULL && strcmp(rte_bus_name(bus), "pci") == 0;
}

static uint16_t
align_down(unsigned int v, uint16_t align)
{
	if (align > 1)
		v -= v % align;
	return (uint16_t)RTE_MIN(v, (unsigned int)UINT16_MAX);
}

/* What the main lcore's cache holds of mp goes back, so that counts are exact. */
static void
main_cache_flush(struct rte_mempool *mp)
{
	struct rte_mempool_cache *c = rte_mempool_default_cache(mp, rte_lcore_id());

	if (c != NULL && c->len != 0)
		rte_mempool_cache_flush(c, mp);
}

struct fit_pool {
	unsigned int held;     /* what the started RX rings took (measured) */
	unsigned int refill;   /* one refill per RX queue drawing on it */
	unsigned int reserve;  /* control-only mbufs */
	unsigned int ntxq;     /* TX queues of NIC ports drawing on it */
	uint64_t tx_hold;      /* their rings at full size */
	uint16_t tx_min, tx_align, rx_min, rx_align;
	bool nic;              /* a NIC port draws on it */
};

/* estimate: RX rings at one mbuf per descriptor (queues not set up yet); else measured */
static void
fit_measure(struct rte_mempool *mp, struct fit_pool *fp, bool estimate)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	struct ebb_wait_pool_info wi;

	memset(fp, 0, sizeof(*fp));
	if (!estimate) {
		main_cache_flush(mp);
		fp->held = mp->size - rte_mempool_avail_count(mp);
	}
	if (ebb_wait_pool_info(mp, &wi) == 0)
		fp->reserve = wi.reserve_target;
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		const struct ebb_port *p = &ebb_eng.port[i];
		struct rte_eth_dev_info info;

		if (p->pool != mp)
			continue;
		fp->refill += c->nb_rxq * RTE_MAX((unsigned int)c->burst, (unsigned int)p->quantum);
		if (!port_keeps_tx(p->id) || rte_eth_dev_info_get(p->id, &info) != 0)
			continue;
		fp->nic = true;
		if (estimate)
			fp->held += (unsigned int)c->nb_rxq * p->nb_rxd;
		fp->ntxq += c->nb_txq;
		fp->tx_hold += (uint64_t)c->nb_txq * p->nb_txd;
		fp->tx_min = RTE_MAX(fp->tx_min, RTE_MAX(info.tx_desc_lim.nb_min, (uint16_t)1));
		fp->tx_align = RTE_MAX(fp->tx_align, info.tx_desc_lim.nb_align);
		fp->rx_min = RTE_MAX(fp->rx_min, RTE_MAX(info.rx_desc_lim.nb_min, (uint16_t)1));
		fp->rx_align = RTE_MAX(fp->rx_align, info.rx_desc_lim.nb_align);
	}
}

/* Stop the ports, set their queues up again with their nb_rxd / nb_txd, start them. */
static int
ports_again(void)
{
	int ret;

	ebb_engine_ports_stop();
	ret = ebb_engine_ports_queues();
	if (ret == 0)
		ret = ebb_engine_pools_fit();
	if (ret == 0)
		ret = ebb_engine_ports_start();
	return ret;
}

/* Ports of mp that are NICs: nb_txd = txd (or nb_rxd halved when rxd_half). */
static void
ports_set(struct rte_mempool *mp, uint16_t txd, bool rxd_half, const struct fit_pool *fp)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		struct ebb_port *p = &ebb_eng.port[i];

		if (p->pool != mp || !port_keeps_tx(p->id))
			continue;
		if (rxd_half)
			p->nb_rxd = RTE_MAX(fp->rx_min, align_down(p->nb_rxd / 2, fp->rx_align));
		else
			p->nb_txd = txd;
	}
}

static bool
rxd_can_halve(struct rte_mempool *mp, const struct fit_pool *fp)
{
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		const struct ebb_port *p = &ebb_eng.port[i];

		if (p->pool == mp && port_keeps_tx(p->id) &&
		    RTE_MAX(fp->rx_min, align_down(p->nb_rxd / 2, fp->rx_align)) < p->nb_rxd)
			return true;
	}
	return false;
}

/* One pool; *changed when rings changed (and, measured, the queues were set up again).
 * @return 0, -ENOBUFS (logged). */
static int
fit_pool(struct rte_mempool *mp, bool estimate, bool *changed)
{
	struct fit_pool fp;
	int ret;

	for (unsigned int round = 0; round <= FIT_ROUNDS; round++) {
		uint64_t fixed, left;
		uint16_t txd;

		fit_measure(mp, &fp, estimate);
		if (!fp.nic || fp.ntxq == 0)
			return 0;
		fixed = (uint64_t)fp.held + fp.refill + fp.reserve;
		if (fixed + fp.tx_hold <= mp->size)
			return 0;
		left = fixed < mp->size ? mp->size - fixed : 0;
		txd = align_down((unsigned int)RTE_MIN(left / fp.ntxq, (uint64_t)UINT16_MAX),
				 fp.tx_align);
		if (txd < fp.tx_min) {
			if (!rxd_can_halve(mp, &fp))
				break;
			ports_set(mp, 0, true, &fp); /* TX: measured again after the RX rings */
		} else {
			ports_set(mp, txd, false, &fp);
		}
		*changed = true;
		ret = estimate ? 0 : ports_again();
		if (ret < 0)
			return ret;
	}
	fit_measure(mp, &fp, estimate);
	EBB_ENGINE_LOG(ERR, "pool %s: %u mbufs cannot back the rings of its NIC ports (RX rings "
		       "%s %u, TX rings need at least %u, refills %u, reserve %u): "
		       "--total-num-mbufs must be at least %" PRIu64,
		       mp->name, mp->size, estimate ? "need" : "hold", fp.held,
		       fp.ntxq * fp.tx_min, fp.refill, fp.reserve,
		       (uint64_t)fp.held + fp.refill + fp.reserve + (uint64_t)fp.ntxq * fp.tx_min);
	return -ENOBUFS;
}

int
ebb_engine_rings_fit(bool estimate)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;

	if (c->no_wait || ebb_eng.pools == NULL)
		return 0; /* --no-wait: as testpmd, rings as asked */
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		struct rte_mempool *mp = ebb_eng.pools->mp[s];
		bool changed = false;
		int ret;

		if (mp == NULL)
			continue;
		ret = fit_pool(mp, estimate, &changed);
		if (ret < 0)
			return ret;
		for (uint16_t i = 0; changed && i < ebb_eng.nb_ports; i++) {
			const struct ebb_port *p = &ebb_eng.port[i];

			if (p->pool == mp && port_keeps_tx(p->id))
				EBB_ENGINE_LOG(WARNING, "port %u: rxd %u txd %u (asked %u / %u): "
					       "pool %s of %u mbufs backs no larger rings (a "
					       "sent mbuf stays in its TX slot until reused)",
					       p->id, p->nb_rxd, p->nb_txd, c->nb_rxd, c->nb_txd,
					       mp->name, mp->size);
		}
	}
	return 0;
}
