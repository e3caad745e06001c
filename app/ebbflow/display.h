/* SPDX-License-Identifier: BSD-3-Clause */
/* display.h: what ebbflow prints besides single commands: periodic stats, the stop report. */
#ifndef EBB_APP_DISPLAY_H
#define EBB_APP_DISPLAY_H

#include <stdio.h>

/** --stats-period: print every port's stats each period while forwarding (0 = off). */
void ebb_display_set_period(unsigned int seconds);

/** Called often from the main loop; prints when the period has elapsed. */
void ebb_display_tick(void);

/** What `start` prints once forwarding runs, as testpmd: show config fwd, then rxtx. */
void ebb_display_start_banner(FILE *f);

/** Stats of every port, as `show port stats all`. */
void ebb_display_port_stats_all(FILE *f);

/**
 * `stop`: stop forwarding, print the forward statistics and the pool audit.
 * @param missing  receives the mbufs missing over all pools (may be NULL).
 * @return 0; -EALREADY forwarding was not started (nothing printed but a line).
 */
int ebb_display_stop(FILE *f, unsigned int *missing);

#endif /* EBB_APP_DISPLAY_H */
