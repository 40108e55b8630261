// Checks Mermaid diagrams with Mermaid's own parser, under node with jsdom for the DOM it expects.
// Usage: node mermaid_parse.mjs DIR < diagrams.json, where DIR holds node_modules/mermaid and
// node_modules/jsdom (npm install --prefix DIR mermaid jsdom) and stdin is a JSON list of diagram texts.
// Prints a JSON list with, for each diagram, {"ok": true, "type": ...} or {"ok": false, "error": ...}.
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const dir = process.argv[2];
const require = createRequire(join(dir, "package.json"));
const { JSDOM } = require("jsdom");
const dom = new JSDOM("<!doctype html><html><body></body></html>");
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const entry = join(dir, "node_modules", "mermaid", "dist", "mermaid.core.mjs");
const { default: mermaid } = await import(pathToFileURL(entry).href);
mermaid.initialize({ startOnLoad: false });
const results = [];
for (const text of texts) {
  try {
    const result = await mermaid.parse(text);
    results.push({ ok: true, type: result.diagramType });
  } catch (err) {
    results.push({ ok: false, error: String((err && err.message) || err) });
  }
}
console.log(JSON.stringify(results));
