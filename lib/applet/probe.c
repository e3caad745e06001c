/* SPDX-License-Identifier: BSD-3-Clause */
/* probe.c: the per-port health-check probe: schedule, send, match replies, rise/fall state. */
#include <rte_common.h>
#include <rte_mbuf.h>

#include "applet_priv.h"

static void
judge(struct applet_probe *pr, bool ok)
{
	uint8_t to = pr->state;

	if (ok) {
		pr->fail_run = 0;
		if (pr->ok_run < UINT16_MAX)
			pr->ok_run++;
		if (pr->ok_run >= pr->conf.rise)
			to = EBB_PROBE_UP;
	} else {
		pr->ok_run = 0;
		if (pr->fail_run < UINT16_MAX)
			pr->fail_run++;
		if (pr->fail_run >= pr->conf.fall)
			to = EBB_PROBE_DOWN;
	}
	if (to == pr->state)
		return;
	APPLET_STORE(pr->state, to);
	APPLET_COUNT(pr->st.transitions, 1);
	if (to == EBB_PROBE_DOWN)
		APPLET_STORE(pr->peer_known, 0); /* learn the peer again by ARP: it may have moved */
}

static void
hist_add(struct applet_probe *pr, uint64_t v)
{
	unsigned int b = v == 0 ? 0 : 64 - (unsigned int)__builtin_clzll(v);

	b = RTE_MIN(b, (unsigned int)EBB_PROBE_HIST - 1);
	APPLET_COUNT(pr->st.lateness_hist[b], 1);
}

/* Build and send the probe of the current slot in the fresh buffer m. */
static void
probe_send(struct ebb_applet *a, struct rte_mbuf *m, uint64_t now_us)
{
	struct applet_probe *pr = &a->probe;
	uint32_t ip = applet_ip(a);
	bool icmp = pr->conf.method == EBB_PROBE_AUTO && pr->peer_known && ip != 0;
	int rc;

	if (icmp) {
		pr->seq++;
		rc = ebb_proto_icmp_echo(m, &a->conf.mac, &pr->peer_mac, ip, pr->conf.dst_ip,
					 pr->ident, pr->seq);
	} else {
		rc = ebb_proto_arp_request(m, &a->conf.mac, ip, pr->conf.dst_ip);
	}
	if (rc != 0 || applet_tx(a, &m, 1) != 1) {
		if (rc != 0)
			rte_pktmbuf_free(m); /* not expected: a probe is < 64 bytes */
		APPLET_COUNT(pr->st.tx_dropped, 1);
		return;
	}
	APPLET_COUNT(pr->st.sent, 1);
	if (icmp)
		APPLET_COUNT(pr->st.sent_icmp, 1);
	else
		APPLET_COUNT(pr->st.sent_arp, 1);
	pr->outstanding = 1;
	pr->out_icmp = icmp;
	pr->sent_us = now_us;
	hist_add(pr, now_us - pr->slot_us);
}

unsigned int
probe_offer(struct ebb_applet *a, struct rte_mbuf **m, unsigned int n)
{
	struct applet_probe *pr = &a->probe;
	uint64_t now = ebb_applet_now(a);

	if (n == 0 || !pr->enabled)
		return 0;
	if (now >= pr->deadline_us) {
		APPLET_COUNT(pr->st.gave_up, 1); /* decline: the slot is over, send nothing */
		return 0;
	}
	probe_send(a, m[0], now);
	return 1;
}

/* The wait reached the slot's deadline: a missed probe; no buffer needed. */
void
probe_timeout(struct ebb_applet *a)
{
	APPLET_COUNT(a->probe.st.gave_up, 1);
}

static void
replied(struct applet_probe *pr, uint64_t now_us)
{
	uint64_t lat = now_us - pr->sent_us;

	pr->outstanding = 0;
	APPLET_COUNT(pr->st.replies, 1);
	APPLET_STORE(pr->st.lat_last_us, lat);
	if (pr->st.replies == 1 || lat < pr->st.lat_min_us)
		APPLET_STORE(pr->st.lat_min_us, lat);
	if (lat > pr->st.lat_max_us)
		APPLET_STORE(pr->st.lat_max_us, lat);
	APPLET_COUNT(pr->st.lat_sum_us, lat);
	APPLET_STORE(pr->st.lat_avg_us, pr->st.lat_sum_us / pr->st.replies);
	judge(pr, true);
}

/* A frame from the peer? Learns its MAC; true when it is a reply for the probe. */
bool
probe_input(struct ebb_applet *a, const struct ebb_pkt *p, uint64_t now_us)
{
	struct applet_probe *pr = &a->probe;
	bool in_time = pr->outstanding && now_us < pr->deadline_us;

	if (!pr->enabled)
		return false;
	if (p->kind == EBB_PKT_ARP) {
		if (p->arp.arp_data.arp_sip != pr->conf.dst_ip)
			return false;
		rte_ether_addr_copy(&p->arp.arp_data.arp_sha, &pr->peer_mac);
		APPLET_STORE(pr->peer_known, 1);
		if (p->arp.arp_opcode != RTE_BE16(RTE_ARP_OP_REPLY))
			return false; /* the peer asking: the responder's business */
		if (in_time && !pr->out_icmp)
			replied(pr, now_us);
		else
			APPLET_COUNT(pr->st.late_replies, 1);
		return true;
	}
	if (p->kind != EBB_PKT_ICMP || p->icmp.icmp_type != RTE_IP_ICMP_ECHO_REPLY ||
	    p->ip.src_addr != pr->conf.dst_ip ||
	    p->icmp.icmp_ident != rte_cpu_to_be_16(pr->ident))
		return false;
	if (in_time && pr->out_icmp && p->icmp.icmp_seq_nb == rte_cpu_to_be_16(pr->seq))
		replied(pr, now_us);
	else
		APPLET_COUNT(pr->st.late_replies, 1);
	return true;
}

/* Stop the slot's wait, if any: the slot is counted cancelled. 0 or -EPERM. */
int
probe_cancel(struct ebb_applet *a)
{
	struct applet_probe *pr = &a->probe;
	int rc;

	if (!pr->wait.waiting)
		return 0;
	rc = applet_wait_stop(&pr->wait);
	if (rc == 0)
		APPLET_COUNT(pr->st.cancelled, 1);
	return rc;
}

uint64_t
probe_run(struct ebb_applet *a, uint64_t now_us)
{
	struct applet_probe *pr = &a->probe;
	uint64_t iv, behind, next;
	struct rte_mbuf *m;

	if (!pr->enabled)
		return UINT64_MAX;
	iv = (uint64_t)pr->conf.interval_ms * 1000;
	if (!pr->started) {
		pr->started = 1;
		pr->next_us = now_us;
	}
	if (pr->outstanding && now_us >= pr->deadline_us) {
		pr->outstanding = 0;
		APPLET_COUNT(pr->st.timeouts, 1);
		judge(pr, false);
	}
	applet_wait_run(&pr->wait, now_us); /* gives up at the deadline */
	if (now_us >= pr->next_us) {
		/* serve the latest slot that is due; the ones before it are skipped */
		behind = (now_us - pr->next_us) / iv;
		APPLET_COUNT(pr->st.skipped, behind);
		APPLET_COUNT(pr->st.slots, behind + 1);
		pr->slot_us = pr->next_us + behind * iv;
		pr->next_us = pr->slot_us + iv;
		pr->deadline_us = pr->slot_us + (uint64_t)pr->conf.timeout_ms * 1000;
		if (pr->wait.waiting) { /* cannot happen: its deadline <= this slot */
			applet_wait_stop(&pr->wait);
			APPLET_COUNT(pr->st.gave_up, 1);
		}
		pr->outstanding = 0;
		if (now_us >= pr->deadline_us) {
			APPLET_COUNT(pr->st.gave_up, 1); /* too late to be of use: send nothing */
			APPLET_COUNT(pr->st.gave_up_late, 1);
		}
		else if (applet_get_or_wait(a, &pr->wait, &m, 1, pr->deadline_us, now_us) == 1)
			probe_send(a, m, now_us);
		else
			APPLET_COUNT(pr->st.waited, 1);
	}
	next = pr->next_us;
	if (pr->outstanding || pr->wait.waiting)
		next = RTE_MIN(next, pr->deadline_us);
	return next;
}
