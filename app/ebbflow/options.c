/* SPDX-License-Identifier: BSD-3-Clause */
/* options.c: parse ebbflow's testpmd-style application options into an engine conf. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <rte_common.h>
#include <rte_ether.h>
#include <rte_ethdev.h>
#include <rte_mbuf_core.h>
#include <rte_mempool.h>

#include "options.h"

enum {
	OPT_FWD_MODE = 256, OPT_NB_CORES, OPT_RXQ, OPT_TXQ, OPT_RXD, OPT_TXD, OPT_BURST,
	OPT_TOTAL_MBUFS, OPT_MBUF_SIZE, OPT_TXPKTS, OPT_ETH_PEER, OPT_STATS_PERIOD,
	OPT_CMDLINE_FILE, OPT_TX_FIRST, OPT_NO_WAIT, OPT_RESERVE,
	OPT_WAIT_TIMEOUT, OPT_IDLE, OPT_DELAY_US, OPT_DELAY_FIFO, OPT_TX_RATE, OPT_PORT_IP,
	OPT_MAX_PKT_LEN, OPT_RETRY_NUM, OPT_RETRY_DELAY, OPT_MULTI_FLOW, OPT_PEERS_FILE,
	OPT_NO_LINK_CHECK, OPT_NO_FLUSH_RX, OPT_REC_BURST, OPT_REC_CYCLES,
	OPT_LATENCYSTATS, OPT_BITRATE_STATS, OPT_TOPOLOGY, OPT_NB_PORTS, OPT_PORTMASK,
	OPT_PORTLIST, OPT_MBCACHE, OPT_DROP_EN, OPT_NO_LSC, OPT_RSS_IP, OPT_RSS_UDP, OPT_NO_RSS, OPT_RX_OFFLOADS,
	OPT_TX_OFFLOADS, OPT_NUMA, OPT_NO_NUMA, OPT_SOCKET_NUM,
};

static const struct option ebb_long_opts[] = {
	{ "interactive", no_argument, NULL, 'i' },
	{ "auto-start", no_argument, NULL, 'a' },
	{ "help", no_argument, NULL, 'h' },
	{ "forward-mode", required_argument, NULL, OPT_FWD_MODE },
	{ "nb-cores", required_argument, NULL, OPT_NB_CORES },
	{ "rxq", required_argument, NULL, OPT_RXQ },
	{ "txq", required_argument, NULL, OPT_TXQ },
	{ "rxd", required_argument, NULL, OPT_RXD },
	{ "txd", required_argument, NULL, OPT_TXD },
	{ "burst", required_argument, NULL, OPT_BURST },
	{ "total-num-mbufs", required_argument, NULL, OPT_TOTAL_MBUFS },
	{ "mbuf-size", required_argument, NULL, OPT_MBUF_SIZE },
	{ "txpkts", required_argument, NULL, OPT_TXPKTS },
	{ "eth-peer", required_argument, NULL, OPT_ETH_PEER },
	{ "stats-period", required_argument, NULL, OPT_STATS_PERIOD },
	{ "cmdline-file", required_argument, NULL, OPT_CMDLINE_FILE },
	{ "tx-first", no_argument, NULL, OPT_TX_FIRST },
	{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
	{ "reserve", required_argument, NULL, OPT_RESERVE },
	{ "wait-timeout", required_argument, NULL, OPT_WAIT_TIMEOUT },
	{ "idle", required_argument, NULL, OPT_IDLE },
	{ "delay-us", required_argument, NULL, OPT_DELAY_US },
	{ "delay-fifo", required_argument, NULL, OPT_DELAY_FIFO },
	{ "tx-rate", required_argument, NULL, OPT_TX_RATE },
	{ "port-ip", required_argument, NULL, OPT_PORT_IP },
	{ "max-pkt-len", required_argument, NULL, OPT_MAX_PKT_LEN },
	{ "burst-tx-retry-num", required_argument, NULL, OPT_RETRY_NUM },
	{ "burst-tx-delay-time", required_argument, NULL, OPT_RETRY_DELAY },
	{ "txonly-multi-flow", no_argument, NULL, OPT_MULTI_FLOW },
	{ "eth-peers-configfile", required_argument, NULL, OPT_PEERS_FILE },
	{ "disable-link-check", no_argument, NULL, OPT_NO_LINK_CHECK },
	{ "no-flush-rx", no_argument, NULL, OPT_NO_FLUSH_RX },
	{ "record-burst-stats", no_argument, NULL, OPT_REC_BURST },
	{ "record-core-cycles", no_argument, NULL, OPT_REC_CYCLES },
	{ "latencystats", required_argument, NULL, OPT_LATENCYSTATS },
	{ "bitrate-stats", required_argument, NULL, OPT_BITRATE_STATS },
	{ "port-topology", required_argument, NULL, OPT_TOPOLOGY },
	{ "nb-ports", required_argument, NULL, OPT_NB_PORTS },
	{ "portmask", required_argument, NULL, OPT_PORTMASK },
	{ "portlist", required_argument, NULL, OPT_PORTLIST },
	{ "mbcache", required_argument, NULL, OPT_MBCACHE },
	{ "enable-drop-en", no_argument, NULL, OPT_DROP_EN },
	{ "no-lsc-interrupt", no_argument, NULL, OPT_NO_LSC },
	{ "rss-ip", no_argument, NULL, OPT_RSS_IP },
	{ "rss-udp", no_argument, NULL, OPT_RSS_UDP },
	{ "disable-rss", no_argument, NULL, OPT_NO_RSS },
	{ "rx-offloads", required_argument, NULL, OPT_RX_OFFLOADS },
	{ "tx-offloads", required_argument, NULL, OPT_TX_OFFLOADS },
	{ "numa", no_argument, NULL, OPT_NUMA },
	{ "no-numa", no_argument, NULL, OPT_NO_NUMA },
	{ "socket-num", required_argument, NULL, OPT_SOCKET_NUM },
	{ NULL, 0, NULL, 0 },
};

/* Range of each numeric option, in the order of the enum above (0 = not numeric). */
struct ebb_num_opt {
	int id;
	const char *name;
	unsigned long long min, max;
};

static const struct ebb_num_opt ebb_num_opts[] = {
	{ OPT_NB_CORES, "--nb-cores", 1, RTE_MAX_LCORE - 1 },
	{ OPT_NB_PORTS, "--nb-ports", 1, RTE_MAX_ETHPORTS },
	{ OPT_RXQ, "--rxq", 1, EBB_MAX_QUEUES },
	{ OPT_TXQ, "--txq", 1, EBB_MAX_QUEUES },
	{ OPT_RXD, "--rxd", 1, UINT16_MAX },
	{ OPT_TXD, "--txd", 1, UINT16_MAX },
	{ OPT_BURST, "--burst", 0, EBB_MAX_BURST }, /* 0: the PMD's (main.c) */
	{ OPT_TOTAL_MBUFS, "--total-num-mbufs", 1, UINT32_MAX },
	{ OPT_MBUF_SIZE, "--mbuf-size", RTE_PKTMBUF_HEADROOM + EBB_MIN_TXPKTS, UINT16_MAX },
	{ OPT_TXPKTS, "--txpkts", EBB_MIN_TXPKTS, EBB_MAX_TXPKTS },
	{ OPT_STATS_PERIOD, "--stats-period", 1, EBB_MAX_STATS_PERIOD },
	{ OPT_RESERVE, "--reserve", 0, EBB_MAX_RESERVE },
	{ OPT_WAIT_TIMEOUT, "--wait-timeout", 0, 3600000 },
	{ OPT_DELAY_US, "--delay-us", 0, 60000000 },
	{ OPT_DELAY_FIFO, "--delay-fifo", 1, EBB_MAX_DELAY_FIFO },
	{ OPT_MAX_PKT_LEN, "--max-pkt-len", RTE_ETHER_MIN_MTU + EBB_ETH_OVERHEAD, UINT16_MAX },
	{ OPT_RETRY_NUM, "--burst-tx-retry-num", 0, UINT32_MAX },
	{ OPT_RETRY_DELAY, "--burst-tx-delay-time", 0, EBB_FWD_MAX_RETRY_DELAY_US },
	{ OPT_LATENCYSTATS, "--latencystats", 0, RTE_MAX_LCORE - 1 },
	{ OPT_BITRATE_STATS, "--bitrate-stats", 0, RTE_MAX_LCORE - 1 },
	{ OPT_MBCACHE, "--mbcache", 0, RTE_MEMPOOL_CACHE_MAX_SIZE },
	{ OPT_SOCKET_NUM, "--socket-num", 0, RTE_MAX_NUMA_NODES - 1 },
};

int
ebb_parse_uint(const char *s, unsigned long long min, unsigned long long max,
	       unsigned long long *out)
{
	unsigned long long v;
	char *end;

	if (s == NULL || !isdigit((unsigned char)s[0]))
		return -EINVAL;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (*end != '\0')
		return -EINVAL;
	if (errno == ERANGE || v < min || v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

static int __attribute__((format(printf, 3, 4)))
ebb_opt_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
		/* one line, and no terminal control from a quoted argument */
		for (char *p = err; *p != '\0'; p++)
			if (iscntrl((unsigned char)*p))
				*p = '?';
	}
	return -EINVAL;
}

static int
ebb_opt_num(int id, const char *arg, unsigned long long *v, char *err, size_t errlen)
{
	const struct ebb_num_opt *n = NULL;
	unsigned int i;

	for (i = 0; i < RTE_DIM(ebb_num_opts); i++)
		if (ebb_num_opts[i].id == id)
			n = &ebb_num_opts[i];
	if (n == NULL)
		return ebb_opt_err(err, errlen, "internal error: option %d not numeric", id);
	if (ebb_parse_uint(arg, n->min, n->max, v) < 0)
		return ebb_opt_err(err, errlen, "%s must be %llu..%llu (got %s%s%s)", n->name,
				   n->min, n->max, isdigit((unsigned char)arg[0]) ? "" : "'",
				   arg, isdigit((unsigned char)arg[0]) ? "" : "'");
	return 0;
}

int
ebb_parse_txsegs(const char *s, unsigned int room, uint16_t *lens, char *err, size_t errlen)
{
	unsigned int n = 0, sum = 0;
	const char *p = s;

	if (s == NULL || s[0] == '\0')
		return ebb_opt_err(err, errlen, "expected segment lengths X[,Y]* (got nothing)");
	for (;;) {
		unsigned long v = 0;

		if (!isdigit((unsigned char)*p)) {
			if (*p == ',' || *p == '\0')
				return ebb_opt_err(err, errlen, "empty segment length in '%s' (want "
						   "X[,Y]*, no trailing comma)", s);
			return ebb_opt_err(err, errlen, "'%s' is not a list of segment lengths "
					   "X[,Y]* (decimal)", s);
		}
		while (isdigit((unsigned char)*p)) {
			v = v * 10 + (unsigned long)(*p - '0');
			if (v > UINT16_MAX)
				v = UINT16_MAX + 1ul; /* too long whatever follows */
			p++;
		}
		if (n == EBB_ENGINE_MAX_TXSEGS)
			return ebb_opt_err(err, errlen, "more than %u segments in '%.40s...'",
					   EBB_ENGINE_MAX_TXSEGS, s);
		if (v == 0)
			return ebb_opt_err(err, errlen, "segment %u is 0 bytes (each 1..%u)", n + 1,
					   room);
		if (v > room)
			return ebb_opt_err(err, errlen, "segment %u of %s%lu bytes does not fit one "
					   "mbuf (each 1..%u)", n + 1, v > UINT16_MAX ? "more than " : "",
					   v > UINT16_MAX ? (unsigned long)UINT16_MAX : v, room);
		lens[n++] = (uint16_t)v;
		sum += (unsigned int)v;
		if (*p == '\0')
			break;
		if (*p != ',')
			return ebb_opt_err(err, errlen, "'%s' is not a list of segment lengths "
					   "X[,Y]* (decimal)", s);
		p++;
	}
	if (lens[0] < EBB_MIN_TXPKTS)
		return ebb_opt_err(err, errlen, "first segment of %u bytes: the Ethernet, IPv4 and "
				   "UDP headers (%u bytes) must fit in it", lens[0], EBB_MIN_TXPKTS);
	if (sum > EBB_ENGINE_MAX_TXLEN)
		return ebb_opt_err(err, errlen, "frame of %u bytes: at most %u in all", sum,
				   EBB_ENGINE_MAX_TXLEN);
	return (int)n;
}

/* --txpkts=X,Y[,Z]*: segments of a txonly frame (checked against --mbuf-size later) */
static int
ebb_opt_txsegs(const char *arg, struct ebb_engine_conf *c, char *err, size_t errlen)
{
	char why[160];
	int n = ebb_parse_txsegs(arg, UINT16_MAX - RTE_PKTMBUF_HEADROOM, c->txsegs, why,
				 sizeof(why));
	unsigned int sum = 0;

	if (n < 0)
		return ebb_opt_err(err, errlen, "--txpkts: %s", why);
	for (int i = 0; i < n; i++)
		sum += c->txsegs[i];
	c->nb_txsegs = (uint16_t)n;
	c->txpkts = (uint16_t)sum;
	return 0;
}

/* --eth-peer=N,XX:XX:XX:XX:XX:XX */
static int
ebb_opt_eth_peer(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	struct ebb_engine_conf *c = &o->conf;
	char port[16];
	const char *comma = strchr(arg, ',');
	unsigned long long p;
	struct rte_ether_addr mac;
	size_t len;

	if (comma == NULL)
		return ebb_opt_err(err, errlen, "--eth-peer must be PORT,XX:XX:XX:XX:XX:XX (got '%s')",
				   arg);
	len = (size_t)(comma - arg);
	if (len == 0 || len >= sizeof(port))
		return ebb_opt_err(err, errlen, "--eth-peer: bad port in '%s'", arg);
	memcpy(port, arg, len);
	port[len] = '\0';
	if (ebb_parse_uint(port, 0, RTE_MAX_ETHPORTS - 1, &p) < 0)
		return ebb_opt_err(err, errlen, "--eth-peer: port must be 0..%u (got %s)",
				   RTE_MAX_ETHPORTS - 1, port);
	if (strlen(comma + 1) != 17 || rte_ether_unformat_addr(comma + 1, &mac) != 0)
		return ebb_opt_err(err, errlen,
				   "--eth-peer: bad MAC address '%s' (want XX:XX:XX:XX:XX:XX)",
				   comma + 1);
	c->eth_peer_set[p] = true;
	c->eth_peer[p] = mac;
	o->eth_peer_given[p] = true;
	return 0;
}

/* --eth-peers-configfile=PATH: line k is the peer MAC of port k, as testpmd reads it */
static int
ebb_opt_peers_file(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	struct ebb_engine_conf *c = &o->conf;
	char line[128];
	unsigned int k = 0;
	FILE *f = fopen(arg, "r");

	if (f == NULL)
		return ebb_opt_err(err, errlen, "--eth-peers-configfile: cannot read '%s': %s", arg,
				   strerror(errno));
	while (fgets(line, sizeof(line), f) != NULL) {
		struct rte_ether_addr mac;
		size_t len = strcspn(line, "\r\n");

		while (len > 0 && isspace((unsigned char)line[len - 1]))
			len--;
		line[len] = '\0';
		if (k == RTE_MAX_ETHPORTS) {
			fclose(f);
			return ebb_opt_err(err, errlen, "--eth-peers-configfile: '%s' has more than "
					   "%u lines (one per port)", arg, RTE_MAX_ETHPORTS);
		}
		if (len != 17 || rte_ether_unformat_addr(line, &mac) != 0) {
			fclose(f);
			return ebb_opt_err(err, errlen, "--eth-peers-configfile: %s line %u: bad MAC "
					   "address '%s' (want XX:XX:XX:XX:XX:XX)", arg, k + 1, line);
		}
		c->eth_peer_set[k] = true;
		c->eth_peer[k] = mac;
		k++;
	}
	if (ferror(f)) {
		fclose(f);
		return ebb_opt_err(err, errlen, "--eth-peers-configfile: cannot read '%s'", arg);
	}
	fclose(f);
	return 0;
}

static int
ebb_opt_mode(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	size_t i, len = strlen(arg);

	if (len == 0 || len >= sizeof(o->conf.fwd_mode))
		return ebb_opt_err(err, errlen, "--forward-mode must be 1..%zu characters (got '%s')",
				   sizeof(o->conf.fwd_mode) - 1, arg);
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)arg[i]) && arg[i] != '_' && arg[i] != '-')
			return ebb_opt_err(err, errlen, "--forward-mode: bad mode name '%s'", arg);
	memcpy(o->conf.fwd_mode, arg, len + 1);
	o->fwd_mode_set = true;
	return 0;
}

static int
ebb_opt_file(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	size_t len = strlen(arg);
	struct stat st;

	if (len == 0 || len >= sizeof(o->cmdline_file))
		return ebb_opt_err(err, errlen, "--cmdline-file: bad path '%s'", arg);
	if (access(arg, R_OK) != 0)
		return ebb_opt_err(err, errlen, "--cmdline-file: cannot read '%s': %s", arg,
				   strerror(errno));
	/* a directory opens but its read fails: say so now */
	if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode))
		return ebb_opt_err(err, errlen, "--cmdline-file: '%s' is a directory", arg);
	memcpy(o->cmdline_file, arg, len + 1);
	return 0;
}

/* --idle=spin|pause|sleep */
static int
ebb_opt_idle(const char *arg, struct ebb_engine_conf *c, char *err, size_t errlen)
{
	if (strcmp(arg, "spin") == 0)
		c->idle = EBB_IDLE_SPIN;
	else if (strcmp(arg, "pause") == 0)
		c->idle = EBB_IDLE_PAUSE;
	else if (strcmp(arg, "sleep") == 0)
		c->idle = EBB_IDLE_SLEEP;
	else
		return ebb_opt_err(err, errlen, "--idle must be spin, pause or sleep (got '%s')",
				   arg);
	return 0;
}

/* --tx-rate=MPPS (decimal, 0 stalls) or off */
static int
ebb_opt_tx_rate(const char *arg, struct ebb_engine_conf *c, char *err, size_t errlen)
{
	char *end;
	double v;

	if (strcmp(arg, "off") == 0) {
		c->tx_rate = -1.0;
		return 0;
	}
	errno = 0;
	v = strtod(arg, &end);
	if ((!isdigit((unsigned char)arg[0]) && arg[0] != '.') || *end != '\0' || errno != 0 ||
	    !(v >= 0 && v <= 1000))
		return ebb_opt_err(err, errlen, "--tx-rate must be Mpps 0..1000 or off (got '%s')",
				   arg);
	c->tx_rate = v;
	return 0;
}

/* --port-ip=N,A.B.C.D/LEN (repeatable; the port's last one wins) */
static int
ebb_opt_port_ip(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	const char *comma = strchr(arg, ','), *slash;
	unsigned long long p, len;
	char buf[INET_ADDRSTRLEN];
	struct in_addr a;
	uint32_t h;
	unsigned int i;

	if (comma == NULL || comma == arg || (size_t)(comma - arg) >= sizeof(buf))
		return ebb_opt_err(err, errlen, "--port-ip must be PORT,A.B.C.D/LEN (got '%s')", arg);
	memcpy(buf, arg, (size_t)(comma - arg));
	buf[comma - arg] = '\0';
	if (ebb_parse_uint(buf, 0, RTE_MAX_ETHPORTS - 1, &p) < 0)
		return ebb_opt_err(err, errlen, "--port-ip: port must be 0..%u (got %s)",
				   RTE_MAX_ETHPORTS - 1, buf);
	slash = strchr(comma + 1, '/');
	if (slash == NULL || (size_t)(slash - comma - 1) >= sizeof(buf))
		return ebb_opt_err(err, errlen, "--port-ip: bad address '%s' (want A.B.C.D/LEN)",
				   comma + 1);
	memcpy(buf, comma + 1, (size_t)(slash - comma - 1));
	buf[slash - comma - 1] = '\0';
	if (inet_pton(AF_INET, buf, &a) != 1)
		return ebb_opt_err(err, errlen, "--port-ip: bad address '%s' (want A.B.C.D/LEN)",
				   comma + 1);
	if (ebb_parse_uint(slash + 1, 1, 32, &len) < 0)
		return ebb_opt_err(err, errlen, "--port-ip: prefix length must be 1..32 (got %s)",
				   slash + 1);
	h = ntohl(a.s_addr);
	if (h == 0 || h >= 0xe0000000)
		return ebb_opt_err(err, errlen, "--port-ip: %s cannot be a port's address", buf);
	for (i = 0; i < o->nb_port_ips && o->port_ips[i].port != p; i++)
		;
	if (i == o->nb_port_ips)
		o->nb_port_ips++; /* at most RTE_MAX_ETHPORTS: one per port */
	o->port_ips[i].port = (uint16_t)p;
	o->port_ips[i].prefix_len = (uint8_t)len;
	o->port_ips[i].ip = a.s_addr;
	return 0;
}

/* --port-topology=paired|chained|loop */
static int
ebb_opt_topology(const char *arg, struct ebb_engine_conf *c, char *err, size_t errlen)
{
	if (strcmp(arg, "paired") == 0)
		c->topology = EBB_TOPO_PAIRED;
	else if (strcmp(arg, "chained") == 0)
		c->topology = EBB_TOPO_CHAINED;
	else if (strcmp(arg, "loop") == 0)
		c->topology = EBB_TOPO_LOOP;
	else
		return ebb_opt_err(err, errlen, "--port-topology must be paired, chained or loop "
				   "(got '%s')", arg);
	return 0;
}

/* Port p in the forwarding list once (a port given twice counts once, as testpmd). */
static void
ebb_list_add(struct ebb_engine_conf *c, uint16_t p)
{
	for (uint16_t i = 0; i < c->nb_port_list; i++)
		if (c->port_list[i] == p)
			return;
	c->port_list[c->nb_port_list++] = p;
}

/* --portmask=0xM: the ports of the bits, lowest first; --nb-ports before it no longer
 * counts (testpmd: the list sets the number of forwarding ports) */
static int
ebb_opt_portmask(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	struct ebb_engine_conf *c = &o->conf;
	const char *hex = arg;
	unsigned long long m;
	char *end;

	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	errno = 0;
	m = isxdigit((unsigned char)hex[0]) ? strtoull(hex, &end, 16) : 0;
	if (!isxdigit((unsigned char)hex[0]) || *end != '\0' || errno != 0)
		return ebb_opt_err(err, errlen, "--portmask must be a hexadecimal mask of ports "
				   "(got '%s')", arg);
	if (m == 0)
		return ebb_opt_err(err, errlen, "--portmask %s names no port", arg);
	c->nb_port_list = 0;
	for (unsigned int i = 0; i < 64; i++) {
		if ((m & (1ULL << i)) == 0)
			continue;
		if (i >= RTE_MAX_ETHPORTS)
			return ebb_opt_err(err, errlen, "--portmask %s: port %u above the largest "
					   "port id %u", arg, i, RTE_MAX_ETHPORTS - 1);
		ebb_list_add(c, (uint16_t)i);
	}
	c->nb_fwd_ports = 0;
	o->port_list_opt = "--portmask";
	return 0;
}

/* --portlist=LIST: "0,2-3" (ports and ranges, in stream order), as testpmd */
static int
ebb_opt_portlist(const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	struct ebb_engine_conf *c = &o->conf;
	const char *p = arg;

	c->nb_port_list = 0;
	while (*p != '\0') {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*p))
			return ebb_opt_err(err, errlen, "--portlist must be ports and ranges, "
					   "0,2-3 (got '%s')", arg);
		errno = 0;
		a = strtoul(p, &end, 10);
		b = a;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				return ebb_opt_err(err, errlen, "--portlist must be ports and "
						   "ranges, 0,2-3 (got '%s')", arg);
			b = strtoul(end + 1, &end, 10);
		}
		if (errno != 0 || a >= RTE_MAX_ETHPORTS || b >= RTE_MAX_ETHPORTS)
			return ebb_opt_err(err, errlen, "--portlist %s: ports are 0..%u", arg,
					   RTE_MAX_ETHPORTS - 1);
		if (a > b)
			return ebb_opt_err(err, errlen, "--portlist %s: range %lu-%lu goes down",
					   arg, a, b);
		for (unsigned long i = a; i <= b; i++)
			ebb_list_add(c, (uint16_t)i);
		if (*end == ',' && end[1] != '\0')
			end++;
		else if (*end != '\0')
			return ebb_opt_err(err, errlen, "--portlist must be ports and ranges, "
					   "0,2-3 (got '%s')", arg);
		p = end;
	}
	if (c->nb_port_list == 0)
		return ebb_opt_err(err, errlen, "--portlist names no port");
	c->nb_fwd_ports = 0;
	o->port_list_opt = "--portlist";
	return 0;
}

/* --rx-offloads=0xM / --tx-offloads=0xM: a hexadecimal mask, "0x" optional, as testpmd */
static int
ebb_opt_offloads(const char *name, const char *arg, uint64_t *out, char *err, size_t errlen)
{
	const char *h = arg;
	char *end;

	if (h[0] == '0' && (h[1] == 'x' || h[1] == 'X'))
		h += 2;
	errno = 0;
	if (!isxdigit((unsigned char)h[0]) || strlen(h) > 16)
		return ebb_opt_err(err, errlen, "--%s must be a hexadecimal mask such as 0x1 "
				   "(got '%s')", name, arg);
	*out = strtoull(h, &end, 16);
	if (*end != '\0' || errno != 0)
		return ebb_opt_err(err, errlen, "--%s must be a hexadecimal mask such as 0x1 "
				   "(got '%s')", name, arg);
	return 0;
}

/* Apply one numeric option to the conf (the value is in range). */
static void
ebb_opt_apply_num(int id, unsigned long long v, struct ebb_app_opts *o)
{
	struct ebb_engine_conf *c = &o->conf;

	switch (id) {
	case OPT_NB_CORES: c->nb_fwd_lcores = (unsigned int)v; break;
	case OPT_NB_PORTS: c->nb_fwd_ports = (uint16_t)v; break;
	case OPT_RXQ: c->nb_rxq = (uint16_t)v; break;
	case OPT_TXQ: c->nb_txq = (uint16_t)v; break;
	case OPT_RXD: c->nb_rxd = (uint16_t)v; break;
	case OPT_TXD: c->nb_txd = (uint16_t)v; break;
	case OPT_BURST: c->burst = (uint16_t)v; break;
	case OPT_TOTAL_MBUFS: c->total_num_mbufs = (uint32_t)v; break;
	case OPT_MBUF_SIZE: c->mbuf_size = (uint16_t)v; break;
	case OPT_TXPKTS: c->txpkts = (uint16_t)v; c->nb_txsegs = 0; break;
	case OPT_STATS_PERIOD: o->stats_period = (unsigned int)v; break;
	case OPT_RESERVE: c->reserve = (uint32_t)v; break;
	case OPT_WAIT_TIMEOUT: c->wait_timeout_ms = (uint32_t)v; break;
	case OPT_DELAY_US: c->delay_us = (uint32_t)v; break;
	case OPT_DELAY_FIFO: c->delay_fifo = (uint32_t)v; break;
	case OPT_MAX_PKT_LEN: o->max_pkt_len = (unsigned int)v; break;
	case OPT_RETRY_NUM: o->fwd_params.tx_retry_num = (uint32_t)v; break;
	case OPT_RETRY_DELAY: o->fwd_params.tx_retry_delay_us = (uint32_t)v; break;
	case OPT_LATENCYSTATS: o->latencystats_lcore = (int)v; break;
	case OPT_BITRATE_STATS: o->bitrate_lcore = (int)v; break;
	case OPT_MBCACHE: c->mbcache_set = true; c->mbcache = (uint16_t)v; break;
	case OPT_SOCKET_NUM: c->socket_num_set = true; c->socket_num = (int)v; break;
	default: break;
	}
}

/* Checks that involve several options. */
static int
ebb_opt_cross_check(const struct ebb_app_opts *o, char *err, size_t errlen)
{
	const struct ebb_engine_conf *c = &o->conf;

	if (o->tx_first && o->interactive && !o->auto_start)
		return ebb_opt_err(err, errlen, "--tx-first needs --auto-start in interactive mode");
	for (unsigned int i = 0; c->nb_txsegs > 1 && i < c->nb_txsegs; i++)
		if ((unsigned int)c->txsegs[i] + RTE_PKTMBUF_HEADROOM > c->mbuf_size)
			return ebb_opt_err(err, errlen, "--txpkts segment %u of %u bytes does not "
					   "fit in --mbuf-size %u (max %u)", i + 1, c->txsegs[i],
					   c->mbuf_size, c->mbuf_size - RTE_PKTMBUF_HEADROOM);
	if (c->nb_txsegs <= 1 && (unsigned int)c->txpkts + RTE_PKTMBUF_HEADROOM > c->mbuf_size)
		return ebb_opt_err(err, errlen, "--txpkts %u does not fit in --mbuf-size %u (max %u)",
				   c->txpkts, c->mbuf_size, c->mbuf_size - RTE_PKTMBUF_HEADROOM);
	if (c->mbcache_set && c->mbcache == 0 && !c->no_wait)
		return ebb_opt_err(err, errlen, "--mbcache 0: an ebb_waitq pool hands buffers to a "
				   "waiting queue through its lcore cache (give 1..%u, or --no-wait)",
				   RTE_MEMPOOL_CACHE_MAX_SIZE);
	if (c->mbcache_set && c->total_num_mbufs != 0 &&
	    (uint64_t)c->mbcache * 3 / 2 > c->total_num_mbufs)
		return ebb_opt_err(err, errlen, "--mbcache %u needs --total-num-mbufs of at least %u "
				   "(a mempool's cache is at most 2/3 of it; got %u)", c->mbcache,
				   c->mbcache * 3 / 2, c->total_num_mbufs);
	if (o->max_pkt_len + RTE_PKTMBUF_HEADROOM > c->mbuf_size)
		return ebb_opt_err(err, errlen,
				   "--max-pkt-len %u does not fit in --mbuf-size %u (max %u)",
				   o->max_pkt_len, c->mbuf_size, c->mbuf_size - RTE_PKTMBUF_HEADROOM);
	return 0;
}

/* One option from getopt_long(); 0 or -EINVAL. */
static int
ebb_opt_one(int opt, const char *arg, struct ebb_app_opts *o, char *err, size_t errlen)
{
	unsigned long long v;
	int ret;

	switch (opt) {
	case 'i': o->interactive = true; return 0;
	case 'a': o->auto_start = true; return 0;
	case OPT_TX_FIRST: o->tx_first = true; return 0;
	case OPT_NO_WAIT: o->conf.no_wait = true; return 0;
	case OPT_MULTI_FLOW: o->fwd_params.txonly_multi_flow = true; return 0;
	case OPT_NO_LINK_CHECK: o->no_link_check = true; return 0;
	case OPT_NO_FLUSH_RX: return 0; /* ebbflow never flushes the RX queues at start */
	case OPT_REC_BURST: o->conf.record_burst_stats = true; return 0;
	case OPT_REC_CYCLES: o->conf.record_core_cycles = true; return 0;
	case OPT_DROP_EN: return 0; /* ebbflow's RX queues always drop when full */
	case OPT_NO_LSC: o->conf.no_lsc_interrupt = true; return 0;
	case OPT_NUMA: o->conf.no_numa = false; return 0;
	case OPT_NO_NUMA: o->conf.no_numa = true; return 0;
	case OPT_RSS_IP: o->conf.rss_hf = RTE_ETH_RSS_IP; return 0;
	case OPT_RSS_UDP: o->conf.rss_hf = RTE_ETH_RSS_UDP; return 0;
	case OPT_NO_RSS: o->conf.rss_hf = 0; return 0;
	case OPT_RX_OFFLOADS:
		return ebb_opt_offloads("rx-offloads", arg, &o->conf.rx_offloads, err, errlen);
	case OPT_TX_OFFLOADS:
		return ebb_opt_offloads("tx-offloads", arg, &o->conf.tx_offloads, err, errlen);
	case OPT_PEERS_FILE: return ebb_opt_peers_file(arg, o, err, errlen);
	case OPT_FWD_MODE: return ebb_opt_mode(arg, o, err, errlen);
	case OPT_ETH_PEER: return ebb_opt_eth_peer(arg, o, err, errlen);
	case OPT_CMDLINE_FILE: return ebb_opt_file(arg, o, err, errlen);
	case OPT_IDLE: return ebb_opt_idle(arg, &o->conf, err, errlen);
	case OPT_TX_RATE: return ebb_opt_tx_rate(arg, &o->conf, err, errlen);
	case OPT_PORT_IP: return ebb_opt_port_ip(arg, o, err, errlen);
	case OPT_TOPOLOGY: return ebb_opt_topology(arg, &o->conf, err, errlen);
	case OPT_PORTMASK: return ebb_opt_portmask(arg, o, err, errlen);
	case OPT_PORTLIST: return ebb_opt_portlist(arg, o, err, errlen);
	case OPT_TXPKTS:
		if (strchr(arg, ',') != NULL)
			return ebb_opt_txsegs(arg, &o->conf, err, errlen);
		__attribute__((fallthrough)); /* one segment: a number */
	default:
		ret = ebb_opt_num(opt, arg, &v, err, errlen);
		if (ret == 0)
			ebb_opt_apply_num(opt, v, o);
		return ret;
	}
}

int
ebb_options_parse(int argc, char **argv, struct ebb_app_opts *o, char *err, size_t errlen)
{
	char *av[argc + 1];
	int ac = 0, dash, opt, ret;

	memset(o, 0, sizeof(*o));
	ebb_engine_conf_defaults(&o->conf);
	o->fwd_params = (struct ebb_fwd_params){
		.tx_retry_num = EBB_FWD_DEFAULT_RETRY_NUM,
		.tx_retry_delay_us = EBB_FWD_DEFAULT_RETRY_DELAY_US,
		.flowgen_flows = EBB_FWD_DEFAULT_FLOWS,
	};
	o->latencystats_lcore = -1;
	o->bitrate_lcore = -1;
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (argc < 1 || argv == NULL || argv[0] == NULL)
		return ebb_opt_err(err, errlen, "no program name");

	for (dash = 1; dash < argc; dash++)
		if (strcmp(argv[dash], "--") == 0)
			break;
	o->eal_argc = dash;

	/* getopt permutes: work on a copy, program name first */
	av[ac++] = argv[0];
	for (int i = dash + 1; i < argc; i++)
		av[ac++] = argv[i];
	av[ac] = NULL;

	optind = 0; /* glibc: full re-initialisation */
	opterr = 0;
	for (;;) {
		int cur = optind > 0 ? optind : 1; /* the argument getopt looks at */
		const char *word = cur < ac ? av[cur] : "";
		bool is_long = strncmp(word, "--", 2) == 0;

		opt = getopt_long(ac, av, "+:iah", ebb_long_opts, NULL);
		if (opt == -1)
			break;
		switch (opt) {
		case 'h':
			o->help = true;
			return 0;
		case ':':
			if (is_long)
				return ebb_opt_err(err, errlen, "option '%s' needs a value", word);
			return ebb_opt_err(err, errlen, "option '-%c' needs a value", optopt);
		case '?':
			if (is_long)
				return ebb_opt_err(err, errlen,
						   "unknown or malformed option '%s' (see --help)", word);
			return ebb_opt_err(err, errlen, "unknown option '-%c' (see --help)", optopt);
		default:
			ret = ebb_opt_one(opt, optarg, o, err, errlen);
			if (ret < 0)
				return ret;
		}
	}
	if (optind < ac)
		return ebb_opt_err(err, errlen, "unexpected argument '%s' (see --help)", av[optind]);
	return ebb_opt_cross_check(o, err, errlen);
}

void
ebb_options_usage(FILE *f, const char *prgname)
{
	fprintf(f,
		"usage: %s [EAL options] -- [options]\n"
		"  -i, --interactive        run the command prompt (ebbflow> )\n"
		"  -a, --auto-start         start forwarding at once (implied without -i)\n"
		"  --tx-first               start by sending a burst on every stream\n"
		"  --forward-mode=MODE      io, mac, macswap, 5tswap, csum, icmpecho, flowgen,\n"
		"                           rxonly, txonly, delay (default io)\n"
		"  --nb-cores=N             forwarding lcores (default: all workers)\n"
		"  --rxq=N, --txq=N         queues per port (1..%u, default 1)\n"
		"  --rxd=N, --txd=N         descriptors per queue (default %u, %u)\n"
		"  --burst=N                packets per burst (1..%u, default %u; 0: the PMD's)\n"
		"  --total-num-mbufs=N      mbufs per pool (default: computed)\n"
		"  --mbuf-size=N            mbuf data room incl. headroom (default %u)\n"
		"  --txpkts=N[,N]*          txonly frame length (%u..%u, default %u), or the\n"
		"                           lengths of its segments (one mbuf each)\n"
		"  --eth-peer=N,XX:XX:XX:XX:XX:XX  peer MAC of port N (mac mode)\n"
		"  --stats-period=S         print port stats every S seconds\n"
		"  --cmdline-file=PATH      run the commands of PATH first\n"
		"  --no-wait                plain ring pools: spin on exhaustion as testpmd\n"
		"  --reserve=N              mbufs per pool kept for control waiters (0 = off)\n"
		"  --wait-timeout=MS        deadline of an RX queue paused for buffers (0 = none)\n"
		"  --idle=spin|pause|sleep  when every RX queue of an lcore is paused (pause)\n"
		"  --delay-us=N             delay mode: hold each packet N us\n"
		"  --delay-fifo=N           delay mode: release early beyond N held per stream\n"
		"  --tx-rate=MPPS|off       shape every port's egress (0 stalls it)\n"
		"  --port-ip=N,A.B.C.D/LEN  port N's address, as set port N ip (repeatable)\n"
		"  --max-pkt-len=N          largest frame: every port's MTU is N - 18\n"
		"  --burst-tx-retry-num=N   retries of a short TX burst in MODE retry (64)\n"
		"  --burst-tx-delay-time=US wait before each retry (1)\n"
		"  --txonly-multi-flow      txonly varies the source IP and UDP port per frame\n"
		"  --eth-peers-configfile=PATH  peer MACs, line k for port k (mac, txonly ...)\n"
		"  --disable-link-check     port start does not wait for the links\n"
		"  --no-flush-rx            accepted: ebbflow never flushes RX queues at start\n"
		"  --record-burst-stats     RX/TX burst sizes in the forward stats\n"
		"  --record-core-cycles     CPU cycles per packet in the forward stats\n"
		"  --latencystats=N         latency and jitter statistics, updated on lcore N\n"
		"  --bitrate-stats=N        bit rates of every port, computed on lcore N\n"
		"  --port-topology=paired|chained|loop  where each forwarding port sends (paired)\n"
		"  --nb-ports=N             forward on the first N ports of the list\n"
		"  --portmask=0xM           forwarding ports: the bits of M\n"
		"  --portlist=LIST          forwarding ports in order: 0,2-3\n"
		"  --mbcache=N              every pool's per-lcore cache (0..512, default 256)\n"
		"  --enable-drop-en         accepted: ebbflow's RX queues always drop when full\n"
		"  --no-lsc-interrupt       ask the PMDs for no link-change events\n"
		"  --rss-ip, --rss-udp      RSS on IP (default) or UDP with --rxq > 1\n"
		"  --disable-rss            no RSS with --rxq > 1\n"
		"  --rx-offloads=0xM        RX offloads asked of every port (refused if it cannot)\n"
		"  --tx-offloads=0xM        TX offloads, idem\n"
		"  --numa, --no-numa        a pool per NUMA socket in use (default), or one\n"
		"  --socket-num=N           one pool, and every port's rings, on socket N\n"
		"  -h, --help               this text\n"
		"Without -i, ebbflow forwards until SIGINT or SIGTERM.\n",
		prgname, EBB_MAX_QUEUES, EBB_DEFAULT_RXD, EBB_DEFAULT_TXD, EBB_MAX_BURST,
		EBB_DEFAULT_BURST, EBB_DEFAULT_MBUF_SIZE, EBB_MIN_TXPKTS, EBB_MAX_TXPKTS,
		EBB_DEFAULT_TXPKTS);
}

const char *
ebb_eal_file_prefix(int eal_argc, char *const *argv)
{
	static const char name[] = "file-prefix";
	const char *prefix = "rte"; /* EAL's default */
	int i;

	for (i = 1; i < eal_argc && argv[i] != NULL; i++) {
		const char *a = argv[i], *eq;
		size_t len;

		if (strcmp(a, "--") == 0)
			break;
		if (strncmp(a, "--", 2) != 0)
			continue;
		a += 2;
		eq = strchr(a, '=');
		len = eq != NULL ? (size_t)(eq - a) : strlen(a);
		/* getopt_long takes any unambiguous abbreviation: --file, --file-pre ... */
		if (len < 4 || len > sizeof(name) - 1 || strncmp(a, name, len) != 0)
			continue;
		if (eq != NULL)
			prefix = eq + 1;
		else if (i + 1 < eal_argc && argv[i + 1] != NULL)
			prefix = argv[++i];
	}
	return prefix;
}

bool
ebb_mode_in_list(const char *mode, const char *list)
{
	size_t len = strlen(mode);
	const char *p = list, *bar;

	if (list[0] == '\0')
		return true;
	while (p != NULL) {
		bar = strchr(p, '|');
		if ((bar != NULL ? (size_t)(bar - p) : strlen(p)) == len &&
		    strncmp(p, mode, len) == 0)
			return true;
		p = bar != NULL ? bar + 1 : NULL;
	}
	return false;
}

/* Lcore ids of an EAL -l list ("0-3,5"): how many, or -1 when it does not parse. */
static int
ebb_lcore_list_count(const char *s)
{
	bool seen[RTE_MAX_LCORE] = { false };
	int n = 0;

	while (*s != '\0') {
		unsigned long a, b;
		char *end;

		if (!isdigit((unsigned char)*s))
			return -1;
		a = strtoul(s, &end, 10);
		b = a;
		if (*end == '-') {
			if (!isdigit((unsigned char)end[1]))
				return -1;
			b = strtoul(end + 1, &end, 10);
		}
		if (a > b || b >= RTE_MAX_LCORE)
			return -1;
		for (unsigned long i = a; i <= b; i++) {
			n += !seen[i];
			seen[i] = true;
		}
		if (*end == ',')
			end++;
		else if (*end != '\0')
			return -1;
		s = end;
	}
	return n;
}

/* Bits of an EAL -c mask ("0x3", "3"): how many, or -1. */
static int
ebb_lcore_mask_count(const char *s)
{
	int n = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isxdigit((unsigned char)*s))
			return -1;
		n += __builtin_popcount((unsigned int)(isdigit((unsigned char)*s) ? *s - '0' :
						       tolower((unsigned char)*s) - 'a' + 10));
	}
	return n;
}

int
ebb_eal_lcore_count(int eal_argc, char *const *argv)
{
	int n = -1;

	for (int i = 1; i < eal_argc && argv[i] != NULL; i++) {
		const char *a = argv[i], *v = NULL;
		bool list;

		if (strcmp(a, "--") == 0)
			break;
		if (strncmp(a, "--lcores", 8) == 0)
			return -1; /* lcore@cpu groups: EAL decides */
		if (a[0] != '-' || (a[1] != 'l' && a[1] != 'c'))
			continue;
		list = a[1] == 'l';
		if (a[2] != '\0')
			v = a + 2;
		else if (i + 1 < eal_argc && argv[i + 1] != NULL)
			v = argv[++i];
		else
			return -1;
		n = list ? ebb_lcore_list_count(v) : ebb_lcore_mask_count(v);
	}
	return n;
}
