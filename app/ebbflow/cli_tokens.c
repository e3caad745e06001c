/* SPDX-License-Identifier: BSD-3-Clause */
/* cli_tokens.c: TAB completion of values: the forwarding modes, the ports. */
#include <stdio.h>
#include <string.h>

#include "cli_tokens.h"
#include "ebb_engine.h"

static int
choice_nb(cmdline_parse_token_hdr_t *tk)
{
	const struct ebb_token_choice *t = (const struct ebb_token_choice *)tk;

	return t->count != NULL ? t->count() : 0;
}

static int
choice_elt(cmdline_parse_token_hdr_t *tk, int i, char *buf, unsigned int size)
{
	const struct ebb_token_choice *t = (const struct ebb_token_choice *)tk;

	if (t->get == NULL || buf == NULL || size == 0)
		return -1;
	return t->get(i, buf, size);
}

static int
choice_help(cmdline_parse_token_hdr_t *tk, char *buf, unsigned int size)
{
	const struct ebb_token_choice *t = (const struct ebb_token_choice *)tk;

	if (buf == NULL || size == 0)
		return -1;
	snprintf(buf, size, "%s", t->help != NULL ? t->help : "[value]");
	return 0;
}

/* parse: the library's free string (string_data.str is NULL: any one word) */
struct cmdline_token_ops ebb_token_choice_ops = {
	.parse = cmdline_parse_string,
	.complete_get_nb = choice_nb,
	.complete_get_elt = choice_elt,
	.get_help = choice_help,
};

/* The i-th '|'-separated name of list into buf. */
static int
list_get(const char *list, int i, char *buf, unsigned int size)
{
	const char *p = list;
	size_t len;

	for (; i > 0 && p != NULL; i--) {
		p = strchr(p, '|');
		if (p != NULL)
			p++;
	}
	if (i < 0 || p == NULL || *p == '\0')
		return -1;
	len = strcspn(p, "|");
	if (len >= size)
		return -1;
	memcpy(buf, p, len);
	buf[len] = '\0';
	return 0;
}

int
ebb_token_modes_count(void)
{
	char modes[512];
	int n = 1;

	ebb_engine_fwd_modes(modes, sizeof(modes));
	if (modes[0] == '\0')
		return 0;
	for (const char *p = modes; *p != '\0'; p++)
		n += *p == '|';
	return n;
}

int
ebb_token_modes_get(int i, char *buf, unsigned int size)
{
	char modes[512];

	ebb_engine_fwd_modes(modes, sizeof(modes));
	return list_get(modes, i, buf, size);
}

int
ebb_token_ports_count(void)
{
	uint16_t n = ebb_engine_nb_ports();

	return n == 0 ? 0 : n + 1;
}

int
ebb_token_ports_get(int i, char *buf, unsigned int size)
{
	int n = ebb_token_ports_count();

	if (i < 0 || i >= n)
		return -1;
	if (i == 0)
		return snprintf(buf, size, "all") < (int)size ? 0 : -1;
	return snprintf(buf, size, "%d", i - 1) < (int)size ? 0 : -1;
}
