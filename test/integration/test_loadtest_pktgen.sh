#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# test_loadtest_pktgen.sh: scripts/loadtest.sh with pktgen-dpdk as the peer (PKTGEN).
# Description: test_loadtest.sh's checks with the peer named by PKTGEN; exits 77 with the
# reason when PKTGEN is not set or the hugepages pktgen takes (about 2.8 GiB) are not free.
. "$(dirname "$0")/test_loadtest.sh"
