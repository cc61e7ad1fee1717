/* lock: one run at a time per output folder, through flock() on
 * OUTPUT/.lock, held until the descriptor is closed (or the process
 * dies). */
#ifndef EXTRACT_NIGHTLY_LOCK_H
#define EXTRACT_NIGHTLY_LOCK_H

#include "nightly/progress.h"

/* Takes out/.lock: at once, or with wait until the run holding it ends
 * (saying so on p's line).  Returns the descriptor to close, or -1
 * (reported to err). */
int run_lock_take(const char *out, int wait, struct run_progress *p,
		  FILE *err);

#endif
