/* How kam commit and kam review show what their check found: the errors
 * that refused a commit, the warnings one let through. */
#include <stdio.h>
#include <stdlib.h>

#include "cmd.h"
#include "banned.h"

void print_refusal_findings(const kam_diag_list *errors)
{
	if (!errors->count)
		return;
	kam_buf out = KAM_BUF_INIT;
	kam_report_text(&out, errors, NULL);
	fputs(kam_buf_cstr(&out), stdout);
	fflush(stdout); /* before the refusal on stderr */
	kam_buf_release(&out);
}

void print_let_through(const kam_diag_list *warnings)
{
	enum { SHOWN = 3 };
	if (!warnings->count)
		return;
	kam_diag_list first = {0};
	for (size_t i = 0; i < warnings->count && i < SHOWN; i++) {
		const kam_diag *d = &warnings->items[i];
		kam_diag *copy =
		    kam_diag_push(&first, d->rule, d->file, d->line, d->column, "%s", d->message);
		copy->severity = d->severity;
	}
	kam_buf out = KAM_BUF_INIT;
	kam_report_text(&out, &first, NULL);
	fprintf(stderr, "kam: committed with %zu warning%s:\n%s", warnings->count,
		warnings->count == 1 ? "" : "s", kam_buf_cstr(&out));
	if (warnings->count > SHOWN)
		fprintf(stderr, "... and %zu more warning%s; run kam check\n",
			warnings->count - SHOWN, warnings->count - SHOWN == 1 ? "" : "s");
	kam_buf_release(&out);
	kam_diag_list_release(&first);
}
