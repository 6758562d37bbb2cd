// Validates OpenAPI documents against the OpenAPI 3.1 specification's schema.
// usage: node validate.mjs FILE...
import { Validator } from "@seriousme/openapi-schema-validator";

let failed = false;
for (const file of process.argv.slice(2)) {
  const validator = new Validator();
  const result = await validator.validate(file);
  if (result.valid && validator.version === "3.1") {
    console.log(`${file}: valid OpenAPI ${validator.version}`);
  } else {
    failed = true;
    console.error(`${file}: INVALID (version ${validator.version})`);
    console.error(JSON.stringify(result.errors, null, 2));
  }
}
process.exit(failed ? 1 : 0);
