/* clock: a monotonic clock in seconds, for the --stats timings. */
#ifndef BASE_CLOCK_H
#define BASE_CLOCK_H

/* Seconds since an arbitrary fixed point (CLOCK_MONOTONIC). */
double clock_seconds(void);

#endif
