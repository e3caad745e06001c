/* SPDX-License-Identifier: BSD-3-Clause */
/* fake_engine.c: implements ebb_engine.h for app unit tests; no EAL, no ports. */
#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include <rte_ethdev.h>

#include "fake_engine.h"

struct fake_engine fake;

static void __attribute__((format(printf, 1, 2)))
fake_log(const char *fmt, ...)
{
	size_t len = strlen(fake.log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fake.log + len, sizeof(fake.log) - len, fmt, ap);
	va_end(ap);
}

void
fake_engine_reset(void)
{
	memset(&fake, 0, sizeof(fake));
	fake.nb_ports = 2;
	fake.max_cores = 1;
	strcpy(fake.mode, "io");
	fake.burst = EBB_DEFAULT_BURST;
	fake.nbcore = 1;
	ebb_engine_conf_defaults(&fake.conf);
}

void
ebb_engine_conf_defaults(struct ebb_engine_conf *conf)
{
	memset(conf, 0, sizeof(*conf));
	conf->nb_rxq = 1;
	conf->nb_txq = 1;
	conf->nb_rxd = EBB_DEFAULT_RXD;
	conf->nb_txd = EBB_DEFAULT_TXD;
	conf->burst = EBB_DEFAULT_BURST;
	strcpy(conf->fwd_mode, "io");
	conf->mbuf_size = EBB_DEFAULT_MBUF_SIZE;
	conf->txpkts = EBB_DEFAULT_TXPKTS;
	conf->rss_hf = RTE_ETH_RSS_IP; /* as the engine's */
}

int
ebb_engine_init(const struct ebb_engine_conf *conf)
{
	fake_log("init;");
	if (fake.ret_init != 0)
		return fake.ret_init;
	fake.conf = *conf;
	fake.inited = true;
	return 0;
}

void
ebb_engine_fini(void)
{
	fake_log("fini;");
	fake.running = false;
	fake.inited = false;
}

int
ebb_engine_start(bool tx_first)
{
	fake_log("start(%d);", tx_first);
	if (fake.running)
		return -EBUSY;
	if (fake.ret_start != 0)
		return fake.ret_start;
	fake.running = true;
	return 0;
}

int
ebb_engine_set_eth_peer(uint16_t port, const struct rte_ether_addr *mac)
{
	fake_log("set_eth_peer(%u,%02x);", port, mac->addr_bytes[5]);
	return port < 2 ? 0 : -ENODEV;
}

int
ebb_engine_set_txpkts(uint16_t len)
{
	fake_log("set_txpkts(%u);", len);
	return len >= 42 && len <= 2048 ? 0 : -EINVAL;
}

int
ebb_engine_set_txsegs(const uint16_t *lens, unsigned int n, unsigned int *bad)
{
	fake_log("set_txsegs(");
	for (unsigned int i = 0; i < n; i++)
		fake_log("%s%u", i != 0 ? "," : "", lens[i]);
	fake_log(");");
	if (bad != NULL)
		*bad = n;
	if (n > 8)
		return -ENOTSUP; /* as if a port sent chains of 8 mbufs at most */
	if (fake.running)
		return -EBUSY;
	return n >= 1 ? 0 : -EINVAL;
}

int
ebb_engine_start_tx_first(unsigned int bursts)
{
	fake_log("start_tx_first(%u);", bursts);
	if (fake.running)
		return -EBUSY;
	if (fake.ret_start != 0)
		return fake.ret_start;
	fake.running = true;
	return 0;
}

int
ebb_engine_stop(void)
{
	fake_log("stop;");
	if (!fake.running)
		return -EALREADY;
	fake.running = false;
	return 0;
}

bool
ebb_engine_running(void)
{
	return fake.running;
}

int
ebb_engine_set_fwd(const char *mode)
{
	char modes[] = FAKE_MODES;
	char *save = NULL, *m;

	fake_log("set_fwd(%s);", mode);
	if (fake.running)
		return -EBUSY;
	for (m = strtok_r(modes, "|", &save); m != NULL; m = strtok_r(NULL, "|", &save)) {
		if (strcmp(m, mode) == 0) {
			snprintf(fake.mode, sizeof(fake.mode), "%s", mode);
			return 0;
		}
	}
	return -ENOENT;
}

int
ebb_engine_set_burst(uint16_t burst)
{
	fake_log("set_burst(%u);", burst);
	if (burst == 0 || burst > EBB_MAX_BURST)
		return -EINVAL;
	fake.burst = burst;
	return 0;
}

int
ebb_engine_set_nbcore(unsigned int n)
{
	fake_log("set_nbcore(%u);", n);
	if (n == 0 || n > fake.max_cores)
		return -EINVAL;
	if (fake.running)
		return -EBUSY;
	fake.nbcore = n;
	return 0;
}

const char *
ebb_engine_fwd_mode(void)
{
	return fake.mode;
}

void
ebb_engine_fwd_modes(char *buf, size_t len)
{
	snprintf(buf, len, "%s", FAKE_MODES);
}

uint16_t
ebb_engine_nb_ports(void)
{
	return fake.nb_ports;
}

const struct ebb_engine_conf *
ebb_engine_conf(void)
{
	return &fake.conf;
}

int
ebb_engine_port_stats(uint16_t port, struct ebb_port_stats *st)
{
	fake_log("port_stats(%u);", port);
	if (port >= fake.nb_ports)
		return -ENODEV;
	memset(st, 0, sizeof(*st));
	st->rx_packets = 100u + port;
	st->tx_packets = 100u + port;
	return 0;
}

int
ebb_engine_port_stats_clear(uint16_t port)
{
	fake_log("clear(%u);", port);
	if (port >= fake.nb_ports)
		return -ENODEV;
	return fake.ret_clear;
}

unsigned int
ebb_engine_lcore_stats(struct ebb_lcore_stats *st, unsigned int max)
{
	fake_log("lcore_stats;");
	if (max < 1)
		return 0;
	memset(st, 0, sizeof(*st));
	st->lcore_id = 1;
	st->loops = 1000;
	st->rx = 64;
	st->tx = 60;
	st->tx_dropped = 4;
	return 1;
}

void
ebb_engine_show_port_info(FILE *f, uint16_t port)
{
	fake_log("port_info(%u);", port);
	fprintf(f, "Infos for port %u\n", port);
}

void
ebb_engine_show_port_stats(FILE *f, uint16_t port)
{
	fake_log("show_port_stats(%u);", port);
	fprintf(f, "NIC statistics for port %u\nRX-packets: 0\n", port);
}

void
ebb_engine_show_fwd_stats(FILE *f)
{
	fake_log("fwd_stats;");
	fprintf(f, "Accumulated forward statistics for all ports\n");
}

void
ebb_engine_show_config_fwd(FILE *f)
{
	fake_log("config_fwd;");
	fprintf(f, "%s packet forwarding\n", fake.mode);
}

void
ebb_engine_show_pools(FILE *f)
{
	fake_log("show_pools;");
	fprintf(f, "pool fake_s0 socket 0\n");
}

unsigned int
ebb_engine_pools(struct ebb_pool_info *info, unsigned int max)
{
	fake_log("pools;");
	if (max < 1)
		return 0;
	memset(info, 0, sizeof(*info));
	snprintf(info->name, sizeof(info->name), "fake_s0");
	info->size = 4096;
	info->avail = 4000;
	info->in_use = 96;
	return 1;
}

unsigned int
ebb_engine_audit(FILE *f)
{
	fake_log("audit;");
	if (fake.missing != 0)
		fprintf(f, "pool fake_s0: %u/4096 mbufs returned, %u missing\n",
			4096 - fake.missing, fake.missing);
	else
		fprintf(f, "pool fake_s0: 4096/4096 mbufs returned\n");
	return fake.missing;
}

int
ebb_engine_show(FILE *f, enum ebb_show what, uint16_t port, uint16_t queue)
{
	fake_log("show(%d,%u,%u);", (int)what, port, queue);
	if (port >= fake.nb_ports)
		return -ENODEV;
	if (fake.ret_show != 0)
		return fake.ret_show;
	fprintf(f, "show %d of port %u queue %u\n", (int)what, port, queue);
	return 0;
}

int
ebb_engine_xstats_clear(uint16_t port)
{
	fake_log("xstats_clear(%u);", port);
	if (port >= fake.nb_ports)
		return -ENODEV;
	return fake.ret_clear;
}

int
ebb_engine_dump_pool(FILE *f, const char *name)
{
	fake_log("dump_pool(%s);", name != NULL ? name : "NULL");
	if (name != NULL && strcmp(name, "fake_s0") != 0)
		return -ENOENT;
	fprintf(f, "mempool <fake_s0>\n");
	return 0;
}

/* testpmd's port commands: each logs its call; a bad port is -ENODEV, then fake.ret_port */
#define FAKE_PORT_CALL(fmt, ...) do { \
		fake_log(fmt, __VA_ARGS__); \
		if (port >= fake.nb_ports) \
			return -ENODEV; \
		if (fake.ret_port != 0) \
			return fake.ret_port; \
	} while (0)

int
ebb_engine_port_stop(uint16_t port)
{
	FAKE_PORT_CALL("port_stop(%u);", port);
	return 0;
}

int
ebb_engine_port_start(uint16_t port)
{
	FAKE_PORT_CALL("port_start(%u);", port);
	return 0;
}

int
ebb_engine_port_rss(uint16_t port, uint64_t rss_hf)
{
	FAKE_PORT_CALL("port_rss(%u,%s);", port, rss_hf == 0 ? "0" : "hf");
	return fake.ret_rss;
}

int
ebb_engine_link_info(uint16_t port, struct ebb_link_info *li)
{
	if (port >= fake.nb_ports || li == NULL)
		return -ENODEV;
	memset(li, 0, sizeof(*li));
	li->link_up = !fake.link_down;
	return 0;
}

bool
ebb_engine_port_stopped(uint16_t port)
{
	RTE_SET_USED(port);
	return false;
}

int
ebb_engine_port_mac_get(uint16_t port, struct rte_ether_addr *mac)
{
	if (port >= fake.nb_ports)
		return -ENODEV;
	memset(mac, 0, sizeof(*mac));
	mac->addr_bytes[0] = 2;
	mac->addr_bytes[5] = (uint8_t)port;
	return 0;
}

int
ebb_engine_port_mtu(uint16_t port, uint16_t mtu)
{
	FAKE_PORT_CALL("mtu(%u,%u);", port, mtu);
	return mtu > 2030 ? -E2BIG : 0;
}

int
ebb_engine_port_promisc(uint16_t port, bool on)
{
	FAKE_PORT_CALL("promisc(%u,%d);", port, on);
	return 0;
}

int
ebb_engine_port_allmulti(uint16_t port, bool on)
{
	FAKE_PORT_CALL("allmulti(%u,%d);", port, on);
	return 0;
}

int
ebb_engine_port_mac(uint16_t port, const struct rte_ether_addr *mac)
{
	char buf[RTE_ETHER_ADDR_FMT_SIZE];

	rte_ether_format_addr(buf, sizeof(buf), mac);
	FAKE_PORT_CALL("mac(%u,%s);", port, buf);
	return 0;
}

int
ebb_engine_port_config_desc(uint16_t nb_rxd, uint16_t nb_txd)
{
	fake_log("desc(%u,%u);", nb_rxd, nb_txd);
	if (fake.running)
		return -EBUSY;
	return fake.ret_port;
}

int
ebb_engine_port_config_queues(uint16_t nb_rxq, uint16_t nb_txq)
{
	fake_log("queues(%u,%u);", nb_rxq, nb_txq);
	if (fake.running)
		return -EBUSY;
	return fake.ret_port;
}

int
ebb_engine_set_nbport(uint16_t n)
{
	fake_log("set_nbport(%u);", n);
	if (n == 0)
		return -EINVAL;
	if (n > fake.nb_ports)
		return -ERANGE;
	fake.nbport = n;
	return 0;
}

int
ebb_engine_set_portlist(const uint16_t *ports, uint16_t n, unsigned int *bad)
{
	fake_log("set_portlist(");
	for (uint16_t i = 0; i < n; i++)
		fake_log("%s%u", i ? "," : "", ports[i]);
	fake_log(");");
	for (uint16_t i = 0; i < n; i++) {
		for (uint16_t j = 0; j < i; j++) {
			if (ports[j] == ports[i]) {
				*bad = i;
				return -EEXIST;
			}
		}
		if (ports[i] >= fake.nb_ports) {
			*bad = i;
			return -ENODEV;
		}
	}
	if (fake.running)
		return -EBUSY;
	fake.nbport = n;
	return 0;
}

int
ebb_engine_set_corelist(const unsigned int *lcores, unsigned int n, unsigned int *bad)
{
	fake_log("set_corelist(");
	for (unsigned int i = 0; i < n; i++)
		fake_log("%s%u", i ? "," : "", lcores[i]);
	fake_log(");");
	for (unsigned int i = 0; i < n; i++) {
		*bad = i;
		if (lcores[i] == 0)
			return -EPERM; /* the fake's main lcore */
		if (lcores[i] > fake.max_cores)
			return -ENOENT;
		for (unsigned int j = 0; j < i; j++)
			if (lcores[j] == lcores[i])
				return -EEXIST;
	}
	if (fake.running)
		return -EBUSY;
	fake.nbcore = n;
	return 0;
}

uint16_t
ebb_engine_nb_fwd_ports(void)
{
	return fake.nbport != 0 ? fake.nbport : fake.nb_ports;
}

uint16_t
ebb_engine_nb_cfg_ports(void)
{
	return fake.nb_ports;
}

unsigned int
ebb_engine_nb_fwd_lcores(void)
{
	return fake.nbcore;
}

unsigned int
ebb_engine_nb_cfg_lcores(void)
{
	return fake.max_cores;
}
