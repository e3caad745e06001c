/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_show.c: printers with testpmd's field names, pool listing and the pool audit. */
#include <inttypes.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_mempool.h>

#include "engine_priv.h"

void
ebb_engine_show_port_info(FILE *f, uint16_t port)
{
	struct ebb_port *p = ebb_engine_port_of(port);
	struct rte_eth_dev_info info;
	struct rte_eth_link link;
	char mac[RTE_ETHER_ADDR_FMT_SIZE];
	char name[RTE_ETH_NAME_MAX_LEN] = "";
	uint16_t mtu = 0;

	if (p == NULL || rte_eth_dev_info_get(port, &info) != 0) {
		fprintf(f, "Invalid port %u\n", port);
		return;
	}
	rte_eth_dev_get_name_by_port(port, name);
	rte_ether_format_addr(mac, sizeof(mac), &p->mac);
	memset(&link, 0, sizeof(link));
	rte_eth_link_get_nowait(port, &link);
	rte_eth_dev_get_mtu(port, &mtu);
	fprintf(f, "\n********************* Infos for port %-2u *********************\n", port);
	fprintf(f, "MAC address: %s\n", mac);
	fprintf(f, "Device name: %s\n", name);
	fprintf(f, "Driver name: %s\n", info.driver_name);
	fprintf(f, "Connect to socket: %d\n", p->socket);
	fprintf(f, "memory allocation on the socket: %d\n",
		p->pool != NULL ? p->pool->socket_id : -1);
	fprintf(f, "Link status: %s\n", link.link_status ? "up" : "down");
	fprintf(f, "Link speed: %s\n", rte_eth_link_speed_to_str(link.link_speed));
	fprintf(f, "Link duplex: %s\n",
		link.link_duplex == RTE_ETH_LINK_FULL_DUPLEX ? "full-duplex" : "half-duplex");
	ebb_engine_show_port_link(f, port);
	fprintf(f, "MTU: %u\n", mtu);
	fprintf(f, "Promiscuous mode: %s\n",
		rte_eth_promiscuous_get(port) == 1 ? "enabled" : "disabled");
	fprintf(f, "Port state: %s\n", p->started ? "started" : "stopped");
	fprintf(f, "Current number of RX queues: %u\n", ebb_eng.conf.nb_rxq);
	fprintf(f, "Max possible RX queues: %u\n", info.max_rx_queues);
	fprintf(f, "Number of RXDs per queue: %u\n", p->nb_rxd);
	fprintf(f, "Current number of TX queues: %u\n", ebb_eng.conf.nb_txq);
	fprintf(f, "Max possible TX queues: %u\n", info.max_tx_queues);
	fprintf(f, "Number of TXDs per queue: %u\n", p->nb_txd);
}

void
ebb_engine_show_port_stats(FILE *f, uint16_t port)
{
	struct ebb_port_stats st;

	if (ebb_engine_port_stats(port, &st) < 0) {
		fprintf(f, "Invalid port %u\n", port);
		return;
	}
	fprintf(f, "\n  ######################## NIC statistics for port %-2u "
		"########################\n", port);
	fprintf(f, "  RX-packets: %-10" PRIu64 " RX-missed: %-10" PRIu64 " RX-bytes:  %" PRIu64
		"\n", st.rx_packets, st.rx_missed, st.rx_bytes);
	fprintf(f, "  RX-errors: %" PRIu64 "\n", st.rx_errors);
	fprintf(f, "  RX-nombuf:  %-10" PRIu64 "\n", st.rx_nombuf);
	fprintf(f, "  TX-packets: %-10" PRIu64 " TX-errors: %-10" PRIu64 " TX-bytes:  %" PRIu64
		"\n", st.tx_packets, st.tx_errors, st.tx_bytes);
	fprintf(f, "\n  Throughput (since last show)\n");
	fprintf(f, "  Rx-pps: %12.0f          Rx-bps: %12.0f\n", st.rx_pps, st.rx_bps);
	fprintf(f, "  Tx-pps: %12.0f          Tx-bps: %12.0f\n", st.tx_pps, st.tx_bps);
	fprintf(f, "  ############################################################"
		"################\n");
	/* ebbflow's own lines, below testpmd's block */
	fprintf(f, "  TX-dropped: %" PRIu64 "\n", st.tx_dropped);
	ebb_engine_show_port_queues(f, port);
}

/* One port's or the accumulated totals, in testpmd's columns: RX-dropped is imissed,
 * TX-dropped counts the unsent (freed) and the TX errors. */
static void
print_totals(FILE *f, const struct ebb_port_stats *st, bool acc, const uint64_t *bad_csum)
{
	uint64_t txd = st->tx_dropped + st->tx_errors;

	fprintf(f, "  RX-packets: %-14" PRIu64 " RX-dropped: %-14" PRIu64 "RX-total: %" PRIu64
		"\n", st->rx_packets, st->rx_missed, st->rx_packets + st->rx_missed);
	if (!acc && st->rx_errors + st->rx_nombuf > 0) {
		fprintf(f, "  RX-error: %" PRIu64 "\n", st->rx_errors);
		fprintf(f, "  RX-nombufs: %-14" PRIu64 "\n", st->rx_nombuf);
	}
	if (bad_csum != NULL) { /* csum: what its streams found wrong (no outer headers) */
		fprintf(f, "  Bad-ipcsum: %-14" PRIu64 " Bad-l4csum: %-14" PRIu64
			"Bad-outer-l4csum: %-14" PRIu64 "\n", bad_csum[0], bad_csum[1],
			(uint64_t)0);
		fprintf(f, "  Bad-outer-ipcsum: %-14" PRIu64 "\n", (uint64_t)0);
	}
	fprintf(f, "  TX-packets: %-14" PRIu64 " TX-dropped: %-14" PRIu64 "TX-total: %" PRIu64
		"\n", st->tx_packets, txd, st->tx_packets + txd);
	if (acc && st->rx_nombuf > 0)
		fprintf(f, "  RX-nombufs: %-14" PRIu64 "\n", st->rx_nombuf);
}

/*
 * --record-burst-stats: one line of a histogram in testpmd's layout: the total, then the
 * share of empty bursts and of the two most frequent sizes, until they make up the
 * total, the rest as "other".
 */
static void
print_bursts(FILE *f, const char *dir, const uint64_t *h)
{
	uint64_t n[3] = { h[0], 0, 0 }, total = h[0], seen = 0;
	unsigned int size[3] = { 0, 0, 0 };
	int pct = 0;

	for (unsigned int b = 1; b <= EBB_MAX_BURST; b++) {
		uint64_t v = __atomic_load_n(&h[b], __ATOMIC_RELAXED);

		total += v;
		if (v > n[1]) {
			n[2] = n[1], size[2] = size[1];
			n[1] = v, size[1] = b;
		} else if (v > n[2]) {
			n[2] = v, size[2] = b;
		}
	}
	if (total == 0)
		return;
	fprintf(f, "  %s-bursts : %" PRIu64 " [", dir, total);
	for (unsigned int i = 0; i < 3; i++) {
		int p;

		seen += n[i];
		if (seen == total) {
			fprintf(f, "%d%% of %u pkts]\n", 100 - pct, size[i]);
			return;
		}
		p = (int)((double)n[i] / (double)total * 100);
		fprintf(f, "%d%% of %u pkts + ", p, size[i]);
		pct += p;
	}
	fprintf(f, "%d%% of other]\n", 100 - pct);
}

/* The RX bursts of the stream receiving on port, the TX bursts of the one sending on it
 * (the last of each, as testpmd with one stream per port). */
static void
print_port_bursts(FILE *f, uint16_t port)
{
	const struct ebb_rec *rx = NULL, *tx = NULL;

	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		if (ebb_eng.streams[i].rx_port == port)
			rx = &ebb_eng.rec[i];
		if (ebb_eng.streams[i].tx_port == port)
			tx = &ebb_eng.rec[i];
	}
	if (rx != NULL)
		print_bursts(f, "RX", rx->rx);
	if (tx != NULL)
		print_bursts(f, "TX", tx->tx);
}

/* --record-core-cycles: the streams' cycles over the packets received (sent, for the modes
 * that send without receiving), after the accumulated block, as testpmd. */
static void
print_cycles(FILE *f, const struct ebb_port_stats *tot)
{
	const char *mode = ebb_engine_fwd_mode();
	bool tx = strcmp(mode, "txonly") == 0 || strcmp(mode, "flowgen") == 0;
	uint64_t cycles = 0, pkts = tx ? tot->tx_packets : tot->rx_packets;

	if (tot->rx_packets == 0 && tot->tx_packets == 0)
		return;
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++)
		cycles += __atomic_load_n(&ebb_eng.rec[i].cycles, __ATOMIC_RELAXED);
	fprintf(f, "\n  CPU cycles/packet=%.2F (total cycles=%" PRIu64 " / total %s packets=%"
		PRIu64 ") at %" PRIu64 " MHz Clock\n", pkts ? (double)cycles / (double)pkts : 0.0,
		cycles, mode, pkts, rte_get_tsc_hz() / 1000000);
}

void
ebb_engine_show_fwd_stats(FILE *f)
{
	const bool bursts = ebb_eng.rec != NULL && ebb_eng.conf.record_burst_stats;
	bool csum = strcmp(ebb_engine_fwd_mode(), "csum") == 0; /* testpmd: the mode now */
	struct ebb_port_stats tot, st;
	uint64_t bad[2];

	if (ebb_eng.nb_streams > ebb_eng.nb_run_ports) {
		for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
			const struct ebb_stream *s = &ebb_eng.streams[i];
			uint64_t rx = ebb_stream_read(&s->rx), tx = ebb_stream_read(&s->tx);
			uint64_t txd = ebb_stream_read(&s->tx_dropped);

			if (rx == 0 && tx == 0 && txd == 0)
				continue; /* as testpmd: idle streams are not listed */
			fprintf(f, "\n  ------- Forward Stats for RX Port=%2u/Queue=%2u -> "
				"TX Port=%2u/Queue=%2u -------\n",
				s->rx_port, s->rx_queue, s->tx_port, s->tx_queue);
			fprintf(f, "  RX-packets: %-14" PRIu64 " TX-packets: %-14" PRIu64
				" TX-dropped: %" PRIu64 "\n", rx, tx, txd);
			if (bursts) {
				print_bursts(f, "RX", ebb_eng.rec[i].rx);
				print_bursts(f, "TX", ebb_eng.rec[i].tx);
			}
		}
	}
	memset(&tot, 0, sizeof(tot));
	/* as testpmd: the forwarding ports, in their list's order */
	for (uint16_t fi = 0; fi < ebb_eng.nb_run_ports; fi++) {
		uint16_t i = ebb_eng.fwd_port[fi];

		ebb_engine_port_delta(&ebb_eng.port[i], &st);
		fprintf(f, "\n  ---------------------- Forward statistics for port %-2u "
			"----------------------\n", ebb_eng.port[i].id);
		bad[0] = bad[1] = 0;
		for (unsigned int k = 0; csum && k < ebb_eng.nb_streams; k++) {
			const struct ebb_stream *s = &ebb_eng.streams[k];

			if (s->rx_port != ebb_eng.port[i].id)
				continue;
			bad[0] += ebb_stream_read(&s->rx_bad_ip_csum);
			bad[1] += ebb_stream_read(&s->rx_bad_l4_csum);
		}
		print_totals(f, &st, false, csum ? bad : NULL);
		if (bursts && ebb_eng.nb_streams <= ebb_eng.nb_run_ports)
			print_port_bursts(f, ebb_eng.port[i].id);
		fprintf(f, "  ------------------------------------------------------------"
			"----------------\n");
		tot.rx_packets += st.rx_packets;
		tot.rx_missed += st.rx_missed;
		tot.rx_errors += st.rx_errors;
		tot.rx_nombuf += st.rx_nombuf;
		tot.tx_packets += st.tx_packets;
		tot.tx_dropped += st.tx_dropped;
		tot.tx_errors += st.tx_errors;
	}
	fprintf(f, "\n  +++++++++++++++ Accumulated forward statistics for all ports"
		"+++++++++++++++\n");
	print_totals(f, &tot, true, NULL);
	fprintf(f, "  ++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++"
		"++++++++++++++++\n");
	if (ebb_eng.rec != NULL && ebb_eng.conf.record_core_cycles)
		print_cycles(f, &tot);
}

void
ebb_engine_show_config_fwd(FILE *f)
{
	/* testpmd's words: ebbflow's pools are per NUMA node (native), or one (--no-numa) */
	struct ebb_fwd_params fp;

	ebb_fwd_params_get(&fp);
	fprintf(f, "%s packet forwarding%s - ports=%u - cores=%u - streams=%u - "
		"NUMA support %s, MP allocation mode: native\n", ebb_engine_fwd_mode(),
		fp.tx_retry ? " with retry" : "", ebb_eng.nb_run_ports, ebb_eng.nb_lcores,
		ebb_eng.nb_streams, ebb_eng.conf.no_numa ? "disabled" : "enabled");
	if (fp.tx_retry)
		fprintf(f, "TX retry num: %u, delay between TX retries: %uus\n", fp.tx_retry_num,
			fp.tx_retry_delay_us);
	for (unsigned int l = 0; l < ebb_eng.nb_lcores; l++) {
		const struct ebb_lcore *lc = &ebb_eng.lc[l];

		fprintf(f, "Logical Core %u (socket %u) forwards packets on %u streams:\n",
			lc->lcore_id, rte_lcore_to_socket_id(lc->lcore_id), lc->nb_rxq);
		for (unsigned int i = 0; i < lc->nb_rxq; i++) {
			const struct ebb_stream *s = lc->rxq[i].s;
			char peer[RTE_ETHER_ADDR_FMT_SIZE];

			rte_ether_format_addr(peer, sizeof(peer), &s->peer);
			fprintf(f, "  RX P=%u/Q=%u (socket %d) -> TX P=%u/Q=%u (socket %d) "
				"peer=%s\n", s->rx_port, s->rx_queue,
				rte_eth_dev_socket_id(s->rx_port), s->tx_port, s->tx_queue,
				rte_eth_dev_socket_id(s->tx_port), peer);
		}
	}
	fprintf(f, "\n");
}

unsigned int
ebb_engine_pools(struct ebb_pool_info *info, unsigned int max)
{
	unsigned int n = 0;

	if (ebb_eng.pools == NULL || info == NULL)
		return 0;
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS && n < max; s++) {
		const struct rte_mempool *mp = ebb_eng.pools->mp[s];
		struct ebb_pool_info *pi = &info[n];

		if (mp == NULL)
			continue;
		memset(pi, 0, sizeof(*pi));
		snprintf(pi->name, sizeof(pi->name), "%s", mp->name);
		pi->socket = mp->socket_id;
		pi->size = mp->size;
		pi->avail = rte_mempool_avail_count(mp);
		pi->in_use = pi->size - pi->avail;
		pi->cache = mp->cache_size;
		ebb_engine_pool_wait_info(mp, pi);
		n++;
	}
	return n;
}

void
ebb_engine_show_pools(FILE *f)
{
	struct ebb_pool_info info[EBB_POOL_MAX_SOCKETS];
	unsigned int n = ebb_engine_pools(info, RTE_DIM(info));

	for (unsigned int i = 0; i < n; i++) {
		fprintf(f, "pool %s: socket %d, size %u, available %u, in use %u, cache %u\n",
			info[i].name, info[i].socket, info[i].size, info[i].avail,
			info[i].in_use, info[i].cache);
		if (!info[i].waitq) {
			fprintf(f, "  ops ring_mp_mc (--no-wait), in caches %u\n", info[i].in_caches);
			continue;
		}
		fprintf(f, "  ops ebb_waitq: in caches %u, in refill rings %u, reserve %u/%u, "
			"waiting lcores %u\n", info[i].in_caches, info[i].in_refill,
			info[i].in_reserve, info[i].reserve, info[i].waiting_lcores);
		fprintf(f, "  failed dequeues %" PRIu64 ", waits %" PRIu64 ", wakeups %" PRIu64
			", handoffs %" PRIu64 ", timeouts %" PRIu64 ", reserve uses %" PRIu64 "\n",
			info[i].failed_dequeues, info[i].waits, info[i].wakeups, info[i].handoffs,
			info[i].timeouts, info[i].reserve_uses);
	}
}

/* Each pool's audit printed (ports stopped: ebb_engine_audit() in engine.c). */
unsigned int
ebb_engine_pools_audit(FILE *f)
{
	unsigned int bad = 0;

	if (ebb_eng.pools == NULL)
		return 0;
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		const struct rte_mempool *mp = ebb_eng.pools->mp[s];
		struct ebb_pool_audit a;
		int ret;

		if (mp == NULL)
			continue;
		ret = ebb_pool_audit(mp, &a);
		if (ret == 0) {
			fprintf(f, "pool %s: %u/%u mbufs returned\n", mp->name, a.avail, a.size);
		} else if (ret == -EOVERFLOW) {
			fprintf(f, "pool %s: %u/%u mbufs returned, %u too many (double free)\n",
				mp->name, a.avail, a.size, a.excess);
			bad += a.excess;
		} else {
			fprintf(f, "pool %s: %u/%u mbufs returned, %u missing\n", mp->name,
				a.avail, a.size, a.missing);
			bad += a.missing;
		}
	}
	return bad;
}
