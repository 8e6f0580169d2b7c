// The form's field names live in shared/i18n (the audit history names changed fields with them too).
export { labelOfPath } from '../../../../shared/i18n/pathLabels';
