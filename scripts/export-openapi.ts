/**
 * `npm run openapi`: writes openapi/openapi.json from the zod wire schemas and the route table in
 * src/api/openapi.ts. Commit the result; test/api/openapi.test.ts fails when it is stale.
 */
import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument } from '../src/api/openapi.js';
import { packageVersion } from '../src/project-root.js';

const target = new URL('../openapi/openapi.json', import.meta.url);
writeFileSync(target, JSON.stringify(buildOpenApiDocument(packageVersion()), null, 2) + '\n');
process.stderr.write(`wrote ${target.pathname}\n`);
