/* SPDX-License-Identifier: BSD-3-Clause */
/* verbose.h: `set verbose N`: per-packet dumps on RX (N & 1) and TX (N & 2). */
#ifndef EBB_APP_VERBOSE_H
#define EBB_APP_VERBOSE_H

/**
 * Set the level: bit 0 dumps every received burst, bit 1 every burst handed to TX, as
 * testpmd prints them (one line per burst, two per packet), on every queue of every
 * engine port, from now on (running or not).
 * @return 0; -ENOSPC, or the ethdev's errno (callbacks not compiled in: ENOTSUP): the
 *   directions that failed are off.
 */
int ebb_verbose_set(unsigned int level);

/** @return the level in force. */
unsigned int ebb_verbose_level(void);

/** Free the callbacks removed while forwarding ran (call when it has stopped). */
void ebb_verbose_gc(void);

#endif /* EBB_APP_VERBOSE_H */
