/* SPDX-License-Identifier: BSD-3-Clause */
/* cmds_layout.c: testpmd's port and lcore layout commands: set nbport|portlist|corelist|
 * coremask (the `set` command of cmds_fwd.c hands them here). */
#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <rte_lcore.h>

#include "cli.h"
#include "ebb_engine.h"
#include "options.h"

/*
 * A comma list of decimal numbers ("3,1,2"), as testpmd's commands take it (no ranges):
 * how many, or -1 after one line saying why (what: "port", "core").
 */
static int
parse_items(FILE *f, const char *cmd, const char *what, const char *arg, unsigned long max,
	    unsigned int *items, unsigned int room)
{
	const char *p = arg;
	unsigned int n = 0;

	while (*p != '\0') {
		unsigned long long v;
		char num[24];
		size_t len = strcspn(p, ",");

		if (len == 0 || len >= sizeof(num)) {
			fprintf(f, "Invalid %s '%s': expected a comma list of %s numbers\n", cmd,
				arg, what);
			return -1;
		}
		memcpy(num, p, len);
		num[len] = '\0';
		if (ebb_parse_uint(num, 0, max, &v) < 0) {
			fprintf(f, "Invalid %s '%s': %s '%s' is not 0..%lu\n", cmd, arg, what, num,
				max);
			return -1;
		}
		if (n == room) {
			fprintf(f, "Invalid %s '%s': more than %u %ss\n", cmd, arg, room, what);
			return -1;
		}
		items[n++] = (unsigned int)v;
		p += len;
		if (*p == ',' && *++p == '\0') {
			fprintf(f, "Invalid %s '%s': expected a comma list of %s numbers\n", cmd,
				arg, what);
			return -1;
		}
	}
	if (n == 0)
		fprintf(f, "Invalid %s '%s': expected a comma list of %s numbers\n", cmd, arg,
			what);
	return n == 0 ? -1 : (int)n;
}

void
ebb_cli_topology_warn(FILE *f)
{
	static bool warned; /* once, as testpmd */
	const struct ebb_engine_conf *c = ebb_engine_conf();

	if (warned || c == NULL || c->topology != EBB_TOPO_PAIRED ||
	    (ebb_engine_nb_fwd_ports() & 1) == 0)
		return;
	warned = true;
	fprintf(f, "\nWarning! port-topology=paired and odd forward ports number, the last port "
		"will pair with itself.\n\n");
}

static void
set_nbport(FILE *f, const char *arg)
{
	unsigned int cfg = ebb_engine_nb_cfg_ports();
	unsigned long long v;
	int ret;

	if (ebb_parse_uint(arg, 1, RTE_MAX_ETHPORTS, &v) < 0) {
		fprintf(f, "Invalid nbport '%s': must be 1..%u (configured forwarding ports)\n",
			arg, cfg);
		return;
	}
	ret = ebb_engine_set_nbport((uint16_t)v);
	if (ret == 0) { /* testpmd's words; streams of a running forwarding from the next start */
		fprintf(f, "Number of forwarding ports set to %llu\n", v);
		ebb_cli_topology_warn(f);
	}
	else if (ret == -ERANGE) /* testpmd's words */
		fprintf(f, "nb fwd ports %llu > %u (number of configured ports) - ignored\n", v,
			cfg);
	else
		fprintf(f, "Invalid nbport %llu: %s\n", v, strerror(-ret));
}

static void
set_portlist(FILE *f, const char *arg)
{
	unsigned int items[RTE_MAX_ETHPORTS], bad = 0, before = ebb_engine_nb_fwd_ports();
	uint16_t ports[RTE_MAX_ETHPORTS];
	int n = parse_items(f, "portlist", "port", arg, RTE_MAX_ETHPORTS - 1, items,
			    RTE_MAX_ETHPORTS);
	int ret;

	if (n < 0)
		return;
	for (int i = 0; i < n; i++)
		ports[i] = (uint16_t)items[i];
	ret = ebb_engine_set_portlist(ports, (uint16_t)n, &bad);
	if (ret == 0 && before != (unsigned int)n) /* testpmd says only a change */
		fprintf(f, "previous number of forwarding ports %u - changed to number of "
			"configured ports %d\n", before, n);
	if (ret == 0)
		ebb_cli_topology_warn(f);
	else if (ret == -EBUSY)
		fprintf(f, "Cannot change the port list while forwarding: stop first\n");
	else if (ret == -ENODEV)
		fprintf(f, "Invalid port %u: ports are 0..%u\n", ports[bad],
			ebb_engine_nb_ports() - 1);
	else if (ret == -EEXIST)
		fprintf(f, "Invalid portlist '%s': port %u given twice\n", arg, ports[bad]);
	else if (ret < 0)
		fprintf(f, "Invalid portlist '%s': %d ports, there are %u\n", arg, n,
			ebb_engine_nb_ports());
}

static void
set_cores(FILE *f, const char *cmd, const char *arg, const unsigned int *lcores, int n)
{
	unsigned int bad = 0, before = ebb_engine_nb_fwd_lcores();
	int ret = ebb_engine_set_corelist(lcores, (unsigned int)n, &bad);

	if (ret == 0 && before != (unsigned int)n) /* testpmd says only a change */
		fprintf(f, "previous number of forwarding cores %u - changed to number of "
			"configured cores %d\n", before, n);
	else if (ret == -EBUSY)
		fprintf(f, "Cannot change the %s while forwarding: stop first\n", cmd);
	else if (ret == -EPERM)
		fprintf(f, "Invalid %s '%s': lcore %u is the main lcore (the command line), not "
			"a forwarding one\n", cmd, arg, lcores[bad]);
	else if (ret == -ENOENT)
		fprintf(f, "Invalid %s '%s': lcore %u is not enabled (EAL -l/--lcores)\n", cmd,
			arg, lcores[bad]);
	else if (ret == -EEXIST)
		fprintf(f, "Invalid %s '%s': lcore %u given twice\n", cmd, arg, lcores[bad]);
	else if (ret < 0)
		fprintf(f, "Invalid %s '%s': %d lcores, at most %u worker lcores\n", cmd, arg, n,
			rte_lcore_count() > 1 ? rte_lcore_count() - 1 : 0);
}

static void
set_corelist(FILE *f, const char *arg)
{
	unsigned int lcores[RTE_MAX_LCORE];
	int n = parse_items(f, "corelist", "core", arg, RTE_MAX_LCORE - 1, lcores,
			    RTE_MAX_LCORE);

	if (n > 0)
		set_cores(f, "corelist", arg, lcores, n);
}

/* set coremask 0xM: the lcores of the bits, lowest first (at most 64, as testpmd) */
static void
set_coremask(FILE *f, const char *arg)
{
	unsigned int lcores[64];
	unsigned long long m;
	const char *hex = arg;
	char *end;
	int n = 0;

	if (hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X'))
		hex += 2;
	errno = 0;
	m = isxdigit((unsigned char)hex[0]) ? strtoull(hex, &end, 16) : 0;
	if (!isxdigit((unsigned char)hex[0]) || *end != '\0' || errno != 0 || m == 0) {
		fprintf(f, "Invalid coremask '%s': expected a non-zero hexadecimal mask of "
			"lcores (0x2)\n", arg);
		return;
	}
	for (unsigned int i = 0; i < 64; i++)
		if (m & (1ULL << i))
			lcores[n++] = i;
	set_cores(f, "coremask", arg, lcores, n);
}

void
ebb_cli_set_layout(FILE *f, const char *what, const char *value)
{
	if (strcmp(what, "nbport") == 0)
		set_nbport(f, value);
	else if (strcmp(what, "portlist") == 0)
		set_portlist(f, value);
	else if (strcmp(what, "corelist") == 0)
		set_corelist(f, value);
	else
		set_coremask(f, value);
}
