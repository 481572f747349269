/* kam/report_gitlab.h - diagnostics as a GitLab Code Quality report. */
#ifndef KAM_REPORT_GITLAB_H
#define KAM_REPORT_GITLAB_H

#include "kam/diag.h"
#include "kam/util.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The Code Quality report GitLab shows in merge requests
 * (artifacts:reports:codequality): a JSON array with one issue per
 * diagnostic, {description, check_name, fingerprint, severity,
 * location {path, lines {begin}}}. description is the message and its hint;
 * check_name the rule id; severity "blocker" for a file kam could not read,
 * "critical" for an error, "minor" for a warning; the fingerprint a hash of
 * rule, file and message (and how many equal findings came before), never
 * the line, so an issue keeps its identity when lines move. Written through
 * the JSON writer (kam/json.h): no value can change the document's shape. */
void kam_report_gitlab(kam_buf *out, const kam_diag_list *diags);

#ifdef __cplusplus
}
#endif

#endif
