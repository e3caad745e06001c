/* SPDX-License-Identifier: BSD-3-Clause */
/* ebb_version.c: ebb_version(), the version of the library that runs. */
#include "ebb_version.h"

const char *
ebb_version(void)
{
	return EBB_VERSION_STR;
}
