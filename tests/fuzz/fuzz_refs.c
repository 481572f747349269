/* libFuzzer: [[reference]] splitting over long texts (run with -max_len of
 * 1 MB or more: make fuzz does). Checks what every caller relies on: each
 * reference lies inside the text, in order, starts with [[ and ends with
 * ]], and holds no '[' or line end. Quadratic work shows up as a timeout. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/kam.h"

typedef struct seen {
	const char *text;
	size_t len, last_end;
} seen;

static void on_reference(void *ctx, size_t start, size_t end)
{
	seen *s = ctx;
	if (start < s->last_end || end > s->len || end < start + 5 || memcmp(s->text + start, "[[", 2) ||
	    memcmp(s->text + end - 2, "]]", 2) || memchr(s->text + start + 2, '[', end - start - 4) ||
	    memchr(s->text + start + 2, '\n', end - start - 4))
		abort();
	s->last_end = end;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	seen s = {text, strlen(text), 0};
	kam_body_each_reference(text, on_reference, &s);
	free(text);
	return 0;
}
