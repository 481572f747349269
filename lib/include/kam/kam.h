/* kam/kam.h - libkam, the library behind the kam command.
 *
 * Plans are Markdown files with YAML frontmatter in a git repository.
 * Include this header for everything; each module's header documents its
 * functions, ownership and errors. */
#ifndef KAM_KAM_H
#define KAM_KAM_H

#include "kam/body.h"
#include "kam/brief.h"
#include "kam/check.h"
#include "kam/commit_flow.h"
#include "kam/review_flow.h"
#include "kam/contracts.h"
#include "kam/csv.h"
#include "kam/diag.h"
#include "kam/diff.h"
#include "kam/doc.h"
#include "kam/edit.h"
#include "kam/export.h"
#include "kam/files.h"
#include "kam/forecast.h"
#include "kam/gitwrite.h"
#include "kam/goals.h"
#include "kam/history.h"
#include "kam/index.h"
#include "kam/json.h"
#include "kam/links.h"
#include "kam/lsp.h"
#include "kam/node.h"
#include "kam/partners.h"
#include "kam/plan.h"
#include "kam/quarter.h"
#include "kam/quarterly.h"
#include "kam/repo.h"
#include "kam/render.h"
#include "kam/report.h"
#include "kam/rules.h"
#include "kam/schema.h"
#include "kam/session.h"
#include "kam/status.h"
#include "kam/term.h"
#include "kam/textconv.h"
#include "kam/util.h"
#include "kam/workspace.h"

#endif
