/* libFuzzer: yaml_fast.c against libyaml. Whatever text the fast scanner
 * reads, libyaml must read too, into the same events; a difference aborts. */
#include <stdbool.h>
#include <stdint.h>

#include "../yaml/events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	kam_fast_events events = {0};
	if (kam_yaml_fast_scan((const char *)data, size, 64, &events)) {
		const char *why = fast_vs_libyaml((const char *)data, size, &events);
		if (why[0]) {
			fprintf(stderr, "fast scanner and libyaml differ: %s\n", why);
			abort();
		}
	}
	kam_fast_events_release(&events);
	return 0;
}
