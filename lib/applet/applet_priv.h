/* SPDX-License-Identifier: BSD-3-Clause */
/* applet_priv.h: internals of lib/applet shared by its .c files; never installed. */
#ifndef APPLET_PRIV_H
#define APPLET_PRIV_H

#include <rte_log.h>
#include <rte_mbuf.h>

#include "ebb_applet.h"
#ifdef EBB_APPLET_HAVE_WAIT
#include "ebb_wait.h"
#endif

extern int ebb_applet_logtype;
#define APPLET_LOG(level, fmt, ...) \
	rte_log(RTE_LOG_ ## level, ebb_applet_logtype, "applet: " fmt "\n", ##__VA_ARGS__)

/*
 * Owner lcore: counter c += n. The lcore that runs the applet is the only writer and the
 * stats getters read from other threads (relaxed loads, applet_load_counters()): a
 * relaxed store, no read-modify-write.
 */
#define APPLET_COUNT(c, n) __atomic_store_n(&(c), (c) + (n), __ATOMIC_RELAXED)
/** Owner lcore: a word the stats getters read from other threads (relaxed load). */
#define APPLET_STORE(w, v) __atomic_store_n(&(w), (v), __ATOMIC_RELAXED)

/** Largest burst the applet builds or asks for at once. */
#define APPLET_BURST 32

/*
 * A wait for buffers, in either mode. The owner's offer takes mbufs (already reset)
 * and returns how many it used; its timeout drops what it waits for without a buffer.
 */
struct applet_waiter {
#ifdef EBB_APPLET_HAVE_WAIT
	struct ebb_waiter w;      /* first: the trampolines cast back */
#endif
	struct ebb_applet *a;
	unsigned int (*offer)(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n);
	void (*timeout)(struct ebb_applet *a);
	uint8_t waiting;          /* waiting for buffers (either way) */
	uint8_t queued;           /* ... queued in lib/wait (else ebb_applet_run() polls) */
	unsigned int need;        /* buffers still wanted */
	uint64_t deadline_us;     /* applet clock */
};

/** One held request: its parsed headers and, for echo requests, the frame bytes. */
struct applet_pending {
	struct ebb_pkt pkt;
	uint16_t len;             /* bytes in frame (0 for ARP) */
	uint8_t frame[EBB_APPLET_FRAME_MAX];
};

struct applet_probe {
	uint8_t enabled;
	uint8_t state;
	uint8_t peer_known;
	uint8_t started;          /* schedule anchored */
	uint8_t outstanding;      /* a probe is out, reply expected */
	uint8_t out_icmp;         /* the outstanding one is an echo */
	uint16_t ok_run, fail_run;
	uint16_t seq, ident;
	struct rte_ether_addr peer_mac;
	struct ebb_probe_conf conf;
	uint64_t next_us;         /* next slot of the schedule */
	uint64_t slot_us;         /* slot being served (waiting or outstanding) */
	uint64_t sent_us;         /* when the outstanding probe was sent */
	uint64_t deadline_us;     /* slot + timeout: reply deadline, and wait deadline */
	struct applet_waiter wait;
	struct ebb_probe_stats st;
};

struct ebb_applet {
	struct ebb_applet_conf conf;
	uint8_t wait_mode;        /* enum ebb_applet_wait_mode */
	uint64_t ipcfg;           /* ip << 8 | prefix_len; atomic, see set_ip */
	uint32_t data_room;       /* usable bytes of a fresh buffer */
	/* responder */
	struct applet_waiter rwait;
	struct applet_pending *pend; /* FIFO of pending_max slots */
	unsigned int pend_head, pend_count;
	struct ebb_responder_stats rst;
	struct applet_probe probe;
};

static inline uint32_t
applet_ip(const struct ebb_applet *a)
{
	/* relaxed: pairs with the relaxed store of ebb_responder_set_ip(); the word
	 * carries everything it means, nothing else is published with it */
	return (uint32_t)(__atomic_load_n(&a->ipcfg, __ATOMIC_RELAXED) >> 8);
}

/* applet.c */
unsigned int applet_tx(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n);

/* applet_wait.c */
int applet_wait_init(struct ebb_applet *a, struct applet_waiter *aw,
		     unsigned int (*offer)(struct ebb_applet *, struct rte_mbuf **, unsigned int),
		     void (*timeout)(struct ebb_applet *));
unsigned int applet_get(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n);
unsigned int applet_get_or_wait(struct ebb_applet *a, struct applet_waiter *aw,
				struct rte_mbuf **m, unsigned int n, uint64_t deadline_us,
				uint64_t now_us);
int applet_wait_stop(struct applet_waiter *aw);
void applet_wait_run(struct applet_waiter *aw, uint64_t now_us);

/* responder.c */
void responder_input(struct ebb_applet *a, struct rte_mbuf *m, const struct ebb_pkt *p,
		     uint64_t now_us);
void responder_run(struct ebb_applet *a, uint64_t now_us);
int responder_flush(struct ebb_applet *a);
unsigned int responder_offer(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n);
void responder_timeout(struct ebb_applet *a);

/* probe.c */
bool probe_input(struct ebb_applet *a, const struct ebb_pkt *p, uint64_t now_us);
uint64_t probe_run(struct ebb_applet *a, uint64_t now_us);
unsigned int probe_offer(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n);
void probe_timeout(struct ebb_applet *a);
int probe_cancel(struct ebb_applet *a);

#endif /* APPLET_PRIV_H */
