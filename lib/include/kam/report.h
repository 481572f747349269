/* kam/report.h - diagnostics as text, JSON or GitHub workflow commands.
 * Each function appends to a caller-owned buffer; nothing is printed. */
#ifndef KAM_REPORT_H
#define KAM_REPORT_H

#include <stdbool.h>

#include "kam/diag.h"
#include "kam/util.h"

typedef struct kam_report_counts {
	size_t plans, documents;
} kam_report_counts;

typedef struct kam_text_style {
	bool color;   /* ANSI colours */
	bool excerpt; /* the source line with a caret under the column */
} kam_text_style;

/* "file:line:col: severity[rule]: message" and an indented hint line per
 * diagnostic; with style->excerpt the source line is read from the file
 * named by the diagnostic (relative to the current folder). */
void kam_report_text(kam_buf *out, const kam_diag_list *diags, const kam_text_style *style);
/* "3 errors, 1 warning in 12 plans" (no final newline). */
void kam_report_summary(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n);
/* One JSON document: {"version", "summary", "diagnostics"}; see docs/json.md. */
void kam_report_json(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n);
/* GitHub Actions workflow commands, one per diagnostic, escaped so that no
 * file name or message can forge another command. */
void kam_report_github(kam_buf *out, const kam_diag_list *diags);

/* SARIF 2.1.0 for code-scanning uploads: one run, every rule kam knows with
 * its description, help and default level, a result per diagnostic with
 * its region (columns in Unicode code points). */
void kam_report_sarif(kam_buf *out, const kam_diag_list *diags);

#endif
