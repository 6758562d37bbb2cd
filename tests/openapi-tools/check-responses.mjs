// Checks recorded responses against an OpenAPI 3.1 document: the status is documented for the
// operation, documented required headers are present, and the body validates (JSON Schema 2020-12)
// against the documented schema for its content type; no body where none is documented.
// usage: node check-responses.mjs DOCUMENT.json SAMPLES.json
// SAMPLES: [{ "method": "GET", "template": "/tasks/{id}", "status": 200, "contentType": "...", "headers": {...}, "body": "..." }]
import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const [documentPath, samplesPath] = process.argv.slice(2);
const document = JSON.parse(readFileSync(documentPath, "utf8"));
const samples = JSON.parse(readFileSync(samplesPath, "utf8"));

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ["int32", "int64", "double", "float", "decimal"]) ajv.addFormat(format, true);
ajv.addSchema({ $id: "openapi:components", components: document.components ?? {} });

const resolve = (node) => (node && node.$ref?.startsWith("#/components/") ? resolve(document.components[node.$ref.split("/")[2]][node.$ref.split("/")[3]]) : node);
const schemaRef = (schema) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi:components#/components/'));

const problems = [];
for (const sample of samples) {
  const where = `${sample.method} ${sample.template} -> ${sample.status}`;
  const operation = document.paths?.[sample.template]?.[sample.method.toLowerCase()];
  if (!operation) { problems.push(`${where}: no such operation in the document`); continue; }
  const response = resolve(operation.responses?.[String(sample.status)]);
  if (!response) { problems.push(`${where}: status not documented (documented: ${Object.keys(operation.responses).join(", ")})`); continue; }

  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (resolve(header).required && !(name.toLowerCase() in sample.headers)) problems.push(`${where}: required header ${name} missing`);
  }

  const content = response.content ?? {};
  const mediaType = (sample.contentType ?? "").split(";")[0].trim();
  if (Object.keys(content).length === 0) {
    if (sample.body.length > 0) problems.push(`${where}: a body was sent but none is documented`);
    continue;
  }
  // A documented range (image/*, */*) admits the types it covers: a file download is whatever was stored.
  const documented = mediaType in content ? mediaType
    : Object.keys(content).find((range) => range === "*/*" || (range.endsWith("/*") && mediaType.startsWith(range.slice(0, -1))));
  if (!documented) { problems.push(`${where}: content type '${mediaType}' not documented (${Object.keys(content).join(", ")})`); continue; }
  if (content[documented].schema?.format === "binary") continue;
  let body;
  try { body = JSON.parse(sample.body); } catch (e) { problems.push(`${where}: body is not JSON: ${e.message}`); continue; }
  const validate = ajv.compile(schemaRef(content[documented].schema));
  if (!validate(body)) problems.push(`${where}: body does not match the schema: ${ajv.errorsText(validate.errors)}\n  body: ${sample.body.slice(0, 300)}`);
}

if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
console.log(`${samples.length} responses match ${documentPath}`);
