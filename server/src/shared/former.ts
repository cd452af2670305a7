// A deleted member's tombstone is shown as "a former member" (docs/account-deletion.md); the rule is shared
// with the web app through packages/rules.
export { FORMER_HANDLE_PREFIX, FORMER_MEMBER_NAME, isFormerHandle } from '../../../packages/rules/index.js';
