// The dataset file validator (ajv, against datasetSchema). Run from source it is compiled when this module loads;
// in the built bundles esbuild.mjs replaces this module by the same validator precompiled (ajv's standalone code
// from these options and schema): compiling the schema took about a tenth of a warm `tabletalk retrieve`.
import Ajv from 'ajv';
import { datasetSchema } from './schema';
import type { DatasetDefinition } from './types';

export const datasetAjvOptions = { allErrors: true, allowUnionTypes: true, validateSchema: false };
export { datasetSchema };
export const validateDataset = new Ajv(datasetAjvOptions).compile<DatasetDefinition>(datasetSchema);
