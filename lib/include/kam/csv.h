/* kam/csv.h - the one CSV writer (RFC 4180), for kam export.
 *
 * No value can change the structure of a table, and no cell can become a
 * formula in a spreadsheet:
 *   - the writer owns the separators: fields are separated by ',' and rows
 *     end with CRLF; a field holding a comma, a double quote, CR or LF is
 *     quoted and its quotes doubled, so text never ends a field or a row;
 *   - every row has exactly the header's number of fields: a row ended
 *     early is padded with empty fields, cells past the last column are
 *     programming errors (the writer aborts: a bug in kam, never something
 *     a plan can cause);
 *   - the output is valid UTF-8: each byte that is not part of valid UTF-8
 *     becomes U+FFFD, and so does every control character but tab, CR and
 *     LF (C0, DEL, C1), so that a CSV printed on a terminal cannot send it
 *     escape sequences;
 *   - a text cell that starts with '=', '+', '-', '@', tab or CR (what
 *     Excel and LibreOffice read as the start of a formula) is written with
 *     a single quote (') in front (OWASP's advice against CSV injection);
 *     numbers are written from C numbers only (kam_csv_number), so numeric
 *     columns stay numeric and never carry that quote.
 * Thread-safe: a writer is the caller's and touches nothing else. */
#ifndef KAM_CSV_H
#define KAM_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A writer over out; the caller owns both. The fields are private. */
typedef struct kam_csv {
	kam_buf *out;
	size_t columns; /* fields per row: the header's */
	size_t cell;	/* fields written in the current row */
} kam_csv;

/* Start a table in out with its header row: columns names (compile-time
 * constants, written as text cells). */
void kam_csv_init(kam_csv *csv, kam_buf *out, const char *const *header, size_t columns);

/* A text cell; NULL gives an empty field. Quoted when needed, invalid
 * UTF-8 and control characters replaced, a leading formula character
 * guarded with a single quote (above). */
void kam_csv_text(kam_csv *csv, const char *text);
/* A number cell: "%.15g" in the C locale (250000, 1234.5); a value that
 * is not finite gives an empty field. */
void kam_csv_number(kam_csv *csv, double value);
/* A number cell when has is true, else an empty field. */
void kam_csv_number_if(kam_csv *csv, bool has, double value);
/* "true" or "false". */
void kam_csv_bool(kam_csv *csv, bool value);

/* A cell holding a list: append item to the cell text being built in
 * list, separated from the items before it by ';'. An item's own ';'
 * becomes ',' so that a reader splitting on ';' gets the items back.
 * Then write the cell with kam_csv_text(csv, kam_buf_cstr(list)). */
void kam_csv_list_add(kam_buf *list, const char *item);

/* End the current row (CRLF), padding it with empty fields up to the
 * header's number. */
void kam_csv_end_row(kam_csv *csv);

/* Whether a text cell starting like text gets the single quote. */
bool kam_csv_formula_like(const char *text);

#ifdef __cplusplus
}
#endif

#endif
