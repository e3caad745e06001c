/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_state.c: the engine's state (layer 0, DESIGN.md) and its read-only accessors. */
#include "engine_priv.h"

RTE_LOG_REGISTER_DEFAULT(ebb_engine_logtype, INFO);

struct ebb_engine ebb_eng;

void
ebb_engine_workers_scan(void)
{
	unsigned int l;

	ebb_eng.nb_workers = 0;
	RTE_LCORE_FOREACH_WORKER(l)
		ebb_eng.workers[ebb_eng.nb_workers++] = l;
}

const char *
ebb_engine_fwd_mode(void)
{
	return ebb_eng.mode != NULL ? ebb_eng.mode->name : ebb_eng.conf.fwd_mode;
}

void
ebb_engine_fwd_modes(char *buf, size_t len)
{
	ebb_fwd_mode_names(buf, len, '|');
}

uint16_t
ebb_engine_nb_ports(void)
{
	return ebb_eng.nb_ports;
}

const struct ebb_engine_conf *
ebb_engine_conf(void)
{
	return &ebb_eng.conf;
}

bool
ebb_engine_running(void)
{
	return ebb_eng.running;
}

double
ebb_engine_tx_rate(uint16_t port)
{
	const struct ebb_port *p = ebb_engine_port_of(port);

	return p != NULL ? p->tx_rate : -1.0;
}

const char *
ebb_engine_idle_name(enum ebb_idle idle)
{
	switch (idle) {
	case EBB_IDLE_PAUSE: return "pause";
	case EBB_IDLE_SPIN: return "spin";
	case EBB_IDLE_SLEEP: return "sleep";
	}
	return "?";
}

uint16_t
ebb_engine_nb_fwd_ports(void)
{
	return ebb_eng.inited ? ebb_eng.nb_fwd_ports : 0;
}

uint16_t
ebb_engine_nb_cfg_ports(void)
{
	return ebb_eng.inited ? ebb_eng.nb_cfg_ports : 0;
}

unsigned int
ebb_engine_nb_fwd_lcores(void)
{
	unsigned int cfg = ebb_eng.inited ? ebb_eng.nb_cfg_lcores : ebb_eng.nb_workers;
	unsigned int n = ebb_eng.conf.nb_fwd_lcores;

	return n != 0 && n < cfg ? n : cfg;
}

unsigned int
ebb_engine_nb_cfg_lcores(void)
{
	return ebb_eng.inited ? ebb_eng.nb_cfg_lcores : ebb_eng.nb_workers;
}
