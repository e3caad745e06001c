/* SPDX-License-Identifier: BSD-3-Clause */
/* embed_app.cpp: a C++ DPDK program outside the tree, built from the installed
 * libebbflow.pc, that includes every installed header, creates an ebb_waitq pool by ops name, drains it, refills it and
 * checks the library's version. EAL arguments come from embed_pkgconfig.sh: --no-pci,
 * --no-huge, its own --file-prefix. */
#include <cstdio>
#include <cstring>

#include <rte_eal.h>
#include <rte_errno.h>
#include <rte_mbuf.h>

#include <ebb_applet.h>
#include <ebb_engine.h>
#include <ebb_engine_ctrl.h>
#include <ebb_fwd.h>
#include <ebb_pool.h>
#include <ebb_proto.h>
#include <ebb_version.h>
#include <ebb_wait.h>
#include <ebb_waitq.h>

static const unsigned int nb_mbuf = 128;

int
main(int argc, char **argv)
{
	static void *held[nb_mbuf];
	unsigned int n = 0;
	struct rte_mempool *mp;
	bool ok;

	if (rte_eal_init(argc, argv) < 0) {
		std::fprintf(stderr, "embed++: EAL init failed\n");
		return 1;
	}
	mp = rte_pktmbuf_pool_create_by_ops("embed_cxx", nb_mbuf, 0, 0,
			RTE_MBUF_DEFAULT_BUF_SIZE, SOCKET_ID_ANY, ebb_waitq_ops_name());
	if (mp == NULL) {
		std::fprintf(stderr, "embed++: pool: %s\n", rte_strerror(rte_errno));
		return 1;
	}
	while (n < nb_mbuf && rte_mempool_get(mp, &held[n]) == 0)
		n++;
	ok = n == nb_mbuf && rte_mempool_avail_count(mp) == 0;
	while (n > 0)
		rte_mempool_put(mp, held[--n]);
	ok = ok && rte_mempool_avail_count(mp) == nb_mbuf;
	std::printf("embed++: ops %s, drained and refilled %s, pool %u/%u, version %s (headers %s)\n",
		    mp->ops_index >= 0 ? rte_mempool_get_ops(mp->ops_index)->name : "?",
		    ok ? "ok" : "NOT ok", rte_mempool_avail_count(mp), nb_mbuf, ebb_version(),
		    EBB_VERSION_STR);
	ok = ok && std::strcmp(ebb_version(), EBB_VERSION_STR) == 0 &&
	     EBB_VERSION >= EBB_VERSION_NUM(0, 1, 0);
	rte_mempool_free(mp);
	rte_eal_cleanup();
	return ok ? 0 : 1;
}
