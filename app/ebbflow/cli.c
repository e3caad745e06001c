/* SPDX-License-Identifier: BSD-3-Clause */
/* cli.c: the ebbflow> prompt: registry of command groups, input loop, quit and signals. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#define EBB_CLI_MAX_GROUPS 16
#define EBB_CLI_TICK_MS 100

static const struct ebb_cmd_group *ebb_groups[EBB_CLI_MAX_GROUPS];
static unsigned int ebb_nb_groups;
static cmdline_parse_inst_t *ebb_ctx[EBB_CLI_MAX_CMDS + 1];
static bool ebb_ctx_built;

static FILE *ebb_out;
static bool ebb_quit;
static volatile sig_atomic_t ebb_signal;
static pthread_mutex_t ebb_ctl_mtx = PTHREAD_MUTEX_INITIALIZER;

void
ebb_cmd_group_register(const struct ebb_cmd_group *g)
{
	unsigned int i;

	if (ebb_nb_groups == EBB_CLI_MAX_GROUPS) {
		fprintf(stderr, "ebbflow: too many command groups, '%s' dropped\n", g->name);
		return;
	}
	/* keep groups sorted by rank: constructors run in link order */
	for (i = ebb_nb_groups; i > 0 && ebb_groups[i - 1]->rank > g->rank; i--)
		ebb_groups[i] = ebb_groups[i - 1];
	ebb_groups[i] = g;
	ebb_nb_groups++;
	ebb_ctx_built = false;
}

cmdline_parse_ctx_t *
ebb_cli_ctx(void)
{
	unsigned int g, c, n = 0;

	if (ebb_ctx_built)
		return ebb_ctx;
	for (g = 0; g < ebb_nb_groups; g++)
		for (c = 0; c < ebb_groups[g]->nb_cmds && n < EBB_CLI_MAX_CMDS; c++)
			ebb_ctx[n++] = ebb_groups[g]->cmds[c];
	ebb_ctx[n] = NULL;
	ebb_ctx_built = true;
	return ebb_ctx;
}

/* The sections of `help`: a command is in a section when its help string starts with one
 * of the section's words (a command may be in several). */
static const struct {
	const char *name, *what;
	const char *words[12];
} ebb_help_sections[] = {
	{ "control", "Start and stop forwarding.",
	  { "start", "stop", "quit", "help", NULL } },
	{ "display", "Displaying port, stats and config information.",
	  { "show", "clear", "dump_mempool", NULL } },
	{ "config", "Configuration information.", { "set", NULL } },
	{ "ports", "Configuring ports.",
	  { "port", "mac_addr", "set link", "set port", "set promisc", "set allmulti",
	    "show port", "clear port", NULL } },
	{ "forwarding", "Forwarding modes, bursts, cores and their statistics.",
	  { "start", "stop", "set fwd", "set burst", "set nbcore", "set idle",
	    "set wait-timeout", "show fwd", "show|clear fwd", "show config", NULL } },
	{ "all", "All of the above sections.", { "", NULL } },
};

void
ebb_cli_help(FILE *f)
{
	char word[32];

	fprintf(f, "\nHelp is available for the following sections:\n\n");
	for (unsigned int i = 0; i < RTE_DIM(ebb_help_sections); i++) {
		snprintf(word, sizeof(word), "help %s", ebb_help_sections[i].name);
		fprintf(f, "    %-32s: %s\n", word, ebb_help_sections[i].what);
	}
	fprintf(f, "\n");
}

static bool
ebb_help_in(const char *help, const char *const *words)
{
	for (; *words != NULL; words++) {
		size_t n = strlen(*words);

		if (strncmp(help, *words, n) == 0 &&
		    (n == 0 || help[n] == ' ' || help[n] == ':' || help[n] == '|'))
			return true;
	}
	return false;
}

int
ebb_cli_help_section(FILE *f, const char *section)
{
	unsigned int i, g, c;

	for (i = 0; i < RTE_DIM(ebb_help_sections); i++)
		if (strcmp(section, ebb_help_sections[i].name) == 0)
			break;
	if (i == RTE_DIM(ebb_help_sections))
		return -ENOENT;
	for (g = 0; g < ebb_nb_groups; g++) {
		for (c = 0; c < ebb_groups[g]->nb_cmds; c++) {
			const char *h = ebb_groups[g]->cmds[c]->help_str;

			if (h != NULL && ebb_help_in(h, ebb_help_sections[i].words))
				fprintf(f, "  %s\n", h);
		}
	}
	return 0;
}

FILE *
ebb_cli_out(void)
{
	return ebb_out != NULL ? ebb_out : stdout;
}

void
ebb_cli_set_out(FILE *f)
{
	ebb_out = f;
}

void
ebb_cli_request_quit(void)
{
	ebb_quit = true;
}

bool
ebb_cli_quit_requested(void)
{
	return ebb_quit;
}

void
ebb_cli_quit_reset(void)
{
	ebb_quit = false;
}

static void
ebb_cli_on_signal(int sig)
{
	ebb_signal = sig;
}

int
ebb_cli_signals_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ebb_cli_on_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0; /* no SA_RESTART: poll() returns EINTR on the main thread */
	if (sigaction(SIGINT, &sa, NULL) != 0 || sigaction(SIGTERM, &sa, NULL) != 0)
		return -errno;
	/* a closed stdout (`| head`) must not kill us before the ports are closed */
	signal(SIGPIPE, SIG_IGN);
	return 0;
}

int
ebb_cli_signal(void)
{
	return ebb_signal;
}

void
ebb_ctl_lock(void)
{
	pthread_mutex_lock(&ebb_ctl_mtx);
}

void
ebb_ctl_unlock(void)
{
	pthread_mutex_unlock(&ebb_ctl_mtx);
}

int
ebb_cli_input(struct cmdline *cl, const char *buf, size_t n)
{
	size_t i;
	int ret = 0;

	ebb_ctl_lock();
	/* one byte at a time so that nothing after a `quit` runs */
	for (i = 0; i < n && !ebb_quit; i++) {
		if (cmdline_in(cl, &buf[i], 1) < 0) {
			ret = -1;
			break;
		}
	}
	ebb_ctl_unlock();
	fflush(ebb_cli_out());
	return ret < 0 ? -1 : (int)i;
}

enum ebb_cli_end
ebb_cli_loop(struct cmdline *cl, int fd, void (*tick)(void))
{
	char buf[256];
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t n;
	char last = '\n';
	int r;

	for (;;) {
		if (ebb_quit)
			return EBB_CLI_QUIT;
		if (ebb_signal != 0)
			return EBB_CLI_SIGNAL;
		if (tick != NULL)
			tick();
		r = poll(&pfd, 1, EBB_CLI_TICK_MS);
		if (r < 0 && errno != EINTR)
			return EBB_CLI_ERROR;
		if (r <= 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return EBB_CLI_ERROR;
		}
		if (n == 0) {
			/* run a last line that has no newline */
			if (last != '\n' && last != '\r' && ebb_cli_input(cl, "\n", 1) >= 0 &&
			    ebb_quit)
				return EBB_CLI_QUIT;
			return EBB_CLI_EOF;
		}
		last = buf[n - 1];
		if (ebb_cli_input(cl, buf, (size_t)n) < 0)
			return ebb_quit ? EBB_CLI_QUIT : EBB_CLI_EOF; /* ^D at a terminal */
	}
}

void
ebb_cli_wait(void (*tick)(void))
{
	while (!ebb_quit && ebb_signal == 0) {
		if (tick != NULL)
			tick();
		poll(NULL, 0, EBB_CLI_TICK_MS);
	}
}
