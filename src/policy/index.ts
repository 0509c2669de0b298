// The policy analyzer's public API: what scan/, rules/ and the CLI call.
export { analyzePolicy, analyzePolicyText, type PolicyInput } from './analyze.ts';
export { findPolicyInPackage, locatePolicy, packagePolicyUrls, policyUrls, type FoundPolicy, type PolicyLocation } from './find-in-package.ts';
export { fetchPolicy, blockedReason, type FetchOptions, type Fetched } from './fetch.ts';
export { formatPolicyText } from './format-text.ts';
export { dataTypesIn } from './synonyms.ts';
export { matchSdk } from './sdk-match.ts';
export type { Answer, DeclaredDataType, DeclaredSdk, PolicyAnalysis, Span } from './types.ts';
