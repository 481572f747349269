/* kam/diag.h - diagnostics: problems found in plans, with positions.
 *
 * A problem in a plan is not an operation failure: checks append a
 * kam_diag to a caller-owned kam_diag_list and return 0. Every rule id kam
 * can report is declared once, in KAM_FOREACH_RULE below. */
#ifndef KAM_DIAG_H
#define KAM_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum { KAM_SEV_OFF = 0, KAM_SEV_WARNING = 1, KAM_SEV_ERROR = 2 } kam_severity;

/* R(ENUM_NAME, "rule-id", default severity, "why the rule exists").
 * The rows up to YAML_DEPTH are fatal: the file could not be processed. */
#define KAM_FOREACH_RULE(R)                                                                     \
	R(FILE_UNREADABLE, "file-unreadable", ERROR, "a plan file cannot be read")                \
	R(FILE_TOO_LARGE, "file-too-large", ERROR, "a plan is larger than the size limit")      \
	R(UTF8_INVALID, "utf8-invalid", ERROR, "plans are UTF-8 text; other bytes garble names") \
	R(FRONTMATTER_MISSING, "frontmatter-missing", ERROR,                                     \
	  "a plan starts with YAML frontmatter between two --- lines")                           \
	R(FRONTMATTER_UNCLOSED, "frontmatter-unclosed", ERROR,                                   \
	  "the frontmatter must end with a --- line before the body")                            \
	R(YAML_SYNTAX, "yaml-syntax", ERROR, "the frontmatter is not valid YAML")               \
	R(YAML_DUPLICATE_KEY, "yaml-duplicate-key", ERROR,                                       \
	  "a key given twice silently loses one of the values in most tools")                    \
	R(YAML_ALIAS_LIMIT, "yaml-alias-limit", ERROR,                                           \
	  "aliases that expand past the limit are a denial-of-service attack")                  \
	R(YAML_DEPTH, "yaml-depth", ERROR, "nesting deeper than the limit is not a plan")       \
	R(YAML_AMBIGUOUS, "yaml-ambiguous", ERROR,                                               \
	  "YAML 1.1 tools read no, yes, on, off and 0123 differently from YAML 1.2 ones")        \
	R(YAML_COMMENT_IN_VALUE, "yaml-comment-in-value", WARNING,                                \
	  "text after ' #' in a plain value is a comment that YAML drops")                       \
	R(MONEY_THOUSANDS_SEPARATOR, "money-thousands-separator", WARNING,                        \
	  "YAML reads 150.000 as 150: numbers have no thousands separator")                      \
	R(NUMBER_NOT_FINITE, "number-not-finite", ERROR,                                          \
	  ".inf and .nan are numbers to YAML, but no amount, share or level")                    \
	R(YAML_NUL, "yaml-nul", ERROR, "an escaped NUL (\\0) would silently cut a value short")     \
	R(SCHEMA_TYPE, "schema-type", ERROR, "a value has the wrong type")                      \
	R(SCHEMA_REQUIRED, "schema-required", ERROR, "a required key is missing")              \
	R(SCHEMA_UNKNOWN_KEY, "schema-unknown-key", ERROR,                                       \
	  "a key the schema does not know is usually a typo")                                    \
	R(SCHEMA_ENUM, "schema-enum", ERROR, "a value is not one of the allowed values")        \
	R(SCHEMA_CONST, "schema-const", ERROR, "a value differs from the one the schema fixes") \
	R(SCHEMA_PATTERN, "schema-pattern", ERROR, "a text does not have the required form")     \
	R(SCHEMA_FORMAT, "schema-format", ERROR, "a date or other formatted text is invalid")   \
	R(SCHEMA_RANGE, "schema-range", ERROR, "a number is outside its allowed range")         \
	R(SCHEMA_LENGTH, "schema-length", ERROR, "a text is too short or too long")             \
	R(SCHEMA_ITEMS, "schema-items", ERROR, "a list has too few, too many or repeated items") \
	R(SCHEMA_PROPERTIES, "schema-properties", ERROR, "a mapping has too few or too many keys") \
	R(SCHEMA_COMBINATOR, "schema-combinator", ERROR,                                          \
	  "a value matches none (or more than one) of the allowed forms")                        \
	R(SCHEMA_BUDGET, "schema-budget", ERROR,                                                  \
	  "a repository schema may not cost unbounded work: patterns and combinators have a budget") \
	R(DOC_KIND, "doc-kind", ERROR, "a document's kind must be one the repository defines")  \
	R(CONFIG_RULE, "config-rule", ERROR, "kam.yaml configures a rule that does not exist")  \
	R(UNSAFE_HTML, "unsafe-html", WARNING,                                                     \
	  "raw HTML from plans in rendered pages is a way in for whoever writes a plan")         \
	R(REVIEW_OVERDUE, "review-overdue", WARNING, "plans are reviewed at least quarterly")    \
	R(SINGLE_OWNER, "single-owner", ERROR, "one account manager is the client's single window") \
	R(KEY_ACCOUNT_LIMIT, "key-account-limit", WARNING,                                        \
	  "nobody manages more than a few key accounts well")                                    \
	R(ROUTES_SUM, "routes-sum", ERROR, "route shares are percentages of one whole")          \
	R(ROUTE_UNPLANNED, "route-unplanned", WARNING,                                            \
	  "an opportunity through an unplanned route has no resources behind it")               \
	R(MUST_WIN_COVERAGE, "must-win-coverage", WARNING,                                        \
	  "a must-win needs a known key decision leader owned by one of us")                     \
	R(DECISION_LEADER_ROLE, "decision-leader-role", WARNING,                                  \
	  "a deal's decision leader should carry the key-decision-leader role")                  \
	R(OPPONENT_UNMANAGED, "opponent-unmanaged", WARNING,                                      \
	  "an opposing decision maker left alone decides against us")                           \
	R(RELATIONSHIP_TARGET, "relationship-target", WARNING,                                    \
	  "a relationship target whose quarter passed was missed")                              \
	R(ACTION_OVERDUE, "action-overdue", WARNING, "an open action past its due date")       \
	R(STALE_CLOSE, "stale-close", WARNING, "an open opportunity whose close quarter passed") \
	R(WON_LOST_PROBABILITY, "won-lost-probability", ERROR,                                    \
	  "won means 100 percent and lost means 0")                                              \
	R(PARTNER_ROUTE, "partner-route", ERROR, "a deal's partner must be a partner account")  \
	R(REVENUE_DUPLICATE, "revenue-duplicate", ERROR, "one revenue row per quarter")          \
	R(REVIEWED_FUTURE, "reviewed-future", ERROR, "a review cannot have happened after today") \
	R(REPORTS_TO_CYCLE, "reports-to-cycle", ERROR,                                            \
	  "an org chart has no one who reports, through others, to themselves")                  \
	R(NO_SPONSOR, "no-sponsor", WARNING, "a must-win with nobody selling for us inside the client is decided without us") \
	R(BUYING_UNIT_GAP, "buying-unit-gap", WARNING, "a must-win's buying unit needs the one who decides and the one who signs") \
	R(DECIDER_UNFAVOURABLE, "decider-unfavourable", WARNING, "a skeptic or opponent who weighs in a must-win's decision needs a plan") \
	R(ATTITUDE_UNKNOWN, "attitude-unknown", WARNING, "a must-win decider of unknown attitude is a blind spot") \
	R(CONTACT_STALE, "contact-stale", WARNING, "a decider of an open deal not met for months is a relationship gone cold") \
	R(CONTACT_LEFT, "contact-left", ERROR, "a person who left the client cannot decide, sponsor or act for a deal") \
	R(RELATIONSHIP_BEHIND_PLAN, "relationship-behind-plan", WARNING, "a relationship step whose quarter passed was not reached") \
	R(GOAL_OVERDUE, "goal-overdue", WARNING, "an open goal whose quarter passed was met, missed or dropped") \
	R(STAGE_PROBABILITY, "stage-probability", WARNING, "a deal's probability belongs to the range of its stage") \
	R(PARTNER_ROUTE_MISSING, "partner-route-missing", WARNING, "a deal through a partner route names its partner") \
	R(PHASE_TYPE, "phase-type", WARNING, "a prospect has bought nothing yet to deliver or service") \
	R(VALIDATION_OVERDUE, "validation-overdue", OFF, "the client reviews its plan with us at least once a year") \
	R(KEY_RENAMED, "key-renamed", WARNING, "a renamed key still works under its old name, which reads differently") \
	R(MUST_WIN_COMPETITION, "must-win-competition", OFF, "a must-win names who it is up against, or says nobody is") \
	R(RENEWAL_UNCOVERED, "renewal-uncovered", WARNING, "a contract that ends with no deal renewing it is lost by default") \
	R(ID_DUPLICATE, "id-duplicate", ERROR, "an id names exactly one thing in an account")    \
	R(ID_FILENAME, "id-filename", ERROR, "a plan's id is its file name")                     \
	R(REF_UNRESOLVED, "ref-unresolved", ERROR, "a reference must name something that exists") \
	R(LINK_BROKEN, "link-broken", ERROR, "a link must land on a file of the repository")     \
	R(ANCHOR_MISSING, "anchor-missing", ERROR, "a link's #heading must exist in its target")

typedef enum {
#define KAM_RULE_ENUM(name, id, sev, why) KAM_RULE_##name,
	KAM_FOREACH_RULE(KAM_RULE_ENUM)
#undef KAM_RULE_ENUM
	KAM_RULE__COUNT
} kam_rule;

/* The rule's stable id ("schema-enum"), default severity and reason. */
const char *kam_rule_id(kam_rule rule);
kam_severity kam_rule_default_severity(kam_rule rule);
const char *kam_rule_summary(kam_rule rule);
/* Whether a rule reports a file kam could not read or parse at all; such
 * diagnostics make `kam check` exit 2 and cannot be configured. */
bool kam_rule_is_fatal(kam_rule rule);
/* The rule with this id, or -1. */
int kam_rule_find(const char *id);
/* "error", "warning" or "off"; and back (-1 when s is none of them). */
const char *kam_severity_name(kam_severity sev);
int kam_severity_parse(const char *s);

typedef struct kam_diag {
	kam_severity severity;
	kam_rule rule;
	char *file;    /* path as shown to the user */
	unsigned line; /* 1-based; 0 when the problem is the whole file */
	unsigned column;
	char *message; /* lower-case, no final period */
	char *hint;    /* how to fix it, or NULL */
	char *path;    /* data path such as "opportunities[2].stage", or NULL */
} kam_diag;

/* A caller-owned list; zero-initialise it or call kam_diag_list_init. */
typedef struct kam_diag_list {
	kam_diag *items;
	size_t count, alloc;
} kam_diag_list;

void kam_diag_list_init(kam_diag_list *list);
void kam_diag_list_release(kam_diag_list *list);

/* Each finding's key (key(d)) in keys, and its rank among the findings
 * of that key so far: 1 for the first, 2 for the next (fingerprints that
 * tell equal findings apart). One pass through a table; the caller frees
 * both arrays. */
unsigned *kam_diag_ranks(const kam_diag_list *diags, uint64_t (*key)(const kam_diag *),
			 uint64_t **keys);

/* Append a diagnostic with the rule's default severity; returns it so the
 * caller can set a hint or path. The pointer is valid until the next push. */
kam_diag *kam_diag_push(kam_diag_list *list, kam_rule rule, const char *file, unsigned line,
			unsigned column, const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void kam_diag_set_hint(kam_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void kam_diag_set_path(kam_diag *d, const char *path);
/* The message with its hint, "message (hint: hint)", for formats that have
 * one text per finding (SARIF, GitLab). Allocated; the caller frees it. */
char *kam_diag_message_with_hint(const kam_diag *d);
/* Move every diagnostic of src to the end of dst, leaving src empty. */
void kam_diag_list_move(kam_diag_list *dst, kam_diag_list *src);

/* Apply per-rule severities (indexed by kam_rule; NULL keeps defaults):
 * drop diagnostics of rules set to off, then sort by file, line, column. */
void kam_diag_list_finish(kam_diag_list *list, const kam_severity *severities);
size_t kam_diag_list_count(const kam_diag_list *list, kam_severity sev);

#ifdef __cplusplus
}
#endif

#endif
