/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd.c: the registry of forwarding modes (filled by constructors, read by the engine). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_cycles.h>
#include <rte_errno.h>

#include "fwd_priv.h"

/* Written by constructors before main(), read-only afterwards: no locking needed. */
static const struct ebb_fwd_mode *modes[EBB_FWD_MAX_MODES];
static unsigned int nb_modes;

int
ebb_fwd_mode_register(const struct ebb_fwd_mode *mode)
{
	unsigned int i;

	if (mode == NULL || mode->name == NULL || mode->fwd == NULL ||
	    strnlen(mode->name, EBB_FWD_NAMESIZE) == EBB_FWD_NAMESIZE)
		return -EINVAL;
	if (ebb_fwd_mode_find(mode->name) != NULL)
		return -EEXIST;
	if (nb_modes == EBB_FWD_MAX_MODES)
		return -ENOSPC;
	/* keep the table sorted by name: listings do not depend on link order */
	for (i = nb_modes; i > 0 && strcmp(modes[i - 1]->name, mode->name) > 0; i--)
		modes[i] = modes[i - 1];
	modes[i] = mode;
	nb_modes++;
	return 0;
}

const struct ebb_fwd_mode *
ebb_fwd_mode_find(const char *name)
{
	if (name == NULL) {
		rte_errno = EINVAL;
		return NULL;
	}
	for (unsigned int i = 0; i < nb_modes; i++)
		if (strcmp(modes[i]->name, name) == 0)
			return modes[i];
	rte_errno = ENOENT;
	return NULL;
}

int
ebb_fwd_mode_names(char *buf, size_t len, char sep)
{
	size_t need = 0;

	if (buf != NULL && len > 0)
		buf[0] = '\0';
	for (unsigned int i = 0; i < nb_modes; i++) {
		size_t l = strlen(modes[i]->name) + (i > 0);

		if (buf != NULL && need + l < len) {
			if (i > 0)
				buf[need] = sep;
			memcpy(buf + need + (i > 0), modes[i]->name, l - (i > 0));
			buf[need + l] = '\0';
		}
		need += l;
	}
	return (int)need;
}

/* the gate of a hook without one: always open */
static const uint32_t gate_open = 1;

void
ebb_stream_set_rx_hook(struct ebb_stream *s, ebb_stream_rx_hook_fn fn, void *arg,
		       const uint32_t *gate)
{
	s->rx_hook = fn;
	s->rx_hook_arg = fn != NULL ? arg : NULL;
	s->rx_gate = fn == NULL ? NULL : gate != NULL ? gate : &gate_open;
}

unsigned int
ebb_fwd_mode_count(void)
{
	return nb_modes;
}

struct ebb_fwd_params ebb_fwd_params_now = {
	.tx_retry_num = EBB_FWD_DEFAULT_RETRY_NUM,
	.tx_retry_delay_us = EBB_FWD_DEFAULT_RETRY_DELAY_US,
	.flowgen_flows = EBB_FWD_DEFAULT_FLOWS,
};

void
ebb_fwd_params_get(struct ebb_fwd_params *p)
{
	if (p != NULL)
		*p = ebb_fwd_params_now;
}

int
ebb_fwd_params_set(const struct ebb_fwd_params *p)
{
	if (p == NULL || p->flowgen_flows == 0 || p->flowgen_flows > EBB_FWD_MAX_FLOWS ||
	    p->tx_retry_delay_us > EBB_FWD_MAX_RETRY_DELAY_US)
		return -EINVAL;
	ebb_fwd_params_now = *p;
	return 0;
}

uint16_t
ebb_stream_tx_short(struct ebb_stream *s, struct rte_mbuf **pkts, uint16_t n, uint16_t sent)
{
	if (ebb_fwd_params_now.tx_retry) {
		for (uint32_t r = 0; r < ebb_fwd_params_now.tx_retry_num && sent < n; r++) {
			uint16_t more;

			rte_delay_us(ebb_fwd_params_now.tx_retry_delay_us);
			more = rte_eth_tx_burst(s->tx_port, s->tx_queue, &pkts[sent], n - sent);
			ebb_stream_count(&s->tx, more);
			sent += more;
		}
		if (sent == n)
			return sent;
	}
	ebb_stream_count(&s->tx_dropped, n - sent);
	rte_pktmbuf_free_bulk(&pkts[sent], n - sent);
	return sent;
}
