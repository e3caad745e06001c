/* SPDX-License-Identifier: BSD-3-Clause */
/* test_wait.c: CUnit suite of lib/wait and the ebb_waitq mempool driver (single and two lcores). */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>

#include "ebb_wait.h"
#include "ebb_waitq.h"

#define POOL_N 64
#define MAXW 8

/* A test waiter: how it answers offers, what it got. */
enum take_mode { TAKE_ALL, TAKE_NONE, TAKE_ONE };
struct tw {
	struct ebb_waiter w;
	int id;
	enum take_mode mode;
	unsigned int offers, got, timeouts;
	void *held[POOL_N];
};

static int order[4 * POOL_N]; /* ids of waiters in the order they were given objects */
static unsigned int nb_order;
static int pool_seq;
static unsigned int second_lcore;

static unsigned int
tw_offer(struct ebb_waiter *w, void **objs, unsigned int n)
{
	struct tw *t = w->arg;
	unsigned int k = t->mode == TAKE_ALL ? n : t->mode == TAKE_ONE ? 1 : 0;
	unsigned int i;

	t->offers++;
	for (i = 0; i < k; i++) {
		t->held[t->got++] = objs[i];
		order[nb_order++] = t->id;
	}
	return k;
}

static void
tw_timeout(struct ebb_waiter *w)
{
	struct tw *t = w->arg;

	t->timeouts++;
}

static void
tw_init(struct tw *t, struct rte_mempool *mp, int id, enum ebb_wait_class cls)
{
	memset(t, 0, sizeof(*t));
	t->id = id;
	CU_ASSERT_EQUAL_FATAL(ebb_waiter_init(&t->w, mp, cls, tw_offer, tw_timeout, t), 0);
}

static void
tw_release(struct tw *t)
{
	if (t->got != 0)
		rte_mempool_put_bulk(t->w.mp, t->held, t->got);
	t->got = 0;
}

/* A plain object pool with ebb_waitq ops. */
static struct rte_mempool *
pool_make(unsigned int n, unsigned int cache, const char *ops)
{
	char name[RTE_MEMPOOL_NAMESIZE];
	struct rte_mempool *mp;

	snprintf(name, sizeof(name), "tw%d", pool_seq++);
	mp = rte_mempool_create_empty(name, n, 64, cache, 0, SOCKET_ID_ANY, 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
	CU_ASSERT_EQUAL_FATAL(rte_mempool_set_ops_byname(mp, ops, NULL), 0);
	CU_ASSERT_FATAL(rte_mempool_populate_default(mp) == (int)n);
	return mp;
}

/* Audit: every object back in the pool, then free it. */
static void
pool_done(struct rte_mempool *mp)
{
	CU_ASSERT_EQUAL(ebb_wait_run_lcore(), 0);
	CU_ASSERT_EQUAL(rte_mempool_avail_count(mp), mp->size);
	CU_ASSERT(rte_mempool_full(mp));
	rte_mempool_free(mp);
}

/* Empty the pool into objs[] (cache 0 pools). */
static unsigned int
drain(struct rte_mempool *mp, void **objs)
{
	unsigned int n = 0;

	while (rte_mempool_get(mp, &objs[n]) == 0)
		n++;
	return n;
}

static void
run_until_idle(void)
{
	int i;

	for (i = 0; i < 100 && ebb_wait_run_lcore() != 0; i++)
		;
}

/* ---- negative cases ---- */

static void *
noneal_register(void *arg)
{
	return (void *)(intptr_t)ebb_waiter_register_lcore(arg, 1, 0);
}

static void
test_negative(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct rte_mempool *rp = pool_make(POOL_N, 0, "ring_mp_mc");
	struct ebb_wait_stats st;
	struct ebb_wait_pool_info info;
	struct ebb_waiter_info wi;
	struct ebb_waiter w;
	struct tw t;
	void *obj;
	pthread_t th;
	void *ret;

	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(ebb_waiter_init(NULL, mp, EBB_WAIT_DATA, tw_offer, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_init(&w, NULL, EBB_WAIT_DATA, tw_offer, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_init(&w, mp, EBB_WAIT_DATA, NULL, NULL, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_init(&w, mp, (enum ebb_wait_class)7, tw_offer, NULL, NULL),
			-EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_init(&w, rp, EBB_WAIT_DATA, tw_offer, NULL, NULL), -ENOENT);

	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(NULL, 1, 0), -EINVAL);
	memset(&w, 0, sizeof(w));
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&w, 1, 0), -EINVAL); /* not initialised */
	CU_ASSERT_EQUAL(ebb_waiter_init(&w, mp, EBB_WAIT_DATA, tw_offer, NULL, &t), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&w, 0, 0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&w, POOL_N + 1, 0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&w, 1, 1000), -EINVAL); /* no on_timeout */
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&w), -ENOENT);
	CU_ASSERT_FALSE(ebb_waiter_waiting(&w));
	/* a non-EAL thread cannot wait */
	CU_ASSERT_EQUAL(pthread_create(&th, NULL, noneal_register, &w), 0);
	pthread_join(th, &ret);
	CU_ASSERT_EQUAL((int)(intptr_t)ret, -ENOTSUP);
	CU_ASSERT_FALSE(ebb_waiter_waiting(&w));

	/* waiting twice; init of a waiting waiter */
	tw_init(&t, mp, 1, EBB_WAIT_DATA);
	{
		void *objs[POOL_N];
		unsigned int n = drain(mp, objs);

		CU_ASSERT_EQUAL(n, POOL_N);
		CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&t.w, 1, 0), 0);
		CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&t.w, 1, 0), -EALREADY);
		CU_ASSERT_EQUAL(ebb_waiter_init(&t.w, mp, EBB_WAIT_DATA, tw_offer, NULL, &t),
				-EBUSY);
		CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&t.w), 0);
		CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&t.w), -ENOENT);
		rte_mempool_put_bulk(mp, objs, n);
	}

	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, NULL, 1), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, &obj, 0), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_get_control(rp, &obj, 1), -ENOENT);
	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(mp, POOL_N + 1), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(rp, 1), -ENOENT);
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(mp, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(rp, &st), -ENOENT);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(RTE_MAX_LCORE, mp, &st), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(0, rp, &st), -ENOENT);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, NULL), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(rp, &info), -ENOENT);
	CU_ASSERT_EQUAL(ebb_wait_lcore_waiters(RTE_MAX_LCORE, &wi, 1), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_lcore_waiters(0, NULL, 1), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_lcore_wake_fd(RTE_MAX_LCORE), -EINVAL);
	CU_ASSERT_EQUAL(ebb_wait_lcore_wake_fd(RTE_MAX_LCORE - 1), -EINVAL); /* not enabled */
	CU_ASSERT_STRING_EQUAL(ebb_waitq_ops_name(), "ebb_waitq");
	pool_done(mp);
	pool_done(rp);
}

/* ---- order ---- */

static void
test_fifo_order(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_stats st;
	struct ebb_waiter_info wi[MAXW];
	struct tw t[3];
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs), i;
	static const int expect[] = { 0, 0, 1, 1, 2, 2 };

	CU_ASSERT_EQUAL(n, POOL_N);
	CU_ASSERT_FALSE(ebb_wait_pool_wanted(mp));
	for (i = 0; i < 3; i++) {
		tw_init(&t[i], mp, (int)i, EBB_WAIT_DATA);
		CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&t[i].w, 2, 0), 0);
		CU_ASSERT(ebb_waiter_waiting(&t[i].w));
	}
	CU_ASSERT_EQUAL(ebb_wait_lcore_waiters(rte_lcore_id(), wi, MAXW), 3);
	CU_ASSERT_PTR_EQUAL(wi[0].w, &t[0].w);
	CU_ASSERT_PTR_EQUAL(wi[2].w, &t[2].w);
	CU_ASSERT_EQUAL(wi[1].need, 2);
	CU_ASSERT(ebb_wait_pool_wanted(mp));
	nb_order = 0;
	/* one object at a time: each goes to the oldest waiter with need left */
	for (i = 0; i < 6; i++) {
		rte_mempool_put(mp, objs[--n]);
		run_until_idle();
	}
	CU_ASSERT_EQUAL(nb_order, 6);
	CU_ASSERT_EQUAL(memcmp(order, expect, sizeof(expect)), 0);
	for (i = 0; i < 3; i++) {
		CU_ASSERT_EQUAL(t[i].w.state, EBB_WAITER_DONE);
		CU_ASSERT_EQUAL(t[i].got, 2);
	}
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(rte_lcore_id(), mp, &st), 0);
	CU_ASSERT_EQUAL(st.waits, 3);
	CU_ASSERT_EQUAL(st.wakeups, 3);
	CU_ASSERT_EQUAL(st.handoffs, 6);
	CU_ASSERT_EQUAL(st.received, 6);
	CU_ASSERT_FALSE(ebb_wait_pool_wanted(mp));
	/* nobody waits any more: frees go to the ring */
	rte_mempool_put_bulk(mp, objs, n);
	for (i = 0; i < 3; i++)
		tw_release(&t[i]);
	pool_done(mp);
}

static void
test_control_first(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct tw d, c;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);

	tw_init(&d, mp, 1, EBB_WAIT_DATA);
	tw_init(&c, mp, 2, EBB_WAIT_CONTROL);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&d.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&c.w, 2, 0), 0);
	nb_order = 0;
	rte_mempool_put_bulk(mp, &objs[n - 3], 3);
	n -= 3;
	run_until_idle();
	CU_ASSERT_EQUAL(nb_order, 3);
	CU_ASSERT_EQUAL(order[0], 2);
	CU_ASSERT_EQUAL(order[1], 2);
	CU_ASSERT_EQUAL(order[2], 1);
	CU_ASSERT_EQUAL(c.w.state, EBB_WAITER_DONE);
	CU_ASSERT(ebb_waiter_waiting(&d.w));
	CU_ASSERT_EQUAL(d.w.need, 1);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&d.w), 0);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&d);
	tw_release(&c);
	pool_done(mp);
}

static void
test_decline_passes_on(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_stats st;
	struct tw a, b;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);

	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	tw_init(&b, mp, 2, EBB_WAIT_DATA);
	a.mode = TAKE_NONE;
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&b.w, 2, 0), 0);
	rte_mempool_put_bulk(mp, &objs[n - 2], 2);
	n -= 2;
	run_until_idle();
	CU_ASSERT_EQUAL(a.offers, 1);
	CU_ASSERT_EQUAL(a.w.state, EBB_WAITER_DECLINED);
	CU_ASSERT_EQUAL(b.got, 2);
	CU_ASSERT_EQUAL(b.w.state, EBB_WAITER_DONE);
	/* the decliner is never offered again */
	rte_mempool_put_bulk(mp, objs, n);
	run_until_idle();
	CU_ASSERT_EQUAL(a.offers, 1);
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(mp, &st), 0);
	CU_ASSERT_EQUAL(st.declined, 1);
	tw_release(&b);
	pool_done(mp);
}

static void
test_timeout_and_cancel(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_stats st;
	struct tw a, b;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);

	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	tw_init(&b, mp, 2, EBB_WAIT_CONTROL);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 4, 1000), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&b.w, 4, 0), 0);
	CU_ASSERT(ebb_wait_next_deadline_lcore() != UINT64_MAX);
	/* a partial offer, then the deadline passes */
	rte_mempool_put(mp, objs[--n]);
	rte_mempool_put(mp, objs[--n]);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&b.w), 0);
	run_until_idle();
	CU_ASSERT_EQUAL(b.offers, 0);           /* cancelled before the run: nothing */
	CU_ASSERT_EQUAL(b.w.state, EBB_WAITER_CANCELLED);
	CU_ASSERT_EQUAL(a.got, 2);              /* what b had claimed passed to a */
	CU_ASSERT_EQUAL(a.w.need, 2);
	usleep(3000);
	run_until_idle();
	CU_ASSERT_EQUAL(a.timeouts, 1);
	CU_ASSERT_EQUAL(a.w.state, EBB_WAITER_TIMED_OUT);
	CU_ASSERT_EQUAL(ebb_wait_next_deadline_lcore(), UINT64_MAX);
	/* neither is offered anything any more; frees go to the ring */
	rte_mempool_put_bulk(mp, objs, n);
	run_until_idle();
	CU_ASSERT_EQUAL(a.offers, 1);
	CU_ASSERT_EQUAL(b.offers, 0);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(rte_lcore_id(), mp, &st), 0);
	CU_ASSERT_EQUAL(st.timeouts, 1);
	CU_ASSERT_EQUAL(st.cancels, 1);
	tw_release(&a);
	pool_done(mp);
}

static void
test_reserve(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_pool_info info;
	struct ebb_wait_stats st;
	struct tw d, c;
	void *objs[POOL_N], *ctl[8];
	unsigned int n;

	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(mp, 4), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_reserve, 4);
	CU_ASSERT_EQUAL(info.reserve_target, 4);
	CU_ASSERT_EQUAL(info.demand, 0);
	CU_ASSERT(rte_mempool_full(mp));        /* the reserve is part of the pool */
	n = drain(mp, objs);
	CU_ASSERT_EQUAL(n, POOL_N - 4);         /* data allocations cannot reach it */
	CU_ASSERT(ebb_wait_exhausted_lcore(mp));
	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, ctl, 3), 0);
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp)); /* control gets do not mark */
	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, &ctl[3], 2), -ENOBUFS);
	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, &ctl[3], 1), 0);
	CU_ASSERT_EQUAL(ebb_wait_get_control(mp, &ctl[4], 1), -ENOBUFS);
	/* a data waiter and a control waiter: control first, then the reserve, then data */
	tw_init(&d, mp, 1, EBB_WAIT_DATA);
	tw_init(&c, mp, 2, EBB_WAIT_CONTROL);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&d.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&c.w, 1, 0), 0);
	rte_mempool_put_bulk(mp, ctl, 4);       /* 1 to c, 3 to the reserve */
	run_until_idle();
	CU_ASSERT_EQUAL(c.got, 1);
	CU_ASSERT_EQUAL(d.got, 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_reserve, 3);
	CU_ASSERT_EQUAL(info.waiting_lcores, 1);
	rte_mempool_put_bulk(mp, &objs[n - 3], 3); /* 1 to the reserve, 2 to d */
	n -= 3;
	run_until_idle();
	CU_ASSERT_EQUAL(d.got, 2);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_reserve, 4);
	CU_ASSERT_EQUAL(info.waiting_lcores, 0);
	CU_ASSERT_EQUAL(info.demand, 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(mp, &st), 0);
	CU_ASSERT_EQUAL(st.reserve_uses, 4);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&d);
	tw_release(&c);
	/* shrinking gives objects back to the ring */
	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(mp, 1), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_reserve, 1);
	CU_ASSERT_EQUAL(info.in_ring, POOL_N - 1);
	CU_ASSERT_EQUAL(ebb_wait_pool_set_reserve(mp, 0), 0);
	pool_done(mp);
}

static void
test_leftovers_return(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_pool_info info;
	struct tw a;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);

	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 4, 0), 0);
	rte_mempool_put_bulk(mp, &objs[n - 6], 6); /* 4 claimed for a, 2 to the ring */
	n -= 6;
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 4);
	CU_ASSERT_EQUAL(info.in_ring, 2);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&a.w), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.waiting_lcores, 0);
	CU_ASSERT(ebb_wait_run_lcore() >= 4);    /* nobody takes them: back to the ring */
	CU_ASSERT_EQUAL(a.offers, 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 0);
	CU_ASSERT_EQUAL(info.in_ring, 6);
	/* partial takers keep their place; flush hands the refill stack back */
	a.mode = TAKE_ONE;
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 3, 0), 0); /* pulls 3 from the ring */
	run_until_idle();
	CU_ASSERT_EQUAL(a.got, 3);
	CU_ASSERT_EQUAL(a.w.state, EBB_WAITER_DONE);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 2);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&a.w), 0);
	CU_ASSERT_EQUAL(ebb_wait_flush_lcore(), 2);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 0);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&a);
	pool_done(mp);
}

/* Flush while a waiter is queued: its refill stack stays with it (a flush that gave it
 * back would see the need advertised again and the same objects pushed back, for ever);
 * cancelled, the next flush returns everything. */
static void
test_flush_with_waiter(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_pool_info info;
	struct tw a, b;

	tw_init(&a, mp, 1, EBB_WAIT_CONTROL);
	tw_init(&b, mp, 2, EBB_WAIT_DATA);
	/* the pool is full: the registration's retry pulls one object for a at once */
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 1, 0), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&b.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 3);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&b.w), 0); /* as the engine's RX waiters */
	alarm(10); /* a flush that loops for ever fails the test (SIGALRM) */
	CU_ASSERT_EQUAL(ebb_wait_flush_lcore(), 0);
	alarm(0);
	CU_ASSERT(ebb_waiter_waiting(&a.w));
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 3);
	CU_ASSERT_EQUAL(info.waiting_lcores, 1);
	CU_ASSERT_EQUAL(ebb_waiter_cancel_lcore(&a.w), 0); /* as a stop hook */
	CU_ASSERT_EQUAL(ebb_wait_flush_lcore(), 3);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 0);
	CU_ASSERT_EQUAL(info.waiting_lcores, 0);
	CU_ASSERT_EQUAL(info.demand, 0);
	CU_ASSERT_EQUAL(a.offers + b.offers, 0);
	pool_done(mp);
}

/* ---- exhaustion mark ---- */

static void
test_exhaustion_mark(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 16, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_stats st;
	void *objs[POOL_N];

	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp));
	/* cache empty: the mempool asks the driver for 59 + 16 (fails: 64 in the ring),
	 * then for 59 alone (succeeds). The mark says what the last dequeue did. */
	CU_ASSERT_EQUAL(rte_mempool_get_bulk(mp, objs, 59), 0);
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp));
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(rte_lcore_id(), mp, &st), 0);
	CU_ASSERT_EQUAL(st.failed_dequeues, 1);
	/* 5 left: 4 + 16 fails, 4 succeeds: still not exhausted */
	CU_ASSERT_EQUAL(rte_mempool_get_bulk(mp, &objs[59], 4), 0);
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp));
	/* 1 left: both tries fail */
	CU_ASSERT_EQUAL(rte_mempool_get_bulk(mp, &objs[63], 4), -ENOBUFS);
	CU_ASSERT(ebb_wait_exhausted_lcore(mp));
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp)); /* cleared by the read */
	CU_ASSERT_EQUAL(rte_mempool_get_bulk(mp, &objs[63], 1), 0);
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp));
	rte_mempool_put_bulk(mp, objs, POOL_N);
	pool_done(mp);
}

/* ---- two lcores ---- */

static struct tw remote_w;
static int remote_ret;

static int
remote_register(void *arg)
{
	remote_ret = ebb_waiter_register_lcore(&remote_w.w, (unsigned int)(uintptr_t)arg, 0);
	return 0;
}

static int
remote_run(void *arg)
{
	unsigned int i, work = 0;

	for (i = 0; i < 100; i++)
		work += ebb_wait_run_lcore();
	remote_ret = (int)work;
	return 0;
}

static int
remote_cancel_flush(void *arg)
{
	remote_ret = ebb_waiter_cancel_lcore(&remote_w.w);
	if (remote_ret == 0)
		remote_ret = ebb_wait_flush_lcore();
	return 0;
}

static int
remote(lcore_function_t *f, void *arg)
{
	CU_ASSERT_EQUAL_FATAL(rte_eal_remote_launch(f, arg, second_lcore), 0);
	rte_eal_wait_lcore(second_lcore);
	return remote_ret;
}

static void
test_two_lcores_order(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_pool_info info;
	struct ebb_wait_stats st;
	struct tw local;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);

	if (second_lcore == RTE_MAX_LCORE) {
		rte_mempool_put_bulk(mp, objs, n);
		pool_done(mp);
		CU_FAIL("needs a second lcore");
		return;
	}
	/* the other lcore waits first, then this one */
	tw_init(&remote_w, mp, 1, EBB_WAIT_DATA);
	tw_init(&local, mp, 2, EBB_WAIT_DATA);
	CU_ASSERT_EQUAL(remote(remote_register, (void *)2), 0);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&local.w, 2, 0), 0);
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.waiting_lcores, 2);
	nb_order = 0;
	rte_mempool_put_bulk(mp, &objs[n - 3], 3);  /* 2 to the older lcore, 1 to us */
	n -= 3;
	run_until_idle();
	CU_ASSERT_EQUAL(local.got, 1);
	CU_ASSERT_EQUAL(remote_w.got, 0);
	CU_ASSERT(remote(remote_run, NULL) > 0);
	CU_ASSERT_EQUAL(remote_w.got, 2);
	CU_ASSERT_EQUAL(remote_w.w.state, EBB_WAITER_DONE);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(second_lcore, mp, &st), 0);
	CU_ASSERT_EQUAL(st.wakeups, 1);
	CU_ASSERT_EQUAL(st.received, 2);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(rte_lcore_id(), mp, &st), 0);
	CU_ASSERT_EQUAL(st.handoffs, 3);

	/* cancelled on the other lcore with objects in its refill stack: flush returns them */
	CU_ASSERT_EQUAL(remote(remote_register, (void *)3), 0);
	rte_mempool_put_bulk(mp, &objs[n - 3], 3);  /* 1 to us (older now), 2 to it */
	n -= 3;
	CU_ASSERT_EQUAL(ebb_wait_pool_info(mp, &info), 0);
	CU_ASSERT_EQUAL(info.in_refill, 3);
	CU_ASSERT_EQUAL(remote(remote_cancel_flush, NULL), 2);
	run_until_idle();
	CU_ASSERT_EQUAL(local.got, 2);
	CU_ASSERT_EQUAL(local.w.state, EBB_WAITER_DONE);
	CU_ASSERT_EQUAL(remote_w.w.state, EBB_WAITER_CANCELLED);
	CU_ASSERT_EQUAL(remote_w.got, 2);
	CU_ASSERT_EQUAL(remote(remote_run, NULL), 0);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&local);
	tw_release(&remote_w);
	pool_done(mp);
}

/* A hand-off to a sleeping lcore writes its eventfd. */
static void
test_wake_fd(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	int fd = ebb_wait_lcore_wake_fd(rte_lcore_id());
	uint64_t v = 0;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);
	struct tw a;

	CU_ASSERT(fd >= 0);
	CU_ASSERT_EQUAL(ebb_wait_lcore_wake_fd(rte_lcore_id()), fd);
	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 2, 0), 0);
	rte_mempool_put(mp, objs[--n]);             /* not sleeping: no write */
	CU_ASSERT_EQUAL(read(fd, &v, sizeof(v)), -1);
	ebb_wait_sleeping_lcore(true);
	rte_mempool_put(mp, objs[--n]);
	CU_ASSERT_EQUAL(read(fd, &v, sizeof(v)), (ssize_t)sizeof(v));
	CU_ASSERT_EQUAL(v, 1);
	ebb_wait_sleeping_lcore(false);
	run_until_idle();
	CU_ASSERT_EQUAL(a.got, 2);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&a);
	pool_done(mp);
}

/* Frees from a non-EAL thread hand off too; their counters go to the shared bucket. */
struct put_args {
	struct rte_mempool *mp;
	void **objs;
	unsigned int n;
};

static void *
noneal_put(void *arg)
{
	struct put_args *a = arg;

	rte_mempool_put_bulk(a->mp, a->objs, a->n);
	return NULL;
}

static void
test_noneal_freer(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	struct ebb_wait_stats st;
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);
	struct put_args pa = { mp, &objs[n - 3], 3 };
	pthread_t th;
	struct tw a;

	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 2, 0), 0);
	CU_ASSERT_EQUAL(pthread_create(&th, NULL, noneal_put, &pa), 0);
	pthread_join(th, NULL);
	n -= 3;
	run_until_idle();
	CU_ASSERT_EQUAL(a.got, 2);
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(mp, &st), 0);
	CU_ASSERT_EQUAL(st.handoffs, 2);
	CU_ASSERT_EQUAL(ebb_wait_lcore_stats(rte_lcore_id(), mp, &st), 0);
	CU_ASSERT_EQUAL(st.handoffs, 0);
	CU_ASSERT_EQUAL(st.received, 2);
	rte_mempool_put_bulk(mp, objs, n);
	tw_release(&a);
	pool_done(mp);
}

/* A pool freed while a waiter is queued: the waiter is cancelled, the lcore forgets it. */
static void
test_free_with_waiter(void)
{
	struct rte_mempool *mp = pool_make(POOL_N, 0, EBB_WAITQ_OPS_NAME);
	void *objs[POOL_N];
	unsigned int n = drain(mp, objs);
	struct tw a;

	tw_init(&a, mp, 1, EBB_WAIT_DATA);
	CU_ASSERT_EQUAL(ebb_waiter_register_lcore(&a.w, 2, 0), 0);
	rte_mempool_put_bulk(mp, objs, n);      /* 2 in our refill stack, the rest in the ring */
	CU_ASSERT(rte_mempool_full(mp));        /* refill stacks count as the pool's */
	rte_mempool_free(mp);
	CU_ASSERT_EQUAL(a.w.state, EBB_WAITER_CANCELLED);
	CU_ASSERT_EQUAL(a.offers, 0);
	CU_ASSERT_EQUAL(ebb_wait_run_lcore(), 0);
	CU_ASSERT_EQUAL(ebb_wait_next_deadline_lcore(), UINT64_MAX);
}

/* ---- the driver as a pktmbuf pool nobody waits on ---- */

static void
test_pktmbuf_pool(void)
{
	struct rte_mempool *mp;
	struct rte_mbuf *m[512];
	struct ebb_wait_stats st;
	unsigned int n = 0, i, round;

	mp = rte_pktmbuf_pool_create_by_ops("twpkt", 511, 32, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
					    SOCKET_ID_ANY, ebb_waitq_ops_name());
	CU_ASSERT_PTR_NOT_NULL_FATAL(mp);
	CU_ASSERT_STRING_EQUAL(rte_mempool_get_ops(mp->ops_index)->name, "ebb_waitq");
	CU_ASSERT(rte_mempool_full(mp));
	while (n < 512 && (m[n] = rte_pktmbuf_alloc(mp)) != NULL) {
		CU_ASSERT_EQUAL(rte_mbuf_refcnt_read(m[n]), 1);
		CU_ASSERT_EQUAL(m[n]->pool, mp);
		CU_ASSERT_EQUAL(m[n]->nb_segs, 1);
		CU_ASSERT_EQUAL(m[n]->data_len, 0);
		CU_ASSERT_EQUAL(rte_pktmbuf_headroom(m[n]), RTE_PKTMBUF_HEADROOM);
		n++;
	}
	CU_ASSERT_EQUAL(n, 511);
	CU_ASSERT(ebb_wait_exhausted_lcore(mp));
	CU_ASSERT(rte_mempool_empty(mp));
	for (i = 0; i < n; i++)
		rte_pktmbuf_free(m[i]);
	CU_ASSERT(rte_mempool_full(mp));
	for (round = 0; round < 1000; round++) {
		CU_ASSERT_EQUAL_FATAL(rte_pktmbuf_alloc_bulk(mp, m, 32), 0);
		rte_pktmbuf_free_bulk(m, 32);
	}
	CU_ASSERT_FALSE(ebb_wait_exhausted_lcore(mp));
	CU_ASSERT_EQUAL(ebb_wait_pool_stats(mp, &st), 0);
	CU_ASSERT_EQUAL(st.handoffs, 0);
	CU_ASSERT_EQUAL(st.waits, 0);
	pool_done(mp);
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[] = { argv[0], "--no-pci", "--no-huge", "-m", "256",
		"--file-prefix", prefix, "--lcores", "0@0,1@0", "--log-level", "lib.eal:error" };
	CU_pSuite s;
	unsigned int fails;

	(void)argc;
	/* unique: the same test may run from several build directories at once */
	snprintf(prefix, sizeof(prefix), "ebb_wait_unit_%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	ebb_waitq_ops_name(); /* registers the ops: the tests name them EBB_WAITQ_OPS_NAME */
	second_lcore = rte_get_next_lcore(rte_lcore_id(), 1, 0);
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("wait", NULL, NULL);
	CU_add_test(s, "negative cases", test_negative);
	CU_add_test(s, "FIFO order", test_fifo_order);
	CU_add_test(s, "control before data", test_control_first);
	CU_add_test(s, "decline passes on", test_decline_passes_on);
	CU_add_test(s, "timeout and cancel", test_timeout_and_cancel);
	CU_add_test(s, "reserve serves control only", test_reserve);
	CU_add_test(s, "leftovers return to the pool", test_leftovers_return);
	CU_add_test(s, "flush with a waiter queued", test_flush_with_waiter);
	CU_add_test(s, "exhaustion mark, cached pool", test_exhaustion_mark);
	CU_add_test(s, "two lcores: oldest lcore first", test_two_lcores_order);
	CU_add_test(s, "wake fd of a sleeping lcore", test_wake_fd);
	CU_add_test(s, "non-EAL freer hands off", test_noneal_freer);
	CU_add_test(s, "pool freed with a waiter queued", test_free_with_waiter);
	CU_add_test(s, "pktmbuf pool nobody waits on", test_pktmbuf_pool);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	rte_eal_cleanup();
	return fails == 0 ? 0 : 1;
}
