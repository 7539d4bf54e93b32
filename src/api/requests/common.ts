import { checkTags, type FieldErrors, MSG, throwIfInvalid } from '../validation.js';

const STATES = ['online', 'offline', 'failed'];
const HEAL_CHECKS = ['', 'enable', 'disable'];

/** StateRequest.Validate: state required and known, healcheck one of "", enable, disable. */
export function validateStateRequest(req: { state: string; healcheck: string }): void {
  const errors: FieldErrors = new Map();
  if (req.state === '') errors.set('state', MSG.blank);
  else if (!STATES.includes(req.state)) errors.set('state', `${req.state} is not valid state`);
  if (!HEAL_CHECKS.includes(req.healcheck)) errors.set('healcheck', `${req.healcheck} is not valid heal info check`);
  throwIfInvalid(errors);
}

/** TagsChangeRequest.Validate. */
export function validateTagsChange(req: { tags: Record<string, string>; change_type: string }): void {
  const errors: FieldErrors = new Map();
  if (req.change_type === '') errors.set('change_type', MSG.blank);
  else if (!['set', 'update', 'delete'].includes(req.change_type)) errors.set('change_type', MSG.invalidValue);
  const tagError = checkTags(req.tags);
  if (tagError) errors.set('tags', tagError);
  throwIfInvalid(errors);
}

/** The optional healcheck body of brick evict. */
export function validateHealCheck(healcheck: string): void {
  const errors: FieldErrors = new Map();
  if (!HEAL_CHECKS.includes(healcheck)) errors.set('healcheck', `${healcheck} is not valid heal info check`);
  throwIfInvalid(errors);
}
