// Import rules, checked by `npm run deps:check` inside `npm test`; docs/architecture.md explains them.
const fs = require("node:fs");

/**
 * lib/ folders in layers, lowest first. A folder imports only folders of lower layers, so no two lib/ folders
 * import each other and there is no cycle between folders. Tests and test helpers (`*.test.ts`, `testing/`) sit
 * on top of everything and are exempt; production code never imports them.
 */
const LAYERS = [
  ["core"],
  ["dto"],
  ["config"],
  ["nats", "nats-server", "masking", "keys"],
  ["audit", "metrics", "advisories", "notify"],
  ["collector", "dlq", "auth"],
  ["traces", "messages", "incidents"],
  ["http", "simulator", "tools"],
];
/** Modules outside lib/'s layered folders: the browser's one API client. */
const BROWSER_ONLY = ["client-fetch.ts"];
/** What pages' client components may see: no server code, directly or through another module. */
const SERVER_FOLDERS =
  "^lib/(nats|nats-server|keys|collector|dlq|traces|auth|config|audit|advisories|metrics|masking|messages|http|simulator|tools|incidents|notify)/";
const TESTS = "(\\.test\\.tsx?$|/testing/)";

const layered = LAYERS.flat();
const unknown = fs
  .readdirSync("lib", { withFileTypes: true })
  .filter((e) => e.isDirectory() && e.name !== "testing" && !layered.includes(e.name));
if (unknown.length) throw new Error(`.dependency-cruiser.cjs: give lib/${unknown[0].name} a layer in LAYERS`);

const layerRules = LAYERS.flatMap((folders, i) =>
  folders.map((folder) => {
    const allowed = ["core", ...LAYERS.slice(0, i).flat(), folder];
    return {
      name: `layer-${folder}`,
      severity: "error",
      comment: `lib/${folder} imports only lower layers: ${allowed.join(", ")}`,
      from: { path: `^lib/${folder}/`, pathNot: TESTS },
      to: { path: "^lib/", pathNot: [`^lib/(${allowed.join("|")})/`] },
    };
  }),
);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "Modules form no import cycle.",
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "core-is-self-contained",
      severity: "error",
      comment: "lib/core depends on nothing else in lib/.",
      from: { path: "^lib/core/" },
      to: { path: "^lib/", pathNot: "^lib/core/" },
    },
    {
      name: "components-see-no-server-code",
      severity: "error",
      comment: "components/ imports only components/, lib/core, lib/dto and the browser API client.",
      from: { path: "^components/" },
      to: { path: "^lib/", pathNot: [`^lib/(core|dto)/`, ...BROWSER_ONLY.map((f) => `^lib/${f}$`)] },
    },
    {
      name: "components-reach-no-server-code",
      severity: "error",
      comment: "Not even through another module: components/ never reaches a server-only lib/ folder.",
      from: { path: "^components/" },
      to: { path: SERVER_FOLDERS, reachable: true },
    },
    {
      name: "browser-client-is-browser-only",
      severity: "error",
      comment: "The browser API client is for components/, not for server code.",
      from: { path: "^lib/", pathNot: TESTS },
      to: { path: BROWSER_ONLY.map((f) => `^lib/${f}$`) },
    },
    {
      name: "dlq-faces",
      severity: "error",
      comment: "Outside lib/dlq/<job>/, code reaches that job only through its index.ts.",
      from: { pathNot: ["^lib/dlq/[^/]+/", TESTS] },
      to: { path: "^lib/dlq/[^/]+/", pathNot: "^lib/dlq/[^/]+/index\\.ts$" },
    },
    {
      name: "dlq-jobs-meet-at-faces",
      severity: "error",
      comment:
        "A dead-letter job (capture, browse, redrive, discard, entries) uses another only through its face.",
      from: { path: "^lib/dlq/([^/]+)/", pathNot: TESTS },
      to: { path: "^lib/dlq/[^/]+/", pathNot: ["^lib/dlq/$1/", "^lib/dlq/[^/]+/index\\.ts$"] },
    },
    {
      name: "dlq-jobs-below-the-service",
      severity: "error",
      comment: "The jobs never import lib/dlq's root (the per-environment service and registry use them).",
      from: { path: "^lib/dlq/[^/]+/", pathNot: TESTS },
      to: { path: "^lib/dlq/[^/]+\\.ts$" },
    },
    {
      name: "links-say-how-they-prefetch",
      severity: "error",
      comment:
        "Pages link through RowLink (rows: never prefetched) or IntentLink (navigation: prefetched on hover or focus), " +
        "so no page sends a page render to the server for every link it shows.",
      from: { pathNot: "^components/ui/(row-link|intent-link)\\.tsx$" },
      to: { path: "node_modules/next/link(\\.js)?$" },
    },
    {
      name: "no-test-helpers-in-production",
      severity: "error",
      comment: "Production modules never import tests or test helpers.",
      from: { path: "^(lib|app|components)/", pathNot: TESTS },
      to: { path: TESTS },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|test-results|playwright-report)/" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
