/* SPDX-License-Identifier: BSD-3-Clause */
/* test_refill.c: the engine's exhaustion signal over fake PMDs: per queue, for what was asked. */
/*
 * Description: two net_ring ports whose RX side is a fake PMD (an RX callback with a
 * descriptor ring of its own, filled from the queue's pool): "bulk" refills every free
 * descriptor at once or nothing (virtio's scalar path), "idle" never receives nor
 * allocates (a NIC without traffic). TX rings are drained by an engine service (TX
 * completion). Cases: (1) bulk queues in delay mode, the pool exhausted: each pause waits
 * for the whole ring the PMD asked for, resumes that pause again at once (repauses)
 * stay rare, traffic flows; (2) an idle queue next to a bulk queue whose refills fail
 * while it still receives full bursts: the idle queue never pauses (the mark is the
 * failing queue's, not the lcore's); (3) bulk refills of 1024 descriptors, far above the
 * mempool cache's flush threshold (384): the queue waits for all 1024, not for what the
 * cache would hold; (4) "trickle" queues, where descriptors refilled carry a packet only
 * some passes later (a host filling a virtio ring): a queue pauses with part of its ring
 * still posted and receives again at its resumed pass before refilling, so it asks for
 * more than it waited for: after one such repause it waits for a burst more, and the
 * repauses stay few; (5) "chunk" queues of 4096 descriptors that refill 2048 at once
 * (all or nothing, once that many are free), above what the lcore cache can hold (1024)
 * at all, from a pool of 2600: each pause waits for the whole 2048, the resumed pass
 * finds the cache full and the rest in the pool ring (spilled), and its refill takes
 * both; repauses stay rare. Pool sizes: one refill per queue or the start is refused
 * with -ENOBUFS. Every case ends with the pool audit.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <CUnit/Basic.h>

#include <rte_eal.h>
#include <rte_eth_ring.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_ring.h>

#include "ebb_engine.h"
#include "ebb_engine_ctrl.h"

#define FAKE_DESC 128        /* descriptors of a fake RX queue, unless said */
#define FAKE_DESC_1K 1024    /* a ring of the mempool cache's whole array */
#define FAKE_DESC_MAX 4096   /* most descriptors of a fake RX queue */
#define FAKE_TRICKLE 8       /* packets that land per pass in a trickle queue */
#define FAKE_CHUNK 2048      /* what a chunk queue refills at once */

enum fake_kind { FAKE_BULK, FAKE_IDLE, FAKE_TRICKLE_IN, FAKE_CHUNK_IN };

/* One fake RX queue; its callback runs on the forwarding lcore only. */
struct fake_rxq {
	enum fake_kind kind;
	struct rte_mempool *mp;
	struct rte_mbuf *desc[FAKE_DESC_MAX];
	unsigned int ndesc;      /* its ring size */
	unsigned int filled;     /* descriptors holding a buffer */
	unsigned int landed;     /* of those, holding a packet (trickle; else all) */
	/* owner writes, the test reads after stop */
	uint64_t refills, failed, failed_full;
	const struct rte_eth_rxtx_callback *cb;
};

static struct fake_rxq fq[2];
static unsigned int fake_ndesc = FAKE_DESC; /* ring size of the next engine_up() */
static struct rte_ring *rx_ring[2], *tx_ring[2];
static uint16_t rport[2];
static int ring_seq;

/*
 * The fake PMD's receive: hand out up to the room left in the burst from the filled
 * descriptors (trickle: from those a packet landed in, FAKE_TRICKLE more each pass),
 * then refill every free descriptor with one all-or-nothing allocation (chunk: once
 * FAKE_CHUNK are free, FAKE_CHUNK of them).
 */
static uint16_t
fake_rx(uint16_t port, uint16_t queue, struct rte_mbuf *pkts[], uint16_t nb, uint16_t max,
	void *arg)
{
	struct fake_rxq *f = arg;
	unsigned int k, free_n;

	RTE_SET_USED(port);
	RTE_SET_USED(queue);
	if (f->kind == FAKE_IDLE)
		return nb;
	f->landed = f->kind == FAKE_TRICKLE_IN ?
		RTE_MIN(f->landed + FAKE_TRICKLE, f->filled) : f->filled;
	k = RTE_MIN(f->landed, (unsigned int)(max - nb));
	f->landed -= k;
	for (unsigned int i = 0; i < k; i++) {
		struct rte_mbuf *m = f->desc[--f->filled];

		m->data_len = 64;
		m->pkt_len = 64;
		pkts[nb + i] = m;
	}
	free_n = f->ndesc - f->filled;
	if (f->kind == FAKE_CHUNK_IN)
		free_n = free_n >= FAKE_CHUNK ? FAKE_CHUNK : 0;
	if (free_n != 0) {
		if (rte_pktmbuf_alloc_bulk(f->mp, &f->desc[f->filled], free_n) == 0) {
			f->filled += free_n;
			f->refills++;
		} else {
			f->failed++;
			if (nb + k == max)
				f->failed_full++;
		}
	}
	return (uint16_t)(nb + k);
}

/* TX completion: free what the ports sent (on the forwarding lcore, as a service). */
static unsigned int
drain_service(void *arg, uint64_t now)
{
	void *objs[256];
	unsigned int n, total = 0;

	RTE_SET_USED(arg);
	RTE_SET_USED(now);
	for (int i = 0; i < 2; i++) {
		n = rte_ring_dequeue_burst(tx_ring[i], objs, RTE_DIM(objs), NULL);
		if (n != 0)
			rte_pktmbuf_free_bulk((struct rte_mbuf **)objs, n);
		total += n;
	}
	return total;
}

static void
audit_ok(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	unsigned int missing;

	missing = ebb_engine_audit(f);
	fclose(f);
	CU_ASSERT_EQUAL(missing, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(text, "mbufs returned\n"));
	if (missing)
		fputs(text, stderr);
	free(text);
}

static void
ports_make(void)
{
	char name[32];

	for (int i = 0; i < 2; i++) {
		snprintf(name, sizeof(name), "ebb_f_rx%d_%d", i, ring_seq);
		rx_ring[i] = rte_ring_create(name, 1024, 0, 0);
		snprintf(name, sizeof(name), "ebb_f_tx%d_%d", i, ring_seq);
		tx_ring[i] = rte_ring_create(name, 1024, 0, 0);
		CU_ASSERT_PTR_NOT_NULL_FATAL(rx_ring[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(tx_ring[i]);
		snprintf(name, sizeof(name), "net_ring_ebbf%d_%d", i, ring_seq);
		int ret = rte_eth_from_rings(name, &rx_ring[i], 1, &tx_ring[i], 1, 0);

		CU_ASSERT_FATAL(ret >= 0);
		rport[i] = (uint16_t)ret;
	}
	ring_seq++;
}

/* Engine on the two ring ports, fake RX queues of the given kinds, drain service. */
static int
engine_up(struct ebb_engine_conf *c, enum fake_kind k0, enum fake_kind k1)
{
	enum fake_kind kind[2] = { k0, k1 };
	struct ebb_engine_port_ctrl pc;
	int ret = ebb_engine_init(c);

	if (ret < 0)
		return ret;
	for (int i = 0; i < 2; i++) {
		memset(&fq[i], 0, sizeof(fq[i]));
		fq[i].kind = kind[i];
		fq[i].ndesc = fake_ndesc;
		CU_ASSERT_EQUAL_FATAL(ebb_engine_port_ctrl_info(rport[i], &pc), 0);
		fq[i].mp = pc.pool;
		fq[i].cb = rte_eth_add_rx_callback(rport[i], 0, fake_rx, &fq[i]);
		CU_ASSERT_PTR_NOT_NULL_FATAL(fq[i].cb);
	}
	CU_ASSERT_EQUAL_FATAL(ebb_engine_add_service((unsigned int)ebb_engine_port_lcore(rport[0]),
						     drain_service, NULL), 0);
	return 0;
}

/* Stop done: give back what the fake descriptors hold, audit, tear down. */
static void
engine_down(void)
{
	for (int i = 0; i < 2; i++) {
		CU_ASSERT_EQUAL(rte_eth_remove_rx_callback(rport[i], 0, fq[i].cb), 0);
		if (fq[i].filled != 0)
			rte_pktmbuf_free_bulk(fq[i].desc, fq[i].filled);
		fq[i].filled = 0;
	}
	while (drain_service(NULL, 0) != 0) /* 256 per ring a call */
		;
	/* frees on the main lcore went into its cache: back to the pool for the audit */
	rte_mempool_cache_flush(rte_mempool_default_cache(fq[0].mp, rte_lcore_id()), fq[0].mp);
	audit_ok();
	ebb_engine_fini();
	for (int i = 0; i < 2; i++) { /* ebb_engine_fini() closed the ports */
		rte_ring_free(rx_ring[i]);
		rte_ring_free(tx_ring[i]);
	}
}

static void
conf_make(struct ebb_engine_conf *c, unsigned int mbufs)
{
	ebb_engine_conf_defaults(c);
	c->total_num_mbufs = mbufs;
	c->nb_rxd = 256;
	c->nb_txd = 256;
	c->nb_fwd_lcores = 1;
}

/* Stats of the RX queue of port `port`. */
static void
queue_of(uint16_t port, struct ebb_queue_stats *out)
{
	struct ebb_queue_stats q[4];
	unsigned int n = ebb_engine_queue_stats(q, RTE_DIM(q));

	memset(out, 0, sizeof(*out));
	for (unsigned int i = 0; i < n; i++)
		if (q[i].port == port)
			*out = q[i];
}

/* ---- negative: pools that cannot serve one refill per queue ---- */

static void
test_pool_too_small(void)
{
	struct ebb_engine_conf c;
	struct ebb_pool_info pi;

	ports_make();
	conf_make(&c, 63); /* 2 queues x a burst of 32 */
	CU_ASSERT_EQUAL(ebb_engine_init(&c), -ENOBUFS);
	conf_make(&c, 80); /* fits; the reserve gets 80 - 64 = 16 of its 32 */
	CU_ASSERT_EQUAL_FATAL(engine_up(&c, FAKE_IDLE, FAKE_IDLE), 0);
	CU_ASSERT_EQUAL(ebb_engine_pools(&pi, 1), 1);
	CU_ASSERT_EQUAL(pi.reserve, 16);
	/* a bigger burst no longer fits at the next start */
	CU_ASSERT_EQUAL(ebb_engine_set_burst(64), 0);
	CU_ASSERT_EQUAL(ebb_engine_start(false), -ENOBUFS);
	CU_ASSERT_FALSE(ebb_engine_running());
	CU_ASSERT_EQUAL(ebb_engine_set_burst(32), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	usleep(50 * 1000);
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	engine_down();
}

/* ---- bulk refills: wait for the whole ring, rarely pause again at once ---- */

/*
 * Two fake queues of `kind` with `ndesc` descriptors in delay mode (holding more than
 * the pool of `mbufs`): at least 50 pauses each, 1 in 10 at most a repause. `need`:
 * what the last pause must have waited for, the request (what the lcore cache held at
 * that pass may come on top, up to a burst: the stash's room) (0: not checked).
 * @return buffers the queues' resumes put in the pool ring past a full cache.
 */
static uint64_t
bulk_case(enum fake_kind kind, unsigned int ndesc, unsigned int mbufs, uint64_t need)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats q[2];
	struct ebb_lcore_stats ls;
	uint64_t spilled = 0;

	ports_make();
	conf_make(&c, mbufs);
	c.nb_rxd = (uint16_t)RTE_MAX(ndesc, 256u);
	strcpy(c.fwd_mode, "delay"); /* holds more than the pool: exhausted for sure */
	c.delay_fifo = 4096;
	c.delay_us = 2000;
	c.wait_timeout_ms = 1000;
	fake_ndesc = ndesc;
	CU_ASSERT_EQUAL_FATAL(engine_up(&c, kind, kind), 0);
	fake_ndesc = FAKE_DESC;
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	/* bounded poll: enough pause/resume cycles on both queues */
	for (int i = 0; i < 3000; i++) {
		queue_of(rport[0], &q[0]);
		queue_of(rport[1], &q[1]);
		if (q[0].pauses >= 50 && q[1].pauses >= 50)
			break;
		usleep(1000);
	}
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	queue_of(rport[0], &q[0]);
	queue_of(rport[1], &q[1]);
	CU_ASSERT_EQUAL(ebb_engine_lcore_stats(&ls, 1), 1);
	for (int i = 0; i < 2; i++) {
		fprintf(stderr, "  queue %d: pauses %" PRIu64 " wakeups %" PRIu64 " repauses %"
			PRIu64 " timeouts %" PRIu64 " need %" PRIu64 " spilled %" PRIu64
			"; fake refills %" PRIu64 " failed %" PRIu64 "\n", i, q[i].pauses,
			q[i].wakeups, q[i].repauses, q[i].wait_timeouts, q[i].need, q[i].spilled,
			fq[i].refills, fq[i].failed);
		CU_ASSERT(q[i].pauses >= 50);
		if (need != 0) {
			CU_ASSERT(q[i].need >= need);
			CU_ASSERT(q[i].need <= need + c.burst);
		}
		spilled += q[i].spilled;
		/* resumes that pause again at once: rare (1 in 10 at most) */
		CU_ASSERT(q[i].repauses * 10 <= q[i].pauses);
		CU_ASSERT(q[i].wakeups * 10 >= q[i].pauses * 8);
		CU_ASSERT_EQUAL(q[i].wait_errors, 0);
	}
	fprintf(stderr, "  lcore: rx %" PRIu64 " tx %" PRIu64 " tx_dropped %" PRIu64 "\n", ls.rx,
		ls.tx, ls.tx_dropped);
	CU_ASSERT(ls.rx > mbufs); /* more than the pool went through */
	/* forwarded: sent, or dropped by a full TX ring; held in the delay FIFOs at stop
	 * no more than the pool */
	CU_ASSERT(ls.tx > mbufs);
	CU_ASSERT(ls.tx + ls.tx_dropped <= ls.rx);
	CU_ASSERT(ls.rx - ls.tx - ls.tx_dropped <= mbufs);
	engine_down();
	return spilled;
}

/* it asked for every descriptor: its ring was empty when it paused */
static void
test_bulk_refill(void)
{
	bulk_case(FAKE_BULK, FAKE_DESC, 1024, FAKE_DESC);
}

/* a whole ring of 1024 at once, above the cache's flush threshold (1.5 x 256): the
 * queue waits for all of it (the cache holds it for the refill right after) */
static void
test_bulk_refill_big(void)
{
	bulk_case(FAKE_BULK, FAKE_DESC_1K, 3072, FAKE_DESC_1K);
}

/* refills of 2048 at once from a ring of 4096, above the cache's whole array (1024):
 * the queue waits for all 2048, the rest past the full cache waits in the pool ring
 * for the refill right after */
static void
test_bulk_refill_chunk(void)
{
	CU_ASSERT(bulk_case(FAKE_CHUNK_IN, FAKE_DESC_MAX, 2600, FAKE_CHUNK) > 0);
}

/* paused with descriptors still posted, it receives at the resumed pass and asks for
 * more: after one repause it waits for a burst more than asked */
static void
test_bulk_refill_trickle(void)
{
	bulk_case(FAKE_TRICKLE_IN, FAKE_DESC, 1024, 0);
}

/* ---- a queue pauses for its own refill only ---- */

static void
test_own_refill_only(void)
{
	struct ebb_engine_conf c;
	struct ebb_queue_stats qa, qb;

	ports_make();
	/* B's ring (128) and the TX rings in flight exceed the pool: B's refills fail
	 * while it still receives full bursts; A (idle) polls empty bursts all along */
	conf_make(&c, 384);
	c.wait_timeout_ms = 1000;
	CU_ASSERT_EQUAL_FATAL(engine_up(&c, FAKE_IDLE, FAKE_BULK), 0);
	CU_ASSERT_EQUAL_FATAL(ebb_engine_start(false), 0);
	for (int i = 0; i < 3000; i++) {
		queue_of(rport[1], &qb);
		if (qb.pauses >= 20 && __atomic_load_n(&fq[1].failed_full, __ATOMIC_RELAXED) >= 20)
			break;
		usleep(1000);
	}
	CU_ASSERT_EQUAL(ebb_engine_stop(), 0);
	queue_of(rport[0], &qa);
	queue_of(rport[1], &qb);
	fprintf(stderr, "  idle A: pauses %" PRIu64 " nombuf %" PRIu64 " polls %" PRIu64
		"; bulk B: pauses %" PRIu64 " wakeups %" PRIu64 " repauses %" PRIu64
		", refills failed %" PRIu64 " (on a full burst %" PRIu64 ")\n", qa.pauses,
		qa.nombuf, qa.polls, qb.pauses, qb.wakeups, qb.repauses, fq[1].failed,
		fq[1].failed_full);
	CU_ASSERT(fq[1].failed_full >= 20); /* B's failures that A could have taken */
	CU_ASSERT(qb.pauses >= 20);
	CU_ASSERT(qa.polls > 0);
	CU_ASSERT_EQUAL(qa.pauses, 0);
	CU_ASSERT_EQUAL(qa.nombuf, 0);
	engine_down();
}

int
main(int argc, char **argv)
{
	char prefix[64];
	char *eal[] = { "test_refill", "--no-pci", "--no-huge", "-m", "512",
			"--lcores", "0@0,1@1", "--file-prefix", prefix,
			"--log-level", "*:warning" };
	CU_pSuite s;
	unsigned int fails;

	(void)argc;
	(void)argv;
	snprintf(prefix, sizeof(prefix), "ebb_refill_unit_%d", (int)getpid());
	if (rte_eal_init(RTE_DIM(eal), eal) < 0) {
		fprintf(stderr, "EAL init failed\n");
		return 1;
	}
	if (CU_initialize_registry() != CUE_SUCCESS)
		return 1;
	s = CU_add_suite("refill", NULL, NULL);
	CU_add_test(s, "pool too small for one refill per queue", test_pool_too_small);
	CU_add_test(s, "bulk refills: waits for the whole ring", test_bulk_refill);
	CU_add_test(s, "bulk refills of 1024: above the cache's flush threshold",
		    test_bulk_refill_big);
	CU_add_test(s, "bulk refills that receive first: a burst of slack",
		    test_bulk_refill_trickle);
	CU_add_test(s, "bulk refills of 2048 from a ring of 4096: above the cache",
		    test_bulk_refill_chunk);
	CU_add_test(s, "a queue pauses for its own refill only", test_own_refill_only);
	CU_basic_set_mode(CU_BRM_VERBOSE);
	CU_basic_run_tests();
	fails = CU_get_number_of_failures();
	CU_cleanup_registry();
	rte_eal_cleanup();
	return fails == 0 ? 0 : 1;
}
