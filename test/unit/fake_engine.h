/* SPDX-License-Identifier: BSD-3-Clause */
/* fake_engine.h: a fake of ebb_engine.h for app tests: records calls, returns set errors. */
#ifndef EBB_FAKE_ENGINE_H
#define EBB_FAKE_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "ebb_engine.h"

#define FAKE_MODES "io|mac|macswap|rxonly|txonly"

struct fake_engine {
	bool link_down;            /* ebb_engine_link_info() says down */
	int ret_rss;               /* what ebb_engine_port_rss() returns */
	/* set by the test (fake_engine_reset() gives the defaults in brackets) */
	uint16_t nb_ports;        /**< [2] */
	unsigned int max_cores;   /**< [1] set_nbcore -EINVAL above */
	int ret_init;             /**< [0] returned by ebb_engine_init */
	int ret_start;            /**< [0] returned by ebb_engine_start when not running */
	int ret_clear;            /**< [0] returned by ebb_engine_port_stats_clear */
	unsigned int missing;     /**< [0] returned by ebb_engine_audit */
	int ret_show;             /**< [0] returned by ebb_engine_show for a good port */
	int ret_port;             /**< [0] returned by the port commands for a good port */
	/* state */
	bool inited, running;
	char mode[32];
	uint16_t burst;
	unsigned int nbcore;
	uint16_t nbport;          /**< set nbport / set portlist; 0: every port */
	struct ebb_engine_conf conf;
	/* every call, in order: "name(args);" */
	char log[4096];
};

extern struct fake_engine fake;

void fake_engine_reset(void);

#endif /* EBB_FAKE_ENGINE_H */
