/* SPDX-License-Identifier: BSD-3-Clause */
/* test_options.c: ebbflow's option parser, valid and invalid invocations, without EAL. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <rte_ethdev.h>

#include "fake_engine.h"
#include "options.h"

#define MAX_ARGS 32

static struct ebb_app_opts o;
static char err[512];
static char *argv_last[MAX_ARGS + 1]; /* the argv of the last parse() */

/* Split line on spaces ("~" stands for an empty argument) and parse it. */
static int
parse(const char *line)
{
	static char buf[1024];
	char *argv[MAX_ARGS + 1], *save = NULL, *t;
	int argc = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (t = strtok_r(buf, " ", &save); t != NULL && argc < MAX_ARGS;
	     t = strtok_r(NULL, " ", &save))
		argv[argc++] = strcmp(t, "~") == 0 ? t + 1 : t;
	argv[argc] = NULL;
	memcpy(argv_last, argv, sizeof(argv_last));
	return ebb_options_parse(argc, argv, &o, err, sizeof(err));
}

/* ---- invalid invocations first: each gives -EINVAL and exactly this line ---- */
static const struct {
	const char *args;
	const char *msg;
} bad[] = {
	{ "ebbflow -- --burst=513", "--burst must be 0..512 (got 513)" },
	{ "ebbflow -- --burst abc", "--burst must be 0..512 (got 'abc')" },
	{ "ebbflow -- --burst -1", "--burst must be 0..512 (got '-1')" },
	{ "ebbflow -- --burst +5", "--burst must be 0..512 (got '+5')" },
	{ "ebbflow -- --burst 32k", "--burst must be 0..512 (got 32k)" },
	{ "ebbflow -- --burst=", "--burst must be 0..512 (got '')" },
	{ "ebbflow -- --burst", "option '--burst' needs a value" },
	{ "ebbflow -- --max-pkt-len 85", "--max-pkt-len must be 86..65535 (got 85)" },
	{ "ebbflow -- --max-pkt-len=x", "--max-pkt-len must be 86..65535 (got 'x')" },
	{ "ebbflow -- --max-pkt-len 9018",
	  "--max-pkt-len 9018 does not fit in --mbuf-size 2176 (max 2048)" },
	{ "ebbflow -- --burst-tx-retry-num -1",
	  "--burst-tx-retry-num must be 0..4294967295 (got '-1')" },
	{ "ebbflow -- --burst-tx-delay-time 1000001",
	  "--burst-tx-delay-time must be 0..1000000 (got 1000001)" },
	{ "ebbflow -- --txonly-multi-flow=1",
	  "unknown or malformed option '--txonly-multi-flow=1' (see --help)" },
	{ "ebbflow -- --eth-peers-configfile /nonexistent/peers",
	  "--eth-peers-configfile: cannot read '/nonexistent/peers': No such file or directory" },
	{ "ebbflow -- --nb-cores 0", "--nb-cores must be 1..127 (got 0)" },
	{ "ebbflow -- --nb-cores=128", "--nb-cores must be 1..127 (got 128)" },
	{ "ebbflow -- --rxq 0", "--rxq must be 1..1024 (got 0)" },
	{ "ebbflow -- --txq 1025", "--txq must be 1..1024 (got 1025)" },
	{ "ebbflow -- --rxq 1.5", "--rxq must be 1..1024 (got 1.5)" },
	{ "ebbflow -- --rxd 0", "--rxd must be 1..65535 (got 0)" },
	{ "ebbflow -- --txd 65536", "--txd must be 1..65535 (got 65536)" },
	{ "ebbflow -- --total-num-mbufs 0", "--total-num-mbufs must be 1..4294967295 (got 0)" },
	{ "ebbflow -- --total-num-mbufs 99999999999999999999999",
	  "--total-num-mbufs must be 1..4294967295 (got 99999999999999999999999)" },
	{ "ebbflow -- --mbuf-size 100", "--mbuf-size must be 170..65535 (got 100)" },
	{ "ebbflow -- --txpkts 10", "--txpkts must be 42..9600 (got 10)" },
	{ "ebbflow -- --txpkts 9601", "--txpkts must be 42..9600 (got 9601)" },
	{ "ebbflow -- --txpkts 4000", "--txpkts 4000 does not fit in --mbuf-size 2176 (max 2048)" },
	{ "ebbflow -- --mbuf-size 1024 --txpkts 1000",
	  "--txpkts 1000 does not fit in --mbuf-size 1024 (max 896)" },
	{ "ebbflow -- --eth-peer 99,00:11:22:33:44:55", "--eth-peer: port must be 0..31 (got 99)" },
	{ "ebbflow -- --eth-peer 0", "--eth-peer must be PORT,XX:XX:XX:XX:XX:XX (got '0')" },
	{ "ebbflow -- --eth-peer ,00:11:22:33:44:55", "--eth-peer: bad port in ',00:11:22:33:44:55'" },
	{ "ebbflow -- --eth-peer x,00:11:22:33:44:55", "--eth-peer: port must be 0..31 (got x)" },
	{ "ebbflow -- --eth-peer 0,zz:11:22:33:44:55",
	  "--eth-peer: bad MAC address 'zz:11:22:33:44:55' (want XX:XX:XX:XX:XX:XX)" },
	{ "ebbflow -- --eth-peer 0,0011.2233.4455",
	  "--eth-peer: bad MAC address '0011.2233.4455' (want XX:XX:XX:XX:XX:XX)" },
	{ "ebbflow -- --port-ip 0", "--port-ip must be PORT,A.B.C.D/LEN (got '0')" },
	{ "ebbflow -- --port-ip 32,10.0.0.1/24", "--port-ip: port must be 0..31 (got 32)" },
	{ "ebbflow -- --port-ip 0,10.0.0.1", "--port-ip: bad address '10.0.0.1' (want A.B.C.D/LEN)" },
	{ "ebbflow -- --port-ip 0,10.0.0/24", "--port-ip: bad address '10.0.0/24' (want A.B.C.D/LEN)" },
	{ "ebbflow -- --port-ip 0,10.0.0.1/33", "--port-ip: prefix length must be 1..32 (got 33)" },
	{ "ebbflow -- --port-ip 0,10.0.0.1/0", "--port-ip: prefix length must be 1..32 (got 0)" },
	{ "ebbflow -- --port-ip 0,224.0.0.1/4", "--port-ip: 224.0.0.1 cannot be a port's address" },
	{ "ebbflow -- --port-ip 0,0.0.0.0/8", "--port-ip: 0.0.0.0 cannot be a port's address" },
	{ "ebbflow -- --stats-period 0", "--stats-period must be 1..86400 (got 0)" },
	{ "ebbflow -- --stats-period 1s", "--stats-period must be 1..86400 (got 1s)" },
	{ "ebbflow -- --reserve 70000", "--reserve must be 0..65536 (got 70000)" },
	{ "ebbflow -- --cmdline-file /nonexistent/cmds.txt",
	  "--cmdline-file: cannot read '/nonexistent/cmds.txt': No such file or directory" },
	{ "ebbflow -- --cmdline-file=", "--cmdline-file: bad path ''" },
	{ "ebbflow -- --cmdline-file /", "--cmdline-file: '/' is a directory" },
	{ "ebbflow -- --forward-mode=", "--forward-mode must be 1..31 characters (got '')" },
	{ "ebbflow -- --forward-mode abcdefghijklmnopqrstuvwxyz0123456789",
	  "--forward-mode must be 1..31 characters (got 'abcdefghijklmnopqrstuvwxyz0123456789')" },
	{ "ebbflow -- --forward-mode io;rm", "--forward-mode: bad mode name 'io;rm'" },
	{ "ebbflow -- --bogus", "unknown or malformed option '--bogus' (see --help)" },
	{ "ebbflow -- --interactive=yes", "unknown or malformed option '--interactive=yes' (see --help)" },
	{ "ebbflow -- -x", "unknown option '-x' (see --help)" },
	{ "ebbflow -- -ix", "unknown option '-x' (see --help)" },
	{ "ebbflow -- stray", "unexpected argument 'stray' (see --help)" },
	{ "ebbflow -- -i stray", "unexpected argument 'stray' (see --help)" },
	{ "ebbflow -- -i -- -a", "unexpected argument '-a' (see --help)" },
	{ "ebbflow -- -i --tx-first", "--tx-first needs --auto-start in interactive mode" },
	{ "ebbflow --no-huge -- --burst 513 -i", "--burst must be 0..512 (got 513)" },
	{ "ebbflow -- --record-burst-stats=1",
	  "unknown or malformed option '--record-burst-stats=1' (see --help)" },
	{ "ebbflow -- --record-core-cycles=yes",
	  "unknown or malformed option '--record-core-cycles=yes' (see --help)" },
	{ "ebbflow -- --latencystats=-1", "--latencystats must be 0..127 (got '-1')" },
	{ "ebbflow -- --latencystats", "option '--latencystats' needs a value" },
	{ "ebbflow -- --bitrate-stats=128", "--bitrate-stats must be 0..127 (got 128)" },
	{ "ebbflow -- --bitrate-stats=1x", "--bitrate-stats must be 0..127 (got 1x)" },
	{ "ebbflow -- --port-topology=ring",
	  "--port-topology must be paired, chained or loop (got 'ring')" },
	{ "ebbflow -- --port-topology=", "--port-topology must be paired, chained or loop (got '')" },
	{ "ebbflow -- --port-topology", "option '--port-topology' needs a value" },
	{ "ebbflow -- --nb-ports=0", "--nb-ports must be 1..32 (got 0)" },
	{ "ebbflow -- --nb-ports=33", "--nb-ports must be 1..32 (got 33)" },
	{ "ebbflow -- --nb-ports=two", "--nb-ports must be 1..32 (got 'two')" },
	{ "ebbflow -- --portmask=0", "--portmask 0 names no port" },
	{ "ebbflow -- --portmask=0x", "--portmask must be a hexadecimal mask of ports (got '0x')" },
	{ "ebbflow -- --portmask=zz", "--portmask must be a hexadecimal mask of ports (got 'zz')" },
	{ "ebbflow -- --portmask=0x3g", "--portmask must be a hexadecimal mask of ports (got '0x3g')" },
	{ "ebbflow -- --portmask=-1", "--portmask must be a hexadecimal mask of ports (got '-1')" },
	{ "ebbflow -- --portmask=0x100000000",
	  "--portmask 0x100000000: port 32 above the largest port id 31" },
	{ "ebbflow -- --portmask=0x10000000000000000",
	  "--portmask must be a hexadecimal mask of ports (got '0x10000000000000000')" },
	{ "ebbflow -- --portlist=", "--portlist names no port" },
	{ "ebbflow -- --portlist=x", "--portlist must be ports and ranges, 0,2-3 (got 'x')" },
	{ "ebbflow -- --portlist=1,", "--portlist must be ports and ranges, 0,2-3 (got '1,')" },
	{ "ebbflow -- --portlist=1,,2", "--portlist must be ports and ranges, 0,2-3 (got '1,,2')" },
	{ "ebbflow -- --portlist=1-", "--portlist must be ports and ranges, 0,2-3 (got '1-')" },
	{ "ebbflow -- --portlist=1;2", "--portlist must be ports and ranges, 0,2-3 (got '1;2')" },
	{ "ebbflow -- --portlist=3-1", "--portlist 3-1: range 3-1 goes down" },
	{ "ebbflow -- --portlist=32", "--portlist 32: ports are 0..31" },
	{ "ebbflow -- --portlist=0-99999999999999999999", "--portlist 0-99999999999999999999: "
	  "ports are 0..31" },
	{ "ebbflow -- --mbcache=513", "--mbcache must be 0..512 (got 513)" },
	{ "ebbflow -- --mbcache=-1", "--mbcache must be 0..512 (got '-1')" },
	{ "ebbflow -- --mbcache", "option '--mbcache' needs a value" },
	{ "ebbflow -- --mbcache=0",
	  "--mbcache 0: an ebb_waitq pool hands buffers to a waiting queue through its lcore "
	  "cache (give 1..512, or --no-wait)" },
	{ "ebbflow -- --mbcache=100 --total-num-mbufs=149",
	  "--mbcache 100 needs --total-num-mbufs of at least 150 (a mempool's cache is at most "
	  "2/3 of it; got 149)" },
	{ "ebbflow -- --rx-offloads=zz",
	  "--rx-offloads must be a hexadecimal mask such as 0x1 (got 'zz')" },
	{ "ebbflow -- --rx-offloads=0x",
	  "--rx-offloads must be a hexadecimal mask such as 0x1 (got '0x')" },
	{ "ebbflow -- --tx-offloads=0x1g",
	  "--tx-offloads must be a hexadecimal mask such as 0x1 (got '0x1g')" },
	{ "ebbflow -- --tx-offloads=-1",
	  "--tx-offloads must be a hexadecimal mask such as 0x1 (got '-1')" },
	{ "ebbflow -- --tx-offloads=0x10000000000000000",
	  "--tx-offloads must be a hexadecimal mask such as 0x1 (got '0x10000000000000000')" },
	{ "ebbflow -- --rss-ip=1", "unknown or malformed option '--rss-ip=1' (see --help)" },
	{ "ebbflow -- --disable-rss=yes",
	  "unknown or malformed option '--disable-rss=yes' (see --help)" },
	{ "ebbflow -- --enable-drop-en=1",
	  "unknown or malformed option '--enable-drop-en=1' (see --help)" },
	{ "ebbflow -- --no-lsc-interrupt=1",
	  "unknown or malformed option '--no-lsc-interrupt=1' (see --help)" },
	{ "ebbflow -- --socket-num=32", "--socket-num must be 0..31 (got 32)" },
	{ "ebbflow -- --socket-num=x", "--socket-num must be 0..31 (got 'x')" },
	{ "ebbflow -- --socket-num", "option '--socket-num' needs a value" },
	{ "ebbflow -- --no-numa=1", "unknown or malformed option '--no-numa=1' (see --help)" },
};

/* ---- the port selection and layout options, as testpmd's ---- */
static void
test_port_layout(void)
{
	CU_ASSERT_EQUAL(parse("ebbflow --"), 0);
	CU_ASSERT_EQUAL(o.conf.topology, EBB_TOPO_PAIRED);
	CU_ASSERT_EQUAL(o.conf.nb_fwd_ports, 0);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --port-topology=chained"), 0);
	CU_ASSERT_EQUAL(o.conf.topology, EBB_TOPO_CHAINED);
	CU_ASSERT_EQUAL(parse("ebbflow -- --port-topology loop"), 0);
	CU_ASSERT_EQUAL(o.conf.topology, EBB_TOPO_LOOP);
	CU_ASSERT_EQUAL(parse("ebbflow -- --port-topology=loop --port-topology=paired"), 0);
	CU_ASSERT_EQUAL(o.conf.topology, EBB_TOPO_PAIRED);
	CU_ASSERT_EQUAL(parse("ebbflow -- --nb-ports=3"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_fwd_ports, 3);
	/* the mask: its bits, lowest first; 0x prefix optional */
	CU_ASSERT_EQUAL(parse("ebbflow -- --portmask=0xa"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 2);
	CU_ASSERT_EQUAL(o.conf.port_list[0], 1);
	CU_ASSERT_EQUAL(o.conf.port_list[1], 3);
	CU_ASSERT_STRING_EQUAL(o.port_list_opt, "--portmask");
	CU_ASSERT_EQUAL(parse("ebbflow -- --portmask=80000001"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 2);
	CU_ASSERT_EQUAL(o.conf.port_list[0], 0);
	CU_ASSERT_EQUAL(o.conf.port_list[1], 31);
	/* the list: in its order, ranges, a port given twice counts once */
	CU_ASSERT_EQUAL(parse("ebbflow -- --portlist=3,0-1,1,2"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 4);
	CU_ASSERT_EQUAL(o.conf.port_list[0], 3);
	CU_ASSERT_EQUAL(o.conf.port_list[1], 0);
	CU_ASSERT_EQUAL(o.conf.port_list[2], 1);
	CU_ASSERT_EQUAL(o.conf.port_list[3], 2);
	CU_ASSERT_STRING_EQUAL(o.port_list_opt, "--portlist");
	/* the last list wins; --nb-ports before a list no longer counts, after it does */
	CU_ASSERT_EQUAL(parse("ebbflow -- --portlist=2 --portmask=0x3"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 2);
	CU_ASSERT_EQUAL(o.conf.port_list[0], 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --nb-ports=1 --portmask=0xa"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_fwd_ports, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --portmask=0xa --nb-ports=1"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_fwd_ports, 1);
	CU_ASSERT_EQUAL(o.conf.nb_port_list, 2);
}

static void
test_bad_invocations(void)
{
	unsigned int i;

	CU_ASSERT(sizeof(bad) / sizeof(bad[0]) >= 25);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int ret = parse(bad[i].args);

		if (ret != -EINVAL || strcmp(err, bad[i].msg) != 0)
			fprintf(stderr, "\n  %s\n    got %d '%s'\n    want '%s'\n", bad[i].args,
				ret, err, bad[i].msg);
		CU_ASSERT_EQUAL(ret, -EINVAL);
		CU_ASSERT_STRING_EQUAL(err, bad[i].msg);
		CU_ASSERT(strchr(err, '\n') == NULL); /* one line */
	}
}

/* fuzz_options: a value with a newline or an escape gave a two-line or colouring error */
static void
test_bad_control_chars(void)
{
	char a0[] = "ebbflow", a1[] = "--", a2[] = "--burst=1\n2", a3[] = "--\x1b[31m";
	char *argv[] = { a0, a1, a2, NULL };

	CU_ASSERT_EQUAL(ebb_options_parse(3, argv, &o, err, sizeof(err)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "--burst must be 0..512 (got 1?2)");
	argv[2] = a3;
	CU_ASSERT_EQUAL(ebb_options_parse(3, argv, &o, err, sizeof(err)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "unknown or malformed option '--?[31m' (see --help)");
}

static void
test_bad_no_argv(void)
{
	char *argv[] = { NULL };

	CU_ASSERT_EQUAL(ebb_options_parse(0, argv, &o, err, sizeof(err)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "no program name");
}

static void
test_bad_then_good(void)
{
	/* the parser has no memory of a previous call (getopt re-initialised) */
	CU_ASSERT_EQUAL(parse("ebbflow -- -i --burst 513"), -EINVAL);
	CU_ASSERT_EQUAL(parse("ebbflow -- --burst 16"), 0);
	CU_ASSERT_EQUAL(o.conf.burst, 16);
	CU_ASSERT_FALSE(o.interactive);
	CU_ASSERT_STRING_EQUAL(err, "");
}

/* ---- valid invocations ---- */
static void
test_defaults(void)
{
	struct ebb_engine_conf def;

	ebb_engine_conf_defaults(&def);
	CU_ASSERT_EQUAL(parse("ebbflow"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 1);
	CU_ASSERT_FALSE(o.help || o.interactive || o.auto_start || o.tx_first || o.fwd_mode_set);
	CU_ASSERT_EQUAL(o.stats_period, 0);
	CU_ASSERT_STRING_EQUAL(o.cmdline_file, "");
	CU_ASSERT_EQUAL(memcmp(&o.conf, &def, sizeof(def)), 0);
}

static void
test_eal_split(void)
{
	CU_ASSERT_EQUAL(parse("ebbflow --no-pci --no-huge -m 512 --vdev net_null0"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 7); /* no `--`: every argument is EAL's */
	CU_ASSERT_FALSE(o.interactive);

	CU_ASSERT_EQUAL(parse("ebbflow --no-pci -l 0,1 -- -i"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 4);
	CU_ASSERT_TRUE(o.interactive);

	/* -a before `--` is EAL's (allow device), after it auto-start */
	CU_ASSERT_EQUAL(parse("ebbflow -a 0000:00:03.0 -- -a"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 3);
	CU_ASSERT_TRUE(o.auto_start);

	CU_ASSERT_EQUAL(parse("ebbflow --"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 1);

	/* EAL garbage is not ours to judge */
	CU_ASSERT_EQUAL(parse("ebbflow --whatever -- -i"), 0);
	CU_ASSERT_EQUAL(o.eal_argc, 2);
}

static void
test_every_option(void)
{
	const struct ebb_engine_conf *c = &o.conf;
	char line[512];
	char path[] = "/tmp/ebb_app_test_cmdsXXXXXX";
	int fd = mkstemp(path);

	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	snprintf(line, sizeof(line),
		 "ebbflow --no-huge -- -i -a --forward-mode=mac --nb-cores 3 --rxq=2 --txq 4 "
		 "--rxd 512 --txd=256 --burst=512 --total-num-mbufs 8192 --mbuf-size 4096 "
		 "--txpkts=1500 --eth-peer=1,02:00:00:00:00:0a --stats-period 5 "
		 "--cmdline-file %s --tx-first --no-wait --reserve 64", path);
	CU_ASSERT_EQUAL(parse(line), 0);
	CU_ASSERT_STRING_EQUAL(err, "");
	CU_ASSERT_EQUAL(o.eal_argc, 2);
	CU_ASSERT_TRUE(o.interactive && o.auto_start && o.tx_first && o.fwd_mode_set);
	CU_ASSERT_STRING_EQUAL(c->fwd_mode, "mac");
	CU_ASSERT_EQUAL(c->nb_fwd_lcores, 3);
	CU_ASSERT_EQUAL(c->nb_rxq, 2);
	CU_ASSERT_EQUAL(c->nb_txq, 4);
	CU_ASSERT_EQUAL(c->nb_rxd, 512);
	CU_ASSERT_EQUAL(c->nb_txd, 256);
	CU_ASSERT_EQUAL(c->burst, 512);
	CU_ASSERT_EQUAL(c->total_num_mbufs, 8192);
	CU_ASSERT_EQUAL(c->mbuf_size, 4096);
	CU_ASSERT_EQUAL(c->txpkts, 1500);
	CU_ASSERT_TRUE(c->eth_peer_set[1]);
	CU_ASSERT_FALSE(c->eth_peer_set[0]);
	CU_ASSERT_EQUAL(c->eth_peer[1].addr_bytes[0], 0x02);
	CU_ASSERT_EQUAL(c->eth_peer[1].addr_bytes[5], 0x0a);
	CU_ASSERT_EQUAL(o.stats_period, 5);
	CU_ASSERT_STRING_EQUAL(o.cmdline_file, path);
	CU_ASSERT_TRUE(c->no_wait);
	CU_ASSERT_EQUAL(c->reserve, 64);
	unlink(path);
}

static void
test_short_and_bounds(void)
{
	CU_ASSERT_EQUAL(parse("ebbflow -- -ia --tx-first"), 0);
	CU_ASSERT_TRUE(o.interactive && o.auto_start && o.tx_first);

	CU_ASSERT_EQUAL(parse("ebbflow -- --interactive --auto-start"), 0);
	CU_ASSERT_TRUE(o.interactive && o.auto_start);

	/* --tx-first without -i: non-interactive starts with tx_first */
	CU_ASSERT_EQUAL(parse("ebbflow -- --tx-first"), 0);
	CU_ASSERT_TRUE(o.tx_first);

	CU_ASSERT_EQUAL(parse("ebbflow -- --burst 1 --nb-cores 1 --rxq 1024 --rxd 65535"), 0);
	CU_ASSERT_EQUAL(o.conf.burst, 1);
	CU_ASSERT_EQUAL(o.conf.nb_rxq, 1024);
	CU_ASSERT_EQUAL(o.conf.nb_rxd, 65535);

	CU_ASSERT_EQUAL(parse("ebbflow -- --reserve 0 --txpkts 42 --stats-period 86400"), 0);
	CU_ASSERT_EQUAL(o.conf.reserve, 0);
	CU_ASSERT_EQUAL(o.conf.txpkts, 42);

	/* the last of a repeated option wins */
	CU_ASSERT_EQUAL(parse("ebbflow -- --max-pkt-len 1518"), 0);
	CU_ASSERT_EQUAL(o.max_pkt_len, 1518);
	CU_ASSERT_EQUAL(parse("ebbflow -- --max-pkt-len 9018 --mbuf-size 9200"), 0);
	CU_ASSERT_EQUAL(o.max_pkt_len, 9018);
	/* 0: the PMD's burst, resolved after EAL (main.c) */
	CU_ASSERT_EQUAL(parse("ebbflow -- --burst 0"), 0);
	CU_ASSERT_EQUAL(o.conf.burst, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --burst 8 --burst 16"), 0);
	CU_ASSERT_EQUAL(o.conf.burst, 16);

	/* any mode name is accepted here; the engine's list is checked after EAL */
	CU_ASSERT_EQUAL(parse("ebbflow -- --forward-mode nosuchmode"), 0);
	CU_ASSERT_STRING_EQUAL(o.conf.fwd_mode, "nosuchmode");

	CU_ASSERT_EQUAL(parse("ebbflow -- --eth-peer 31,AA:BB:CC:DD:EE:FF"), 0);
	CU_ASSERT_TRUE(o.conf.eth_peer_set[31]);
	CU_ASSERT_EQUAL(o.conf.eth_peer[31].addr_bytes[0], 0xaa);

	/* --port-ip: one entry per port, the last of a port wins, network order */
	CU_ASSERT_EQUAL(parse("ebbflow -- --port-ip 1,198.18.0.1/24 --port-ip=0,10.1.2.3/32 "
			      "--port-ip 1,198.18.0.9/16"), 0);
	CU_ASSERT_EQUAL_FATAL(o.nb_port_ips, 2);
	CU_ASSERT_EQUAL(o.port_ips[0].port, 1);
	CU_ASSERT_EQUAL(o.port_ips[0].ip, rte_cpu_to_be_32(0xc6120009) /* 198.18.0.9 */);
	CU_ASSERT_EQUAL(o.port_ips[0].prefix_len, 16);
	CU_ASSERT_EQUAL(o.port_ips[1].port, 0);
	CU_ASSERT_EQUAL(o.port_ips[1].ip, rte_cpu_to_be_32(0x0a010203) /* 10.1.2.3 */);
	CU_ASSERT_EQUAL(o.port_ips[1].prefix_len, 32);
	CU_ASSERT_EQUAL(parse("ebbflow -- -i"), 0);
	CU_ASSERT_EQUAL(o.nb_port_ips, 0);
	CU_ASSERT_FALSE(o.fwd_params.tx_retry);
	CU_ASSERT_EQUAL(o.fwd_params.tx_retry_num, 64);
	CU_ASSERT_EQUAL(o.fwd_params.tx_retry_delay_us, 1);
	CU_ASSERT_FALSE(o.fwd_params.txonly_multi_flow);
	CU_ASSERT_EQUAL(o.fwd_params.flowgen_flows, 1024);
	CU_ASSERT_EQUAL(parse("ebbflow -- --burst-tx-retry-num 0 --burst-tx-delay-time=250 "
			      "--txonly-multi-flow"), 0);
	CU_ASSERT_EQUAL(o.fwd_params.tx_retry_num, 0);
	CU_ASSERT_EQUAL(o.fwd_params.tx_retry_delay_us, 250);
	CU_ASSERT_TRUE(o.fwd_params.txonly_multi_flow);
	CU_ASSERT_FALSE(o.no_link_check);
	CU_ASSERT_EQUAL(parse("ebbflow -- --disable-link-check --no-flush-rx"), 0);
	CU_ASSERT_TRUE(o.no_link_check);
	CU_ASSERT_FALSE(o.conf.record_burst_stats);
	CU_ASSERT_FALSE(o.conf.record_core_cycles);
	CU_ASSERT_EQUAL(parse("ebbflow -- --record-burst-stats"), 0);
	CU_ASSERT_TRUE(o.conf.record_burst_stats);
	CU_ASSERT_FALSE(o.conf.record_core_cycles);
	CU_ASSERT_EQUAL(parse("ebbflow -- --record-core-cycles --record-burst-stats"), 0);
	CU_ASSERT_TRUE(o.conf.record_burst_stats);
	CU_ASSERT_TRUE(o.conf.record_core_cycles);
	CU_ASSERT_EQUAL(o.latencystats_lcore, -1);
	CU_ASSERT_EQUAL(o.bitrate_lcore, -1);
	CU_ASSERT_EQUAL(parse("ebbflow -- --latencystats=1 --bitrate-stats 0"), 0);
	CU_ASSERT_EQUAL(o.latencystats_lcore, 1);
	CU_ASSERT_EQUAL(o.bitrate_lcore, 0);
	/* pools and ports, as testpmd's */
	CU_ASSERT_FALSE(o.conf.mbcache_set);
	CU_ASSERT_FALSE(o.conf.no_lsc_interrupt);
	CU_ASSERT_EQUAL(o.conf.rss_hf, RTE_ETH_RSS_IP);
	CU_ASSERT_EQUAL(o.conf.rx_offloads, 0);
	CU_ASSERT_EQUAL(o.conf.tx_offloads, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --mbcache=512 --no-lsc-interrupt --enable-drop-en "
			      "--rss-udp --rx-offloads=0x80000 --tx-offloads=802E"), 0);
	CU_ASSERT_TRUE(o.conf.mbcache_set);
	CU_ASSERT_EQUAL(o.conf.mbcache, 512);
	CU_ASSERT_TRUE(o.conf.no_lsc_interrupt);
	CU_ASSERT_EQUAL(o.conf.rss_hf, RTE_ETH_RSS_UDP);
	CU_ASSERT_EQUAL(o.conf.rx_offloads, 0x80000);
	CU_ASSERT_EQUAL(o.conf.tx_offloads, 0x802e);
	CU_ASSERT_EQUAL(parse("ebbflow -- --rss-udp --disable-rss"), 0); /* the last wins */
	CU_ASSERT_EQUAL(o.conf.rss_hf, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --disable-rss --rss-ip"), 0);
	CU_ASSERT_EQUAL(o.conf.rss_hf, RTE_ETH_RSS_IP);
	CU_ASSERT_EQUAL(parse("ebbflow -- --mbcache=0 --no-wait"), 0);
	CU_ASSERT_TRUE(o.conf.mbcache_set);
	CU_ASSERT_EQUAL(o.conf.mbcache, 0);
	CU_ASSERT_EQUAL(parse("ebbflow -- --mbcache=100 --total-num-mbufs=150"), 0);
	CU_ASSERT_EQUAL(o.conf.mbcache, 100);
	CU_ASSERT_EQUAL(parse("ebbflow -- --rx-offloads=0xffffffffffffffff --tx-offloads=0"), 0);
	CU_ASSERT_EQUAL(o.conf.rx_offloads, UINT64_MAX);
	CU_ASSERT_EQUAL(o.conf.tx_offloads, 0);
	CU_ASSERT_FALSE(o.conf.no_numa);
	CU_ASSERT_FALSE(o.conf.socket_num_set);
	CU_ASSERT_EQUAL(parse("ebbflow -- --no-numa --socket-num=3"), 0);
	CU_ASSERT_TRUE(o.conf.no_numa);
	CU_ASSERT_TRUE(o.conf.socket_num_set);
	CU_ASSERT_EQUAL(o.conf.socket_num, 3);
	CU_ASSERT_EQUAL(parse("ebbflow -- --no-numa --numa"), 0); /* the last wins */
	CU_ASSERT_FALSE(o.conf.no_numa);
}

/* --eth-peers-configfile: line k is port k's peer; one bad line refuses the file */
static void
test_peers_file(void)
{
	char path[] = "/tmp/ebb_test_peersXXXXXX";
	int fd = mkstemp(path);
	FILE *f;
	char arg[128];

	CU_ASSERT_FATAL(fd >= 0);
	f = fdopen(fd, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fprintf(f, "02:00:00:00:aa:00\n02:00:00:00:AA:01 \n");
	fclose(f);
	snprintf(arg, sizeof(arg), "ebbflow -- --eth-peers-configfile %s "
		 "--eth-peer 1,02:00:00:00:00:77", path);
	CU_ASSERT_EQUAL(parse(arg), 0);
	CU_ASSERT_TRUE(o.conf.eth_peer_set[0] && o.conf.eth_peer_set[1]);
	CU_ASSERT_FALSE(o.conf.eth_peer_set[2]);
	CU_ASSERT_EQUAL(o.conf.eth_peer[0].addr_bytes[4], 0xaa);
	CU_ASSERT_EQUAL(o.conf.eth_peer[1].addr_bytes[5], 0x77); /* the later one wins */
	CU_ASSERT_FALSE(o.eth_peer_given[0]); /* from the file: not checked against the ports */
	CU_ASSERT_TRUE(o.eth_peer_given[1]);
	f = fopen(path, "a");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	fprintf(f, "02:00:00:00:aa\n");
	fclose(f);
	snprintf(arg, sizeof(arg), "ebbflow -- --eth-peers-configfile=%s", path);
	CU_ASSERT_EQUAL(parse(arg), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "line 3: bad MAC address '02:00:00:00:aa'"));
	unlink(path);
}

static void
test_help(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	CU_ASSERT_EQUAL(parse("ebbflow -- -h"), 0);
	CU_ASSERT_TRUE(o.help);
	/* -h wins over what follows, even invalid */
	CU_ASSERT_EQUAL(parse("ebbflow -- --help --burst 0"), 0);
	CU_ASSERT_TRUE(o.help);

	f = open_memstream(&buf, &len);
	CU_ASSERT_FATAL(f != NULL);
	ebb_options_usage(f, "ebbflow");
	fclose(f);
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "--forward-mode"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "--eth-peer"));
	CU_ASSERT_PTR_NOT_NULL(strstr(buf, "--no-wait"));
	free(buf);
}

/* -l LIST / -c MASK before EAL: the count --nb-cores is checked against */
static void
test_lcore_count(void)
{
	static const struct { const char *args; int n; } cases[] = {
		{ "ebbflow --no-pci", -1 },
		{ "ebbflow -l 0,1", 2 },
		{ "ebbflow -l0-3", 4 },
		{ "ebbflow -l 1-3,5,2", 4 },
		{ "ebbflow -c 0x3", 2 },
		{ "ebbflow -cf0", 4 },
		{ "ebbflow -c 7 -l 1", 1 },       /* the last wins */
		{ "ebbflow -l 0 --lcores 0@1", -1 }, /* EAL decides */
		{ "ebbflow -l 3-1", -1 },
		{ "ebbflow -l x", -1 },
		{ "ebbflow -l 0,", 1 },
		{ "ebbflow -l 99999", -1 },
		{ "ebbflow -c 0xg", -1 },
		{ "ebbflow -l", -1 },
	};

	for (unsigned int i = 0; i < RTE_DIM(cases); i++) {
		char buf[256], *argv[16];
		int argc = 0;

		snprintf(buf, sizeof(buf), "%s", cases[i].args);
		for (char *t = strtok(buf, " "); t != NULL && argc < 15; t = strtok(NULL, " "))
			argv[argc++] = t;
		argv[argc] = NULL;
		CU_ASSERT_EQUAL(ebb_eal_lcore_count(argc, argv), cases[i].n);
		if (ebb_eal_lcore_count(argc, argv) != cases[i].n)
			fprintf(stderr, "%s: %d, want %d\n", cases[i].args,
				ebb_eal_lcore_count(argc, argv), cases[i].n);
	}
}

static void
test_file_prefix(void)
{
	static const struct {
		const char *args;
		const char *prefix;
	} t[] = {
		{ "ebbflow", "rte" },
		{ "ebbflow --no-huge -- -i", "rte" },
		{ "ebbflow --file-prefix abc", "abc" },
		{ "ebbflow --no-pci --file-prefix=x1 -m 256", "x1" },
		{ "ebbflow --file-pre p2 -- -i", "p2" },
		{ "ebbflow --file p3", "p3" },
		{ "ebbflow --file-prefix a --file-prefix=b", "b" },
		{ "ebbflow --fil p4", "rte" },           /* too short to be ours */
		{ "ebbflow --file-prefixes p5", "rte" }, /* not an abbreviation */
		{ "ebbflow --file-prefix", "rte" },      /* no value: EAL refuses it */
		{ "ebbflow -- -i --file-prefix=app", "rte" }, /* ours (refused), not EAL's */
	};

	for (unsigned int i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		parse(t[i].args); /* sets o.eal_argc, even when it refuses */
		CU_ASSERT_STRING_EQUAL(ebb_eal_file_prefix(o.eal_argc, argv_last), t[i].prefix);
	}
}

static void
test_parse_uint_and_modes(void)
{
	unsigned long long v = 7;

	CU_ASSERT_EQUAL(ebb_parse_uint(NULL, 0, 10, &v), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_uint("", 0, 10, &v), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_uint(" 1", 0, 10, &v), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_uint("1 ", 0, 10, &v), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_uint("0x10", 0, 100, &v), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_uint("11", 0, 10, &v), -ERANGE);
	CU_ASSERT_EQUAL(ebb_parse_uint("99999999999999999999999", 0, ~0ULL, &v), -ERANGE);
	CU_ASSERT_EQUAL(v, 7); /* untouched on error */
	CU_ASSERT_EQUAL(ebb_parse_uint("010", 0, 10, &v), 0);
	CU_ASSERT_EQUAL(v, 10);

	CU_ASSERT_FALSE(ebb_mode_in_list("ma", "io|mac|macswap"));
	CU_ASSERT_FALSE(ebb_mode_in_list("macswapx", "io|mac|macswap"));
	CU_ASSERT_FALSE(ebb_mode_in_list("", "io|mac"));
	CU_ASSERT_TRUE(ebb_mode_in_list("io", "io|mac|macswap"));
	CU_ASSERT_TRUE(ebb_mode_in_list("mac", "io|mac|macswap"));
	CU_ASSERT_TRUE(ebb_mode_in_list("macswap", "io|mac|macswap"));
	CU_ASSERT_TRUE(ebb_mode_in_list("whatever", ""));
}

/* testpmd's X[,Y]* list of txonly segment lengths: ebb_parse_txsegs() and --txpkts */
static void
test_txsegs(void)
{
	uint16_t lens[EBB_ENGINE_MAX_TXSEGS];
	char why[160], list[1200];
	size_t k = 0;

	/* refused, each in one line that says what is expected */
	CU_ASSERT_EQUAL(ebb_parse_txsegs("", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "expected segment lengths X[,Y]* (got nothing)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs(NULL, 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "empty segment length in '64,' (want X[,Y]*, no trailing "
			       "comma)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs(",64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "empty segment length in ',64' (want X[,Y]*, no trailing "
			       "comma)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,,64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,0", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "segment 2 is 0 bytes (each 1..2048)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,2049", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "segment 2 of 2049 bytes does not fit one mbuf (each 1..2048)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,99999999999999999999", 2048, lens, why,
					 sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "segment 2 of more than 65535 bytes does not fit one mbuf "
			       "(each 1..2048)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("41,64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "first segment of 41 bytes: the Ethernet, IPv4 and UDP "
			       "headers (42 bytes) must fit in it");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64, 64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "'64, 64' is not a list of segment lengths X[,Y]* (decimal)");
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,-1", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64;64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("0x40,64", 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("60000,6000", 65000, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_STRING_EQUAL(why, "frame of 66000 bytes: at most 65535 in all");
	/* 256 segments: one too many */
	for (unsigned int i = 0; i <= EBB_ENGINE_MAX_TXSEGS; i++)
		k += (size_t)snprintf(list + k, sizeof(list) - k, "%s64", i != 0 ? "," : "");
	CU_ASSERT_EQUAL(ebb_parse_txsegs(list, 2048, lens, why, sizeof(why)), -EINVAL);
	CU_ASSERT_PTR_NOT_NULL(strstr(why, "more than 255 segments in '64,64,"));

	/* valid: the lengths in order */
	list[k - 3] = '\0'; /* 255 of them */
	CU_ASSERT_EQUAL(ebb_parse_txsegs(list, 2048, lens, why, sizeof(why)), 255);
	CU_ASSERT_EQUAL(lens[254], 64);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("64,64", 2048, lens, why, sizeof(why)), 2);
	CU_ASSERT_EQUAL(lens[0], 64);
	CU_ASSERT_EQUAL(lens[1], 64);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("42,1,2048", 2048, lens, why, sizeof(why)), 3);
	CU_ASSERT_EQUAL(lens[0], 42);
	CU_ASSERT_EQUAL(lens[1], 1);
	CU_ASSERT_EQUAL(lens[2], 2048);
	CU_ASSERT_EQUAL(ebb_parse_txsegs("0064", 2048, lens, why, sizeof(why)), 1);

	/* --txpkts: a list, checked against --mbuf-size whatever their order */
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=64,"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "--txpkts: empty segment length in '64,' (want X[,Y]*, no "
			       "trailing comma)");
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=20,64"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "--txpkts: first segment of 20 bytes: the Ethernet, IPv4 "
			       "and UDP headers (42 bytes) must fit in it");
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=64,1000 --mbuf-size=1024"), -EINVAL);
	CU_ASSERT_STRING_EQUAL(err, "--txpkts segment 2 of 1000 bytes does not fit in "
			       "--mbuf-size 1024 (max 896)");
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=60,4,64"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_txsegs, 3);
	CU_ASSERT_EQUAL(o.conf.txsegs[0], 60);
	CU_ASSERT_EQUAL(o.conf.txsegs[1], 4);
	CU_ASSERT_EQUAL(o.conf.txsegs[2], 64);
	CU_ASSERT_EQUAL(o.conf.txpkts, 128);
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=2048,2048"), 0); /* each fits one mbuf */
	CU_ASSERT_EQUAL(o.conf.txpkts, 4096);
	/* the last one wins, a list or a length */
	CU_ASSERT_EQUAL(parse("ebbflow -- --txpkts=64,64 --txpkts=100"), 0);
	CU_ASSERT_EQUAL(o.conf.nb_txsegs, 0);
	CU_ASSERT_EQUAL(o.conf.txpkts, 100);
}

int
main(void)
{
	CU_pSuite s;
	unsigned int failed;

	fake_engine_reset();
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("options", NULL, NULL);
	CU_add_test(s, "bad invocations", test_bad_invocations);
	CU_add_test(s, "bad: no argv", test_bad_no_argv);
	CU_add_test(s, "bad: control characters", test_bad_control_chars);
	CU_add_test(s, "bad then good", test_bad_then_good);
	CU_add_test(s, "defaults", test_defaults);
	CU_add_test(s, "EAL args split at --", test_eal_split);
	CU_add_test(s, "every option", test_every_option);
	CU_add_test(s, "short options and bounds", test_short_and_bounds);
	CU_add_test(s, "help", test_help);
	CU_add_test(s, "--eth-peers-configfile", test_peers_file);
	CU_add_test(s, "--port-topology, --nb-ports, --portmask, --portlist", test_port_layout);
	CU_add_test(s, "number and mode parsing", test_parse_uint_and_modes);
	CU_add_test(s, "--txpkts and set txpkts segment lists", test_txsegs);
	CU_add_test(s, "EAL --file-prefix", test_file_prefix);
	CU_add_test(s, "EAL -l/-c lcore count", test_lcore_count);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures();
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
}
