/* SPDX-License-Identifier: BSD-3-Clause */
/* display.c: periodic port statistics (--stats-period), the start banner and the stop report. */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "display.h"
#include "ebb_engine.h"

static unsigned int ebb_period;
static struct timespec ebb_next;

static void
ebb_display_arm(void)
{
	clock_gettime(CLOCK_MONOTONIC, &ebb_next);
	ebb_next.tv_sec += ebb_period;
}

void
ebb_display_set_period(unsigned int seconds)
{
	ebb_period = seconds;
	if (seconds != 0)
		ebb_display_arm();
}

void
ebb_display_start_banner(FILE *f)
{
	ebb_engine_show_config_fwd(f);
	ebb_engine_show(f, EBB_SHOW_CONFIG_RXTX, 0, 0);
}

void
ebb_display_port_stats_all(FILE *f)
{
	uint16_t p, n = ebb_engine_nb_ports();

	for (p = 0; p < n; p++)
		ebb_engine_show_port_stats(f, p);
	fflush(f);
}

void
ebb_display_tick(void)
{
	struct timespec now;

	if (ebb_period == 0)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec < ebb_next.tv_sec ||
	    (now.tv_sec == ebb_next.tv_sec && now.tv_nsec < ebb_next.tv_nsec))
		return;
	ebb_display_arm();
	ebb_ctl_lock();
	if (ebb_engine_running()) {
		/* as testpmd: clear the screen, cursor to the top left, a header */
		fprintf(ebb_cli_out(), "\033[2J\033[1;1H\nPort statistics "
			"====================================");
		ebb_display_port_stats_all(ebb_cli_out());
	}
	ebb_ctl_unlock();
}

int
ebb_display_stop(FILE *f, unsigned int *missing)
{
	unsigned int m;
	int ret;

	if (!ebb_engine_running()) {
		fprintf(f, "Packet forwarding not started\n");
		fflush(f);
		return -EALREADY;
	}
	fprintf(f, "Telling cores to stop...\nWaiting for lcores to finish...\n");
	fflush(f);
	ret = ebb_engine_stop();
	if (ret == -EALREADY) {
		fprintf(f, "Packet forwarding not started\n");
		fflush(f);
		return ret;
	}
	if (ret < 0)
		fprintf(f, "stop: %s\n", strerror(-ret));
	ebb_engine_show_fwd_stats(f);
	m = ebb_engine_audit(f);
	fprintf(f, "\nDone.\n");
	fflush(f);
	if (missing != NULL)
		*missing = m;
	return ret;
}
