/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_show_dev.c: testpmd's display commands in its layout: xstats, summary, devices,
 * queues, MACs, RSS, config rxtx|cores|txpkts. */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <rte_bus.h>
#include <rte_dev.h>
#include <rte_devargs.h>
#include <rte_mempool.h>

#include "engine_priv.h"

#define EBB_RSS_KEY_MAX 128

static int
show_xstats(FILE *f, uint16_t port)
{
	struct rte_eth_xstat_name *names;
	struct rte_eth_xstat *vals;
	int n, i, ret = 0;

	n = rte_eth_xstats_get_names(port, NULL, 0);
	if (n < 0)
		return n;
	names = calloc((size_t)n + 1, sizeof(*names));
	vals = calloc((size_t)n + 1, sizeof(*vals));
	if (names == NULL || vals == NULL) {
		ret = -ENOMEM;
		goto out;
	}
	if (rte_eth_xstats_get_names(port, names, n) != n || rte_eth_xstats_get(port, vals, n) != n) {
		ret = -EIO;
		goto out;
	}
	fprintf(f, "###### NIC extended statistics for port %-2u\n", port);
	for (i = 0; i < n; i++)
		fprintf(f, "%s: %" PRIu64 "\n", names[i].name, vals[i].value);
out:
	free(names);
	free(vals);
	return ret;
}

static int
show_summary(FILE *f, uint16_t port)
{
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	char name[RTE_ETH_NAME_MAX_LEN] = "";
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	struct rte_ether_addr ea;
	int ret;

	if (port == UINT16_MAX) { /* the header */
		fprintf(f, "Number of available ports: %u\n", ebb_eng.nb_ports);
		fprintf(f, "%-4s %-17s %-12s %-14s %-8s %s\n", "Port", "MAC Address", "Name",
			"Driver", "Status", "Link");
		return 0;
	}
	memset(&link, 0, sizeof(link));
	ret = rte_eth_link_get_nowait(port, &link);
	if (ret == 0)
		ret = rte_eth_dev_info_get(port, &info);
	if (ret == 0)
		ret = rte_eth_macaddr_get(port, &ea);
	if (ret < 0)
		return ret;
	rte_eth_dev_get_name_by_port(port, name);
	rte_ether_format_addr(mac, sizeof(mac), &ea);
	fprintf(f, "%-4u %s %-12s %-14s %-8s %s\n", port, mac, name, info.driver_name,
		link.link_status ? "up" : "down", rte_eth_link_speed_to_str(link.link_speed));
	return 0;
}

static void
show_speeds(FILE *f, uint32_t capa)
{
	static const struct { uint32_t bit; const char *name; } speeds[] = {
		{ RTE_ETH_LINK_SPEED_FIXED, "Disable autonegotiate (fixed speed)  " },
		{ RTE_ETH_LINK_SPEED_10M_HD, "10 Mbps half-duplex  " },
		{ RTE_ETH_LINK_SPEED_10M, "10 Mbps full-duplex  " },
		{ RTE_ETH_LINK_SPEED_100M_HD, "100 Mbps half-duplex  " },
		{ RTE_ETH_LINK_SPEED_100M, "100 Mbps full-duplex  " },
		{ RTE_ETH_LINK_SPEED_1G, "1 Gbps  " }, { RTE_ETH_LINK_SPEED_2_5G, "2.5 Gbps  " },
		{ RTE_ETH_LINK_SPEED_5G, "5 Gbps  " }, { RTE_ETH_LINK_SPEED_10G, "10 Gbps  " },
		{ RTE_ETH_LINK_SPEED_20G, "20 Gbps  " }, { RTE_ETH_LINK_SPEED_25G, "25 Gbps  " },
		{ RTE_ETH_LINK_SPEED_40G, "40 Gbps  " }, { RTE_ETH_LINK_SPEED_50G, "50 Gbps  " },
		{ RTE_ETH_LINK_SPEED_56G, "56 Gbps  " }, { RTE_ETH_LINK_SPEED_100G, "100 Gbps  " },
		{ RTE_ETH_LINK_SPEED_200G, "200 Gbps  " },
	};

	fprintf(f, "\n\tDevice speed capability:");
	if (capa == RTE_ETH_LINK_SPEED_AUTONEG)
		fprintf(f, " Autonegotiate (all speeds)");
	for (unsigned int i = 0; i < RTE_DIM(speeds); i++)
		if (capa & speeds[i].bit)
			fprintf(f, " %s", speeds[i].name);
}

/* The device of port, once: the first of our ports on it prints the device block. */
static int
show_device(FILE *f, uint16_t port)
{
	struct rte_eth_dev_info info;
	const struct rte_devargs *da;
	const struct rte_driver *drv;
	struct rte_device *dev;
	uint16_t pid;
	int ret;

	ret = rte_eth_dev_info_get(port, &info);
	if (ret < 0)
		return ret;
	dev = info.device;
	for (uint16_t i = 0; i < ebb_eng.nb_ports && ebb_eng.port[i].id != port; i++) {
		struct rte_eth_dev_info o;

		if (rte_eth_dev_info_get(ebb_eng.port[i].id, &o) == 0 && o.device == dev)
			return 0; /* printed with an earlier port */
	}
	drv = rte_dev_driver(dev);
	da = rte_dev_devargs(dev);
	fprintf(f, "\n********************* Infos for device %s *********************\n",
		rte_dev_name(dev));
	fprintf(f, "Bus name: %s", rte_bus_name(rte_dev_bus(dev)));
	fprintf(f, "\nBus information: %s", rte_dev_bus_info(dev) ? rte_dev_bus_info(dev) : "");
	fprintf(f, "\nDriver name: %s", drv != NULL ? rte_driver_name(drv) : "");
	fprintf(f, "\nDevargs: %s", da != NULL && da->args != NULL ? da->args : "");
	fprintf(f, "\nConnect to socket: %d\n", rte_dev_numa_node(dev));
	RTE_ETH_FOREACH_DEV_OF(pid, dev) {
		struct rte_eth_dev_info pi;
		char name[RTE_ETH_NAME_MAX_LEN] = "";
		char mac[RTE_ETHER_ADDR_FMT_SIZE];
		struct rte_ether_addr ea;

		fprintf(f, "\n\tPort id: %-2u", pid);
		if (rte_eth_macaddr_get(pid, &ea) == 0) {
			rte_ether_format_addr(mac, sizeof(mac), &ea);
			fprintf(f, "\n\tMAC address: %s", mac);
		}
		rte_eth_dev_get_name_by_port(pid, name);
		fprintf(f, "\n\tDevice name: %s", name);
		if (rte_eth_dev_info_get(pid, &pi) == 0)
			show_speeds(f, pi.speed_capa);
		fprintf(f, "\n");
	}
	return 0;
}

/* RX queue info from the PMD, or from the engine's setup when the PMD has none. */
static int
show_rxq(FILE *f, struct ebb_port *p, uint16_t q)
{
	struct rte_eth_rxq_info qi;
	struct rte_eth_burst_mode bm;

	if (q >= ebb_eng.conf.nb_rxq)
		return -EINVAL;
	memset(&qi, 0, sizeof(qi));
	if (rte_eth_rx_queue_info_get(p->id, q, &qi) != 0) {
		qi.mp = p->pool;
		qi.conf.rx_drop_en = 1; /* as set up (engine_port.c) */
		qi.nb_desc = p->nb_rxd;
		qi.queue_state = p->started ? RTE_ETH_QUEUE_STATE_STARTED :
			RTE_ETH_QUEUE_STATE_STOPPED;
	}
	fprintf(f, "\n********************* Infos for port %-2u, RX queue %-2u "
		"*********************", p->id, q);
	fprintf(f, "\nMempool: %s", qi.mp == NULL ? "NULL" : qi.mp->name);
	fprintf(f, "\nRX prefetch threshold: %u", qi.conf.rx_thresh.pthresh);
	fprintf(f, "\nRX host threshold: %u", qi.conf.rx_thresh.hthresh);
	fprintf(f, "\nRX writeback threshold: %u", qi.conf.rx_thresh.wthresh);
	fprintf(f, "\nRX free threshold: %u", qi.conf.rx_free_thresh);
	fprintf(f, "\nRX drop packets: %s", qi.conf.rx_drop_en ? "on" : "off");
	fprintf(f, "\nRX deferred start: %s", qi.conf.rx_deferred_start ? "on" : "off");
	fprintf(f, "\nRX scattered packets: %s", qi.scattered_rx ? "on" : "off");
	fprintf(f, "\nRx queue state: %s",
		qi.queue_state == RTE_ETH_QUEUE_STATE_STARTED ? "started" : "stopped");
	if (qi.rx_buf_size != 0)
		fprintf(f, "\nRX buffer size: %u", qi.rx_buf_size);
	fprintf(f, "\nNumber of RXDs: %u", qi.nb_desc);
	if (rte_eth_rx_burst_mode_get(p->id, q, &bm) == 0)
		fprintf(f, "\nBurst mode: %s%s", bm.info,
			bm.flags & RTE_ETH_BURST_FLAG_PER_QUEUE ? " (per queue)" : "");
	fprintf(f, "\n");
	return 0;
}

static int
show_txq(FILE *f, struct ebb_port *p, uint16_t q)
{
	struct rte_eth_txq_info qi;
	struct rte_eth_burst_mode bm;

	if (q >= ebb_eng.conf.nb_txq)
		return -EINVAL;
	memset(&qi, 0, sizeof(qi));
	if (rte_eth_tx_queue_info_get(p->id, q, &qi) != 0) {
		qi.nb_desc = p->nb_txd;
		qi.queue_state = p->started ? RTE_ETH_QUEUE_STATE_STARTED :
			RTE_ETH_QUEUE_STATE_STOPPED;
	}
	fprintf(f, "\n********************* Infos for port %-2u, TX queue %-2u "
		"*********************", p->id, q);
	fprintf(f, "\nTX prefetch threshold: %u", qi.conf.tx_thresh.pthresh);
	fprintf(f, "\nTX host threshold: %u", qi.conf.tx_thresh.hthresh);
	fprintf(f, "\nTX writeback threshold: %u", qi.conf.tx_thresh.wthresh);
	fprintf(f, "\nTX RS threshold: %u", qi.conf.tx_rs_thresh);
	fprintf(f, "\nTX free threshold: %u", qi.conf.tx_free_thresh);
	fprintf(f, "\nTX deferred start: %s", qi.conf.tx_deferred_start ? "on" : "off");
	fprintf(f, "\nNumber of TXDs: %u", qi.nb_desc);
	fprintf(f, "\nTx queue state: %s",
		qi.queue_state == RTE_ETH_QUEUE_STATE_STARTED ? "started" : "stopped");
	if (rte_eth_tx_burst_mode_get(p->id, q, &bm) == 0)
		fprintf(f, "\nBurst mode: %s%s", bm.info,
			bm.flags & RTE_ETH_BURST_FLAG_PER_QUEUE ? " (per queue)" : "");
	fprintf(f, "\n");
	return 0;
}

static int
show_macs(FILE *f, uint16_t port)
{
	struct rte_eth_dev_info info;
	struct rte_ether_addr *ma;
	char buf[RTE_ETHER_ADDR_FMT_SIZE];
	int n, i, nz = 0;

	n = rte_eth_dev_info_get(port, &info);
	if (n < 0)
		return n;
	ma = calloc(info.max_mac_addrs + 1u, sizeof(*ma));
	if (ma == NULL)
		return -ENOMEM;
	n = rte_eth_macaddrs_get(port, ma, info.max_mac_addrs);
	if (n < 0) {
		free(ma);
		return n;
	}
	for (i = 0; i < n; i++)
		nz += !rte_is_zero_ether_addr(&ma[i]);
	fprintf(f, "Number of MAC address added: %d\n", nz);
	for (i = 0; i < n; i++) {
		if (rte_is_zero_ether_addr(&ma[i]))
			continue;
		rte_ether_format_addr(buf, sizeof(buf), &ma[i]);
		fprintf(f, "  %s\n", buf);
	}
	free(ma);
	return 0;
}

static int
show_rss(FILE *f, uint16_t port, bool key)
{
	static const struct { uint64_t bit; const char *name; } types[] = {
		{ RTE_ETH_RSS_IPV4, "ipv4" }, { RTE_ETH_RSS_FRAG_IPV4, "ipv4-frag" },
		{ RTE_ETH_RSS_NONFRAG_IPV4_TCP, "ipv4-tcp" },
		{ RTE_ETH_RSS_NONFRAG_IPV4_UDP, "ipv4-udp" },
		{ RTE_ETH_RSS_NONFRAG_IPV4_SCTP, "ipv4-sctp" },
		{ RTE_ETH_RSS_NONFRAG_IPV4_OTHER, "ipv4-other" }, { RTE_ETH_RSS_IPV6, "ipv6" },
		{ RTE_ETH_RSS_FRAG_IPV6, "ipv6-frag" }, { RTE_ETH_RSS_NONFRAG_IPV6_TCP, "ipv6-tcp" },
		{ RTE_ETH_RSS_NONFRAG_IPV6_UDP, "ipv6-udp" },
		{ RTE_ETH_RSS_NONFRAG_IPV6_SCTP, "ipv6-sctp" },
		{ RTE_ETH_RSS_NONFRAG_IPV6_OTHER, "ipv6-other" },
		{ RTE_ETH_RSS_L2_PAYLOAD, "l2-payload" }, { RTE_ETH_RSS_IPV6_EX, "ipv6-ex" },
		{ RTE_ETH_RSS_IPV6_TCP_EX, "ipv6-tcp-ex" }, { RTE_ETH_RSS_IPV6_UDP_EX, "ipv6-udp-ex" },
		{ RTE_ETH_RSS_PORT, "port" }, { RTE_ETH_RSS_VXLAN, "vxlan" },
		{ RTE_ETH_RSS_GENEVE, "geneve" }, { RTE_ETH_RSS_NVGRE, "nvgre" },
	};
	struct rte_eth_rss_conf rc;
	struct rte_eth_dev_info info;
	uint8_t k[EBB_RSS_KEY_MAX];
	int ret;

	ret = rte_eth_dev_info_get(port, &info);
	if (ret < 0)
		return ret;
	/* the key needs its size; the hash functions alone do not (net_null gives none and
	 * still reports them) */
	if (key && (info.hash_key_size == 0 || info.hash_key_size > sizeof(k)))
		return -ENOTSUP;
	memset(&rc, 0, sizeof(rc));
	rc.rss_key = key ? k : NULL;
	rc.rss_key_len = key ? info.hash_key_size : 0;
	ret = rte_eth_dev_rss_hash_conf_get(port, &rc);
	if (ret < 0)
		return ret;
	if (rc.rss_hf == 0) {
		fprintf(f, "RSS disabled\n");
		return 0;
	}
	fprintf(f, "RSS functions:\n");
	for (unsigned int i = 0; i < RTE_DIM(types); i++)
		if (rc.rss_hf & types[i].bit)
			fprintf(f, "  %s", types[i].name);
	fprintf(f, "\n");
	if (key) {
		fprintf(f, "RSS key:\n");
		for (unsigned int i = 0; i < info.hash_key_size; i++)
			fprintf(f, "%02X", k[i]);
		fprintf(f, "\n");
	}
	return 0;
}

static void
show_rxtx(FILE *f)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;
	const char *mode = ebb_engine_fwd_mode();

	struct ebb_fwd_params fp;

	ebb_fwd_params_get(&fp);
	if (strcmp(mode, "flowgen") == 0)
		for (uint16_t i = 0; i < ebb_eng.nb_ports; i++)
			fprintf(f, "  number of flows for port %u: %u\n", ebb_eng.port[i].id,
				fp.flowgen_flows);
	fprintf(f, "  %s packet forwarding%s packets/burst=%u\n", mode,
		fp.tx_retry ? " with retry" : "", c->burst);
	if (strcmp(mode, "txonly") == 0 || strcmp(mode, "flowgen") == 0)
		fprintf(f, "  packet len=%u - nb packet segments=%u\n", c->txpkts,
			c->nb_txsegs > 1 ? c->nb_txsegs : 1u);
	fprintf(f, "  nb forwarding cores=%u - nb forwarding ports=%u\n",
		ebb_engine_nb_fwd_lcores(), ebb_eng.nb_fwd_ports);
	for (uint16_t i = 0; i < ebb_eng.nb_ports; i++) {
		const struct ebb_port *p = &ebb_eng.port[i];
		struct rte_eth_rxq_info rq;
		struct rte_eth_txq_info tq;

		memset(&rq, 0, sizeof(rq));
		memset(&tq, 0, sizeof(tq));
		if (rte_eth_rx_queue_info_get(p->id, 0, &rq) != 0)
			rq.nb_desc = p->nb_rxd;
		if (rte_eth_tx_queue_info_get(p->id, 0, &tq) != 0)
			tq.nb_desc = p->nb_txd;
		fprintf(f, "  port %u: RX queue number: %u Tx queue number: %u\n", p->id,
			c->nb_rxq, c->nb_txq);
		fprintf(f, "    Rx offloads=0x%" PRIx64 " Tx offloads=0x%" PRIx64 "\n", c->rx_offloads,
			c->tx_offloads);
		fprintf(f, "    RX queue: 0\n");
		fprintf(f, "      RX desc=%u - RX free threshold=%u\n", rq.nb_desc,
			rq.conf.rx_free_thresh);
		fprintf(f, "      RX threshold registers: pthresh=%u hthresh=%u  wthresh=%u\n",
			rq.conf.rx_thresh.pthresh, rq.conf.rx_thresh.hthresh,
			rq.conf.rx_thresh.wthresh);
		fprintf(f, "      RX Offloads=0x%" PRIx64 "\n", rq.conf.offloads);
		fprintf(f, "    TX queue: 0\n");
		fprintf(f, "      TX desc=%u - TX free threshold=%u\n", tq.nb_desc,
			tq.conf.tx_free_thresh);
		fprintf(f, "      TX threshold registers: pthresh=%u hthresh=%u  wthresh=%u\n",
			tq.conf.tx_thresh.pthresh, tq.conf.tx_thresh.hthresh,
			tq.conf.tx_thresh.wthresh);
		fprintf(f, "      TX offloads=0x%" PRIx64 " - TX RS bit threshold=%u\n",
			tq.conf.offloads, tq.conf.tx_rs_thresh);
	}
}

/* show config txpkts: testpmd's three lines */
static void
show_txpkts(FILE *f)
{
	const struct ebb_engine_conf *c = &ebb_eng.conf;

	if (c->nb_txsegs <= 1) {
		fprintf(f, "Number of segments: 1\nSegment sizes: %u\n", c->txpkts);
	} else {
		fprintf(f, "Number of segments: %u\nSegment sizes: ", c->nb_txsegs);
		for (unsigned int i = 0; i < c->nb_txsegs; i++)
			fprintf(f, "%s%u", i != 0 ? "," : "", c->txsegs[i]);
		fprintf(f, "\n");
	}
	fprintf(f, "Split packet: off\n");
}

static void
show_cores(FILE *f)
{
	unsigned int n = ebb_engine_nb_fwd_lcores();

	fprintf(f, "List of forwarding lcores:");
	for (unsigned int i = 0; i < n; i++)
		fprintf(f, " %2u", ebb_eng.fwd_lcore[i]);
	fprintf(f, "\n");
}

int
ebb_engine_show(FILE *f, enum ebb_show what, uint16_t port, uint16_t queue)
{
	struct ebb_port *p = NULL;

	if (!ebb_eng.inited)
		return -ENODEV;
	switch (what) {
	case EBB_SHOW_CONFIG_RXTX:
		show_rxtx(f);
		return 0;
	case EBB_SHOW_CONFIG_CORES:
		show_cores(f);
		return 0;
	case EBB_SHOW_CONFIG_TXPKTS:
		show_txpkts(f);
		return 0;
	case EBB_SHOW_SUMMARY:
		if (port == UINT16_MAX)
			return show_summary(f, port);
		break;
	default:
		break;
	}
	p = ebb_engine_port_of(port);
	if (p == NULL)
		return -ENODEV;
	switch (what) {
	case EBB_SHOW_XSTATS: return show_xstats(f, port);
	case EBB_SHOW_SUMMARY: return show_summary(f, port);
	case EBB_SHOW_DEVICE_INFO: return show_device(f, port);
	case EBB_SHOW_RXQ: return show_rxq(f, p, queue);
	case EBB_SHOW_TXQ: return show_txq(f, p, queue);
	case EBB_SHOW_MACS: return show_macs(f, port);
	case EBB_SHOW_RSS_HASH: return show_rss(f, port, false);
	case EBB_SHOW_RSS_KEY: return show_rss(f, port, true);
	default: return -EINVAL;
	}
}

int
ebb_engine_dump_pool(FILE *f, const char *name)
{
	struct rte_mempool *mp;

	if (ebb_eng.pools == NULL)
		return -ENODEV;
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		mp = ebb_eng.pools->mp[s];
		if (mp != NULL && (name == NULL || strcmp(mp->name, name) == 0)) {
			rte_mempool_dump(f, mp);
			return 0;
		}
	}
	return -ENOENT;
}
