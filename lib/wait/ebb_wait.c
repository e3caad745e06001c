/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_wait.c: waiter side of lcore waiting: registration, publish, offers, deadlines. */
#include <errno.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <rte_cycles.h>
#include <rte_pause.h>

#include "wait_priv.h"

struct ebb_wait_lcore ebb_wait_lcores[RTE_MAX_LCORE];

RTE_INIT(ebb_wait_lcores_init)
{
	unsigned int i;

	for (i = 0; i < RTE_MAX_LCORE; i++) {
		TAILQ_INIT(&ebb_wait_lcores[i].active);
		ebb_wait_lcores[i].next_deadline = UINT64_MAX;
		ebb_wait_lcores[i].wake_fd = -1;
	}
}

/* Objects advertised and not yet popped: unclaimed need + claimed in flight + in the stack. */
static inline uint64_t
slot_covered(const struct ebb_wait_slot *s)
{
	return s->advertised[EBB_WAIT_CONTROL] + s->advertised[EBB_WAIT_DATA] - s->received;
}

static inline bool
slot_published(const struct ebb_wait_slot *s)
{
	return s->published[EBB_WAIT_CONTROL] || s->published[EBB_WAIT_DATA];
}

static void
slot_activate(struct ebb_wait_slot *s)
{
	if (s->active)
		return;
	s->active = true;
	TAILQ_INSERT_TAIL(&ebb_wait_lcores[s->lcore].active, s, act);
	ebb_wait_hot[s->lcore].active++;
}

static void
slot_deactivate_if_idle(struct ebb_wait_slot *s)
{
	if (!s->active || slot_published(s) || s->nb_waiters != 0 || slot_covered(s) != 0)
		return;
	s->active = false;
	TAILQ_REMOVE(&ebb_wait_lcores[s->lcore].active, s, act);
	ebb_wait_hot[s->lcore].active--;
}

/*
 * Make the advertised need match the queued waiters (owner only). Objects claimed
 * but not yet popped (in_flight) will be offered control first, so they count against
 * the control want first, then the data want. Both halves are installed with one CAS,
 * exactly: a freer's claim in between makes the CAS fail and we recompute.
 */
static void
wait_sync(struct ebb_wait_slot *s)
{
	struct ebb_wait_pool *p = s->pool;
	const uint64_t want_ctl = s->want[EBB_WAIT_CONTROL], want_data = s->want[EBB_WAIT_DATA];
	uint64_t cur, next, in_flight, need_ctl, need_data;
	unsigned int cls;
	int published = 0; /* classes published (> 0) or withdrawn (< 0) by this call */

	for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++) {
		if (s->want[cls] != 0 && !s->published[cls]) {
			/* before the need appears (release CAS below) */
			__atomic_store_n(&s->ticket[cls],
					 __atomic_fetch_add(&p->ticket, 1, __ATOMIC_RELAXED),
					 __ATOMIC_RELAXED);
			s->published[cls] = true;
			published++;
		}
	}
	EBB_WAIT_STEP(SYNC_LOAD);
	cur = __atomic_load_n(&s->need, __ATOMIC_RELAXED);
	for (;;) {
		in_flight = s->advertised[EBB_WAIT_CONTROL] + s->advertised[EBB_WAIT_DATA] -
			need_of(cur, EBB_WAIT_CONTROL) - need_of(cur, EBB_WAIT_DATA) - s->received;
		/* a half is 32 bits */
		need_ctl = RTE_MIN(want_ctl > in_flight ? want_ctl - in_flight : 0,
				   (uint64_t)UINT32_MAX);
		in_flight = in_flight > want_ctl ? in_flight - want_ctl : 0;
		need_data = RTE_MIN(want_data > in_flight ? want_data - in_flight : 0,
				    (uint64_t)UINT32_MAX);
		next = need_ctl << need_shift(EBB_WAIT_CONTROL) |
			need_data << need_shift(EBB_WAIT_DATA);
		if (next == cur)
			break;
		EBB_WAIT_STEP(SYNC_CAS);
		/* release: pairs with the acquire load in wait_pick(); tickets first */
		if (__atomic_compare_exchange_n(&s->need, &cur, next, false,
						__ATOMIC_RELEASE, __ATOMIC_RELAXED))
			break;
	}
	s->advertised[EBB_WAIT_CONTROL] += need_ctl - need_of(cur, EBB_WAIT_CONTROL);
	s->advertised[EBB_WAIT_DATA] += need_data - need_of(cur, EBB_WAIT_DATA);
	for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++) {
		if (s->want[cls] == 0 && s->published[cls]) {
			s->published[cls] = false;
			published--;
		}
	}
	if (published != 0)
		EBB_WAIT_STEP(DEMAND);
	if (published > 0) {
		__atomic_fetch_add(&p->waiting, published, __ATOMIC_RELAXED);
		/* W2: seq_cst, then the ring re-check (W3) reads the ring: a freer either
		 * sees demand > 0 or its objects are in the ring for W3/W4 */
		__atomic_fetch_add(&p->head.demand, published, __ATOMIC_SEQ_CST);
	} else if (published < 0) {
		__atomic_fetch_sub(&p->waiting, -published, __ATOMIC_RELAXED);
		__atomic_fetch_sub(&p->head.demand, -published, __ATOMIC_RELEASE);
	}
}

unsigned int
wait_recheck(struct ebb_wait_slot *s)
{
	struct ebb_wait_pool *p = s->pool;
	uint64_t need, ctl, all;
	void *objs[WAIT_BATCH];
	unsigned int m;

	EBB_WAIT_STEP(RECHECK);
	need = __atomic_load_n(&s->need, __ATOMIC_RELAXED);
	ctl = need_of(need, EBB_WAIT_CONTROL);
	all = ctl + need_of(need, EBB_WAIT_DATA);
	if (all == 0)
		return 0;
	m = rte_ring_dequeue_burst(p->head.ring, objs, RTE_MIN(all, WAIT_BATCH), NULL);
	if (m == 0 && ctl != 0) {
		m = RTE_MIN(ctl, RTE_MIN(rte_stack_count(p->reserve), WAIT_BATCH));
		if (m != 0 && !wait_reserve_take(p, objs, m))
			m = 0;
	}
	/* through the hand-off: an older waiter elsewhere keeps its place */
	if (m != 0)
		ebb_wait_pool_put_slow(&p->head, objs, m);
	return m;
}

int
ebb_waiter_init(struct ebb_waiter *w, struct rte_mempool *mp, enum ebb_wait_class cls,
		ebb_wait_offer_cb offer, ebb_wait_timeout_cb on_timeout, void *arg)
{
	if (w == NULL || mp == NULL || offer == NULL ||
	    (cls != EBB_WAIT_CONTROL && cls != EBB_WAIT_DATA))
		return -EINVAL;
	if (wait_pool_check(mp) == NULL)
		return -ENOENT;
	if (w->mp != NULL && w->state == EBB_WAITER_WAITING)
		return -EBUSY;
	memset(w, 0, sizeof(*w));
	w->mp = mp;
	w->cls = cls;
	w->state = EBB_WAITER_IDLE;
	w->lcore = LCORE_ID_ANY;
	w->offer = offer;
	w->on_timeout = on_timeout;
	w->arg = arg;
	return 0;
}

int
ebb_waiter_register_lcore(struct ebb_waiter *w, unsigned int need, uint64_t timeout_us)
{
	unsigned int lcore = rte_lcore_id();
	struct ebb_wait_slot *s;
	struct ebb_wait_pool *p;
	uint64_t now;

	if (w == NULL || w->mp == NULL || w->offer == NULL || need == 0 ||
	    (timeout_us != 0 && w->on_timeout == NULL))
		return -EINVAL;
	if (w->state == EBB_WAITER_WAITING)
		return -EALREADY;
	p = wait_pool_check(w->mp);
	if (p == NULL)
		return -ENOENT;
	if (need > p->size)
		return -EINVAL;
	if (lcore >= RTE_MAX_LCORE || p->slots[lcore].refill == NULL)
		return -ENOTSUP;

	s = &p->slots[lcore];
	now = rte_get_tsc_cycles();
	w->need = need;
	w->lcore = lcore;
	w->since = now;
	/* split so that long timeouts do not overflow timeout_us * hz */
	w->deadline = timeout_us == 0 ? 0 : now + timeout_us / 1000000 * rte_get_tsc_hz() +
		(timeout_us % 1000000 * rte_get_tsc_hz() + 999999) / 1000000;
	if (w->deadline != 0 && w->deadline < ebb_wait_lcores[lcore].next_deadline)
		ebb_wait_lcores[lcore].next_deadline = w->deadline;
	w->state = EBB_WAITER_WAITING;
	TAILQ_INSERT_TAIL(&s->fifo[w->cls], w, next);           /* W1 */
	s->want[w->cls] += need;
	s->nb_waiters++;
	WAIT_SLOT_COUNT(s, waits, 1);
	slot_activate(s);
	wait_sync(s);                                            /* W2 */
	wait_recheck(s);                                         /* W3 */
	return 0;
}

static void
waiter_remove(struct ebb_wait_slot *s, struct ebb_waiter *w, enum ebb_waiter_state state)
{
	TAILQ_REMOVE(&s->fifo[w->cls], w, next);
	s->want[w->cls] -= w->need;
	s->nb_waiters--;
	w->state = state;
}

int
ebb_waiter_cancel_lcore(struct ebb_waiter *w)
{
	struct ebb_wait_slot *s;

	if (w == NULL)
		return -EINVAL;
	if (w->state != EBB_WAITER_WAITING)
		return -ENOENT;
	if (w->lcore != rte_lcore_id())
		return -EPERM;
	s = &wait_pool(w->mp)->slots[w->lcore];
	waiter_remove(s, w, EBB_WAITER_CANCELLED);
	WAIT_SLOT_COUNT(s, cancels, 1);
	wait_sync(s);
	return 0;
}

/* Offer objs[0..m-1] to the slot's waiters, control first, oldest first.
 * @return how many were taken (a prefix of objs). */
static unsigned int
wait_offer(struct ebb_wait_slot *s, void **objs, unsigned int m, unsigned int *work)
{
	unsigned int cls, pos = 0;

	for (cls = 0; cls < EBB_WAIT_NB_CLASSES && pos < m; cls++) {
		struct ebb_waiter *w = TAILQ_FIRST(&s->fifo[cls]), *nx;

		while (w != NULL && pos < m) {
			unsigned int n = RTE_MIN(m - pos, w->need);
			unsigned int k = w->offer(w, objs + pos, n);

			nx = TAILQ_NEXT(w, next);
			if (k == 0) {
				waiter_remove(s, w, EBB_WAITER_DECLINED);
				WAIT_SLOT_COUNT(s, declined, 1);
			} else {
				if (unlikely(k > n)) {
					WAIT_LOG(ERR, "offer callback took %u of %u", k, n);
					k = n;
				}
				pos += k;
				w->need -= k;
				s->want[w->cls] -= k;
				if (w->need == 0) {
					waiter_remove(s, w, EBB_WAITER_DONE);
					WAIT_SLOT_COUNT(s, wakeups, 1);
					(*work)++;
				}
			}
			w = nx;
		}
	}
	return pos;
}

/* Expire the waiters of s whose deadline passed; @return how many. */
static unsigned int
wait_expire(struct ebb_wait_slot *s, uint64_t now, uint64_t *next)
{
	struct ebb_waiter_list due = TAILQ_HEAD_INITIALIZER(due);
	struct ebb_waiter *w, *nx;
	unsigned int cls, n = 0;

	for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++) {
		for (w = TAILQ_FIRST(&s->fifo[cls]); w != NULL; w = nx) {
			nx = TAILQ_NEXT(w, next);
			if (w->deadline == 0)
				continue;
			if (w->deadline > now) {
				*next = RTE_MIN(*next, w->deadline);
				continue;
			}
			waiter_remove(s, w, EBB_WAITER_TIMED_OUT);
			TAILQ_INSERT_TAIL(&due, w, next);
		}
	}
	if (TAILQ_EMPTY(&due))
		return 0;
	wait_sync(s);
	/* callbacks last: they may register or cancel other waiters */
	while ((w = TAILQ_FIRST(&due)) != NULL) {
		TAILQ_REMOVE(&due, w, next);
		WAIT_SLOT_COUNT(s, timeouts, 1);
		n++;
		w->on_timeout(w);
	}
	return n;
}

/* Pop up to max objects from the slot's refill stack, counted as received. */
static unsigned int
slot_pop(struct ebb_wait_slot *s, void **objs, unsigned int max)
{
	unsigned int m;

	EBB_WAIT_STEP(POP);
	m = RTE_MIN(rte_stack_count(s->refill), max);
	if (m == 0 || rte_stack_pop(s->refill, objs, m) != m)
		return 0;
	s->received += m;
	WAIT_SLOT_COUNT(s, received, m);
	return m;
}

/* Drain the slot's refill stack, offer, give back what nobody took. */
static unsigned int
wait_drain(struct ebb_wait_slot *s)
{
	struct ebb_wait_pool *p = s->pool;
	unsigned int avail = rte_stack_count(s->refill);
	unsigned int work = 0;
	void *objs[WAIT_BATCH];

	/* bounded by what was there on entry: leftovers may come back to us */
	while (avail != 0) {
		unsigned int m = slot_pop(s, objs, RTE_MIN(avail, WAIT_BATCH)), used;

		if (m == 0)
			break;
		avail -= m;
		work += m;
		used = wait_offer(s, objs, m, &work);
		wait_sync(s);
		if (used < m) {
			WAIT_SLOT_COUNT(s, returned, m - used);
			ebb_wait_pool_put(p->mp, objs + used, m - used);
		}
	}
	return work;
}

/*
 * Objects claimed for s that are not in its refill stack yet: a freer claims (CAS on
 * need), then pushes, and may be preempted in between. Their need reads 0, so no
 * hand-off and no ring re-check (W4) serves the waiters while they are late: take as
 * many from the ring and offer them now. The late ones, when they come, are leftovers
 * and go back to the pool. A stalled freer then holds its objects, not a waiter.
 * @return objects taken from the ring.
 */
static unsigned int
wait_substitute(struct ebb_wait_slot *s, unsigned int *work)
{
	struct ebb_wait_pool *p = s->pool;
	uint64_t need, late;
	unsigned int in_stack, m, used;
	void *objs[WAIT_BATCH];

	/* need before the stack's count: a push seen there was claimed before (CAS,
	 * then push), so it is not counted late; the other order only counts less */
	need = __atomic_load_n(&s->need, __ATOMIC_RELAXED);
	late = slot_covered(s) - need_of(need, EBB_WAIT_CONTROL) - need_of(need, EBB_WAIT_DATA);
	in_stack = rte_stack_count(s->refill);
	if (late <= in_stack)
		return 0;
	late -= in_stack;
	EBB_WAIT_STEP(SUBSTITUTE);
	m = rte_ring_dequeue_burst(p->head.ring, objs, RTE_MIN(late, WAIT_BATCH), NULL);
	if (m == 0)
		return 0;
	used = wait_offer(s, objs, m, work);
	wait_sync(s);
	if (used < m) {
		WAIT_SLOT_COUNT(s, returned, m - used);
		ebb_wait_pool_put(p->mp, objs + used, m - used);
	}
	return m;
}

unsigned int
ebb_wait_run_slow(unsigned int lcore)
{
	struct ebb_wait_lcore *l = &ebb_wait_lcores[lcore];
	struct ebb_wait_slot *s, *nx;
	const bool unmarked = ebb_wait_hot[lcore].marked == 0;
	unsigned int work = 0;
	uint64_t now = 0;
	bool expire;

	if (l->next_deadline != UINT64_MAX)
		now = rte_get_tsc_cycles();
	expire = now >= l->next_deadline;
	if (expire)
		l->next_deadline = UINT64_MAX;
	/* slots added by callbacks go to the tail and are visited in this pass */
	for (s = TAILQ_FIRST(&l->active); s != NULL; s = nx) {
		/* W4: while published, look at the ring (relaxed read of its indexes) */
		EBB_WAIT_STEP(RUN);
		if (slot_published(s) && rte_ring_count(s->pool->head.ring) != 0) {
			unsigned int subst;

			work += wait_recheck(s);
			subst = wait_substitute(s, &work);
			work += subst;
		}
		work += wait_drain(s);
		if (expire)
			work += wait_expire(s, now, &l->next_deadline);
		nx = TAILQ_NEXT(s, act);
		slot_deactivate_if_idle(s);
	}
	/* the callbacks' allocations are not the caller's refill */
	if (unmarked)
		ebb_wait_marks_clear_lcore(lcore);
	return work;
}

uint64_t
ebb_wait_next_deadline_lcore(void)
{
	unsigned int lcore = rte_lcore_id();
	struct ebb_wait_lcore *l;
	struct ebb_wait_slot *s;
	uint64_t t;

	if (lcore >= RTE_MAX_LCORE)
		return UINT64_MAX;
	l = &ebb_wait_lcores[lcore];
	t = l->next_deadline;
	TAILQ_FOREACH(s, &l->active, act) {
		if (slot_covered(s) != 0) {
			uint64_t bound = rte_get_tsc_cycles() +
				EBB_WAIT_RECHECK_US * rte_get_tsc_hz() / 1000000;

			return RTE_MIN(t, bound);
		}
	}
	return t;
}

void
ebb_wait_sleeping_lcore(bool sleeping)
{
	unsigned int lcore = rte_lcore_id();

	if (lcore >= RTE_MAX_LCORE)
		return;
	/* Dekker with the hand-off's wake: store flag; fence; (caller) read the refill
	 * stacks  vs  push; fence; read flag. One of the two sees the other's store. */
	__atomic_store_n(&ebb_wait_lcores[lcore].sleeping, sleeping ? 1 : 0, __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

int
ebb_wait_lcore_wake_fd(unsigned int lcore)
{
	struct ebb_wait_lcore *l;
	int fd;

	if (lcore >= RTE_MAX_LCORE || !rte_lcore_is_enabled(lcore))
		return -EINVAL;
	l = &ebb_wait_lcores[lcore];
	fd = __atomic_load_n(&l->wake_fd, __ATOMIC_ACQUIRE);
	if (fd >= 0)
		return fd;
	fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* release: pairs with the acquire load in the hand-off's wake */
	__atomic_store_n(&l->wake_fd, fd, __ATOMIC_RELEASE);
	return fd;
}

int
ebb_wait_flush_lcore(void)
{
	unsigned int lcore = rte_lcore_id();
	struct ebb_wait_slot *s, *nx;
	void *objs[WAIT_BATCH];
	int total = 0;

	if (lcore >= RTE_MAX_LCORE)
		return -ENOTSUP;
	for (s = TAILQ_FIRST(&ebb_wait_lcores[lcore].active); s != NULL; s = nx) {
		nx = TAILQ_NEXT(s, act);
		/* Waiters still queued own what was claimed for them: ebb_wait_run_lcore()
		 * delivers it. Giving it back would advertise their need again, and the
		 * hand-off would push the same objects into this stack (for ever). */
		if (s->nb_waiters != 0)
			continue;
		for (;;) {
			unsigned int m = slot_pop(s, objs, WAIT_BATCH);

			if (m != 0) {
				WAIT_SLOT_COUNT(s, returned, m);
				total += m;
				wait_sync(s);
				ebb_wait_pool_put(s->pool->mp, objs, m);
				continue;
			}
			if (slot_covered(s) == 0)
				break;
			rte_pause();  /* a freer between its claim and its push */
		}
		slot_deactivate_if_idle(s);
	}
	return total;
}

int
ebb_wait_lcore_waiters(unsigned int lcore, struct ebb_waiter_info *info, unsigned int max)
{
	uint64_t now = rte_get_tsc_cycles(), hz = rte_get_tsc_hz();
	const struct ebb_wait_slot *s;
	const struct ebb_waiter *w;
	unsigned int cls, n = 0;

	if (info == NULL || lcore >= RTE_MAX_LCORE)
		return -EINVAL;
	TAILQ_FOREACH(s, &ebb_wait_lcores[lcore].active, act) {
		for (cls = 0; cls < EBB_WAIT_NB_CLASSES; cls++) {
			TAILQ_FOREACH(w, &s->fifo[cls], next) {
				if (n == max)
					return n;
				info[n].lcore = lcore;
				info[n].cls = w->cls;
				info[n].need = w->need;
				info[n].age_us = (now - w->since) * 1000000 / hz;
				info[n].deadline_in_us = w->deadline > now ?
					(w->deadline - now) * 1000000 / hz : 0;
				info[n].w = w;
				n++;
			}
		}
	}
	return n;
}
