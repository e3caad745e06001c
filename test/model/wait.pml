/* SPDX-License-Identifier: BSD-3-Clause */
/* wait.pml: SPIN model of lib/wait's register/publish/re-check vs free/hand-off race.
 *
 * One waiter (owner lcore) wants NEED buffers of an exhausted pool; NF freers each
 * free one buffer. Steps follow lib/wait/DESIGN.md (W1..W4, F1..F3) and the real
 * functions: ebb_wait_pool_put (demand load), wait_handoff (need load, CAS, push), wait_sync
 * (publish, unpublish by exchange), wait_recheck, wait_drain.
 * A freer's relaxed load of `demand` may return 0 at any time (any staleness: an
 * over-approximation of the weak-memory case where its load is ordered before the
 * waiter's publish). The waiter may cancel at any time (CANCEL) and must then keep
 * draining what was claimed for it and give it back.
 *
 * Checked when nothing can move any more (SPIN `timeout`):
 * - no lost wakeup: the waiter got its NEED buffers unless it cancelled;
 * - conservation: every buffer is in the ring or with the waiter, none in flight,
 *   the refill stack empty, demand back to 0.
 * Build with -DNO_RECHECK to drop W4 (the per-run ring re-check): SPIN must then find
 * the lost wakeup (test/model/run.sh checks that it does).
 */
#ifndef NEED
#define NEED 1
#endif
#ifndef NF
#define NF 2
#endif

byte ring = 0;        /* buffers in the pool ring */
byte refill = 0;      /* buffers in the waiter lcore's refill stack */
byte demand = 0;      /* published waiting classes (+ reserve deficit: 0 here) */
byte need = 0;        /* unclaimed need of the waiter's slot */
byte got = 0;         /* buffers the waiter's offer callback took */
byte freed = 0;       /* freers that finished */
bool wdone = false;   /* the waiter left (need met or cancelled, nothing in flight) */
bool cancelled = false;

/* Hand one buffer (the caller holds it) to the waiting slot or the ring.
 * stale: the caller's load of demand may return 0 (freers, not the owner). */
inline put(stale)
{
	byte d, n;
	bool ok;
	if
	:: d = demand
	:: stale -> d = 0
	fi;
	if
	:: d == 0 -> ring++                           /* F2: straight into the ring */
	:: else ->                                    /* F3: hand-off */
		do
		:: n = need;                              /* acquire load in wait_pick */
		   if
		   :: n == 0 -> ring++; break             /* nobody to give it to */
		   :: else ->
			atomic {                              /* CAS(need, n, n - 1) */
				if
				:: need == n -> need = n - 1; ok = true
				:: else -> ok = false
				fi
			}
			if
			:: ok -> refill++; break              /* push, a separate step */
			:: else -> skip                       /* lost the race: rescan */
			fi
		   fi
		od
	fi
}

active [NF] proctype freer()
{
	put(true);
	freed++
}

active proctype waiter()
{
	byte want = NEED, asked, withdrawn = 0, received = 0, old;
	bool pub;

	/* W1 + W2: queue, add the need (release), demand++ (seq_cst) */
	need = NEED;
	asked = NEED;
	demand++;
	pub = true;
	/* W3: retry once from the ring, through the hand-off */
	if
	:: atomic { ring > 0 && need > 0 -> ring-- }; put(false)
	:: else -> skip
	fi;
	do
	:: pub && refill > 0 ->                        /* drain + offer: taken */
		atomic { refill--; received++ };
		got++;
		want--;
		if
		:: want == 0 ->                            /* sync: unpublish */
			atomic { old = need; need = 0 };       /* exchange */
			withdrawn = withdrawn + old;
			demand--;
			pub = false
		:: else -> skip
		fi
#ifndef NO_RECHECK
	:: atomic { pub && ring > 0 && need > 0 -> ring-- }; put(false)   /* W4 */
#endif
#ifdef CANCEL
	:: pub && !cancelled ->                        /* cancel at any time */
		cancelled = true;
		want = 0;
		atomic { old = need; need = 0 };           /* exchange */
		withdrawn = withdrawn + old;
		demand--;
		pub = false
#endif
	:: !pub && asked - withdrawn - received > 0 && refill > 0 ->
		atomic { refill--; received++ };           /* late push: nobody wants it */
		put(false)                                 /* leftovers back to the pool */
	:: !pub && asked - withdrawn - received == 0 -> break
	od;
	wdone = true
}

/* When nothing can move: the waiter is out, and every buffer is accounted for. */
active proctype monitor()
{
	timeout ->
	assert(wdone);
	assert(freed == NF);
	assert(refill == 0 && demand == 0 && need == 0);
	assert(ring + got == NF);
	assert(cancelled || got == (NEED < NF -> NEED : NF))
}
