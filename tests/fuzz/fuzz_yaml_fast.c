/* libFuzzer: yaml_fast.c against libyaml. Whatever text the fast scanner
 * reads, libyaml must read too, into the same events; a difference aborts.
 * A plan file (seeded from the fixtures and example plans) gives its
 * frontmatter; any other input is taken as YAML whole. */
#include <stdbool.h>
#include <stdint.h>

#include "kam/kam.h"
#include "../yaml/events.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	kam_split split;
	if (kam_split_frontmatter(text, size, &split) == KAM_SPLIT_OK) {
		text += split.yaml_start;
		size = split.yaml_len;
	}
	kam_fast_events events = {0};
	if (kam_yaml_fast_scan(text, size, 64, &events)) {
		const char *why = fast_vs_libyaml(text, size, &events);
		if (why[0]) {
			fprintf(stderr, "fast scanner and libyaml differ: %s\n", why);
			abort();
		}
	}
	kam_fast_events_release(&events);
	return 0;
}
