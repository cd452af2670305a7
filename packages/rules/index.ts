// @slipstream/rules: the pure product rules that the server and the web app both apply. Plain TypeScript with
// no dependencies and no Node or DOM APIs; imported by relative path (see README.md).
export { LIMITS, type LimitName } from './limits.js';
export { normaliseSkill, normaliseSkills } from './skills.js';
export { stripInvisible } from './text.js';
