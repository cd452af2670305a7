// Skill normalisation lives in packages/rules (shared with the web app); this path stays for the server's imports.
export { normaliseSkill, normaliseSkills } from '../../../packages/rules/index.js';
