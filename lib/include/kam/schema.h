/* kam/schema.h - JSON Schema (2020-12 subset) validation of node trees.
 *
 * Supported: type, properties, required, additionalProperties,
 * patternProperties, propertyNames, minProperties, maxProperties, items,
 * prefixItems, contains, minItems, maxItems, uniqueItems, enum, const,
 * pattern, minLength, maxLength, minimum, maximum, exclusiveMinimum,
 * exclusiveMaximum, multipleOf, format (date asserted), $ref to the same
 * document, allOf, anyOf, oneOf, not, if/then/else, boolean schemas.
 * Unknown keywords are ignored, as the standard says; kam's own keywords
 * are x-kam-id, x-kam-ref (references) and x-kam-hint (a fix hint shown
 * when the subschema fails). Patterns are ECMA-262 regexes translated to
 * POSIX extended ones: \d \w \s and (?: ) work, lookaround does not. */
#ifndef KAM_SCHEMA_H
#define KAM_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Every document may apply this many subschemas per value it holds
 * (allOf, anyOf, oneOf, not, if, $ref each count): past that a finding
 * schema-budget stops the check instead of exponential work. */
#define KAM_SCHEMA_STEPS_PER_VALUE 200
/* ... and nest them (a $ref cycle that never descends into the data) at
 * most this deep. */
#define KAM_SCHEMA_MAX_DEPTH 512

#include "kam/diag.h"
#include "kam/node.h"
#include "kam/util.h"

typedef struct kam_schema kam_schema;

/* Parse a schema from JSON text; name (a file name) appears in errors.
 * KAM_EINVALID with err set when the text is not JSON, a $ref does not
 * resolve or a pattern does not compile. Free with kam_schema_free. */
int kam_schema_new(kam_schema **out, const char *name, const char *json, size_t len,
		   kam_error *err);
/* Build a schema from an already parsed node (the test suite's schemas);
 * the node must outlive the schema. */
int kam_schema_from_node(kam_schema **out, const char *name, const kam_node *root,
			 kam_error *err);
void kam_schema_free(kam_schema *schema); /* NULL accepted */
const kam_node *kam_schema_root(const kam_schema *schema);

/* Append a diagnostic against file for every way instance breaks the
 * schema; positions are the instance nodes'. */
void kam_schema_validate(const kam_schema *schema, const kam_node *instance, const char *file,
			 kam_diag_list *diags);
/* What the schema says of a string node it accepts: x-kam-id declares it
 * an id in namespace ns; x-kam-ref makes it a reference into the namespace
 * (or list of namespaces) namespaces. Callbacks may be NULL; a node can be
 * reported more than once when several subschemas apply to it. */
typedef struct kam_schema_visitor {
	/* parent: the mapping holding the id (for its name), or NULL */
	void (*on_id)(void *ctx, const char *ns, const kam_node *value, const kam_node *parent,
		      const char *path);
	/* if_declared (x-kam-ref-if-declared: true): the value names something
	 * only when its document declares things of that namespace (a
	 * contact's unit, once the plan lists units); else it is free text */
	void (*on_ref)(void *ctx, const kam_node *namespaces, const kam_node *value,
		       const char *path, bool if_declared);
	void *ctx;
} kam_schema_visitor;

/* kam_schema_validate, also telling visitor (NULL accepted) about ids and
 * references, from the subschemas that apply (not from failed branches of
 * anyOf, oneOf or not, nor from if). */
void kam_schema_validate_visit(const kam_schema *schema, const kam_node *instance,
			       const char *file, kam_diag_list *diags,
			       const kam_schema_visitor *visitor);

/* Whether instance satisfies the schema (no diagnostics kept). */
bool kam_schema_accepts(const kam_schema *schema, const kam_node *instance);

/* JSON allows a character outside the BMP as a UTF-16 surrogate pair
 * (\uD83D\uDCA9); libyaml does not. Rewrite such pairs in place as the
 * equivalent \U0001F4A9 escape; *len shrinks accordingly. */
void kam_json_rewrite_surrogates(char *text, size_t *len);

/* A schema compiled into kam ("account-plan", "meeting", "kam-config"):
 * its JSON text, or NULL when there is none of that name. */
const char *kam_schema_builtin(const char *name, size_t *len);

/* The built-in schema builtin compiled (as name, for its messages) once
 * per process and shared by every caller: not to be freed. */
int kam_schema_builtin_shared(const kam_schema **out, const char *builtin, const char *name,
			      kam_error *err);

/* Whether text is a calendar date written YYYY-MM-DD. */
bool kam_date_valid(const char *text);

#ifdef __cplusplus
}
#endif

#endif
