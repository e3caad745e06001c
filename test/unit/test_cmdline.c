/* SPDX-License-Identifier: BSD-3-Clause */
/* test_cmdline.c: ebbflow's prompt commands against a fake engine: the calls each line makes. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>
#include <cmdline.h>
#include <cmdline_rdline.h>

#include "cli.h"
#include "display.h"
#include "ebb_fwd.h"
#include "fake_engine.h"

static struct cmdline *cl;
static FILE *cmd_out;  /* what commands print (ebb_cli_out) */
static int lib_fd;     /* what the cmdline library writes: echo, prompt, its errors */
static char out[16384], lib[16384];

static void
slurp_fd(int fd, char *buf, size_t len)
{
	ssize_t n = pread(fd, buf, len - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
}

/* Type line at the prompt (the same entry the prompt uses); collect both outputs. */
static void
type(const char *line)
{
	fake.log[0] = '\0';
	fflush(cmd_out);
	CU_ASSERT_FATAL(ftruncate(fileno(cmd_out), 0) == 0);
	rewind(cmd_out);
	CU_ASSERT_FATAL(ftruncate(lib_fd, 0) == 0);
	lseek(lib_fd, 0, SEEK_SET);
	ebb_cli_input(cl, line, strlen(line));
	fflush(cmd_out);
	slurp_fd(fileno(cmd_out), out, sizeof(out));
	slurp_fd(lib_fd, lib, sizeof(lib));
}

static unsigned int
count_lines(const char *s)
{
	unsigned int n = 0;

	for (; *s != '\0'; s++)
		n += *s == '\n';
	return n;
}

/* a bad line: one line of explanation, and the engine is not called */
#define ASSERT_REFUSED(line, msg) do { \
		type(line); \
		CU_ASSERT_STRING_EQUAL(fake.log, ""); \
		CU_ASSERT_STRING_EQUAL(out, msg "\n"); \
	} while (0)

static int
suite_init(void)
{
	char path[] = "/tmp/ebb_app_cmdlineXXXXXX";
	int in = open("/dev/null", O_RDONLY);

	fake_engine_reset();
	cmd_out = tmpfile();
	lib_fd = mkstemp(path);
	if (in < 0 || cmd_out == NULL || lib_fd < 0)
		return -1;
	unlink(path);
	ebb_cli_set_out(cmd_out);
	cl = cmdline_new(ebb_cli_ctx(), EBB_PROMPT, in, dup(lib_fd));
	return cl == NULL ? -1 : 0;
}

static int
suite_fini(void)
{
	cmdline_free(cl);
	fclose(cmd_out);
	close(lib_fd);
	return 0;
}

/* ---- bad lines first ---- */
static void
test_unknown_commands(void)
{
	static const char *const lines[] = {
		"foo\n", "start now\n", "stop all\n", "show\n", "show port\n", "show port stats\n",
		"show port bogus all\n", "set\n", "set speed 10\n", "clear port stats\n",
		"quit now\n", "show port xstats\n", "show rxq info 0\n", "show port 0\n",
		"show port 0 rss-hash keys\n", "dump_mempool a b\n", "help all now\n",
	};

	for (unsigned int i = 0; i < RTE_DIM(lines); i++) {
		type(lines[i]);
		CU_ASSERT_STRING_EQUAL(fake.log, "");
		CU_ASSERT_STRING_EQUAL(out, "");
		/* the library's own line (Command not found / Bad arguments) */
		CU_ASSERT(strstr(lib, "Command not found\n") != NULL ||
			  strstr(lib, "Bad arguments\n") != NULL);
		CU_ASSERT_FALSE(ebb_cli_quit_requested());
	}
}

/* what bad_input.sh and fuzz_cmdline feed: overlong words and lines, bytes of no text */
static void
test_garbage_lines(void)
{
	char line[1200];

	memset(line, 'x', sizeof(line) - 2);
	line[sizeof(line) - 2] = '\n';
	line[sizeof(line) - 1] = '\0';
	memcpy(line, "set fwd ", 8); /* a 1190-byte mode: longer than a token, and a line */
	type(line);
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(lib, "Bad arguments\n"));

	type("\x80\xff\xfe%s%n\xc3\x28 }{][ $(x) ;|&\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(lib, "Command not found\n"));

	/* bytes that are no text are dropped by the line editor: the command still runs */
	type("show\x80 po\xffol\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;");
	CU_ASSERT_FALSE(ebb_cli_quit_requested());
}

static void
test_bad_values(void)
{
	ASSERT_REFUSED("set burst 0\n", "Invalid burst '0': must be 1..512");
	ASSERT_REFUSED("set burst 513\n", "Invalid burst '513': must be 1..512");
	ASSERT_REFUSED("set burst abc\n", "Invalid burst 'abc': must be 1..512");
	ASSERT_REFUSED("set burst -4\n", "Invalid burst '-4': must be 1..512");
	ASSERT_REFUSED("set nbcore 0\n", "Invalid nbcore '0': must be 1..127 (worker lcores)");
	ASSERT_REFUSED("set nbcore x\n", "Invalid nbcore 'x': must be 1..127 (worker lcores)");
	ASSERT_REFUSED("show port stats 99\n", "Invalid port '99': ports are 0..1 or all");
	ASSERT_REFUSED("show port stats 2\n", "Invalid port '2': ports are 0..1 or all");
	ASSERT_REFUSED("show port info -1\n", "Invalid port '-1': ports are 0..1 or all");
	ASSERT_REFUSED("show port info ALL\n", "Invalid port 'ALL': ports are 0..1 or all");
	ASSERT_REFUSED("clear port stats 99\n", "Invalid port '99': ports are 0..1 or all");
	fake.nb_ports = 0;
	ASSERT_REFUSED("show port stats all\n", "No port");
	fake.nb_ports = 2;
}

/* lines the library would answer "Bad arguments" to: ours say what is expected */
static void
test_specific_refusals(void)
{
	ASSERT_REFUSED("set fwd\n", "set fwd: expected a forwarding mode (" FAKE_MODES ")");
	ASSERT_REFUSED("set burst\n", "set burst: expected packets per burst, 1..512");
	ASSERT_REFUSED("set nbcore\n", "set nbcore: expected the number of forwarding cores");
	ASSERT_REFUSED("show fwd stats\n", "show fwd stats: expected 'all' (show fwd stats all)");
	ASSERT_REFUSED("show fwd stats 0\n", "Invalid '0': expected show fwd stats all");
	ASSERT_REFUSED("clear fwd stats\n",
		       "clear fwd stats: expected 'all' (clear fwd stats all)");
	ASSERT_REFUSED("show config\n", "show config: expected fwd, rxtx, cores or txpkts");
	ASSERT_REFUSED("show config foo\n",
		       "Invalid config 'foo': expected fwd, rxtx, cores or txpkts");
	ASSERT_REFUSED("help me\n", "Invalid help section 'me': expected control, display, "
		       "config, ports, forwarding or all");
	ASSERT_REFUSED("show device info net_null0\n",
		       "Invalid device 'net_null0': expected all (show device info all)");
	ASSERT_REFUSED("show rxq info 0 1\n", "Invalid RX queue '1': port 0 has RX queues 0..0");
	ASSERT_REFUSED("show txq info 1 x\n", "Invalid TX queue 'x': port 1 has TX queues 0..0");
	ASSERT_REFUSED("show rxq info 2 0\n", "Invalid port '2': ports are 0..1");
	ASSERT_REFUSED("show port 9 macs\n", "Invalid port '9': ports are 0..1");
	ASSERT_REFUSED("show port all rss-hash\n", "Invalid port 'all': ports are 0..1");
	ASSERT_REFUSED("show port xstats 2\n", "Invalid port '2': ports are 0..1 or all");
	ASSERT_REFUSED("clear port xstats -1\n", "Invalid port '-1': ports are 0..1 or all");
	fake.nb_ports = 0;
	ASSERT_REFUSED("show port summary all\n", "No port");
	ASSERT_REFUSED("show device info all\n", "No port");
	ASSERT_REFUSED("show port 0 macs\n", "No port");
	fake.nb_ports = 2;
}

static void
test_engine_refusals(void)
{
	/* the engine's errors become one line, the prompt comes back */
	type("set fwd foo\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_fwd(foo);");
	CU_ASSERT_STRING_EQUAL(out, "Invalid forwarding mode 'foo' (modes: " FAKE_MODES ")\n");
	CU_ASSERT_STRING_EQUAL(fake.mode, "io");

	type("set nbcore 5\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_nbcore(5);");
	CU_ASSERT_STRING_EQUAL(out, "nb fwd cores 5 > 1 (max. number of configured lcores) - "
			       "ignored\n");
	CU_ASSERT_EQUAL(fake.nbcore, 1);

	type("stop\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Packet forwarding not started\n");

	type("dump_mempool nosuch\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "dump_pool(nosuch);");
	CU_ASSERT_STRING_EQUAL(out, "No pool 'nosuch' (show pool lists them)\n");

	fake.ret_show = -ENOTSUP;
	type("show port 0 rss-hash\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(6,0,0);");
	CU_ASSERT_STRING_EQUAL(out, "Port 0: rss-hash: the PMD does not say (Operation not "
			       "supported)\n");
	fake.ret_show = -EIO;
	type("show port xstats 1\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: cannot read its xstats: Input/output error\n");
	type("show rxq info 1 0\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: RX queue info: Input/output error\n");
	fake.ret_show = 0;

	fake.ret_start = -EIO;
	type("start\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "start(0);");
	CU_ASSERT_STRING_EQUAL(out, "start failed: Input/output error\n");
	CU_ASSERT_FALSE(fake.running);
	fake.ret_start = 0;

	fake.ret_clear = -EIO;
	type("clear port stats 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "clear(1);");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: cannot clear statistics: Input/output error\n");
	fake.ret_clear = 0;
}

static void
test_busy_while_running(void)
{
	fake.running = true;
	type("start\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "start(0);");
	CU_ASSERT_STRING_EQUAL(out, "Packet forwarding already started\n");
	type("set fwd mac\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_fwd(mac);");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change the forwarding mode while forwarding: stop first\n");
	type("set nbcore 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_nbcore(1);");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change nbcore while forwarding: stop first\n");
	fake.running = false;
}

/* ---- good lines: the right engine calls with the right arguments ---- */
static void
test_start_stop(void)
{
	type("start\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "start(0);config_fwd;show(8,0,0);");
	CU_ASSERT_TRUE(fake.running);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "io packet forwarding"));

	type("stop\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "stop;fwd_stats;audit;");
	CU_ASSERT_FALSE(fake.running);
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Accumulated forward statistics"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "pool fake_s0: 4096/4096 mbufs returned\n"));

	type("start tx_first\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "start(1);config_fwd;show(8,0,0);");

	fake.missing = 3;
	type("stop\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "stop;fwd_stats;audit;");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "pool fake_s0: 4093/4096 mbufs returned, 3 missing\n"));
	fake.missing = 0;

	/* extra blanks and a comment are fine */
	type("   start    tx_first   # go\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "start(1);config_fwd;show(8,0,0);");
	type("stop\n");
}

static void
test_setters(void)
{
	type("set fwd mac\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_fwd(mac);");
	CU_ASSERT_STRING_EQUAL(out, "Set mac packet forwarding mode\n");
	CU_ASSERT_STRING_EQUAL(fake.mode, "mac");
	type("set fwd io\n");
	CU_ASSERT_STRING_EQUAL(fake.mode, "io");

	type("set burst 64\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_burst(64);");
	CU_ASSERT_EQUAL(fake.burst, 64);
	type("set burst 512\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_burst(512);");
	type("set burst 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_burst(1);");
	CU_ASSERT_STRING_EQUAL(out, "Number of packets per burst set to 1\n");

	type("set nbcore 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_nbcore(1);");
	CU_ASSERT_STRING_EQUAL(out, "Number of forwarding cores set to 1\n");
}

/* set fwd MODE retry turns lib/fwd's TX retry on, set fwd MODE off again */
static void
test_retry_verbose(void)
{
	struct ebb_fwd_params p;

	type("set fwd mac retry\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_fwd(mac);");
	CU_ASSERT_STRING_EQUAL(out, "Set mac packet forwarding mode with retry\n");
	ebb_fwd_params_get(&p);
	CU_ASSERT_TRUE(p.tx_retry);
	type("set fwd io\n");
	ebb_fwd_params_get(&p);
	CU_ASSERT_FALSE(p.tx_retry);
	type("set fwd nosuch retry\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Invalid forwarding mode 'nosuch'"));
	ebb_fwd_params_get(&p);
	CU_ASSERT_FALSE(p.tx_retry);
	type("set fwd io retri\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(lib, "Bad arguments"));

	type("set verbose 0\n");
	CU_ASSERT_STRING_EQUAL(out, "Change verbose level from 0 to 0\n");
	type("set verbose 65536\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid verbose level '65536': must be 0..65535 (1: RX "
			       "dump, 2: TX, 3: both)\n");
	type("set verbose\n");
	CU_ASSERT_STRING_EQUAL(out, "set verbose: expected a level 0..65535 (1: RX dump, 2: TX, "
			       "3: both)\n");

	/* set txpkts, set eth-peer: nothing said when set, as testpmd */
	type("set txpkts 100\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_txpkts(100);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set txpkts 64,64\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_txsegs(64,64);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set txpkts 60,4,64\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_txsegs(60,4,64);");
	CU_ASSERT_STRING_EQUAL(out, "");
	/* refused before the engine, in one line that says what is expected */
	type("set txpkts 64,\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid txpkts: empty segment length in '64,' (want "
			       "X[,Y]*, no trailing comma)\n");
	type("set txpkts 20,64\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid txpkts: first segment of 20 bytes: the Ethernet, "
			       "IPv4 and UDP headers (42 bytes) must fit in it\n");
	type("set txpkts 64,2049\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid txpkts: segment 2 of 2049 bytes does not fit one "
			       "mbuf (each 1..2048)\n");
	type("set txpkts 64,1,1,1,1,1,1,1,1\n"); /* the fake's ports take 8 */
	CU_ASSERT_STRING_EQUAL(out, "Invalid txpkts '64,1,1,1,1,1,1,1,1': 9 segments, more than "
			       "a port sends per packet (its TX descriptor limit)\n");
	fake.running = true;
	type("set txpkts 64,64\n");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change txpkts while forwarding: stop first\n");
	fake.running = false;
	type("set txpkts 41\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Invalid txpkts '41': must be 42.."));
	type("set eth-peer 1 02:00:00:00:00:99\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_eth_peer(1,99);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set eth-peer 1 02:00:00:00:00\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid MAC address '02:00:00:00:00': want "
			       "XX:XX:XX:XX:XX:XX\n");
	type("set eth-peer 7 02:00:00:00:00:99\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	type("set eth-peer\n");
	CU_ASSERT_STRING_EQUAL(out, "set eth-peer: expected N XX:XX:XX:XX:XX:XX\n");

	/* start tx_first N: 1 is start tx_first, more the engine's N bursts */
	type("start tx_first 0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid tx_first '0': bursts must be 1..1024\n");
	type("start tx_first 1025\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	type("start tx_first 1\n");
	CU_ASSERT_EQUAL(strncmp(fake.log, "start(1);", 9), 0); /* then the banner's calls */
	type("stop\n");
	type("start tx_first 5\n");
	CU_ASSERT_EQUAL(strncmp(fake.log, "start_tx_first(5);", 18), 0);
	type("stop\n");
}

/* Every completion cmdline_complete() lists for buf (state from 0 until it returns 0),
 * the choice words only, each followed by one space, into list. */
static void
completions(const char *buf, char *list, size_t len)
{
	char dst[512];
	int state = -1, ret; /* -1: list even when the choices share a prefix */
	size_t n = 0;

	list[0] = '\0';
	while ((ret = cmdline_complete(cl, buf, &state, dst, sizeof(dst))) == 1) {
		size_t w = strcspn(dst, " ");

		if (dst[0] != '[' && n + w + 2 < len) { /* "[...]" : a token without values */
			memcpy(list + n, dst, w);
			n += w;
			list[n++] = ' ';
			list[n] = '\0';
		}
	}
	CU_ASSERT_EQUAL(ret, 0);
}

/* TAB completes values: the forwarding modes after "set fwd ", "all" and the ports after
 * "show port info " (and the port commands' all|N), through the library's completion */
static void
test_tab_completion(void)
{
	char dst[256], list[1024];
	int state = 0;

	/* one mode starts with "tx": TAB completes it at once, and the line runs */
	CU_ASSERT_EQUAL(cmdline_complete(cl, "set fwd tx", &state, dst, sizeof(dst)), 2);
	CU_ASSERT_STRING_EQUAL(dst, "only ");
	type("set fwd tx\t\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_fwd(txonly);");
	CU_ASSERT_STRING_EQUAL(fake.mode, "txonly");
	/* "ma": mac and macswap share "mac" */
	state = 0;
	CU_ASSERT_EQUAL(cmdline_complete(cl, "set fwd ma", &state, dst, sizeof(dst)), 2);
	CU_ASSERT_STRING_EQUAL(dst, "c");
	/* the list after "set fwd ": every mode, in the engine's order */
	completions("set fwd ", list, sizeof(list));
	CU_ASSERT_STRING_EQUAL(list, "io mac macswap rxonly txonly ");
	completions("set fwd r", list, sizeof(list));
	CU_ASSERT_STRING_EQUAL(list, "rxonly ");
	/* the ports: all, then each port */
	completions("show port info ", list, sizeof(list));
	/* then the words of "show port N macs|rss-hash [key]", whose N "info" also fills */
	CU_ASSERT_STRING_EQUAL(list, "all 0 1 macs rss-hash rss-hash ");
	completions("clear port stats ", list, sizeof(list));
	CU_ASSERT_STRING_EQUAL(list, "all 0 1 ");
	state = 0;
	CU_ASSERT_EQUAL(cmdline_complete(cl, "show port info a", &state, dst, sizeof(dst)), 2);
	CU_ASSERT_STRING_EQUAL(dst, "ll ");
	type("show port info a\t\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_info(0);port_info(1);");
	/* a word that is no value still reaches the command, which says what is wrong */
	ASSERT_REFUSED("show port info 7\n", "Invalid port '7': ports are 0..1 or all");
	type("set fwd io\n");
	CU_ASSERT_STRING_EQUAL(fake.mode, "io");
}

static void
test_ports(void)
{
	type("show port info all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_info(0);port_info(1);");
	type("show port info 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_info(1);");
	type("show port stats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_port_stats(0);show_port_stats(1);");
	type("show port stats 0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_port_stats(0);");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "NIC statistics for port 0"));
	type("clear port stats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "clear(0);clear(1);");
	type("clear port stats 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "clear(1);");
	CU_ASSERT_STRING_EQUAL(out, "\n  NIC statistics for port 1 cleared\n");

	type("show port xstats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(0,0,0);show(0,1,0);");
	type("show port summary all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(1,65535,0);show(1,0,0);show(1,1,0);");
	type("show port summary 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(1,65535,0);show(1,1,0);");
	type("clear port xstats 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "xstats_clear(1);");
	CU_ASSERT_STRING_EQUAL(out, ""); /* as testpmd: nothing */
	fake.ret_clear = -EIO;
	type("clear port xstats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "xstats_clear(0);xstats_clear(1);");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Port 1: cannot clear extended statistics: "
				      "Input/output error\n"));
	fake.ret_clear = 0;
	type("show port 1 macs\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(5,1,0);");
	type("show port 0 rss-hash\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(6,0,0);");
	type("show port 0 rss-hash key\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(7,0,0);");
	type("show device info all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(2,0,0);show(2,1,0);");
	type("show rxq info 1 0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(3,1,0);");
	type("show txq info 0 0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(4,0,0);");
}

/* port stop|start, port config mtu, set promisc|allmulti, mac_addr set */
static void
test_port_config(void)
{
	ASSERT_REFUSED("port stop 2\n", "Invalid port '2': ports are 0..1 or all");
	ASSERT_REFUSED("port start x\n", "Invalid port 'x': ports are 0..1 or all");
	ASSERT_REFUSED("port config mtu 2 1500\n", "Invalid port '2': ports are 0..1");
	ASSERT_REFUSED("port config mtu 0 67\n", "Invalid MTU '67': expected 68..2030");
	ASSERT_REFUSED("port config mtu 0 1e3\n", "Invalid MTU '1e3': expected 68..2030");
	ASSERT_REFUSED("set promisc all maybe\n", "Invalid 'maybe': expected set promisc all|N on|off");
	ASSERT_REFUSED("set allmulti 3 on\n", "Invalid port '3': ports are 0..1 or all");
	ASSERT_REFUSED("set promisc\n", "set promisc: expected all|N on|off");
	ASSERT_REFUSED("mac_addr set 0 01:00:5e:00:00:01\n", "Invalid MAC address "
		       "'01:00:5e:00:00:01': expected XX:XX:XX:XX:XX:XX, unicast, not zero");
	ASSERT_REFUSED("mac_addr set 0 00:00:00:00:00:00\n", "Invalid MAC address "
		       "'00:00:00:00:00:00': expected XX:XX:XX:XX:XX:XX, unicast, not zero");
	ASSERT_REFUSED("mac_addr set 0 02:00:00:00:01\n", "Invalid MAC address "
		       "'02:00:00:00:01': expected XX:XX:XX:XX:XX:XX, unicast, not zero");
	ASSERT_REFUSED("mac_addr set 5 02:00:00:00:00:01\n", "Invalid port '5': ports are 0..1");

	type("port stop all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_stop(0);port_stop(1);");
	CU_ASSERT_STRING_EQUAL(out, "Stopping ports...\nChecking link statuses...\nDone\n");
	type("port start 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_start(1);");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: 02:00:00:00:00:01\nChecking link statuses...\nDone\n");
	type("port config all rss udp\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_rss(0,hf);port_rss(1,hf);");
	CU_ASSERT_STRING_EQUAL(out, "");
	fake.ret_rss = -ENOTSUP;
	type("port config all rss none\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "port_rss(0,0);port_rss(1,0);");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Configuration of RSS hash at ethernet port 1 failed "
				      "with error (95): Operation not supported.\n"));
	fake.ret_rss = 0;
	type("port config all rss tcp\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_STRING_EQUAL(out, "Invalid 'tcp': expected port config all rss ip|udp|none\n");
	/* a link that stays down: waited for (9 s at most), then named */
	fake.link_down = true;
	type("port start 1\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: 02:00:00:00:00:01\nChecking link statuses...\n"
			       "Port 1 Link down\nDone\n");
	ebb_cli_set_link_check(false); /* --disable-link-check: no wait, nothing named */
	type("port start 1\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: 02:00:00:00:00:01\nChecking link statuses...\nDone\n");
	ebb_cli_set_link_check(true);
	fake.link_down = false;
	fake.ret_port = -EALREADY;
	type("port start 0\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 0 is started already\nDone\n");
	type("port stop all\n"); /* all: nothing said of the ports stopped already */
	CU_ASSERT_STRING_EQUAL(out, "Stopping ports...\nDone\n");
	fake.ret_port = -EBUSY;
	type("port stop 0\n");
	CU_ASSERT_STRING_EQUAL(out, "Stopping ports...\nPort 0: forwarding runs: stop it first\nDone\n");
	fake.ret_port = -ENOTSUP;
	type("set promisc 0 off\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "promisc(0,0);");
	CU_ASSERT_STRING_EQUAL(out, "Port 0: cannot turn promiscuous mode off: Operation not "
			       "supported\n");
	type("port config mtu 1 1500\n");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: cannot set MTU 1500: Operation not supported\n");
	fake.ret_port = 0;

	type("port config mtu 1 9000\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "mtu(1,9000);");
	CU_ASSERT_STRING_EQUAL(out, "Port 1: MTU 9000 does not fit in one mbuf (--mbuf-size "
			       "2176: MTU at most 2030)\n");
	type("port config mtu 0 1500\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "mtu(0,1500);");
	CU_ASSERT_STRING_EQUAL(out, ""); /* as testpmd */
	type("set promisc all on\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "promisc(0,1);promisc(1,1);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set allmulti 1 off\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "allmulti(1,0);");
	type("mac_addr set 1 02:AA:bb:00:00:09\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "mac(1,02:AA:BB:00:00:09);");
	CU_ASSERT_STRING_EQUAL(out, "");

	ASSERT_REFUSED("port config all rxd 0\n", "Invalid rxd '0': expected 1..65535 descriptors "
		       "per queue");
	ASSERT_REFUSED("port config all txd x\n", "Invalid txd 'x': expected 1..65535 descriptors "
		       "per queue");
	ASSERT_REFUSED("port config all rxq 0\n", "Invalid rxq '0': expected 1..1024 queues per "
		       "port");
	ASSERT_REFUSED("port config all txq 1025\n", "Invalid txq '1025': expected 1..1024 queues "
		       "per port");
	ASSERT_REFUSED("port config all rxq -1\n", "Invalid rxq '-1': expected 1..1024 queues per "
		       "port");
	type("port config all rxq 2\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "queues(2,0);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("port config all txq 4\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "queues(0,4);");
	fake.ret_port = -EINVAL;
	type("port config all rxq 2\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid rxq 2: txq must be at least rxq (each RX queue sends "
			       "on its own TX queue; now rxq 1 txq 1)\n");
	fake.ret_port = -ENOBUFS;
	type("port config all rxq 2\n");
	CU_ASSERT_STRING_EQUAL(out, "port config all rxq 2: the pools cannot serve those queues "
			       "(see the line above); the ports keep rxq 1 txq 1\n");
	type("port config all rxd 4096\n");
	CU_ASSERT_STRING_EQUAL(out, "port config all rxd 4096: the pools cannot back those rings "
			       "(see the line above); the rings stay as they were\n");
	fake.ret_port = -E2BIG;
	type("port config all txq 9\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid txq 9: more queues than a port's PMD takes\n");
	fake.ret_port = -EAGAIN;
	type("port config all txq 2\n");
	CU_ASSERT_STRING_EQUAL(out, "Please stop all ports first (port stop all)\n");
	fake.ret_port = 0;
	fake.running = true;
	type("port config all rxq 2\n");
	CU_ASSERT_STRING_EQUAL(out, "Please stop forwarding first\n");
	fake.running = false;
	type("port config all rxd 512\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "desc(512,0);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("port config all txd 256\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "desc(0,256);");
	fake.ret_port = -EAGAIN;
	type("port config all rxd 512\n");
	CU_ASSERT_STRING_EQUAL(out, "Please stop all ports first (port stop all)\n");
	fake.ret_port = 0;
	fake.running = true;
	type("port config all rxd 512\n");
	CU_ASSERT_STRING_EQUAL(out, "Please stop forwarding first\n");
	fake.running = false;

	fake.ret_start = -ENOTCONN;
	type("start\n");
	CU_ASSERT_STRING_EQUAL(out, "Not all ports were started (port start all)\n");
	fake.ret_start = 0;
}

static void
test_shows(void)
{
	type("show fwd stats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "fwd_stats;");
	type("show config fwd\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "config_fwd;");
	type("show config rxtx\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(8,0,0);");
	type("show config cores\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(9,0,0);");
	type("show config txpkts\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show(10,0,0);");
	type("clear fwd stats all\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "clear(0);clear(1);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("dump_mempool\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "dump_pool(NULL);");
	type("dump_mempool fake_s0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "dump_pool(fake_s0);");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "mempool <fake_s0>"));
	type("show pool\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "fake_s0"));
}

static void
test_help(void)
{
	static const char *const words[] = {
		"start", "start tx_first", "stop", "set fwd", "set burst", "set nbcore",
		"show config fwd", "fwd stats all", "show port info", "clear port stats",
		"show pool", "help", "quit",
	};

	static const char *const sections[] = {
		"help control", "help display", "help config", "help ports", "help forwarding",
		"help all",
	};

	/* help: testpmd's list of sections */
	type("help\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "Help is available for the following sections:"));
	for (unsigned int i = 0; i < RTE_DIM(sections); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(out, sections[i]));
	type("help all\n");
	for (unsigned int i = 0; i < RTE_DIM(words); i++)
		CU_ASSERT_PTR_NOT_NULL(strstr(out, words[i]));
	CU_ASSERT(count_lines(out) >= 10);
	CU_ASSERT_PTR_NULL(strstr(out, "(null)"));
	/* a section holds its commands only */
	type("help control\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  start:"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  quit:"));
	CU_ASSERT_PTR_NULL(strstr(out, "  show"));
	type("help display\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  show port info"));
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  dump_mempool"));
	CU_ASSERT_PTR_NULL(strstr(out, "  start"));
	type("help forwarding\n");
	CU_ASSERT_PTR_NOT_NULL(strstr(out, "  set fwd"));
	CU_ASSERT_PTR_NULL(strstr(out, "  show port"));
}

/* set nbport|portlist|corelist|coremask: testpmd's lines, ebbflow's refusals */
static void
test_layout(void)
{
	ASSERT_REFUSED("set nbport\n", "set nbport: expected the number of forwarding ports");
	ASSERT_REFUSED("set portlist\n", "set portlist: expected a comma list of port numbers "
		       "(0,1)");
	ASSERT_REFUSED("set corelist\n", "set corelist: expected a comma list of lcore numbers "
		       "(0,1)");
	ASSERT_REFUSED("set coremask\n", "set coremask: expected a hexadecimal mask of lcores "
		       "(0x2)");
	ASSERT_REFUSED("set nbport 0\n", "Invalid nbport '0': must be 1..2 (configured "
		       "forwarding ports)");
	ASSERT_REFUSED("set nbport x\n", "Invalid nbport 'x': must be 1..2 (configured "
		       "forwarding ports)");
	ASSERT_REFUSED("set portlist 1,\n", "Invalid portlist '1,': expected a comma list of "
		       "port numbers");
	ASSERT_REFUSED("set portlist ,1\n", "Invalid portlist ',1': expected a comma list of "
		       "port numbers");
	ASSERT_REFUSED("set portlist 0-1\n", "Invalid portlist '0-1': port '0-1' is not 0..31");
	ASSERT_REFUSED("set portlist 32\n", "Invalid portlist '32': port '32' is not 0..31");
	ASSERT_REFUSED("set corelist a\n", "Invalid corelist 'a': core 'a' is not 0..127");
	ASSERT_REFUSED("set coremask 0\n", "Invalid coremask '0': expected a non-zero "
		       "hexadecimal mask of lcores (0x2)");
	ASSERT_REFUSED("set coremask 0x\n", "Invalid coremask '0x': expected a non-zero "
		       "hexadecimal mask of lcores (0x2)");
	ASSERT_REFUSED("set coremask 12z\n", "Invalid coremask '12z': expected a non-zero "
		       "hexadecimal mask of lcores (0x2)");

	type("set nbport 3\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_nbport(3);");
	CU_ASSERT_STRING_EQUAL(out, "nb fwd ports 3 > 2 (number of configured ports) - ignored\n");
	type("set nbport 1\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_nbport(1);");
	/* testpmd's warning, once: paired, an odd number of forwarding ports */
	CU_ASSERT_STRING_EQUAL(out, "Number of forwarding ports set to 1\n\nWarning! "
			       "port-topology=paired and odd forward ports number, the last port "
			       "will pair with itself.\n\n");
	type("set nbport 1\n");
	CU_ASSERT_STRING_EQUAL(out, "Number of forwarding ports set to 1\n");
	type("set portlist 1,0\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_portlist(1,0);");
	CU_ASSERT_STRING_EQUAL(out, "previous number of forwarding ports 1 - changed to number "
			       "of configured ports 2\n");
	type("set portlist 0,1\n"); /* the same number: testpmd says nothing */
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set portlist 0,5\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid port 5: ports are 0..1\n");
	type("set portlist 1,1\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid portlist '1,1': port 1 given twice\n");

	fake.max_cores = 3;
	type("set corelist 2,3\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_corelist(2,3);");
	CU_ASSERT_STRING_EQUAL(out, "previous number of forwarding cores 1 - changed to number "
			       "of configured cores 2\n");
	type("set corelist 0\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid corelist '0': lcore 0 is the main lcore (the command "
			       "line), not a forwarding one\n");
	type("set corelist 1,4\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid corelist '1,4': lcore 4 is not enabled (EAL "
			       "-l/--lcores)\n");
	type("set corelist 1,1\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid corelist '1,1': lcore 1 given twice\n");
	type("set coremask 0xA\n"); /* lcores 1 and 3, lowest first */
	CU_ASSERT_STRING_EQUAL(fake.log, "set_corelist(1,3);");
	CU_ASSERT_STRING_EQUAL(out, "");
	type("set coremask 2\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "set_corelist(1);");
	CU_ASSERT_STRING_EQUAL(out, "previous number of forwarding cores 2 - changed to number "
			       "of configured cores 1\n");
	type("set coremask 0x1\n");
	CU_ASSERT_STRING_EQUAL(out, "Invalid coremask '0x1': lcore 0 is the main lcore (the "
			       "command line), not a forwarding one\n");

	fake.running = true;
	type("set portlist 0,1\n");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change the port list while forwarding: stop first\n");
	type("set corelist 1\n");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change the corelist while forwarding: stop first\n");
	type("set coremask 0x2\n");
	CU_ASSERT_STRING_EQUAL(out, "Cannot change the coremask while forwarding: stop first\n");
	fake.running = false;
	fake.max_cores = 1;
	fake.nbcore = 1;
	fake.nbport = 0;
}

static void
test_partial_lines(void)
{
	/* nothing runs before the newline; several lines in one read all run */
	type("show po");
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	type("ol\nshow config fwd\nset burst 16\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;config_fwd;set_burst(16);");
	/* \r ends a line too (a terminal sends it) */
	type("show pool\r");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;");
}

static void
test_display_stop(void)
{
	unsigned int missing = 99;

	CU_ASSERT_EQUAL(ebb_display_stop(cmd_out, &missing), -EALREADY);
	CU_ASSERT_EQUAL(missing, 99);
	fake.running = true;
	fake.missing = 7;
	fake.log[0] = '\0';
	CU_ASSERT_EQUAL(ebb_display_stop(cmd_out, &missing), 0);
	CU_ASSERT_EQUAL(missing, 7);
	CU_ASSERT_STRING_EQUAL(fake.log, "stop;fwd_stats;audit;");
	fake.missing = 0;

	fake.log[0] = '\0';
	ebb_display_port_stats_all(cmd_out);
	CU_ASSERT_STRING_EQUAL(fake.log, "show_port_stats(0);show_port_stats(1);");
}

static unsigned int ticks;

static void
count_tick(void)
{
	ticks++;
}

/* The prompt's read loop on a pipe: EOF ends it and a last line without newline runs. */
static void
test_loop_eof(void)
{
	static const char input[] = "show pool\nset burst 8\nshow config fwd";
	struct cmdline *c;
	int p[2];

	CU_ASSERT_FATAL(pipe(p) == 0);
	CU_ASSERT_FATAL(write(p[1], input, sizeof(input) - 1) == (ssize_t)sizeof(input) - 1);
	close(p[1]);
	c = cmdline_new(ebb_cli_ctx(), EBB_PROMPT, p[0], dup(lib_fd));
	CU_ASSERT_FATAL(c != NULL);
	fake.log[0] = '\0';
	ticks = 0;
	CU_ASSERT_EQUAL(ebb_cli_loop(c, p[0], count_tick), EBB_CLI_EOF);
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;set_burst(8);config_fwd;");
	CU_ASSERT(ticks >= 1);
	CU_ASSERT_FALSE(ebb_cli_quit_requested());
	cmdline_free(c); /* closes p[0] */
}

static void *
send_sigterm(void *arg)
{
	RTE_SET_USED(arg);
	usleep(200 * 1000);
	kill(getpid(), SIGTERM);
	return NULL;
}

/* SIGTERM while the prompt waits for input: the handler only records it, the loop returns. */
static void
test_loop_signal(void)
{
	struct cmdline *c;
	pthread_t t;
	int p[2];

	CU_ASSERT_FATAL(pipe(p) == 0);
	CU_ASSERT_EQUAL(ebb_cli_signals_install(), 0);
	c = cmdline_new(ebb_cli_ctx(), EBB_PROMPT, p[0], dup(lib_fd));
	CU_ASSERT_FATAL(c != NULL);
	fake.log[0] = '\0';
	CU_ASSERT_EQUAL(ebb_cli_signal(), 0);
	CU_ASSERT_FATAL(pthread_create(&t, NULL, send_sigterm, NULL) == 0);
	CU_ASSERT_EQUAL(ebb_cli_loop(c, p[0], NULL), EBB_CLI_SIGNAL);
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(ebb_cli_signal(), SIGTERM);
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	/* the waiting loop of non-interactive mode returns at once now */
	ebb_cli_wait(NULL);
	cmdline_free(c);
	close(p[1]);
}

/* last: quit cannot be undone */
static void
test_quit(void)
{
	fake.running = true;
	type("quit\nstart\nshow pool\n");
	/* quit only asks main to shut down; nothing after it runs */
	CU_ASSERT_TRUE(ebb_cli_quit_requested());
	CU_ASSERT_STRING_EQUAL(fake.log, "");
	CU_ASSERT_TRUE(fake.running);
	fake.running = false;
	/* quit ends the line editor too: no prompt after it */
	CU_ASSERT_PTR_NULL(strstr(lib, "quit\n" EBB_PROMPT));
	/* a fuzzer reuses the prompt after quit */
	ebb_cli_quit_reset();
	rdline_reset(cmdline_get_rdline(cl));
	type("show pool\n");
	CU_ASSERT_STRING_EQUAL(fake.log, "show_pools;");
}

int
main(void)
{
	CU_pSuite s;
	unsigned int failed;

	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("cmdline", suite_init, suite_fini);
	CU_add_test(s, "unknown commands", test_unknown_commands);
	CU_add_test(s, "garbage lines", test_garbage_lines);
	CU_add_test(s, "bad values", test_bad_values);
	CU_add_test(s, "specific refusals", test_specific_refusals);
	CU_add_test(s, "engine refusals", test_engine_refusals);
	CU_add_test(s, "busy while running", test_busy_while_running);
	CU_add_test(s, "start and stop", test_start_stop);
	CU_add_test(s, "set fwd, burst, nbcore", test_setters);
	CU_add_test(s, "set fwd MODE retry, set verbose", test_retry_verbose);
	CU_add_test(s, "TAB completion of values", test_tab_completion);
	CU_add_test(s, "port commands", test_ports);
	CU_add_test(s, "port configuration", test_port_config);
	CU_add_test(s, "set nbport, portlist, corelist, coremask", test_layout);
	CU_add_test(s, "show commands", test_shows);
	CU_add_test(s, "help", test_help);
	CU_add_test(s, "partial lines", test_partial_lines);
	CU_add_test(s, "stop report", test_display_stop);
	CU_add_test(s, "read loop: EOF", test_loop_eof);
	CU_add_test(s, "read loop: SIGTERM", test_loop_signal);
	CU_add_test(s, "quit", test_quit);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	failed = CU_get_number_of_failures() + CU_get_number_of_suites_failed();
	CU_cleanup_registry();
	return failed == 0 ? 0 : 1;
}
