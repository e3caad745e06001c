/* SPDX-License-Identifier: BSD-3-Clause */
/* cli.h: the ebbflow> prompt: command group registry, input loop, quit and signal state. */
#ifndef EBB_APP_CLI_H
#define EBB_APP_CLI_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <rte_common.h>
#include <cmdline.h>
#include <cmdline_parse.h>

#define EBB_PROMPT "ebbflow> "
#define EBB_CLI_MAX_CMDS 128

/** A group of commands of one area (fwd, port, misc); rank orders `help`. */
struct ebb_cmd_group {
	const char *name;
	unsigned int rank;
	cmdline_parse_inst_t *const *cmds;
	unsigned int nb_cmds;
};

/** Add a group to the prompt's context; called by EBB_CMD_GROUP_REGISTER at load time. */
void ebb_cmd_group_register(const struct ebb_cmd_group *g);

#define EBB_CMD_GROUP_REGISTER(grp) \
	RTE_INIT(ebb_cmd_group_init_##grp) { ebb_cmd_group_register(&(grp)); }

/** The NULL-terminated parse context of every registered command. */
cmdline_parse_ctx_t *ebb_cli_ctx(void);

/** `help`: the sections, in testpmd's layout. */
void ebb_cli_help(FILE *f);

/**
 * `help SECTION`: the help string of each command of the section (control, display,
 * config, ports, forwarding, all), by group rank.
 * @return 0; -ENOENT unknown section (nothing printed).
 */
int ebb_cli_help_section(FILE *f, const char *section);

/**
 * "all" or a port number below ebb_engine_nb_ports(): *first..*last is the range to act
 * on. Otherwise prints one line ("No port", "Invalid port 'X': ports are 0..N or all").
 * @return 0; -ENODEV.
 */
int ebb_cli_port_range(FILE *f, const char *arg, uint16_t *first, uint16_t *last);

/**
 * A port number below ebb_engine_nb_ports() (no "all"); prints one line otherwise.
 * @return 0; -ENODEV.
 */
int ebb_cli_port(FILE *f, const char *arg, uint16_t *port);

/**
 * `port start`'s link check: on (the default), it waits up to 9 s, early when every port
 * it started is up, and names those still down; off (--disable-link-check) it does not
 * wait.
 */
void ebb_cli_set_link_check(bool on);

/**
 * `set nbport|portlist|corelist|coremask VALUE` (cmds_layout.c): one line on error, or
 * testpmd's line.
 */
void ebb_cli_set_layout(FILE *f, const char *what, const char *value);

/** testpmd's warning, once per process, when paired ports are odd in number. */
void ebb_cli_topology_warn(FILE *f);

/** Where commands print (stdout unless a test redirects it). */
FILE *ebb_cli_out(void);
void ebb_cli_set_out(FILE *f);

/** `quit` (or EOF) asks the main loop to shut down. */
void ebb_cli_request_quit(void);
bool ebb_cli_quit_requested(void);
/** Forget a quit request: for tests and fuzzers that reuse the prompt after `quit`. */
void ebb_cli_quit_reset(void);

/** SIGINT/SIGTERM handlers that only record the signal. */
int ebb_cli_signals_install(void);
/** The signal received (0 = none). */
int ebb_cli_signal(void);

/**
 * Serialises engine calls between the main lcore (commands, start-up, shutdown) and
 * the telemetry thread.
 */
void ebb_ctl_lock(void);
void ebb_ctl_unlock(void);

/**
 * Feed input bytes to the prompt, as typed; stops after a `quit`.
 * This is the one entry the prompt, --cmdline-file and the tests use.
 * @return bytes consumed; -1 the cmdline has exited (EOF char, quit).
 */
int ebb_cli_input(struct cmdline *cl, const char *buf, size_t n);

enum ebb_cli_end {
	EBB_CLI_EOF,    /**< input ended */
	EBB_CLI_QUIT,   /**< quit command */
	EBB_CLI_SIGNAL, /**< SIGINT / SIGTERM */
	EBB_CLI_ERROR,  /**< read error */
};

/**
 * Read fd and feed the prompt until EOF, quit or a signal; call tick() about
 * every 100 ms (NULL: none).
 */
enum ebb_cli_end ebb_cli_loop(struct cmdline *cl, int fd, void (*tick)(void));

/** Wait for a signal (or quit), calling tick() about every 100 ms. */
void ebb_cli_wait(void (*tick)(void));

#endif /* EBB_APP_CLI_H */
