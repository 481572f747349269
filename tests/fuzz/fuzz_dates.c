/* libFuzzer: date, quarter and git date parsing, and quarter arithmetic
 * for every fiscal year start. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kam/kam.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	kam_date d;
	kam_quarter q;
	long long when;
	int offset;
	kam_git_parse_date(text, &when, &offset);
	if (kam_date_parse(text, &d)) {
		for (int fs = 1; fs <= 12; fs++) {
			kam_quarter of = kam_quarter_of(d, fs);
			kam_date first = kam_quarter_first_day(of, fs), last = kam_quarter_last_day(of, fs);
			if (kam_date_compare(first, d) > 0 || kam_date_compare(d, last) > 0)
				abort(); /* a date lies in its own quarter */
		}
		kam_date_add_months(d, (int)(size % 400) - 200);
	}
	if (kam_quarter_parse(text, &q)) {
		char out[8];
		kam_quarter_format(kam_quarter_add(q, (int)size - 8), out);
		kam_quarter_first_day(q, 1 + (int)(size % 12));
	}
	free(text);
	return 0;
}
