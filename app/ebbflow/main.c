/* SPDX-License-Identifier: BSD-3-Clause */
/* main.c: ebbflow, the testpmd-style program: EAL, engine, prompt or run until a signal. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_pdump.h>
#include <cmdline.h>
#include <cmdline_socket.h>

#include "applets.h"
#include "cli.h"
#include "display.h"
#include "ebb_engine.h"
#include "metrics.h"
#include "options.h"
#include "verbose.h"
#include "telemetry.h"

#define EBB_EXIT_USAGE 2 /* bad option or value */
#define EBB_EXIT_FAIL 1  /* could not run, or mbufs missing at exit */

/* Before EAL: a mode the engine has; --nb-cores within the lcores of -l/-c when given. */
static int
ebb_check_early(const struct ebb_app_opts *o, int eal_argc, char **argv)
{
	char modes[512];
	int lcores = ebb_eal_lcore_count(eal_argc, argv);

	if (o->fwd_mode_set) {
		ebb_engine_fwd_modes(modes, sizeof(modes));
		if (!ebb_mode_in_list(o->conf.fwd_mode, modes)) {
			fprintf(stderr, "ebbflow: unknown forwarding mode '%s' (modes: %s)\n",
				o->conf.fwd_mode, modes);
			return -ENOENT;
		}
	}
	if (lcores > 0 && o->conf.nb_fwd_lcores > (unsigned int)lcores - 1) {
		fprintf(stderr, "ebbflow: --nb-cores %u but -l/-c give %d worker lcore%s\n",
			o->conf.nb_fwd_lcores, lcores - 1, lcores - 1 == 1 ? "" : "s");
		return -EINVAL;
	}
	return 0;
}

/* After EAL init, before the engine's: --nb-cores within the workers; the ports that
 * --eth-peer and --port-ip name exist; --burst=0 is the PMD's burst. */
static int
ebb_check_eal(struct ebb_app_opts *o)
{
	unsigned int workers = rte_lcore_count() - 1;
	uint16_t n = rte_eth_dev_count_avail(), p;
	struct rte_eth_dev_info info;

	if (o->conf.nb_fwd_lcores > workers) {
		fprintf(stderr, "ebbflow: --nb-cores %u but EAL gave %u worker lcore%s "
			"(use -l/--lcores)\n", o->conf.nb_fwd_lcores, workers,
			workers == 1 ? "" : "s");
		return -EINVAL;
	}
	for (p = n; p < RTE_MAX_ETHPORTS; p++) {
		if (o->eth_peer_given[p]) {
			fprintf(stderr, "ebbflow: --eth-peer: no port %u (%u port%s)\n", p, n,
				n == 1 ? "" : "s");
			return -ENODEV;
		}
	}
	for (uint16_t i = 0; i < o->conf.nb_port_list; i++) {
		if (o->conf.port_list[i] >= n) { /* testpmd leaves it out silently */
			fprintf(stderr, "ebbflow: %s: no port %u (%u port%s)\n", o->port_list_opt,
				o->conf.port_list[i], n, n == 1 ? "" : "s");
			return -ENODEV;
		}
	}
	if (o->conf.nb_fwd_ports > (o->conf.nb_port_list != 0 ? o->conf.nb_port_list : n)) {
		if (o->conf.nb_port_list != 0)
			fprintf(stderr, "ebbflow: --nb-ports %u but %s names %u port%s\n",
				o->conf.nb_fwd_ports, o->port_list_opt, o->conf.nb_port_list,
				o->conf.nb_port_list == 1 ? "" : "s");
		else
			fprintf(stderr, "ebbflow: --nb-ports %u but %u port%s\n",
				o->conf.nb_fwd_ports, n, n == 1 ? "" : "s");
		return -EINVAL;
	}
	for (unsigned int i = 0; i < o->nb_port_ips; i++) {
		if (o->port_ips[i].port >= n) {
			fprintf(stderr, "ebbflow: --port-ip: no port %u (%u port%s)\n",
				o->port_ips[i].port, n, n == 1 ? "" : "s");
			return -ENODEV;
		}
	}
	if (o->conf.burst == 0) {
		RTE_ETH_FOREACH_DEV(p)
			break;
		if (p < RTE_MAX_ETHPORTS && rte_eth_dev_info_get(p, &info) == 0 &&
		    info.default_rxportconf.burst_size > 0 &&
		    info.default_rxportconf.burst_size <= EBB_MAX_BURST) {
			o->conf.burst = info.default_rxportconf.burst_size;
			printf("Using PMD-provided burst value of %u\n", o->conf.burst);
		} else {
			o->conf.burst = EBB_DEFAULT_BURST;
			printf("The PMD recommends no burst size: using %u\n", o->conf.burst);
		}
	}
	return 0;
}

/*
 * The pid of the process holding EAL's lock on <runtime dir>/config for prefix, 0 when
 * none. A primary EAL takes that lock (fcntl F_SETLK) in both hugepage and --no-huge
 * modes; --in-memory takes none. The runtime dir is EAL's: /var/run/dpdk/<prefix> for
 * root, else $XDG_RUNTIME_DIR (or /tmp) /dpdk/<prefix>. Our own locks never show here.
 */
static pid_t
ebb_prefix_owner(const char *prefix)
{
	struct flock lk = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	const char *dir = "/var/run";
	char path[PATH_MAX];
	pid_t pid = 0;
	int fd;

	if (getuid() != 0) {
		dir = getenv("XDG_RUNTIME_DIR");
		if (dir == NULL)
			dir = "/tmp";
	}
	if (snprintf(path, sizeof(path), "%s/dpdk/%s/config", dir, prefix) >= (int)sizeof(path))
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	if (fcntl(fd, F_GETLK, &lk) == 0 && lk.l_type != F_UNLCK)
		pid = lk.l_pid;
	close(fd);
	return pid;
}

/* One line for a failed rte_eal_init(): its rte_errno is not always set, so it is only a hint. */
static void
ebb_eal_failed(const char *prefix)
{
	int err = rte_errno;
	pid_t owner = ebb_prefix_owner(prefix);
	const char *hint = "";

	if (owner > 0) {
		fprintf(stderr, "ebbflow: another DPDK process (pid %ld) is using --file-prefix %s: "
			"stop it or pass another --file-prefix\n", (long)owner, prefix);
		return;
	}
	if (err == EACCES || err == ENOMEM)
		hint = "; reserve hugepages (scripts/hugepages.sh) or pass --no-huge";
	else if (err == ENODEV)
		hint = "; check the --vdev / -a devices";
	fprintf(stderr, "ebbflow: EAL init failed: %s%s\n", rte_strerror(err), hint);
}

/* Run the commands of --cmdline-file; the prompt's output goes to stdout. */
static enum ebb_cli_end
ebb_run_file(const char *path)
{
	struct cmdline *cl;
	enum ebb_cli_end end;
	int fd = open(path, O_RDONLY);

	if (fd < 0) {
		fprintf(stderr, "ebbflow: --cmdline-file: cannot open '%s': %s\n", path,
			strerror(errno));
		return EBB_CLI_ERROR;
	}
	cl = cmdline_new(ebb_cli_ctx(), EBB_PROMPT, fd, STDOUT_FILENO);
	if (cl == NULL) {
		close(fd);
		fprintf(stderr, "ebbflow: cannot create the command line\n");
		return EBB_CLI_ERROR;
	}
	end = ebb_cli_loop(cl, fd, ebb_display_tick);
	if (end == EBB_CLI_ERROR)
		fprintf(stderr, "ebbflow: --cmdline-file: cannot read '%s': %s\n", path,
			strerror(errno));
	cmdline_free(cl); /* closes fd */
	printf("\nRead CLI commands from %s\n", path);
	return end;
}

static enum ebb_cli_end
ebb_run_prompt(void)
{
	struct cmdline *cl = cmdline_stdin_new(ebb_cli_ctx(), EBB_PROMPT);
	enum ebb_cli_end end;

	struct termios t;

	if (cl == NULL) {
		fprintf(stderr, "ebbflow: cannot create the command line\n");
		return EBB_CLI_ERROR;
	}
	/* the library turns ISIG off: give ^C back its SIGINT, so it stops cleanly */
	if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &t) == 0) {
		t.c_lflag |= ISIG;
		tcsetattr(STDIN_FILENO, TCSANOW, &t);
	}
	end = ebb_cli_loop(cl, STDIN_FILENO, ebb_display_tick);
	cmdline_stdin_exit(cl); /* restores the terminal, frees cl */
	printf("\n");
	return end;
}

static int
ebb_start(bool tx_first)
{
	int ret;

	ebb_ctl_lock();
	ret = ebb_engine_start(tx_first);
	if (ret == 0)
		ebb_display_start_banner(stdout);
	ebb_ctl_unlock();
	if (ret == -EBUSY) /* the --cmdline-file started it */
		ret = 0;
	if (ret < 0)
		fprintf(stderr, "ebbflow: cannot start forwarding: %s\n", strerror(-ret));
	return ret;
}

/* Stop (printing stats), audit, fini. @return the mbufs missing. */
static unsigned int
ebb_shutdown(void)
{
	unsigned int missing;

	ebb_ctl_lock();
	if (ebb_engine_running()) {
		ebb_engine_stop();
		ebb_engine_show_fwd_stats(stdout);
	}
	ebb_verbose_set(0); /* stopped: the dumps' callbacks are freed */
	ebb_applets_fini(); /* stopped: their lcores cancelled their waits */
	ebb_metrics_fini(); /* stopped; before the ports close (latency callbacks) */
	ebb_telemetry_set_ready(false);
	/* audit after the ports are closed (net_tap frees its RX buffers only then) and
	 * before the pools are freed */
	missing = ebb_engine_fini_audit(stdout);
	ebb_ctl_unlock();
	fflush(stdout);
	return missing;
}

int
main(int argc, char **argv)
{
	struct ebb_app_opts o;
	enum ebb_cli_end end = EBB_CLI_EOF;
	char err[512];
	const char *prefix;
	unsigned int missing;
	int ret, code = 0;

	setvbuf(stdout, NULL, _IOLBF, 0); /* lines in order with the prompt's echo */
	if (ebb_options_parse(argc, argv, &o, err, sizeof(err)) < 0) {
		fprintf(stderr, "ebbflow: %s\n", err);
		return EBB_EXIT_USAGE;
	}
	if (o.help) {
		ebb_options_usage(stdout, argv[0]);
		return 0;
	}

	if (ebb_check_early(&o, o.eal_argc, argv) < 0)
		return EBB_EXIT_USAGE;
	ebb_cli_set_link_check(!o.no_link_check);
	if (ebb_fwd_params_set(&o.fwd_params) < 0) { /* in range: options.c checked */
		fprintf(stderr, "ebbflow: bad forwarding parameters\n");
		return EBB_EXIT_USAGE;
	}
	prefix = ebb_eal_file_prefix(o.eal_argc, argv); /* before EAL permutes argv */
	ret = rte_eal_init(o.eal_argc, argv);
	if (ret < 0) {
		ebb_eal_failed(prefix);
		return EBB_EXIT_FAIL;
	}
	/* as testpmd: dpdk-pdump (a secondary process) may capture our ports; its copies come
	 * from its own pool */
	if (rte_pdump_init() < 0)
		fprintf(stderr, "ebbflow: warning: no packet capture (dpdk-pdump): %s\n",
			rte_strerror(rte_errno));
	if (ebb_cli_signals_install() < 0)
		fprintf(stderr, "ebbflow: warning: no signal handlers: %s\n", strerror(errno));
	ret = ebb_telemetry_register();
	if (ret < 0)
		fprintf(stderr, "ebbflow: warning: telemetry endpoints: %s\n", strerror(-ret));

	if (ebb_check_eal(&o) < 0) {
		rte_pdump_uninit();
		rte_eal_cleanup();
		return EBB_EXIT_USAGE;
	}
	ebb_ctl_lock();
	ret = ebb_engine_init(&o.conf);
	if (ret == 0)
		ebb_telemetry_set_ready(true);
	ebb_ctl_unlock();
	if (ret < 0) {
		/* the engine logged why, in one "ebbflow: " line: no second one here */
		if (ret == -ENOMEM)
			fprintf(stderr, "  (not enough memory for the pools: try -m 512 or "
				"--total-num-mbufs)\n");
		rte_pdump_uninit();
		rte_eal_cleanup();
		return ret == -EINVAL ? EBB_EXIT_USAGE : EBB_EXIT_FAIL;
	}
	ebb_cli_topology_warn(stderr); /* paired, an odd number of forwarding ports */
	for (uint16_t p = 0; o.max_pkt_len != 0 && p < ebb_engine_nb_ports(); p++) {
		ret = ebb_engine_port_mtu(p, (uint16_t)(o.max_pkt_len - EBB_ETH_OVERHEAD));
		if (ret < 0) {
			fprintf(stderr, "ebbflow: --max-pkt-len %u: port %u refuses MTU %u: %s\n",
				o.max_pkt_len, p, o.max_pkt_len - EBB_ETH_OVERHEAD, strerror(-ret));
			code = EBB_EXIT_USAGE;
			goto out;
		}
	}
	ebb_ctl_lock();
	ret = ebb_applets_init(); /* responder and probe of each port */
	ebb_ctl_unlock();
	if (ret < 0) {
		code = EBB_EXIT_FAIL;
		goto out;
	}
	ebb_ctl_lock();
	ret = ebb_applets_port_ips(&o); /* --port-ip, now that the ports exist */
	ebb_ctl_unlock();
	if (ret < 0) {
		code = EBB_EXIT_USAGE;
		goto out;
	}
	ebb_ctl_lock();
	ret = ebb_metrics_init(o.latencystats_lcore, o.bitrate_lcore);
	ebb_ctl_unlock();
	if (ret < 0) {
		code = ret == -EINVAL ? EBB_EXIT_USAGE : EBB_EXIT_FAIL;
		goto out;
	}
	ebb_display_set_period(o.stats_period);

	if (o.cmdline_file[0] != '\0') {
		end = ebb_run_file(o.cmdline_file);
		if (end == EBB_CLI_ERROR) {
			code = EBB_EXIT_FAIL;
			goto out;
		}
	}
	if (end == EBB_CLI_EOF && (o.auto_start || !o.interactive)) {
		if (ebb_start(o.tx_first) < 0) {
			code = EBB_EXIT_FAIL;
			goto out;
		}
	}
	if (end == EBB_CLI_EOF && o.interactive) {
		end = ebb_run_prompt();
	} else if (end == EBB_CLI_EOF) {
		printf("Forwarding; press Ctrl-C (SIGINT) or send SIGTERM to stop.\n");
		ebb_cli_wait(ebb_display_tick);
		end = ebb_cli_signal() != 0 ? EBB_CLI_SIGNAL : EBB_CLI_QUIT;
	}
	if (end == EBB_CLI_SIGNAL)
		printf("\nSignal %d received, preparing to exit...\n", ebb_cli_signal());
	if (end == EBB_CLI_ERROR)
		code = EBB_EXIT_FAIL;
out:
	missing = ebb_shutdown();
	if (missing != 0) {
		fprintf(stderr, "ebbflow: %u mbuf(s) missing at exit\n", missing);
		code = EBB_EXIT_FAIL;
	}
	printf("Bye...\n");
	rte_pdump_uninit();
	rte_eal_cleanup();
	return code;
}
