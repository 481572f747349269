/* GitLab Code Quality report (see kam/report_gitlab.h). */
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>

#include "kam/json.h"
#include "kam/report_gitlab.h"

/* Rule, file and message, each hashed with its NUL. */
static uint64_t issue_key(const kam_diag *d)
{
	const char *fields[] = {kam_rule_id(d->rule), d->file, d->message};
	return kam_hash_texts(fields, 3);
}

/* GitLab keeps one issue per fingerprint: equal findings in one file (the
 * same message twice) are told apart by their rank among the equal ones,
 * which line moves do not change. */
static void issue_fingerprint(kam_buf *out, uint64_t key, unsigned rank)
{
	kam_buf_printf(out, "%016" PRIx64 "%08x", key, rank);
}

static const char *issue_severity(const kam_diag *d)
{
	if (kam_rule_is_fatal(d->rule))
		return "blocker";
	return d->severity == KAM_SEV_ERROR ? "critical" : "minor";
}

static void gitlab_issue(kam_json *w, const kam_diag_list *diags, size_t index, uint64_t key,
			 unsigned rank)
{
	const kam_diag *d = &diags->items[index];
	char *description = kam_diag_message_with_hint(d);
	kam_json_object_begin(w, NULL, KAM_JSON_INLINE);
	kam_json_string(w, "description", description);
	free(description);
	kam_json_string(w, "check_name", kam_rule_id(d->rule));
	kam_buf text = KAM_BUF_INIT;
	issue_fingerprint(&text, key, rank);
	kam_json_string(w, "fingerprint", text.ptr);
	kam_json_string(w, "severity", issue_severity(d));
	kam_json_wrap(w);
	kam_json_object_begin(w, "location", KAM_JSON_INLINE);
	kam_json_path(w, "path", d->file);
	kam_json_object_begin(w, "lines", KAM_JSON_INLINE);
	kam_json_int(w, "begin", d->line ? d->line : 1);
	kam_json_end(w);
	kam_json_end(w);
	kam_json_end(w);
	kam_buf_release(&text);
}

void kam_report_gitlab(kam_buf *out, const kam_diag_list *diags)
{
	kam_json w;
	kam_json_init(&w, out);
	kam_json_note_paths(&w, false); /* an array: no room for "warnings" */
	kam_json_array_begin(&w, NULL, KAM_JSON_BLOCK);
	uint64_t *keys;
	unsigned *ranks = kam_diag_ranks(diags, issue_key, &keys);
	for (size_t i = 0; i < diags->count; i++)
		gitlab_issue(&w, diags, i, keys[i], ranks[i]);
	free(keys);
	free(ranks);
	kam_json_end(&w);
	kam_json_release(&w);
}
