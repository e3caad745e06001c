/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_engine_ctrl.h: control traffic inside the forwarding loops: control TX, start/stop hooks. */
#ifndef EBB_ENGINE_CTRL_H
#define EBB_ENGINE_CTRL_H

/*
 * For applets and tasks that run on a port's serving lcore (ebb_engine_port_lcore()) as
 * engine services and send frames of their own (ARP/ICMP replies, health-check probes).
 * A separate header from ebb_engine.h only so that two people could extend the engine at
 * once; it is part of the same library and contract: control-plane functions are called
 * from the main lcore, ebb_engine_ctrl_tx() from the serving lcore.
 */

#include <stdint.h>

#include <rte_ether.h>

#include "ebb_engine.h"

struct rte_mbuf;
struct rte_mempool;

#ifdef __cplusplus
extern "C" {
#endif

/** What a control user of a port needs to build and send frames. */
struct ebb_engine_port_ctrl {
	struct rte_ether_addr mac;  /**< the port's address */
	struct rte_mempool *pool;   /**< the pool its RX queues draw on */
	int socket;                 /**< where its memory goes: its pool's NUMA socket */
	int tx_lcore;               /**< lcore owning its TX queue 0 (-1: none) */
	uint64_t ctrl_refused;      /**< control frames not sent (refused or dropped) */
};

/**
 * What a control user needs to know of a port (any lcore).
 * @param port an engine port.
 * @param info filled in.
 * @return 0; -ENODEV bad port or engine not initialised; -EINVAL info NULL.
 */
int ebb_engine_port_ctrl_info(uint16_t port, struct ebb_engine_port_ctrl *info);

/**
 * Send control frames on port, from the port's serving lcore while forwarding runs.
 * They go on TX queue 0 directly when that lcore owns it; otherwise through a ring to the
 * lcore that does, which sends them in its next loop iteration. No TX queue ever has two
 * writers and the ports need no extra queue.
 * @param port an engine port.
 * @param pkts the frames.
 * @param n how many.
 * @return how many were taken (the caller frees the rest): 0 when forwarding does not
 *         run, on another lcore than the serving one, or when the ring is full.
 */
uint16_t ebb_engine_ctrl_tx(uint16_t port, struct rte_mbuf **pkts, uint16_t n);

/**
 * Start hook: runs on the main lcore in ebb_engine_start() once the streams are built
 * (ebb_engine_port_lcore() answers for this run) and before the loops launch; it may
 * add and remove services. A negative return refuses the start.
 */
typedef int (*ebb_engine_start_hook_fn)(void *arg);

/**
 * Stop hook: runs ON each forwarding lcore (lcore is its id) in ebb_engine_stop(), after
 * that lcore's loop has ended and before the ports stop: the place to cancel waiters
 * queued on that lcore. It must not block. After the hooks, the lcore's refill stacks
 * go back to the pools; a waiter left queued keeps what was claimed for it.
 */
typedef void (*ebb_engine_stop_hook_fn)(void *arg, unsigned int lcore);

/**
 * Add a start hook (control plane).
 * @param fn the hook.
 * @param arg passed to fn.
 * @return 0; -EINVAL fn NULL; -EEXIST already added; -ENOSPC 4 hooks; -EBUSY running.
 */
int ebb_engine_add_start_hook(ebb_engine_start_hook_fn fn, void *arg);
/**
 * Add a stop hook (control plane).
 * @param fn the hook.
 * @param arg passed to fn.
 * @return 0; -EINVAL fn NULL; -EEXIST already added; -ENOSPC 4 hooks; -EBUSY running.
 */
int ebb_engine_add_stop_hook(ebb_engine_stop_hook_fn fn, void *arg);
/**
 * Remove the start hook (start, arg) and the stop hook (stop, arg), either may be NULL.
 * @param start the start hook, or NULL.
 * @param stop the stop hook, or NULL.
 * @param arg the argument they were added with.
 * @return 0; -ENOENT neither was there; -EBUSY running.
 */
int ebb_engine_del_hooks(ebb_engine_start_hook_fn start, ebb_engine_stop_hook_fn stop,
			 void *arg);

#ifdef __cplusplus
}
#endif
#endif /* EBB_ENGINE_CTRL_H */
