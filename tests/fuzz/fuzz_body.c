/* libFuzzer: body link and [[reference]] extraction and heading anchors
 * (cmark-gfm), and the textconv view. */
#include <stdint.h>

#include "kam/kam.h"

static void anchor(void *ctx, const char *a, unsigned line)
{
	(void)a, (void)line;
	++*(size_t *)ctx;
}

static void link(void *ctx, const char *url, unsigned line, unsigned column)
{
	(void)url, (void)line, (void)column;
	++*(size_t *)ctx;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t seen = 0;
	kam_body_visitor v = {anchor, link, link, &seen};
	kam_body_scan((const char *)data, size, 1, &v);
	kam_buf out = KAM_BUF_INIT;
	kam_textconv(&out, (const char *)data, size);
	kam_buf_release(&out);
	return 0;
}
