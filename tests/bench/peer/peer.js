// The bench's peer: what a team would write without kam. gray-matter splits
// every plan's frontmatter from its body (js-yaml, the YAML it ships with,
// read with the JSON schema so that dates stay strings as in kam), ajv
// validates it against schema/account-plan.schema.json. One node process,
// one core. Prints "files invalid" on stdout.
//
// usage: node peer.js SCHEMA DIR
'use strict';
const fs = require('fs');
const path = require('path');
const matter = require('gray-matter');
const yaml = require('js-yaml');
const Ajv2020 = require('ajv/dist/2020');
const addFormats = require('ajv-formats');

const [schemaPath, dir] = process.argv.slice(2);
// strict: false: the schema's own keywords (x-kam-id, x-kam-ref, ...) are
// annotations ajv should pass over
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, 'utf8')));
const engines = { yaml: (s) => yaml.load(s, { schema: yaml.JSON_SCHEMA }) };

function plans(d, out) {
	for (const e of fs.readdirSync(d, { withFileTypes: true })) {
		const p = path.join(d, e.name);
		if (e.isDirectory() && !e.name.startsWith('.')) plans(p, out);
		else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
	}
	return out;
}

let files = 0, invalid = 0;
for (const file of plans(path.join(dir, 'accounts'), [])) {
	const doc = matter(fs.readFileSync(file, 'utf8'), { engines });
	files++;
	if (!validate(doc.data)) {
		invalid++;
		if (process.env.PEER_VERBOSE) console.error(file, JSON.stringify(validate.errors));
	}
}
console.log(files, invalid);
