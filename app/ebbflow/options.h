/* SPDX-License-Identifier: BSD-3-Clause */
/* options.h: ebbflow's command-line options (after EAL's `--`), parsed without EAL. */
#ifndef EBB_APP_OPTIONS_H
#define EBB_APP_OPTIONS_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "ebb_engine.h"
#include "ebb_fwd.h"

#define EBB_APP_NAME "ebbflow"
#define EBB_MAX_STATS_PERIOD 86400u /**< one day, in seconds */
#define EBB_MAX_QUEUES 1024u        /**< per port, as RTE_MAX_QUEUES_PER_PORT */
#define EBB_MIN_TXPKTS 42u          /**< Ethernet + IPv4 + UDP headers */
#define EBB_MAX_TXPKTS 9600u
#define EBB_MAX_RESERVE 65536u
#define EBB_ETH_OVERHEAD 18u        /**< Ethernet header + CRC: frame length - MTU */

/** --port-ip N,A.B.C.D/LEN: as `set port N ip A.B.C.D/LEN` at start. */
struct ebb_port_ip {
	uint16_t port;
	uint8_t prefix_len;        /**< 1..32 */
	uint32_t ip;               /**< network order, not 0, multicast nor broadcast */
};

/** Everything the command line says; conf goes to ebb_engine_init(). */
struct ebb_app_opts {
	struct ebb_engine_conf conf;
	int eal_argc;          /**< argv[0 .. eal_argc-1] are for rte_eal_init() */
	bool help;             /**< -h: print usage, run nothing */
	bool interactive;      /**< -i */
	bool auto_start;       /**< -a */
	bool tx_first;         /**< --tx-first */
	bool no_link_check;    /**< --disable-link-check: port start does not wait for links */
	bool fwd_mode_set;     /**< --forward-mode given (checked after EAL init) */
	unsigned int stats_period;     /**< --stats-period seconds, 0 = off */
	unsigned int max_pkt_len;      /**< --max-pkt-len: every port's MTU + 18; 0 = PMD's */
	char cmdline_file[PATH_MAX];   /**< --cmdline-file, "" = none */
	unsigned int nb_port_ips;      /**< --port-ip given, one per port (the last wins) */
	struct ebb_port_ip port_ips[RTE_MAX_ETHPORTS];
	/** the modes' parameters (--burst-tx-retry-num, --burst-tx-delay-time,
	 *  --txonly-multi-flow), for ebb_fwd_params_set() */
	struct ebb_fwd_params fwd_params;
	const char *port_list_opt;     /**< "--portmask" / "--portlist" that set conf.port_list */
	bool eth_peer_given[RTE_MAX_ETHPORTS]; /**< --eth-peer N named port N (checked after
						*   EAL; --eth-peers-configfile's lines are not) */
	int latencystats_lcore; /**< --latencystats=N: the lcore updating them; -1 off */
	int bitrate_lcore;      /**< --bitrate-stats=N: the lcore computing them; -1 off */
};

/**
 * Parse argv: EAL options up to the first `--`, application options after it.
 * Pure: no EAL, no output; may be called again (resets getopt).
 * @param err  receives one line (no prefix, no newline; control characters of the
 *             arguments quoted in it become '?') on error.
 * @return 0 (o->help set when -h/--help); -EINVAL invalid option or value.
 */
int ebb_options_parse(int argc, char **argv, struct ebb_app_opts *o, char *err, size_t errlen);

/** Print the application options' help to f. */
void ebb_options_usage(FILE *f, const char *prgname);

/**
 * Strict unsigned decimal: digits only, no sign, no spaces, no trailing garbage.
 * @return 0; -EINVAL not a number; -ERANGE outside min..max.
 */
int ebb_parse_uint(const char *s, unsigned long long min, unsigned long long max,
		   unsigned long long *out);

/**
 * testpmd's list of txonly segment lengths "X[,Y]*" (decimal, no spaces, no empty
 * entry): each 1..room, at most EBB_ENGINE_MAX_TXSEGS, the first EBB_MIN_TXPKTS or more
 * (it holds the headers), EBB_ENGINE_MAX_TXLEN in all.
 * @param s the text.
 * @param room the longest segment: the mbuf data room without headroom.
 * @param lens receives the lengths (room for EBB_ENGINE_MAX_TXSEGS).
 * @param err receives one line that says what is expected (no prefix, no newline).
 * @return the number of segments (1..EBB_ENGINE_MAX_TXSEGS); -EINVAL refused.
 */
int ebb_parse_txsegs(const char *s, unsigned int room, uint16_t *lens, char *err,
		     size_t errlen);

/**
 * Whether mode is one of the '|'-separated names of list (as ebb_engine_fwd_modes()
 * writes them). An empty list knows every mode (the engine will decide).
 */
bool ebb_mode_in_list(const char *mode, const char *list);

/**
 * The --file-prefix among EAL's arguments argv[1 .. eal_argc-1] ("--file-prefix X",
 * "--file-prefix=X" or an abbreviation getopt accepts), the last one winning.
 * @return the prefix (points into argv), or EAL's default "rte".
 */
const char *ebb_eal_file_prefix(int eal_argc, char *const *argv);

/**
 * How many lcores EAL's -l LIST or -c MASK among argv[1 .. eal_argc-1] gives (the last
 * one), so that --nb-cores can be checked before EAL starts.
 * @return the count; -1 none given, --lcores given, or not parsable (EAL will say).
 */
int ebb_eal_lcore_count(int eal_argc, char *const *argv);

#endif /* EBB_APP_OPTIONS_H */
