// The engine's public API: what the CLI, the platform workers and library users call.
export { scan, type ScanInput, type ScanOptions, type ScanProgress } from './scan.ts';
export { scanMany, type BatchOptions, type BatchResult, type BatchScanOptions } from './scan-many.ts';
export { parseSuppressions, applySuppressions, type Suppression, type SuppressionFile } from './suppressions.ts';
export { parseListings } from './listing-file.ts';
export type { StoreListing } from '../package/store-listing.ts';
export { inferAppType, type InferredAppType } from './infer-app-type.ts';
export { locatePolicy, findPolicyInPackage } from '../policy/find-in-package.ts';
export { RULES, ALL_RULES } from '../rules/index.ts';
export { SECTORS, type Sector, type Rule, type RuleMeta } from '../rules/define-rule.ts';
export { APP_TYPES, appTypeByCodeOrNumber } from '../rules/app-types.ts';
