// @slipstream/rules: the pure product rules that the server and the web app both apply. Plain TypeScript with
// no dependencies and no Node or DOM APIs; imported by relative path (see README.md).
export { LIMITS, type LimitName } from './limits.js';
export { normaliseSkill, normaliseSkills } from './skills.js';
export { stripInvisible } from './text.js';
export { FORMER_HANDLE_PREFIX, FORMER_MEMBER_NAME, isFormerHandle } from './former.js';
export { matchWebRoute, WEB_ROUTES, type WebRoute, type WebRouteMatch } from './web-routes.js';
