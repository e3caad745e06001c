/* SPDX-License-Identifier: BSD-3-Clause */
/* engine_hooks.c: per-lcore services and per-port RX hooks for work inside the loops. */
#include <errno.h>
#include <string.h>

#include "engine_priv.h"

struct ebb_lcore_services ebb_services[RTE_MAX_LCORE];

static bool
is_worker(unsigned int lcore)
{
	return lcore < RTE_MAX_LCORE && rte_lcore_is_enabled(lcore) &&
	       lcore != rte_get_main_lcore();
}

int
ebb_engine_add_service(unsigned int lcore, ebb_engine_service_fn fn, void *arg)
{
	struct ebb_lcore_services *ls;

	if (fn == NULL || !is_worker(lcore))
		return -EINVAL;
	if (ebb_eng.running)
		return -EBUSY;
	ls = &ebb_services[lcore];
	for (unsigned int i = 0; i < ls->n; i++)
		if (ls->svc[i].fn == fn && ls->svc[i].arg == arg)
			return -EEXIST;
	if (ls->n == EBB_ENGINE_MAX_SERVICES)
		return -ENOSPC;
	ls->svc[ls->n].fn = fn;
	ls->svc[ls->n].arg = arg;
	ls->n++; /* the loop is not running: rte_eal_remote_launch() publishes it */
	return 0;
}

int
ebb_engine_del_service(unsigned int lcore, ebb_engine_service_fn fn, void *arg)
{
	struct ebb_lcore_services *ls;

	if (lcore >= RTE_MAX_LCORE)
		return -ENOENT;
	if (ebb_eng.running)
		return -EBUSY;
	ls = &ebb_services[lcore];
	for (unsigned int i = 0; i < ls->n; i++) {
		if (ls->svc[i].fn != fn || ls->svc[i].arg != arg)
			continue;
		memmove(&ls->svc[i], &ls->svc[i + 1], (ls->n - i - 1) * sizeof(ls->svc[0]));
		ls->n--;
		return 0;
	}
	return -ENOENT;
}

void
ebb_engine_services_clear(void)
{
	memset(ebb_services, 0, sizeof(ebb_services));
}

int
ebb_engine_port_lcore(uint16_t port)
{
	if (ebb_engine_port_of(port) == NULL)
		return -ENODEV;
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		const struct ebb_stream *s = &ebb_eng.streams[i];

		if (s->rx_port == port && s->rx_queue == 0)
			return (int)s->lcore_id;
	}
	return -ENODEV;
}

/* Copy the port's hook into its streams (forwarding stopped). */
static void
hook_streams(const struct ebb_port *p)
{
	for (unsigned int i = 0; i < ebb_eng.nb_streams; i++) {
		struct ebb_stream *s = &ebb_eng.streams[i];

		if (s->rx_port == p->id)
			ebb_stream_set_rx_hook(s, p->rx_hook, p->rx_hook_arg, p->rx_gate);
	}
}

int
ebb_engine_set_rx_hook(uint16_t port, ebb_engine_rx_hook_fn fn, void *arg)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	p->rx_hook = fn;
	p->rx_hook_arg = fn != NULL ? arg : NULL;
	if (fn == NULL)
		p->rx_gate = NULL;
	hook_streams(p);
	return 0;
}

int
ebb_engine_set_rx_hook_gate(uint16_t port, const uint32_t *gate)
{
	struct ebb_port *p = ebb_engine_port_of(port);

	if (p == NULL)
		return -ENODEV;
	if (ebb_eng.running)
		return -EBUSY;
	if (p->rx_hook == NULL && gate != NULL)
		return -EINVAL;
	p->rx_gate = gate;
	hook_streams(p);
	return 0;
}
