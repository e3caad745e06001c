/* SPDX-License-Identifier: BSD-3-Clause */
/* pool.c: per-NUMA pool planning, creation, lookup and audit. */
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <string.h>

#include <numa.h>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include "ebb_pool.h"

RTE_LOG_REGISTER_DEFAULT(ebb_pool_logtype, INFO);
#define EBB_POOL_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_##level, ebb_pool_logtype, "ebb_pool: " fmt "\n", ##__VA_ARGS__)

static int
topo_port_socket(uint16_t port, void *arg)
{
	RTE_SET_USED(arg);
	/* rte_eth_dev_socket_id() faults on a port id never used when no port exists */
	if (!rte_eth_dev_is_valid_port(port))
		return -1;
	return rte_eth_dev_socket_id(port);
}

static int
topo_lcore_socket(unsigned int lcore, void *arg)
{
	RTE_SET_USED(arg);
	return (int)rte_lcore_to_socket_id(lcore);
}

/* Free hugepages of every size on NUMA node socket (sysfs), 0 when none or unknown. */
static unsigned long
node_free_hugepages(int socket)
{
	char path[128];
	unsigned long total = 0;
	glob_t g;

	snprintf(path, sizeof(path),
		 "/sys/devices/system/node/node%d/hugepages/hugepages-*/free_hugepages", socket);
	if (glob(path, 0, NULL, &g) != 0)
		return 0;
	for (size_t i = 0; i < g.gl_pathc; i++) {
		FILE *f = fopen(g.gl_pathv[i], "r");
		unsigned long n = 0;

		if (f == NULL)
			continue;
		if (fscanf(f, "%lu", &n) == 1)
			total += n;
		fclose(f);
	}
	globfree(&g);
	return total;
}

/*
 * Memory a pool on socket can be made of. Without hugepages (--no-huge) EAL's heap serves
 * every socket from the same pages, so the node's RAM decides. With hugepages, the node
 * needs some: pages this process holds there already (its heap on that socket, as
 * --socket-mem reserves them) or free hugepages on the node to grow into; a node with RAM
 * but no hugepages cannot hold a pool (rte_mempool_create() on it fails with ENOMEM).
 */
static bool
topo_socket_has_memory(int socket, void *arg)
{
	struct rte_malloc_socket_stats st;

	RTE_SET_USED(arg);
	if (numa_available() < 0)
		return socket == 0; /* no NUMA: one node, and it has the memory */
	if (numa_node_size64(socket, NULL) <= 0)
		return false;
	if (!rte_eal_has_hugepages())
		return true;
	if (rte_malloc_get_socket_stats(socket, &st) == 0 && st.heap_totalsz_bytes > 0)
		return true;
	return node_free_hugepages(socket) > 0;
}

static const struct ebb_pool_topo topo_default = {
	.port_socket = topo_port_socket,
	.lcore_socket = topo_lcore_socket,
	.socket_has_memory = topo_socket_has_memory,
};

const struct ebb_pool_topo *
ebb_pool_topo_default(void)
{
	return &topo_default;
}

uint32_t
ebb_pool_size_formula(unsigned int nb_queues, uint16_t rxd, uint16_t txd, uint16_t burst,
		      unsigned int nb_lcores, uint32_t cache)
{
	uint64_t n = (uint64_t)nb_queues * ((uint64_t)rxd + txd + burst) +
		     (uint64_t)nb_lcores * ((uint64_t)cache * 3 / 2 + burst) + EBB_POOL_MARGIN;

	n = RTE_ALIGN_CEIL(n, (uint64_t)EBB_POOL_ROUND);
	return n > UINT32_MAX ? 0 : (uint32_t)n;
}

static int
norm_socket(int s)
{
	return s < 0 ? 0 : s; /* unknown (SOCKET_ID_ANY) counts as socket 0 */
}

/* Lowest socket with memory among those flagged in want[]; -1 if none. */
static int
lowest_with_memory(const bool *want, const bool *mem)
{
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++)
		if ((want == NULL || want[s]) && mem[s])
			return s;
	return -1;
}

int
ebb_pool_plan(const struct ebb_pool_req *req, const struct ebb_pool_topo *topo,
	      struct ebb_pool_plan *plan)
{
	bool has_port[EBB_POOL_MAX_SOCKETS] = { false };
	bool has_lcore[EBB_POOL_MAX_SOCKETS] = { false };
	bool mem[EBB_POOL_MAX_SOCKETS];
	int fallback = -1;

	if (req == NULL || plan == NULL || req->nb_ports == 0 ||
	    req->nb_ports > EBB_POOL_MAX_PORTS || req->nb_rxq == 0 || req->burst == 0 ||
	    (req->nb_lcores > 0 && req->lcores == NULL) ||
	    (req->mbuf_size != 0 && req->mbuf_size <= RTE_PKTMBUF_HEADROOM) ||
	    strnlen(req->ops, sizeof(req->ops)) == sizeof(req->ops) ||
	    (req->cache_set && req->cache > RTE_MEMPOOL_CACHE_MAX_SIZE) ||
	    (req->one_socket && (req->socket < 0 || req->socket >= EBB_POOL_MAX_SOCKETS)))
		return -EINVAL;
	if (topo == NULL)
		topo = &topo_default;

	memset(plan, 0, sizeof(*plan));
	plan->mbuf_size = req->mbuf_size ? req->mbuf_size : EBB_POOL_DEFAULT_MBUF_SIZE;
	strcpy(plan->ops, req->ops[0] ? req->ops : EBB_POOL_DEFAULT_OPS);
	plan->nb_ports = req->nb_ports;

	for (uint16_t i = 0; i < req->nb_ports; i++) {
		int s = norm_socket(topo->port_socket(req->ports[i], topo->arg));

		if (s >= EBB_POOL_MAX_SOCKETS)
			return -EINVAL;
		plan->port_id[i] = req->ports[i];
		plan->port_socket[i] = s;
		has_port[s] = true;
	}
	for (unsigned int i = 0; i < req->nb_lcores; i++) {
		int s = norm_socket(topo->lcore_socket(req->lcores[i], topo->arg));

		if (s >= EBB_POOL_MAX_SOCKETS)
			return -EINVAL;
		has_lcore[s] = true;
	}
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		mem[s] = topo->socket_has_memory(s, topo->arg);
		plan->socket[s].has_memory = mem[s];
		plan->socket[s].used = mem[s] && (has_port[s] || has_lcore[s]);
	}

	/* one socket asked for: every port draws on its pool, no other pool */
	if (req->one_socket) {
		if (!mem[req->socket]) {
			EBB_POOL_LOG(DEBUG, "socket %d has no memory: no pool can be made there",
				     req->socket);
			return -ENOMEM;
		}
		for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++)
			plan->socket[s].used = s == req->socket;
	}
	/* each port draws on its own socket, or on the fallback */
	for (uint16_t i = 0; req->one_socket && i < req->nb_ports; i++) {
		plan->port_pool[i] = req->socket;
		plan->socket[req->socket].nb_queues += req->nb_rxq;
	}
	for (uint16_t i = 0; !req->one_socket && i < req->nb_ports; i++) {
		int s = plan->port_socket[i];

		if (!mem[s]) {
			if (fallback < 0)
				fallback = lowest_with_memory(has_lcore, mem);
			if (fallback < 0)
				fallback = lowest_with_memory(has_port, mem);
			if (fallback < 0)
				fallback = lowest_with_memory(NULL, mem);
			if (fallback < 0) {
				EBB_POOL_LOG(ERR, "no NUMA socket has memory for port %u",
					     req->ports[i]);
				return -ENOMEM;
			}
			EBB_POOL_LOG(WARNING,
				     "port %u: socket %d has no memory, its RX queues draw on socket %d",
				     req->ports[i], s, fallback);
			s = fallback;
			plan->port_fallback[i] = true;
			plan->socket[s].used = true;
		}
		plan->port_pool[i] = s;
		plan->socket[s].nb_queues += req->nb_rxq;
	}

	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		struct ebb_pool_spec *sp = &plan->socket[s];

		if (!sp->used)
			continue;
		plan->nb_pools++;
		sp->nb_lcores = req->nb_lcores;
		sp->cache = req->cache_set ? req->cache : EBB_POOL_CACHE;
		if (req->total_num_mbufs != 0) {
			sp->size = req->total_num_mbufs;
			/* DPDK: cache * 3 / 2 must not exceed the size; a cache asked for is
			 * kept (the caller checked it fits) */
			if ((uint64_t)sp->cache * 3 / 2 > sp->size && req->cache_set)
				return -EINVAL;
			if ((uint64_t)sp->cache * 3 / 2 > sp->size)
				sp->cache = sp->size * 2 / 3;
		} else {
			sp->size = ebb_pool_size_formula(sp->nb_queues, req->nb_rxd, req->nb_txd,
							 req->burst, sp->nb_lcores, sp->cache);
			if (sp->size == 0)
				return -ERANGE;
		}
	}
	if (plan->nb_pools == 0)
		return -ENOMEM;
	return 0;
}

struct ebb_pool_set *
ebb_pool_set_create(const struct ebb_pool_req *req, const struct ebb_pool_topo *topo)
{
	struct ebb_pool_set *set;
	int ret;

	set = calloc(1, sizeof(*set));
	if (set == NULL) {
		rte_errno = ENOMEM;
		return NULL;
	}
	ret = ebb_pool_plan(req, topo, &set->plan);
	if (ret < 0)
		goto fail;
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++) {
		const struct ebb_pool_spec *sp = &set->plan.socket[s];
		char name[RTE_MEMPOOL_NAMESIZE];

		if (!sp->used)
			continue;
		snprintf(name, sizeof(name), "ebb_pool_%d", s);
		set->mp[s] = rte_pktmbuf_pool_create_by_ops(name, sp->size, sp->cache, 0,
							    set->plan.mbuf_size, s,
							    set->plan.ops);
		if (set->mp[s] == NULL) {
			ret = -rte_errno;
			EBB_POOL_LOG(ERR, "cannot create pool %s (%u mbufs of %u bytes, ops %s, "
				     "socket %d): %s", name, sp->size, set->plan.mbuf_size,
				     set->plan.ops, s, rte_strerror(rte_errno));
			goto fail;
		}
		EBB_POOL_LOG(INFO, "pool %s: %u mbufs of %u bytes, cache %u, socket %d, ops %s",
			     name, sp->size, set->plan.mbuf_size, sp->cache, s, set->plan.ops);
	}
	return set;
fail:
	ebb_pool_set_free(set);
	rte_errno = -ret;
	return NULL;
}

void
ebb_pool_set_free(struct ebb_pool_set *set)
{
	if (set == NULL)
		return;
	for (int s = 0; s < EBB_POOL_MAX_SOCKETS; s++)
		rte_mempool_free(set->mp[s]);
	free(set);
}

struct rte_mempool *
ebb_pool_for_port(const struct ebb_pool_set *set, uint16_t port)
{
	if (set != NULL)
		for (uint16_t i = 0; i < set->plan.nb_ports; i++)
			if (set->plan.port_id[i] == port)
				return set->mp[set->plan.port_pool[i]];
	rte_errno = ENODEV;
	return NULL;
}

struct rte_mempool *
ebb_pool_for_socket(const struct ebb_pool_set *set, int socket)
{
	if (set != NULL && socket >= 0 && socket < EBB_POOL_MAX_SOCKETS &&
	    set->mp[socket] != NULL)
		return set->mp[socket];
	rte_errno = ENOENT;
	return NULL;
}

int
ebb_pool_audit(const struct rte_mempool *mp, struct ebb_pool_audit *a)
{
	struct ebb_pool_audit r = { 0 };
	uint64_t avail;

	if (mp == NULL)
		return -EINVAL;
	avail = rte_mempool_get_ops(mp->ops_index)->get_count(mp);
	if (mp->cache_size != 0)
		for (unsigned int l = 0; l < RTE_MAX_LCORE; l++)
			avail += mp->local_cache[l].len;
	r.size = mp->size;
	r.avail = avail > UINT32_MAX ? UINT32_MAX : (unsigned int)avail;
	if (avail > mp->size)
		r.excess = r.avail - r.size;
	else
		r.missing = r.size - r.avail;
	if (a != NULL)
		*a = r;
	if (r.excess)
		return -EOVERFLOW;
	return r.missing ? -EAGAIN : 0;
}
