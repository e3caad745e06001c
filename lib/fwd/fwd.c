/* SPDX-License-Identifier: BSD-3-Clause */
/* fwd.c: the registry of forwarding modes (filled by constructors, read by the engine). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <rte_errno.h>

#include "ebb_fwd.h"

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
