/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_wait_pool.c: pool side of lib/wait: state creation, hand-off to waiting lcores, reserve. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_errno.h>
#include <rte_malloc.h>
#include <rte_pause.h>
#include <rte_spinlock.h>
#include <rte_stack.h>

#include "wait_priv.h"

RTE_LOG_REGISTER_DEFAULT(ebb_wait_logtype, INFO);

struct ebb_wait_lcore_hot ebb_wait_hot[RTE_MAX_LCORE];

/* Pools by index (control plane only, under the lock). */
static struct ebb_wait_pool *wait_pools[EBB_WAIT_MAX_POOLS];
static rte_spinlock_t wait_pools_lock = RTE_SPINLOCK_INITIALIZER;

struct ebb_wait_pool *
wait_pool_check(const struct rte_mempool *mp)
{
	const struct rte_mempool_ops *ops;

	if (mp == NULL || mp->pool_data == NULL)
		return NULL;
	ops = rte_mempool_get_ops(mp->ops_index);
	if (strcmp(ops->name, EBB_WAITQ_OPS_NAME) != 0)
		return NULL;
	return wait_pool(mp);
}

static void
wait_pool_destroy(struct ebb_wait_pool *p)
{
	unsigned int i;

	for (i = 0; i < RTE_MAX_LCORE; i++)
		rte_stack_free(p->slots[i].refill);
	rte_stack_free(p->reserve);
	rte_ring_free(p->head.ring);
	rte_free(p);
}

/*
 * Sync mode of the pool ring. With every EAL lcore pinned to a CPU of its own, MP/MC
 * like ring_mp_mc (fastest). When lcores share CPUs (e.g. --lcores 0@0,1@0) an MP/MC
 * ring makes the others spin for a whole time slice behind a preempted producer or
 * consumer (test/stress_wait with 4 lcores on 2 CPUs shows it): use RTS (relaxed tail sync) there: the others finish their own operations behind a
 * stalled peer and spin only when the head runs more than htd_max (capacity / 8) ahead
 * of the tail. The stalled peer still holds back the tail: objects enqueued after its
 * head move stay invisible to consumers until it finishes.
 * In RTS a finished dequeue may not have moved the tail yet, so objects freed again
 * still count as occupying the ring, up to htd_max (capacity / 8) more: a ring of
 * twice the pool size absorbs that and an enqueue never fails. MP/MC has no such
 * lag (a dequeue moves its tail before it returns): size + 1 rounded up, as
 * ring_mp_mc (a bigger ring's slots leave the cache).
 */
static unsigned int
wait_ring_flags(void)
{
	rte_cpuset_t used, set;
	unsigned int lcore;

	CPU_ZERO(&used);
	RTE_LCORE_FOREACH(lcore) {
		set = rte_lcore_cpuset(lcore);
		if (CPU_COUNT(&set) != 1)
			return RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ;
		CPU_AND(&set, &set, &used);
		if (CPU_COUNT(&set) != 0)
			return RING_F_MP_RTS_ENQ | RING_F_MC_RTS_DEQ;
		set = rte_lcore_cpuset(lcore);
		CPU_OR(&used, &used, &set);
	}
	return 0;
}

int
ebb_wait_pool_create(struct rte_mempool *mp)
{
	char name[RTE_STACK_NAMESIZE];
	struct ebb_wait_pool *p;
	unsigned int lcore, i, idx, flags;
	int ret;

	p = rte_zmalloc_socket("ebb_wait_pool", sizeof(*p), RTE_CACHE_LINE_SIZE, mp->socket_id);
	if (p == NULL)
		return -ENOMEM;
	p->mp = mp;
	p->size = mp->size;

	rte_spinlock_lock(&wait_pools_lock);
	for (idx = 0; idx < EBB_WAIT_MAX_POOLS && wait_pools[idx] != NULL; idx++)
		;
	if (idx == EBB_WAIT_MAX_POOLS) {
		rte_spinlock_unlock(&wait_pools_lock);
		rte_free(p);
		return -ENOSPC;
	}
	wait_pools[idx] = p;
	rte_spinlock_unlock(&wait_pools_lock);
	p->head.idx = idx;

	/* Names must be unique per process: index + pid keeps them short (stack names
	 * are limited to RTE_STACK_NAMESIZE). */
	snprintf(name, sizeof(name), "ebwq%u_%d", idx, (int)getpid());
	flags = wait_ring_flags();
	p->head.rts = flags != 0;
	p->head.ring = flags != 0 ?
		rte_ring_create(name, 2 * mp->size, mp->socket_id, RING_F_EXACT_SZ | flags) :
		rte_ring_create(name, rte_align32pow2(mp->size + 1), mp->socket_id, 0);
	if (p->head.ring == NULL)
		goto fail;
	snprintf(name, sizeof(name), "ebwr%u_%d", idx, (int)getpid());
	p->reserve = rte_stack_create(name, mp->size, mp->socket_id, RTE_STACK_F_LF);
	if (p->reserve == NULL)
		goto fail;

	for (i = 0; i < RTE_MAX_LCORE; i++) {
		struct ebb_wait_slot *s = &p->slots[i];

		TAILQ_INIT(&s->fifo[EBB_WAIT_CONTROL]);
		TAILQ_INIT(&s->fifo[EBB_WAIT_DATA]);
		s->lcore = i;
		s->pool = p;
	}
	RTE_LCORE_FOREACH(lcore) {
		snprintf(name, sizeof(name), "ebws%u_%u_%d", idx, lcore, (int)getpid());
		p->slots[lcore].refill = rte_stack_create(name, mp->size, mp->socket_id,
							  RTE_STACK_F_LF);
		if (p->slots[lcore].refill == NULL)
			goto fail;
		p->lcores[p->nb_lcores++] = lcore;
	}
	mp->pool_data = p;
	return 0;
fail:
	ret = -rte_errno;
	WAIT_LOG(ERR, "pool %s: cannot create its wait state: %s", mp->name, rte_strerror(rte_errno));
	rte_spinlock_lock(&wait_pools_lock);
	wait_pools[idx] = NULL;
	rte_spinlock_unlock(&wait_pools_lock);
	wait_pool_destroy(p);
	return ret < 0 ? ret : -ENOMEM;
}

void
ebb_wait_pool_free(struct rte_mempool *mp)
{
	struct ebb_wait_pool *p = wait_pool(mp);
	unsigned int i;

	if (p == NULL)
		return;
	/* No lcore may use a pool being freed (control plane, lcores stopped). Drop its
	 * marks, and unlink slots still listed by their lcores so that a later
	 * ebb_wait_run_lcore() does not walk freed memory; their waiters are cancelled. */
	for (i = 0; i < RTE_MAX_LCORE; i++) {
		struct ebb_wait_slot *s = &p->slots[i];
		struct ebb_waiter *w;
		unsigned int cls;

		if (ebb_wait_hot[i].mark[p->head.idx] != 0) {
			ebb_wait_hot[i].mark[p->head.idx] = 0;
			ebb_wait_hot[i].marked--;
		}
		if (!s->active)
			continue;
		if (s->nb_waiters != 0)
			WAIT_LOG(WARNING, "pool %s freed with %u waiters on lcore %u: cancelled",
				 mp->name, s->nb_waiters, i);
		for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++)
			while ((w = TAILQ_FIRST(&s->fifo[cls])) != NULL) {
				TAILQ_REMOVE(&s->fifo[cls], w, next);
				w->state = EBB_WAITER_CANCELLED;
			}
		TAILQ_REMOVE(&ebb_wait_lcores[i].active, s, act);
		ebb_wait_hot[i].active--;
	}
	rte_spinlock_lock(&wait_pools_lock);
	wait_pools[p->head.idx] = NULL;
	rte_spinlock_unlock(&wait_pools_lock);
	wait_pool_destroy(p);
	mp->pool_data = NULL;
}

static unsigned int
wait_refill_count(const struct ebb_wait_pool *p)
{
	unsigned int i, n = 0;

	for (i = 0; i < p->nb_lcores; i++)
		n += rte_stack_count(p->slots[p->lcores[i]].refill);
	return n;
}

unsigned int
ebb_wait_pool_count(const struct rte_mempool *mp)
{
	const struct ebb_wait_pool *p = wait_pool(mp);

	return rte_ring_count(p->head.ring) + rte_stack_count(p->reserve) + wait_refill_count(p);
}

/* Set lcore's mark to n (> 0): the size of its last, failed, dequeue. */
static void
wait_mark_set(struct ebb_wait_pool_head *h, unsigned int lcore, uint32_t n)
{
	uint32_t *m = &ebb_wait_hot[lcore].mark[h->idx];

	if (*m == 0) {
		/* counted while set: successes on this lcore then look at the mark */
		__atomic_fetch_add(&h->marks, 1, __ATOMIC_RELAXED);
		ebb_wait_hot[lcore].marked++;
	}
	*m = n;
}

void
ebb_wait_pool_get_failed(struct ebb_wait_pool_head *h, unsigned int n)
{
	struct ebb_wait_pool *p = (struct ebb_wait_pool *)h;
	unsigned int lcore = rte_lcore_id();

	WAIT_STAT_ADD(p, failed_dequeues, 1);
	if (lcore < RTE_MAX_LCORE)
		wait_mark_set(h, lcore, RTE_MAX(n, 1u));
}

/* Clear the calling lcore's mark if set. @return what it said (0: it was clear). */
unsigned int
ebb_wait_mark_take(struct ebb_wait_pool_head *h)
{
	unsigned int lcore = rte_lcore_id();
	uint32_t n;

	if (lcore >= RTE_MAX_LCORE || ebb_wait_hot[lcore].mark[h->idx] == 0)
		return 0;
	n = ebb_wait_hot[lcore].mark[h->idx];
	ebb_wait_hot[lcore].mark[h->idx] = 0;
	ebb_wait_hot[lcore].marked--;
	__atomic_fetch_sub(&h->marks, 1, __ATOMIC_RELAXED);
	return n;
}

void
ebb_wait_marks_clear_slow(unsigned int lcore)
{
	unsigned int idx;

	/* the pools of the marks that are set are alive: their lcore uses them */
	for (idx = 0; idx < EBB_WAIT_MAX_POOLS && ebb_wait_hot[lcore].marked != 0; idx++) {
		if (ebb_wait_hot[lcore].mark[idx] == 0 || wait_pools[idx] == NULL)
			continue;
		ebb_wait_hot[lcore].mark[idx] = 0;
		ebb_wait_hot[lcore].marked--;
		__atomic_fetch_sub(&wait_pools[idx]->head.marks, 1, __ATOMIC_RELAXED);
	}
}

const uint32_t *
ebb_wait_mark_addr(const struct rte_mempool *mp, unsigned int lcore)
{
	const struct ebb_wait_pool *p = wait_pool_check(mp);

	if (p == NULL || lcore >= RTE_MAX_LCORE)
		return NULL;
	return &ebb_wait_hot[lcore].mark[p->head.idx];
}


/* Wake `lcore` if it said it sleeps. The fence orders our push before the read of
 * the flag; it pairs with the seq_cst store of the flag in ebb_wait_sleeping_lcore()
 * followed by the sleeper's last re-check (Dekker: one of the two sees the other). */
static void
wait_wake(unsigned int lcore)
{
	struct ebb_wait_lcore *l = &ebb_wait_lcores[lcore];
	uint64_t one = 1;
	int fd;

	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&l->sleeping, __ATOMIC_RELAXED) == 0)
		return;
	fd = __atomic_load_n(&l->wake_fd, __ATOMIC_ACQUIRE);
	if (fd >= 0 && write(fd, &one, sizeof(one)) < 0)
		WAIT_LOG(DEBUG, "wake of lcore %u failed: %s", lcore, strerror(errno));
}

/*
 * One scan: per class, the slot with unclaimed need that started waiting first.
 * best[cls] NULL when none; need[cls] the need word read for it.
 */
static void
wait_pick(struct ebb_wait_pool *p, struct ebb_wait_slot **best, uint64_t *need)
{
	uint64_t best_ticket[EBB_WAIT_NB_CLASSES] = { UINT64_MAX, UINT64_MAX };
	unsigned int i, cls;

	best[EBB_WAIT_CONTROL] = best[EBB_WAIT_DATA] = NULL;
	for (i = 0; i < p->nb_lcores; i++) {
		struct ebb_wait_slot *s = &p->slots[p->lcores[i]];
		/* acquire pairs with the owner's release CAS of need in wait_sync():
		 * the class's ticket was stored before it */
		uint64_t n = __atomic_load_n(&s->need, __ATOMIC_ACQUIRE);

		if (n == 0)
			continue;
		for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++) {
			uint64_t t;

			if (need_of(n, cls) == 0)
				continue;
			t = __atomic_load_n(&s->ticket[cls], __ATOMIC_RELAXED);
			if (t < best_ticket[cls]) {
				best[cls] = s;
				best_ticket[cls] = t;
				need[cls] = n;
			}
		}
	}
}

/* Claim up to `want` from the reserve deficit and push that many into the reserve. */
static unsigned int
wait_fill_reserve(struct ebb_wait_pool *p, void * const *objs, unsigned int want)
{
	uint32_t def = __atomic_load_n(&p->reserve_deficit, __ATOMIC_RELAXED);
	unsigned int k;

	do {
		if (def == 0)
			return 0;
		k = RTE_MIN(def, want);
	} while (!__atomic_compare_exchange_n(&p->reserve_deficit, &def, def - k, false,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	if (rte_stack_push(p->reserve, objs, k) != k)
		rte_panic("ebb_wait: reserve of %s overflows\n", p->mp->name);
	/* the deficit no longer needs these: demand counts it */
	__atomic_fetch_sub(&p->head.demand, k, __ATOMIC_RELEASE);
	return k;
}

unsigned int
wait_handoff(struct ebb_wait_pool *p, void * const *objs, unsigned int n)
{
	unsigned int done = 0, given = 0;

	/* control waiters, then the reserve, then data waiters (lib/wait/DESIGN.md) */
	while (done < n) {
		struct ebb_wait_slot *best[EBB_WAIT_NB_CLASSES], *s;
		uint64_t needs[EBB_WAIT_NB_CLASSES], need;
		unsigned int cls = EBB_WAIT_CONTROL;
		uint32_t k;

		EBB_WAIT_STEP(PICK);
		wait_pick(p, best, needs);
		if (best[cls] == NULL) {
			k = wait_fill_reserve(p, objs + done, n - done);
			if (k != 0) {
				done += k;
				continue;
			}
			cls = EBB_WAIT_DATA;
			if (best[cls] == NULL)
				break;
		}
		s = best[cls];
		need = needs[cls];
		k = RTE_MIN(need_of(need, cls), n - done);
		/* relaxed: the push below publishes the objects (the stack's own release) */
		EBB_WAIT_STEP(CLAIM);
		if (!__atomic_compare_exchange_n(&s->need, &need,
						 need - ((uint64_t)k << need_shift(cls)), false,
						 __ATOMIC_RELAXED, __ATOMIC_RELAXED))
			continue;
		EBB_WAIT_STEP(PUSH);
		if (rte_stack_push(s->refill, objs + done, k) != k)
			rte_panic("ebb_wait: refill stack of lcore %u overflows\n", s->lcore);
		done += k;
		given += k;
		wait_wake(s->lcore);
	}
	if (given != 0)
		WAIT_STAT_ADD(p, handoffs, given);
	return done;
}

int
ebb_wait_pool_put_slow(struct ebb_wait_pool_head *h, void * const *objs, unsigned int n)
{
	struct ebb_wait_pool *p = (struct ebb_wait_pool *)h;
	unsigned int done = wait_handoff(p, objs, n);

	if (done == n)
		return 0;
	EBB_WAIT_STEP(PUT_RING);
	if (rte_ring_enqueue_bulk(h->ring, objs + done, n - done, NULL) != n - done)
		ebb_wait_pool_put_failed(h);
	return 0;
}

void
ebb_wait_pool_put_failed(struct ebb_wait_pool_head *h)
{
	struct ebb_wait_pool *p = (struct ebb_wait_pool *)h;

	/* the mempool ignores the enqueue's result: the objects would be lost silently */
	rte_panic("ebb_wait: ring of pool %s refused objects (%u in it)\n", p->mp->name,
		  rte_ring_count(h->ring));
}

bool
wait_reserve_take(struct ebb_wait_pool *p, void **objs, unsigned int n)
{
	if (rte_stack_pop(p->reserve, objs, n) != n)
		return false;
	/* the reserve is short of n again: freers must refill it (slow path) */
	__atomic_fetch_add(&p->reserve_deficit, n, __ATOMIC_RELAXED);
	__atomic_fetch_add(&p->head.demand, n, __ATOMIC_SEQ_CST);
	WAIT_STAT_ADD(p, reserve_uses, n);
	return true;
}

int
ebb_wait_get_control(struct rte_mempool *mp, void **objs, unsigned int n)
{
	struct ebb_wait_pool *p = wait_pool_check(mp);
	unsigned int lcore = rte_lcore_id();
	uint32_t mark = 0;
	int ret;

	if (objs == NULL || n == 0)
		return -EINVAL;
	if (p == NULL)
		return -ENOENT;
	/* the data path's mark must not see control allocations: put it back */
	if (lcore < RTE_MAX_LCORE)
		mark = ebb_wait_hot[lcore].mark[p->head.idx];
	ret = rte_mempool_get_bulk(mp, objs, n);
	if (lcore < RTE_MAX_LCORE) {
		if (mark != 0)
			wait_mark_set(&p->head, lcore, mark);
		else
			ebb_wait_mark_take(&p->head);
	}
	if (ret == 0)
		return 0;
	return wait_reserve_take(p, objs, n) ? 0 : -ENOBUFS;
}

int
ebb_wait_pool_set_reserve(struct rte_mempool *mp, unsigned int n)
{
	struct ebb_wait_pool *p = wait_pool_check(mp);
	void *objs[WAIT_BATCH];
	unsigned int r, m;

	if (p == NULL)
		return -ENOENT;
	if (n > p->size)
		return -EINVAL;
	if (n >= p->reserve_target) {
		r = n - p->reserve_target;
		p->reserve_target = n;
		__atomic_fetch_add(&p->reserve_deficit, r, __ATOMIC_RELAXED);
		__atomic_fetch_add(&p->head.demand, r, __ATOMIC_SEQ_CST);
		/* fill from what the ring holds now; later frees do the rest */
		while (r != 0) {
			m = rte_ring_dequeue_burst(p->head.ring, objs, RTE_MIN(r, WAIT_BATCH), NULL);
			if (m == 0)
				break;
			ebb_wait_pool_put_slow(&p->head, objs, m);
			r -= RTE_MIN(r, m);
		}
		return 0;
	}
	r = p->reserve_target - n;
	p->reserve_target = n;
	while (r != 0) {
		uint32_t def = __atomic_load_n(&p->reserve_deficit, __ATOMIC_RELAXED);

		if (def != 0) {
			m = RTE_MIN(def, r);
			if (__atomic_compare_exchange_n(&p->reserve_deficit, &def, def - m, false,
							__ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
				__atomic_fetch_sub(&p->head.demand, m, __ATOMIC_RELEASE);
				r -= m;
			}
			continue;
		}
		/* the reserve is full or about to be (a push in flight): take from it */
		if (rte_stack_pop(p->reserve, objs, 1) == 1) {
			ebb_wait_pool_put(mp, objs, 1);
			r--;
		} else {
			rte_pause();
		}
	}
	return 0;
}

static void
wait_stats_add(struct ebb_wait_stats *d, const struct ebb_wait_stats *s)
{
	const uint64_t *a = (const uint64_t *)s;
	uint64_t *b = (uint64_t *)d;
	unsigned int i;

	for (i = 0; i < sizeof(*s) / sizeof(uint64_t); i++)
		b[i] += __atomic_load_n(&a[i], __ATOMIC_RELAXED);
}

int
ebb_wait_pool_stats(struct rte_mempool *mp, struct ebb_wait_stats *st)
{
	struct ebb_wait_pool *p = wait_pool_check(mp);
	unsigned int i;

	if (st == NULL)
		return -EINVAL;
	if (p == NULL)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	for (i = 0; i < RTE_MAX_LCORE; i++)
		wait_stats_add(st, &p->slots[i].st);
	wait_stats_add(st, &p->anon);
	return 0;
}

int
ebb_wait_lcore_stats(unsigned int lcore, struct rte_mempool *mp, struct ebb_wait_stats *st)
{
	struct ebb_wait_pool *p = wait_pool_check(mp);

	if (st == NULL || lcore >= RTE_MAX_LCORE)
		return -EINVAL;
	if (p == NULL)
		return -ENOENT;
	memset(st, 0, sizeof(*st));
	wait_stats_add(st, &p->slots[lcore].st);
	return 0;
}

int
ebb_wait_pool_info(struct rte_mempool *mp, struct ebb_wait_pool_info *info)
{
	struct ebb_wait_pool *p = wait_pool_check(mp);

	if (info == NULL)
		return -EINVAL;
	if (p == NULL)
		return -ENOENT;
	info->waiting_lcores = __atomic_load_n(&p->waiting, __ATOMIC_RELAXED);
	info->in_refill = wait_refill_count(p);
	info->in_ring = rte_ring_count(p->head.ring);
	info->reserve_target = p->reserve_target;
	info->in_reserve = rte_stack_count(p->reserve);
	info->demand = __atomic_load_n(&p->head.demand, __ATOMIC_RELAXED);
	return 0;
}
