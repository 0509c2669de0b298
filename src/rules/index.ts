// The rules, by id: an explicit sorted map (ESLint's lib/rules/index.js). index.test.ts checks it against the files.
import type { Rule } from './define-rule.ts';
import advertisingProfilingNotStated from './advertising-profiling-not-stated.ts';
import advertisingTagsNotDeletable from './advertising-tags-not-deletable.ts';
import antiTestingChecks from './anti-testing-checks.ts';
import backgroundCollection from './background-collection.ts';
import backgroundLocation from './background-location.ts';
import beyondNecessaryScope from './beyond-necessary-scope.ts';
import blankAppName from './blank-app-name.ts';
import broadStoragePermission from './broad-storage-permission.ts';
import cancellationConditions from './cancellation-conditions.ts';
import cleartextPersonalData from './cleartext-personal-data.ts';
import collectionBeforeConsent from './collection-before-consent.ts';
import collectionFrequency from './collection-frequency.ts';
import contradictsPolicy from './contradicts-policy.ts';
import educationFaceRecognition from './education-face-recognition.ts';
import faceWithoutSeparateConsent from './face-without-separate-consent.ts';
import financeRiskControlCollection from './finance-risk-control-collection.ts';
import healthSensitiveConsent from './health-sensitive-consent.ts';
import listingDeveloperDiffers from './listing-developer-differs.ts';
import listingInfoMissing from './listing-info-missing.ts';
import listingPermissionsUndisclosed from './listing-permissions-undisclosed.ts';
import listingPermissionsUnrequested from './listing-permissions-unrequested.ts';
import listingPolicyDiffers from './listing-policy-differs.ts';
import listingSignerDiffers from './listing-signer-differs.ts';
import listingVersionDiffers from './listing-version-differs.ts';
import miniBeyondNecessary from './mini-beyond-necessary.ts';
import miniLocationOnLaunch from './mini-location-on-launch.ts';
import miniPrivacyCheckOff from './mini-privacy-check-off.ts';
import miniScopeReasonMissing from './mini-scope-reason-missing.ts';
import miniUndeclaredApi from './mini-undeclared-api.ts';
import miniUndeclaredInGuide from './mini-undeclared-in-guide.ts';
import miniUnusedDeclaration from './mini-unused-declaration.ts';
import networkBeforeConsent from './network-before-consent.ts';
import networkCleartextPersonalData from './network-cleartext-personal-data.ts';
import networkUndeclaredRecipient from './network-undeclared-recipient.ts';
import noAccountCancellation from './no-account-cancellation.ts';
import noComplaintChannel from './no-complaint-channel.ts';
import noCorrectionDeletion from './no-correction-deletion.ts';
import noDualLists from './no-dual-lists.ts';
import noMinorsRules from './no-minors-rules.ts';
import noOperatorContact from './no-operator-contact.ts';
import noPrivacyPolicy from './no-privacy-policy.ts';
import noUpdateNotice from './no-update-notice.ts';
import noWithdrawConsent from './no-withdraw-consent.ts';
import observedBeforeConsent from './observed-before-consent.ts';
import packedOrTampered from './packed-or-tampered.ts';
import permissionReRequest from './permission-re-request.ts';
import personalizationNoOptOut from './personalization-no-opt-out.ts';
import policyNotInChinese from './policy-not-in-chinese.ts';
import responseTimeTooLong from './response-time-too-long.ts';
import sdkCollectsBeyondDisclosure from './sdk-collects-beyond-disclosure.ts';
import sdkCollects from './sdk-collects.ts';
import sdkDisclosureIncomplete from './sdk-disclosure-incomplete.ts';
import selfOrChainStart from './self-or-chain-start.ts';
import shakeAdSensor from './shake-ad-sensor.ts';
import sharingWithoutSeparateConsent from './sharing-without-separate-consent.ts';
import transportForcedPhoneNumber from './transport-forced-phone-number.ts';
import undeclaredDataType from './undeclared-data-type.ts';
import undisclosedSdk from './undisclosed-sdk.ts';

export const RULES: Readonly<Record<string, Rule>> = {
  'advertising-profiling-not-stated': advertisingProfilingNotStated,
  'advertising-tags-not-deletable': advertisingTagsNotDeletable,
  'anti-testing-checks': antiTestingChecks,
  'background-collection': backgroundCollection,
  'background-location': backgroundLocation,
  'beyond-necessary-scope': beyondNecessaryScope,
  'blank-app-name': blankAppName,
  'broad-storage-permission': broadStoragePermission,
  'cancellation-conditions': cancellationConditions,
  'cleartext-personal-data': cleartextPersonalData,
  'collection-before-consent': collectionBeforeConsent,
  'collection-frequency': collectionFrequency,
  'contradicts-policy': contradictsPolicy,
  'education-face-recognition': educationFaceRecognition,
  'face-without-separate-consent': faceWithoutSeparateConsent,
  'finance-risk-control-collection': financeRiskControlCollection,
  'health-sensitive-consent': healthSensitiveConsent,
  'listing-developer-differs': listingDeveloperDiffers,
  'listing-info-missing': listingInfoMissing,
  'listing-permissions-undisclosed': listingPermissionsUndisclosed,
  'listing-permissions-unrequested': listingPermissionsUnrequested,
  'listing-policy-differs': listingPolicyDiffers,
  'listing-signer-differs': listingSignerDiffers,
  'listing-version-differs': listingVersionDiffers,
  'mini-beyond-necessary': miniBeyondNecessary,
  'mini-location-on-launch': miniLocationOnLaunch,
  'mini-privacy-check-off': miniPrivacyCheckOff,
  'mini-scope-reason-missing': miniScopeReasonMissing,
  'mini-undeclared-api': miniUndeclaredApi,
  'mini-undeclared-in-guide': miniUndeclaredInGuide,
  'mini-unused-declaration': miniUnusedDeclaration,
  'network-before-consent': networkBeforeConsent,
  'network-cleartext-personal-data': networkCleartextPersonalData,
  'network-undeclared-recipient': networkUndeclaredRecipient,
  'no-account-cancellation': noAccountCancellation,
  'no-complaint-channel': noComplaintChannel,
  'no-correction-deletion': noCorrectionDeletion,
  'no-dual-lists': noDualLists,
  'no-minors-rules': noMinorsRules,
  'no-operator-contact': noOperatorContact,
  'no-privacy-policy': noPrivacyPolicy,
  'no-update-notice': noUpdateNotice,
  'no-withdraw-consent': noWithdrawConsent,
  'observed-before-consent': observedBeforeConsent,
  'packed-or-tampered': packedOrTampered,
  'permission-re-request': permissionReRequest,
  'personalization-no-opt-out': personalizationNoOptOut,
  'policy-not-in-chinese': policyNotInChinese,
  'response-time-too-long': responseTimeTooLong,
  'sdk-collects': sdkCollects,
  'sdk-collects-beyond-disclosure': sdkCollectsBeyondDisclosure,
  'sdk-disclosure-incomplete': sdkDisclosureIncomplete,
  'self-or-chain-start': selfOrChainStart,
  'shake-ad-sensor': shakeAdSensor,
  'sharing-without-separate-consent': sharingWithoutSeparateConsent,
  'transport-forced-phone-number': transportForcedPhoneNumber,
  'undeclared-data-type': undeclaredDataType,
  'undisclosed-sdk': undisclosedSdk,
};

export const ALL_RULES: readonly Rule[] = Object.values(RULES);
