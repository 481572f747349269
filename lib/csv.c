/* The CSV writer (RFC 4180); see kam/csv.h. */
#include "kam/csv.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

/* A writer misused by kam itself: fail loudly, never write a broken table. */
static void misuse(const char *what)
{
	fprintf(stderr, "kam: internal error: csv writer: %s\n", what);
	abort();
}

static void before_cell(kam_csv *csv)
{
	if (csv->cell >= csv->columns)
		misuse("more cells than columns");
	if (csv->cell)
		kam_buf_putc(csv->out, ',');
	csv->cell++;
}

bool kam_csv_formula_like(const char *text)
{
	/* the single quote too, so that removing one leading quote always
	 * gives the text back */
	return text && text[0] && strchr("=+-@\t\r'", text[0]) != NULL;
}

static bool shown_as_is(uint32_t cp)
{
	if (cp == '\t' || cp == '\r' || cp == '\n')
		return true;
	return !(cp < 0x20 || (cp >= 0x7F && cp < 0xA0));
}

/* text as valid UTF-8 without control characters (but tab, CR, LF). */
static void clean(kam_buf *out, const char *text)
{
	size_t n = strlen(text);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t len = kam_utf8_decode(text + i, n - i, &cp);
		if (len && shown_as_is(cp))
			kam_buf_add(out, text + i, len);
		else
			kam_buf_puts(out, replacement);
		i += len ? len : 1;
	}
}

void kam_csv_text(kam_csv *csv, const char *text)
{
	before_cell(csv);
	if (!text || !*text)
		return;
	kam_buf cell = KAM_BUF_INIT;
	if (kam_csv_formula_like(text))
		kam_buf_putc(&cell, '\'');
	clean(&cell, text);
	const char *s = kam_buf_cstr(&cell);
	if (!strpbrk(s, ",\"\r\n")) {
		kam_buf_add(csv->out, s, cell.len);
	} else {
		kam_buf_putc(csv->out, '"');
		for (size_t i = 0; i < cell.len; i++) {
			if (s[i] == '"')
				kam_buf_putc(csv->out, '"');
			kam_buf_putc(csv->out, s[i]);
		}
		kam_buf_putc(csv->out, '"');
	}
	kam_buf_release(&cell);
}

void kam_csv_number(kam_csv *csv, double value)
{
	before_cell(csv);
	if (!isfinite(value))
		return;
	/* plain digits, never an exponent, and the number itself: a whole
	 * amount of 16 or more digits is written out ("%.15g" gave 1e+20, and
	 * 1.23456789012346e+16 for 12345678901234567); below that "%.15g" is
	 * exact for whole amounts and hides a sum's float noise (0.3, not
	 * 0.30000000000000004) */
	if (value == floor(value) && fabs(value) >= 1e15) {
		kam_buf_printf(csv->out, "%.0f", value);
		return;
	}
	char tmp[40];
	snprintf(tmp, sizeof(tmp), "%.15g", value == 0 ? 0.0 : value); /* no "-0" */
	kam_buf_puts(csv->out, tmp);
}

void kam_csv_number_if(kam_csv *csv, bool has, double value)
{
	if (has)
		kam_csv_number(csv, value);
	else
		kam_csv_text(csv, NULL);
}

void kam_csv_bool(kam_csv *csv, bool value)
{
	before_cell(csv);
	kam_buf_puts(csv->out, value ? "true" : "false");
}

void kam_csv_list_add(kam_buf *list, const char *item)
{
	if (!item)
		return;
	if (list->len)
		kam_buf_putc(list, ';');
	for (const char *p = item; *p; p++)
		kam_buf_putc(list, *p == ';' ? ',' : *p);
}

void kam_csv_end_row(kam_csv *csv)
{
	while (csv->cell < csv->columns)
		before_cell(csv);
	kam_buf_puts(csv->out, "\r\n");
	csv->cell = 0;
}

void kam_csv_init(kam_csv *csv, kam_buf *out, const char *const *header, size_t columns)
{
	*csv = (kam_csv){.out = out, .columns = columns};
	if (!columns)
		misuse("a table without columns");
	for (size_t i = 0; i < columns; i++)
		kam_csv_text(csv, header[i]);
	kam_csv_end_row(csv);
}
