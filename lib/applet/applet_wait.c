/* SPDX-License-Identifier: BSD-3-Clause */
/* applet_wait.c: control-class buffers for the applets: lib/wait waiters, or polling on plain pools. */
#include <errno.h>

#include <rte_common.h>
#include <rte_mbuf.h>

#include "applet_priv.h"

#ifdef EBB_APPLET_HAVE_WAIT
/* Offered objects are raw mempool objects: make them empty packet buffers. */
static void
reset_mbufs(struct rte_mbuf **m, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		rte_pktmbuf_reset(m[i]);
}
#endif

/* Hand k fresh buffers to the owner; free what it does not use. */
static unsigned int
deliver(struct applet_waiter *aw, struct rte_mbuf **m, unsigned int k)
{
	unsigned int used = aw->offer(aw->a, m, k);

	if (used < k)
		rte_pktmbuf_free_bulk(m + used, k - used);
	return used;
}

#ifdef EBB_APPLET_HAVE_WAIT
static unsigned int
tramp_offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	struct applet_waiter *aw = (struct applet_waiter *)w;
	unsigned int k;

	reset_mbufs((struct rte_mbuf **)objs, n);
	k = aw->offer(aw->a, (struct rte_mbuf **)objs, n);
	/* lib/wait: 0 = declined and left the FIFO; k == need: done and left */
	if (k == 0 || k >= aw->need) {
		aw->waiting = 0;
		aw->queued = 0;
		aw->need = 0;
	} else {
		aw->need -= k;
	}
	return k;
}

static void
tramp_timeout(struct ebb_waiter *w)
{
	struct applet_waiter *aw = (struct applet_waiter *)w;

	aw->waiting = 0;
	aw->queued = 0;
	aw->need = 0;
	aw->timeout(aw->a);
}
#endif

int
applet_wait_init(struct ebb_applet *a, struct applet_waiter *aw,
		 unsigned int (*offer)(struct ebb_applet *, struct rte_mbuf **, unsigned int),
		 void (*timeout)(struct ebb_applet *))
{
	aw->a = a;
	aw->offer = offer;
	aw->timeout = timeout;
	aw->waiting = 0;
	aw->queued = 0;
	aw->need = 0;
	aw->deadline_us = 0;
#ifdef EBB_APPLET_HAVE_WAIT
	int rc = ebb_waiter_init(&aw->w, a->conf.mp, EBB_WAIT_CONTROL, tramp_offer,
				 tramp_timeout, aw);

	if (rc == 0)
		return EBB_APPLET_WAIT_WAITER;
	if (rc != -ENOENT)
		return rc;
#endif
	return EBB_APPLET_WAIT_POLL; /* not an ebb_waitq pool, or no lib/wait */
}

/* Up to n fresh buffers: all n, else one, else none. */
unsigned int
applet_get(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n)
{
	unsigned int want = n;

	if (n == 0)
		return 0;
#ifdef EBB_APPLET_HAVE_WAIT
	if (a->wait_mode == EBB_APPLET_WAIT_WAITER) {
		for (;;) {
			if (ebb_wait_get_control(a->conf.mp, (void **)m, want) == 0) {
				reset_mbufs(m, want);
				return want;
			}
			if (want == 1)
				return 0;
			want = 1;
		}
	}
#endif
	for (;;) {
		if (rte_pktmbuf_alloc_bulk(a->conf.mp, m, want) == 0)
			return want;
		if (want == 1)
			return 0;
		want = 1;
	}
}

/*
 * Fresh buffers now, or start waiting for n of them until deadline_us (applet clock).
 * lib/wait retries the allocation itself after registering (no lost wakeup).
 */
unsigned int
applet_get_or_wait(struct ebb_applet *a, struct applet_waiter *aw, struct rte_mbuf **m,
		   unsigned int n, uint64_t deadline_us, uint64_t now_us)
{
	unsigned int k = applet_get(a, m, n);

	if (k != 0 || aw->waiting)
		return k;
	aw->waiting = 1;
	aw->need = n;
	aw->deadline_us = deadline_us;
#ifdef EBB_APPLET_HAVE_WAIT
	if (a->wait_mode == EBB_APPLET_WAIT_WAITER) {
		uint64_t tmo = deadline_us > now_us ? deadline_us - now_us : 1;
		int rc = ebb_waiter_register_lcore(&aw->w, RTE_MIN(n, a->conf.mp->size), tmo);

		if (rc == 0) {
			aw->need = RTE_MIN(n, a->conf.mp->size);
			aw->queued = 1;
		} else {
			/* not an EAL lcore: this wait polls instead of hanging */
			APPLET_COUNT(a->rst.wait_errors, 1);
			APPLET_LOG(DEBUG, "port %u: waiter not registered (%d), polling",
				   a->conf.port_id, rc);
		}
	}
#else
	RTE_SET_USED(now_us);
#endif
	return 0;
}

/* Stop waiting. 0; -EPERM the lib/wait waiter is queued on another lcore (still waiting). */
int
applet_wait_stop(struct applet_waiter *aw)
{
	if (!aw->waiting)
		return 0;
#ifdef EBB_APPLET_HAVE_WAIT
	if (aw->queued && ebb_waiter_waiting(&aw->w) &&
	    ebb_waiter_cancel_lcore(&aw->w) == -EPERM)
		return -EPERM;
#endif
	aw->waiting = 0;
	aw->queued = 0;
	aw->need = 0;
	return 0;
}

/* Deadline against the applet clock; when not queued in lib/wait, the allocation retry. */
void
applet_wait_run(struct applet_waiter *aw, uint64_t now_us)
{
	struct rte_mbuf *m[APPLET_BURST];
	unsigned int k;

	if (!aw->waiting)
		return;
	if (now_us >= aw->deadline_us) {
		applet_wait_stop(aw);
		aw->timeout(aw->a);
		return;
	}
	if (aw->queued)
		return; /* lib/wait offers */
	k = applet_get(aw->a, m, RTE_MIN(aw->need, (unsigned int)APPLET_BURST));
	if (k == 0)
		return;
	/* as lib/wait: 0 used = declined, all of need = done, else still waiting */
	k = deliver(aw, m, k);
	if (k == 0 || k >= aw->need) {
		aw->waiting = 0;
		aw->need = 0;
	} else {
		aw->need -= k;
	}
}
