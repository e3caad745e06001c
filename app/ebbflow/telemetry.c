/* SPDX-License-Identifier: BSD-3-Clause */
/* telemetry.c: /ebbflow/pools and /ebbflow/lcores answered through DPDK's telemetry socket. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_lcore.h>
#include <rte_telemetry.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"
#include "telemetry.h"

#define EBB_TEL_MAX_POOLS 16

/*
 * DPDK 22.11 containers hold arrays only (no dict of dicts), so each endpoint
 * answers one array per field, index i being pool / lcore i ("columns").
 * With a parameter (index), it answers one flat dict for that entry.
 */

static bool ebb_tel_ready; /* written and read under ebb_ctl_lock() */

void
ebb_telemetry_set_ready(bool ready)
{
	ebb_tel_ready = ready;
}

/* A column: an array of u64 (or strings when s != NULL) added to d as name. */
static int
ebb_tel_column(struct rte_tel_data *d, const char *name, const uint64_t *v, const char *const *s,
	       unsigned int n)
{
	struct rte_tel_data *a = rte_tel_data_alloc();
	unsigned int i;

	if (a == NULL)
		return -ENOMEM;
	rte_tel_data_start_array(a, s != NULL ? RTE_TEL_STRING_VAL : RTE_TEL_U64_VAL);
	for (i = 0; i < n; i++) {
		if (s != NULL)
			rte_tel_data_add_array_string(a, s[i]);
		else
			rte_tel_data_add_array_u64(a, v[i]);
	}
	return rte_tel_data_add_dict_container(d, name, a, 0);
}

/* Parameter: an index below n, or -1 for none; -EINVAL when malformed. */
static int
ebb_tel_index(const char *params, unsigned int n)
{
	unsigned long long i;

	if (params == NULL || params[0] == '\0')
		return -1;
	if (ebb_parse_uint(params, 0, n > 0 ? n - 1 : 0, &i) < 0 || n == 0)
		return -EINVAL;
	return (int)i;
}

static int
ebb_tel_pools(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ebb_pool_info info[EBB_TEL_MAX_POOLS];
	const char *names[EBB_TEL_MAX_POOLS];
	uint64_t sock[EBB_TEL_MAX_POOLS], size[EBB_TEL_MAX_POOLS];
	uint64_t avail[EBB_TEL_MAX_POOLS], used[EBB_TEL_MAX_POOLS];
	uint64_t waits[EBB_TEL_MAX_POOLS], handoffs[EBB_TEL_MAX_POOLS];
	uint64_t ruses[EBB_TEL_MAX_POOLS], waiting[EBB_TEL_MAX_POOLS];
	unsigned int i, n = 0;
	int idx;

	RTE_SET_USED(cmd);
	ebb_ctl_lock();
	if (ebb_tel_ready)
		n = ebb_engine_pools(info, RTE_DIM(info));
	ebb_ctl_unlock();
	idx = ebb_tel_index(params, n);
	if (idx == -EINVAL)
		return -EINVAL;
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		rte_tel_data_add_dict_string(d, "name", info[idx].name);
		rte_tel_data_add_dict_int(d, "socket", info[idx].socket);
		rte_tel_data_add_dict_u64(d, "size", info[idx].size);
		rte_tel_data_add_dict_u64(d, "avail", info[idx].avail);
		rte_tel_data_add_dict_u64(d, "in_use", info[idx].in_use);
		rte_tel_data_add_dict_u64(d, "waits", info[idx].waits);
		rte_tel_data_add_dict_u64(d, "handoffs", info[idx].handoffs);
		rte_tel_data_add_dict_u64(d, "reserve_uses", info[idx].reserve_uses);
		rte_tel_data_add_dict_u64(d, "waiting_lcores", info[idx].waiting_lcores);
		return 0;
	}
	for (i = 0; i < n; i++) {
		names[i] = info[i].name;
		sock[i] = (uint64_t)(int64_t)info[i].socket;
		size[i] = info[i].size;
		avail[i] = info[i].avail;
		used[i] = info[i].in_use;
		waits[i] = info[i].waits;
		handoffs[i] = info[i].handoffs;
		ruses[i] = info[i].reserve_uses;
		waiting[i] = info[i].waiting_lcores;
	}
	if (ebb_tel_column(d, "name", NULL, names, n) < 0 ||
	    ebb_tel_column(d, "socket", sock, NULL, n) < 0 ||
	    ebb_tel_column(d, "size", size, NULL, n) < 0 ||
	    ebb_tel_column(d, "avail", avail, NULL, n) < 0 ||
	    ebb_tel_column(d, "in_use", used, NULL, n) < 0 ||
	    ebb_tel_column(d, "waits", waits, NULL, n) < 0 ||
	    ebb_tel_column(d, "handoffs", handoffs, NULL, n) < 0 ||
	    ebb_tel_column(d, "reserve_uses", ruses, NULL, n) < 0 ||
	    ebb_tel_column(d, "waiting_lcores", waiting, NULL, n) < 0)
		return -ENOMEM;
	return 0;
}

/* the uint64_t fields of struct ebb_lcore_stats, in answer order */
static const struct {
	const char *name;
	size_t off;
} ebb_tel_lcore_fields[] = {
	{ "loops", offsetof(struct ebb_lcore_stats, loops) },
	{ "rx", offsetof(struct ebb_lcore_stats, rx) },
	{ "tx", offsetof(struct ebb_lcore_stats, tx) },
	{ "tx_dropped", offsetof(struct ebb_lcore_stats, tx_dropped) },
};

static int
ebb_tel_lcores(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ebb_lcore_stats *st;
	uint64_t *col;
	unsigned int f, i, n = 0;
	int idx, ret = -ENOMEM;

	RTE_SET_USED(cmd);
	st = calloc(RTE_MAX_LCORE, sizeof(*st));
	col = calloc(RTE_MAX_LCORE, sizeof(*col));
	if (st == NULL || col == NULL)
		goto out;
	ebb_ctl_lock();
	if (ebb_tel_ready)
		n = ebb_engine_lcore_stats(st, RTE_MAX_LCORE);
	ebb_ctl_unlock();
	idx = ebb_tel_index(params, n);
	if (idx == -EINVAL) {
		ret = -EINVAL;
		goto out;
	}
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		rte_tel_data_add_dict_u64(d, "lcore", st[idx].lcore_id);
		rte_tel_data_add_dict_u64(d, "loops", st[idx].loops);
		rte_tel_data_add_dict_u64(d, "rx", st[idx].rx);
		rte_tel_data_add_dict_u64(d, "tx", st[idx].tx);
		rte_tel_data_add_dict_u64(d, "tx_dropped", st[idx].tx_dropped);
		ret = 0;
		goto out;
	}
	for (i = 0; i < n; i++)
		col[i] = st[i].lcore_id;
	if (ebb_tel_column(d, "lcore", col, NULL, n) < 0)
		goto out;
	for (f = 0; f < RTE_DIM(ebb_tel_lcore_fields); f++) {
		for (i = 0; i < n; i++)
			col[i] = *(const uint64_t *)((const char *)&st[i] +
						     ebb_tel_lcore_fields[f].off);
		if (ebb_tel_column(d, ebb_tel_lcore_fields[f].name, col, NULL, n) < 0)
			goto out;
	}
	ret = 0;
out:
	free(st);
	free(col);
	return ret;
}

static const struct ebb_tel_cmd {
	const char *path;
	telemetry_cb fn;
	const char *help;
} ebb_tel_cmds[] = {
	{ "/ebbflow/pools", ebb_tel_pools,
	  "ebbflow mbuf pools: name socket size avail in_use waits handoffs reserve_uses "
	  "waiting_lcores. Param: index" },
	{ "/ebbflow/lcores", ebb_tel_lcores,
	  "ebbflow forwarding lcores: lcore, loops, rx, tx, tx_dropped. Param: index" },
};

int
ebb_telemetry_register(void)
{
	unsigned int i;
	int ret;

	for (i = 0; i < RTE_DIM(ebb_tel_cmds); i++) {
		ret = rte_telemetry_register_cmd(ebb_tel_cmds[i].path, ebb_tel_cmds[i].fn,
						 ebb_tel_cmds[i].help);
		if (ret < 0)
			return ret;
	}
	return 0;
}
