/* kam/report.h - diagnostics as text, JSON or GitHub workflow commands.
 * Each function appends to a caller-owned buffer; nothing is printed. */
#ifndef KAM_REPORT_H
#define KAM_REPORT_H

#include <stdbool.h>

#include "kam/diag.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct kam_report_counts {
	size_t plans, documents;
} kam_report_counts;

typedef struct kam_text_style {
	bool color;   /* ANSI colours */
	bool excerpt; /* the source line with a caret under the column */
	/* Where excerpts come from: the whole content of the file a
	 * diagnostic names, as the check read it (work tree, index or a
	 * revision), in a malloc'd NUL-terminated buffer the report frees, or
	 * NULL when unknown. When read is NULL the file is read from disk,
	 * relative to the current folder. */
	char *(*read)(void *ctx, const char *file, size_t *len);
	void *read_ctx;
} kam_text_style;

/* "file:line:col: severity[rule]: message" and an indented hint line per
 * diagnostic (style NULL: no colour, no excerpt). Every value goes
 * through the terminal writer (kam/term.h): a control character in a file
 * name, message, hint or excerpt is shown escaped, so no finding can
 * start a line of its own or send an escape sequence. */
void kam_report_text(kam_buf *out, const kam_diag_list *diags, const kam_text_style *style);
/* "3 errors, 1 warning in 12 plans" (no final newline). */
void kam_report_summary(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n);
/* One JSON document: {"version", "summary", "diagnostics"}; see docs/json.md. */
void kam_report_json(kam_buf *out, const kam_diag_list *diags, const kam_report_counts *n);
/* GitHub Actions workflow commands, one per diagnostic, escaped so that no
 * file name or message can forge another command: control characters as
 * the terminal writer shows them, then % (and : , in properties) as
 * GitHub's %XX escapes. Each command is exactly one line. */
void kam_report_github(kam_buf *out, const kam_diag_list *diags);

/* What kam knows of the run, for SARIF's tool and invocation objects. */
typedef struct kam_sarif_options {
	const kam_severity *severity; /* per rule as kam.yaml sets it; NULL: the defaults */
	int exit_code;                /* the exit status kam check returns */
	bool successful;              /* whether every plan could be read and checked */
	const char *const *notes;     /* what kam could not do (a plan it could not read) */
	size_t note_count;
} kam_sarif_options;

/* SARIF 2.1.0 for code-scanning uploads: one run; every rule kam knows with
 * its description, its section of docs/rules.md as help (markdown, helpUri
 * under KAM_DOCS_URL, set at build time) and its level in this repository
 * (defaultConfiguration; "enabled": false when off); an invocation with the
 * exit code and notifications; a result per diagnostic with its region
 * (columns in Unicode code points), its file as a percent-encoded URI
 * (RFC 3986) relative to %SRCROOT%, and a "kam/v1" partial fingerprint of
 * rule, file and data path that survives line moves. options may be NULL. */
void kam_report_sarif(kam_buf *out, const kam_diag_list *diags, const kam_sarif_options *options);

#ifdef __cplusplus
}
#endif

#endif
