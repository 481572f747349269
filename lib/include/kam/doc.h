/* kam/doc.h - one Markdown file with YAML frontmatter, read once.
 *
 * A file is a first line "---", YAML, a line "---", then the Markdown
 * body. A UTF-8 byte order mark and CRLF line ends are accepted. Problems
 * with the file itself (too large, not UTF-8, no frontmatter, invalid YAML)
 * are diagnostics; a document with such a problem has no frontmatter. */
#ifndef KAM_DOC_H
#define KAM_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "kam/diag.h"
#include "kam/files.h"
#include "kam/node.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KAM_MAX_FILE_BYTES_DEFAULT (8u << 20)

typedef struct kam_load_options {
	size_t max_bytes; /* larger files get file-too-large (default 8 MiB) */
	kam_yaml_limits yaml;
} kam_load_options;
#define KAM_LOAD_OPTIONS_DEFAULT {KAM_MAX_FILE_BYTES_DEFAULT, KAM_YAML_LIMITS_DEFAULT}

/* Where the parts of a file are: byte offsets into the text after any BOM,
 * and the 1-based file line on which each part starts. */
typedef struct kam_split {
	size_t bom;            /* 3 when the file starts with a UTF-8 BOM, else 0 */
	size_t yaml_start, yaml_len;
	unsigned yaml_line;    /* always 2 */
	size_t body_start, body_len;
	unsigned body_line;    /* the line after the closing --- */
} kam_split;

typedef enum {
	KAM_SPLIT_OK = 0,
	KAM_SPLIT_NO_FRONTMATTER, /* the first line is not --- */
	KAM_SPLIT_UNCLOSED        /* no closing --- line */
} kam_split_result;

/* Find frontmatter and body in data (len bytes). */
kam_split_result kam_split_frontmatter(const char *data, size_t len, kam_split *out);

typedef struct kam_doc kam_doc;

/* Parse data (len bytes, copied) as the document called file (the name
 * diagnostics show). Appends diagnostics for problems; *out is always set. */
void kam_doc_parse(kam_doc **out, const char *file, const char *data, size_t len,
		   const kam_load_options *options, kam_diag_list *diags);
/* Read fs_path (or rel from files) and parse it; an unreadable or
 * oversized file is a diagnostic too. options may be NULL for the defaults. */
void kam_doc_load(kam_doc **out, const char *fs_path, const char *file,
		  const kam_load_options *options, kam_diag_list *diags);
void kam_doc_read(kam_doc **out, const kam_files *files, const char *rel, const char *file,
		  const kam_load_options *options, kam_diag_list *diags);
void kam_doc_free(kam_doc *doc); /* NULL accepted */

const char *kam_doc_file(const kam_doc *doc);
/* The bytes the document was parsed from (owned by doc). */
const char *kam_doc_text(const kam_doc *doc, size_t *len);
/* The frontmatter tree, or NULL when the file could not be read or parsed.
 * Owned by doc. */
const kam_node *kam_doc_frontmatter(const kam_doc *doc);
/* The Markdown body (owned by doc) and the file line it starts on. The
 * body of a file whose YAML is invalid is still there; "" when the file
 * could not be split into frontmatter and body. */
const char *kam_doc_body(const kam_doc *doc, size_t *len);
unsigned kam_doc_body_line(const kam_doc *doc);

#ifdef __cplusplus
}
#endif

#endif
