// Validates YAML files against a JSON schema (draft-07), for
// .ci/delivery-test: the project's .gitlab-ci.yml, the components, the
// pipelines gitlab-ci-local expands from them, and action.yml.
//
//   node validate.cjs SCHEMA FILE[#N]...
//
// FILE#N validates only the N-th YAML document of FILE (from 0), as a
// component's spec header is the first document and its jobs the second.
// Prints one line per file and exits 1 when any is invalid.
"use strict";
const fs = require("node:fs");
const Ajv = require("ajv");
const addFormats = require("ajv-formats");
const YAML = require("yaml");

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node validate.cjs SCHEMA FILE[#N]...");
  process.exit(2);
}
// strict: false, as the published schemas carry keywords of their own
// (markdownDescription) that ajv would otherwise refuse.
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

// GitLab's !reference tag, which the schema describes as a sequence.
const customTags = [{ tag: "!reference", collection: "seq", resolve: (seq) => seq }];

let failed = false;
for (const arg of files) {
  const m = /^(.*?)(?:#(\d+))?$/.exec(arg);
  const docs = YAML.parseAllDocuments(fs.readFileSync(m[1], "utf8"), { customTags });
  const picked = m[2] === undefined ? docs : [docs[Number(m[2])]];
  for (const [i, doc] of picked.entries()) {
    if (!doc) {
      console.log(`${arg}: no such document`);
      failed = true;
      continue;
    }
    if (doc.errors.length > 0) {
      console.log(`${arg}: YAML: ${doc.errors.map((e) => e.message).join("; ")}`);
      failed = true;
      continue;
    }
    const name = picked.length > 1 ? `${arg} (document ${i})` : arg;
    if (validate(doc.toJS({ maxAliasCount: 100 }) ?? {})) {
      console.log(`${name}: valid`);
    } else {
      failed = true;
      console.log(`${name}: INVALID`);
      for (const e of validate.errors.slice(0, 20)) console.log(`  ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`);
    }
  }
}
process.exit(failed ? 1 : 0);
