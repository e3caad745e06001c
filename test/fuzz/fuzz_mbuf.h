/* SPDX-License-Identifier: BSD-3-Clause */
/* fuzz_mbuf.h: turn a fuzz input into an mbuf chain whose first byte chooses the segmentation. */
#ifndef FUZZ_MBUF_H
#define FUZZ_MBUF_H

#include <stddef.h>
#include <stdint.h>

/*
 * Layout of an input: byte 0 = shape, the rest = the frame.
 *   nseg  = 1 + (shape & 3)              segments (capped by the frame length)
 *   first = shape >> 2 (0..63)           bytes in the first segment when nseg > 1,
 *                                        so that cuts fall inside every header
 *   the rest is spread evenly over the other segments.
 * Segments are never empty here (empty segments are covered by the unit test).
 */
#define FUZZ_MAX_SEGS 4

/* Segment lengths for a frame of len bytes; returns the number of segments. */
static inline unsigned int
fuzz_shape(uint8_t shape, size_t len, size_t seglen[FUZZ_MAX_SEGS])
{
	unsigned int nseg = 1 + (shape & 3), i;
	size_t first = shape >> 2, rest, each;

	if (len < nseg)
		nseg = len > 0 ? (unsigned int)len : 1;
	if (nseg == 1) {
		seglen[0] = len;
		return 1;
	}
	if (first == 0)
		first = 1;
	if (first > len - (nseg - 1))
		first = len - (nseg - 1);
	seglen[0] = first;
	rest = len - first;
	each = rest / (nseg - 1);
	for (i = 1; i < nseg; i++)
		seglen[i] = i + 1 < nseg ? each : rest - each * (nseg - 2);
	for (i = 1; i < nseg; i++) /* each >= 1 since rest >= nseg - 1 */
		if (seglen[i] == 0)
			return i;
	return nseg;
}

#endif /* FUZZ_MBUF_H */
