/* SPDX-License-Identifier: BSD-3-Clause */
/* wait_steps.h: step points of lib/wait for the model tests; not installed. */
#ifndef EBB_WAIT_STEPS_H
#define EBB_WAIT_STEPS_H

/*
 * test/model builds lib/wait and the driver with EBB_WAIT_STEPS and defines
 * ebb_wait_step(), which runs at each shared-memory access named here: the model tests
 * park a thread there to run the real code one access at a time (interleave_wait) or to
 * stop it at one chosen point (stalled_freer).
 */
enum ebb_wait_step_id {
	EBB_WAIT_STEP_PUT_DEMAND,  /**< a freer's load of demand */
	EBB_WAIT_STEP_PUT_RING,    /**< a freer's enqueue into the ring */
	EBB_WAIT_STEP_PICK,        /**< a hand-off's scan of the slots */
	EBB_WAIT_STEP_CLAIM,       /**< a hand-off's CAS on a slot's need */
	EBB_WAIT_STEP_PUSH,        /**< a hand-off's push into the refill stack */
	EBB_WAIT_STEP_SYNC_LOAD,   /**< the owner's load of its need */
	EBB_WAIT_STEP_SYNC_CAS,    /**< the owner's CAS installing its need */
	EBB_WAIT_STEP_DEMAND,      /**< the owner's change of demand */
	EBB_WAIT_STEP_RECHECK,     /**< the owner's ring re-check */
	EBB_WAIT_STEP_RUN,         /**< a run of the owner's pending work */
	EBB_WAIT_STEP_POP,         /**< the owner's pop from its refill stack */
	EBB_WAIT_STEP_SUBSTITUTE,  /**< the owner takes from the ring for late claims */
};

void ebb_wait_step(enum ebb_wait_step_id where);
#define EBB_WAIT_STEP(where) ebb_wait_step(EBB_WAIT_STEP_ ## where)

#endif /* EBB_WAIT_STEPS_H */
