// Runs the step of action.yml as GitHub's runner would, for
// .ci/delivery-test: each input is the value given or the input's
// default, each ${{ inputs.NAME }} in the step's env is replaced by it,
// and the step's script runs in bash with that env added to this
// process's (which carries the GITHUB_* and RUNNER_* variables). Whatever
// docker is first on PATH runs the image.
//
//   node run-action.cjs ACTION_YML [NAME=VALUE]...
//
// Exits with the step's exit status.
"use strict";
const fs = require("node:fs");
const { spawnSync } = require("node:child_process");
const YAML = require("yaml");

const [actionPath, ...given] = process.argv.slice(2);
const action = YAML.parse(fs.readFileSync(actionPath, "utf8"));
const inputs = {};
for (const [name, spec] of Object.entries(action.inputs || {})) inputs[name] = String(spec.default ?? "");
for (const kv of given) {
  const i = kv.indexOf("=");
  const name = kv.slice(0, i);
  if (!(name in inputs)) {
    console.error(`run-action: ${actionPath} has no input ${name}`);
    process.exit(2);
  }
  inputs[name] = kv.slice(i + 1);
}
if (action.runs.using !== "composite" || action.runs.steps.length !== 1) {
  console.error("run-action: expected a composite action with one step");
  process.exit(2);
}
const step = action.runs.steps[0];
const expr = (s) =>
  String(s).replace(/\$\{\{\s*inputs\.([A-Za-z0-9_-]+)\s*\}\}/g, (_, name) => {
    if (!(name in inputs)) throw new Error(`unknown input ${name}`);
    return inputs[name];
  });
const env = { ...process.env };
for (const [k, v] of Object.entries(step.env || {})) env[k] = expr(v);
if (/\$\{\{/.test(step.run)) {
  console.error("run-action: the script uses ${{ }} expressions; pass values through env");
  process.exit(2);
}
const r = spawnSync("bash", ["--noprofile", "--norc", "-e", "-o", "pipefail", "-c", step.run], { env, stdio: "inherit" });
process.exit(r.status ?? 2);
