/* SPDX-License-Identifier: BSD-3-Clause */
/* telemetry_wait.c: /ebbflow/queues and /ebbflow/waiters: paused RX queues and waiters. */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>

#include <rte_common.h>
#include <rte_telemetry.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

/*
 * Like telemetry.c: one array per field ("columns"), index i being RX queue / waiter i;
 * with an index parameter, one flat dict for that entry. Read under ebb_ctl_lock(); the
 * engine answers nothing before its init and after its fini.
 */

#define TEL_MAX_QUEUES 256
#define TEL_MAX_WAITERS 128

static const char *
tel_state(enum ebb_rxq_state_pub s)
{
	switch (s) {
	case EBB_QUEUE_POLLING: return "polling";
	case EBB_QUEUE_PAUSED: return "paused";
	case EBB_QUEUE_HELD: return "held";
	case EBB_QUEUE_STOPPED: return "stopped";
	}
	return "?";
}

static int
tel_index(const char *params, unsigned int n)
{
	unsigned long long i;

	if (params == NULL || params[0] == '\0')
		return -1;
	if (n == 0 || ebb_parse_uint(params, 0, n - 1, &i) < 0)
		return -EINVAL;
	return (int)i;
}

static int
tel_column_u64(struct rte_tel_data *d, const char *name, const void *base, size_t stride,
	       size_t off, unsigned int n, bool is_u16)
{
	struct rte_tel_data *a = rte_tel_data_alloc();

	if (a == NULL)
		return -ENOMEM;
	rte_tel_data_start_array(a, RTE_TEL_U64_VAL);
	for (unsigned int i = 0; i < n; i++) {
		const char *p = (const char *)base + i * stride + off;

		rte_tel_data_add_array_u64(a, is_u16 ? *(const uint16_t *)p : *(const uint64_t *)p);
	}
	return rte_tel_data_add_dict_container(d, name, a, 0);
}

#define QF(f) { #f, offsetof(struct ebb_queue_stats, f) }
static const struct {
	const char *name;
	size_t off;
} tel_queue_fields[] = {
	QF(polls), QF(nombuf), QF(pauses), QF(resumes), QF(wakeups), QF(wait_timeouts),
	QF(polls_skipped), QF(paused_us), QF(wait_errors), QF(held_loops), QF(repauses),
	QF(need), QF(spilled),
};

static int
tel_queues(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ebb_queue_stats *q = calloc(TEL_MAX_QUEUES, sizeof(*q));
	struct rte_tel_data *a;
	unsigned int n, f;
	int idx, ret = -ENOMEM;

	RTE_SET_USED(cmd);
	if (q == NULL)
		return -ENOMEM;
	ebb_ctl_lock();
	n = ebb_engine_queue_stats(q, TEL_MAX_QUEUES);
	ebb_ctl_unlock();
	idx = tel_index(params, n);
	if (idx == -EINVAL) {
		ret = -EINVAL;
		goto out;
	}
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		rte_tel_data_add_dict_u64(d, "port", q[idx].port);
		rte_tel_data_add_dict_u64(d, "queue", q[idx].queue);
		rte_tel_data_add_dict_u64(d, "lcore", q[idx].lcore);
		rte_tel_data_add_dict_string(d, "state", tel_state(q[idx].state));
		for (f = 0; f < RTE_DIM(tel_queue_fields); f++)
			rte_tel_data_add_dict_u64(d, tel_queue_fields[f].name,
				*(const uint64_t *)((const char *)&q[idx] + tel_queue_fields[f].off));
		ret = 0;
		goto out;
	}
	if (tel_column_u64(d, "port", q, sizeof(*q), offsetof(struct ebb_queue_stats, port),
			   n, true) < 0 ||
	    tel_column_u64(d, "queue", q, sizeof(*q), offsetof(struct ebb_queue_stats, queue),
			   n, true) < 0)
		goto out;
	a = rte_tel_data_alloc();
	if (a == NULL)
		goto out;
	rte_tel_data_start_array(a, RTE_TEL_U64_VAL);
	for (unsigned int i = 0; i < n; i++)
		rte_tel_data_add_array_u64(a, q[i].lcore);
	if (rte_tel_data_add_dict_container(d, "lcore", a, 0) < 0)
		goto out;
	a = rte_tel_data_alloc();
	if (a == NULL)
		goto out;
	rte_tel_data_start_array(a, RTE_TEL_STRING_VAL);
	for (unsigned int i = 0; i < n; i++)
		rte_tel_data_add_array_string(a, tel_state(q[i].state));
	if (rte_tel_data_add_dict_container(d, "state", a, 0) < 0)
		goto out;
	for (f = 0; f < RTE_DIM(tel_queue_fields); f++)
		if (tel_column_u64(d, tel_queue_fields[f].name, q, sizeof(*q),
				   tel_queue_fields[f].off, n, false) < 0)
			goto out;
	ret = 0;
out:
	free(q);
	return ret;
}

static int
tel_waiters(const char *cmd, const char *params, struct rte_tel_data *d)
{
	struct ebb_engine_waiter *w = calloc(TEL_MAX_WAITERS, sizeof(*w));
	struct rte_tel_data *lc, *own, *cls, *need, *age, *dl;
	unsigned int n;
	int idx, ret = -ENOMEM;

	RTE_SET_USED(cmd);
	if (w == NULL)
		return -ENOMEM;
	ebb_ctl_lock();
	n = ebb_engine_waiters(w, TEL_MAX_WAITERS);
	ebb_ctl_unlock();
	idx = tel_index(params, n);
	if (idx == -EINVAL) {
		ret = -EINVAL;
		goto out;
	}
	rte_tel_data_start_dict(d);
	if (idx >= 0) {
		rte_tel_data_add_dict_u64(d, "lcore", w[idx].lcore);
		rte_tel_data_add_dict_string(d, "owner", w[idx].owner);
		rte_tel_data_add_dict_string(d, "class", w[idx].control ? "control" : "data");
		rte_tel_data_add_dict_u64(d, "need", w[idx].need);
		rte_tel_data_add_dict_u64(d, "age_us", w[idx].age_us);
		rte_tel_data_add_dict_u64(d, "deadline_in_us", w[idx].deadline_in_us);
		ret = 0;
		goto out;
	}
	lc = rte_tel_data_alloc();
	own = rte_tel_data_alloc();
	cls = rte_tel_data_alloc();
	need = rte_tel_data_alloc();
	age = rte_tel_data_alloc();
	dl = rte_tel_data_alloc();
	if (lc == NULL || own == NULL || cls == NULL || need == NULL || age == NULL ||
	    dl == NULL) {
		rte_tel_data_free(lc);
		rte_tel_data_free(own);
		rte_tel_data_free(cls);
		rte_tel_data_free(need);
		rte_tel_data_free(age);
		rte_tel_data_free(dl);
		goto out;
	}
	rte_tel_data_start_array(lc, RTE_TEL_U64_VAL);
	rte_tel_data_start_array(own, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(cls, RTE_TEL_STRING_VAL);
	rte_tel_data_start_array(need, RTE_TEL_U64_VAL);
	rte_tel_data_start_array(age, RTE_TEL_U64_VAL);
	rte_tel_data_start_array(dl, RTE_TEL_U64_VAL);
	for (unsigned int i = 0; i < n; i++) {
		rte_tel_data_add_array_u64(lc, w[i].lcore);
		rte_tel_data_add_array_string(own, w[i].owner);
		rte_tel_data_add_array_string(cls, w[i].control ? "control" : "data");
		rte_tel_data_add_array_u64(need, w[i].need);
		rte_tel_data_add_array_u64(age, w[i].age_us);
		rte_tel_data_add_array_u64(dl, w[i].deadline_in_us);
	}
	rte_tel_data_add_dict_container(d, "lcore", lc, 0);
	rte_tel_data_add_dict_container(d, "owner", own, 0);
	rte_tel_data_add_dict_container(d, "class", cls, 0);
	rte_tel_data_add_dict_container(d, "need", need, 0);
	rte_tel_data_add_dict_container(d, "age_us", age, 0);
	rte_tel_data_add_dict_container(d, "deadline_in_us", dl, 0);
	ret = 0;
out:
	free(w);
	return ret;
}

/* registered at load time, like DPDK's own libraries; the socket opens in EAL init */
RTE_INIT(ebb_telemetry_wait_init)
{
	/* help texts: under RTE_TEL_MAX_STRING_LEN (128) or the registration fails */
	rte_telemetry_register_cmd("/ebbflow/queues", tel_queues,
		"ebbflow RX queues: port queue lcore state nombuf pauses resumes wait_timeouts "
		"polls_skipped paused_us... Param: index");
	rte_telemetry_register_cmd("/ebbflow/waiters", tel_waiters,
		"ebbflow waiters: lcore, owner, class, need, age_us, deadline_in_us. Param: index");
}
